//! The curves over the view grid as CSV: x, the target, then one column per name — a run's prediction,
//! each neuron's contribution, the output bias, or every run's prediction.

use crate::data::Dataset;
use crate::train::{LayerNorms, LossRecord};
use std::fmt::Write as _;
use std::path::Path;

/// The CSV text: a header `x,target,<names…>` and one row per view-grid point (`columns[k][n]` is
/// column k at point n; a name with a comma or a quote is quoted).
pub fn view_csv(d: &Dataset, names: &[String], columns: &[Vec<f64>]) -> String {
    grid_csv(&d.view_x, d.view_y.as_deref(), names, columns)
}

/// [`view_csv`] from the grid `x` and the target on it (empty cells when there is none).
pub fn grid_csv(
    x: &[f64],
    target: Option<&[f64]>,
    names: &[String],
    columns: &[Vec<f64>],
) -> String {
    let mut out = String::from("x,target");
    for name in names {
        if name.contains([',', '"']) {
            let _ = write!(out, ",\"{}\"", name.replace('"', "'"));
        } else {
            let _ = write!(out, ",{name}");
        }
    }
    out.push('\n');
    for (n, x) in x.iter().enumerate() {
        let target = target.map_or(String::new(), |y| y[n].to_string());
        let _ = write!(out, "{x},{target}");
        for column in columns {
            let _ = write!(out, ",{}", column[n]);
        }
        out.push('\n');
    }
    out
}

/// Writes [`view_csv`] to `path` (atomically).
pub fn save_view_csv(
    path: &Path,
    d: &Dataset,
    names: &[String],
    columns: &[Vec<f64>],
) -> Result<(), String> {
    super::write_atomic(path, view_csv(d, names, columns).as_bytes(), "CSV file")
}

/// Loss histories as CSV: `run,step,seconds,train,validation,outside`, one row per record of each named
/// run (an empty cell where a loss is not measured).
pub fn loss_csv(runs: &[(String, &[LossRecord])]) -> String {
    let mut out = String::from("run,step,seconds,train,validation,outside\n");
    let opt = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    for (name, records) in runs {
        let name = if name.contains([',', '"']) {
            format!("\"{}\"", name.replace('"', "'"))
        } else {
            name.clone()
        };
        for r in *records {
            let _ = writeln!(
                out,
                "{name},{},{},{},{},{}",
                r.step,
                r.seconds,
                r.train,
                opt(r.val),
                opt(r.outside)
            );
        }
    }
    out
}

/// Writes [`loss_csv`] to `path` (atomically).
pub fn save_loss_csv(path: &Path, runs: &[(String, &[LossRecord])]) -> Result<(), String> {
    super::write_atomic(path, loss_csv(runs).as_bytes(), "CSV file")
}

/// Per-layer norms as CSV: `step,layer,grad_norm,update_norm`, one row per layer (from 1, input side
/// first) of each recorded step.
pub fn norms_csv(norms: &LayerNorms) -> String {
    let mut out = String::from("step,layer,grad_norm,update_norm\n");
    for (i, step) in norms.steps().iter().enumerate() {
        for (layer, (g, u)) in norms.grad(i).iter().zip(norms.update(i)).enumerate() {
            let _ = writeln!(out, "{step},{},{g},{u}", layer + 1);
        }
    }
    out
}

/// Writes [`norms_csv`] to `path` (atomically).
pub fn save_norms_csv(path: &Path, norms: &LayerNorms) -> Result<(), String> {
    super::write_atomic(path, norms_csv(norms).as_bytes(), "CSV file")
}

/// Breakpoints as CSV: `x,slope_left,slope_right`, left to right.
pub fn pieces_csv(points: &[crate::nn::pieces::Breakpoint]) -> String {
    let mut out = String::from("x,slope_left,slope_right\n");
    for b in points {
        let _ = writeln!(out, "{},{},{}", b.x, b.slope_left, b.slope_right);
    }
    out
}

/// Writes [`pieces_csv`] to `path` (atomically).
pub fn save_pieces_csv(
    path: &Path,
    points: &[crate::nn::pieces::Breakpoint],
) -> Result<(), String> {
    super::write_atomic(path, pieces_csv(points).as_bytes(), "CSV file")
}
