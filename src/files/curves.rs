//! The curves over the view grid as CSV: x, the target, then one column per name — a run's prediction,
//! each neuron's contribution, the output bias, or every run's prediction.

use crate::data::Dataset;
use std::fmt::Write as _;
use std::path::Path;

/// The CSV text: a header `x,target,<names…>` and one row per view-grid point (`columns[k][n]` is
/// column k at point n; a name with a comma or a quote is quoted).
pub fn view_csv(d: &Dataset, names: &[String], columns: &[Vec<f64>]) -> String {
    let mut out = String::from("x,target");
    for name in names {
        if name.contains([',', '"']) {
            let _ = write!(out, ",\"{}\"", name.replace('"', "'"));
        } else {
            let _ = write!(out, ",{name}");
        }
    }
    out.push('\n');
    for (n, x) in d.view_x.iter().enumerate() {
        let target = d
            .view_y
            .as_ref()
            .map_or(String::new(), |y| y[n].to_string());
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
