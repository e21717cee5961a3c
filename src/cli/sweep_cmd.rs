//! `approxlab sweep`: a grid of headless trainings on every core — one JSON line (or table row) per cell,
//! then one summary line per grid point (median, min, max over the seeds), and for a learning-rate sweep
//! its zones; a progress bar on stderr when it is a terminal. `approxlab landscape`: the loss on a 2-D
//! slice through the weights after training, with the training path projected onto it.

use super::{Failure, SettingsArgs};
use crate::sweep::landscape::{self, Landscape};
use crate::sweep::{self, CellResult, SweepParam, SweepPlan, ValueSummary, show};
use crate::train::{Settings, Trainer};
use clap::Args;
use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// `approxlab sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The parameter to vary: width, depth, lr, momentum, batch, points, noise, weight_decay, or shape
    /// (the depth at about --params parameters: deep against wide).
    #[arg(long)]
    pub param: String,
    /// Its values: "1,2,4,8", or "lo..hi:n" (evenly spaced), or "lo..hi:n:log".
    #[arg(long, allow_hyphen_values = true)]
    pub values: String,
    /// A second parameter: a heat map of the two.
    #[arg(long, requires = "values2")]
    pub param2: Option<String>,
    /// The second parameter's values.
    #[arg(long, requires = "param2", allow_hyphen_values = true)]
    pub values2: Option<String>,
    /// Weight seeds per grid point: the --seed and the ones after it.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub seeds: u64,
    /// Vary the data seed with the weights' seed (by default every cell has the same data).
    #[arg(long)]
    pub vary_data_seed: bool,
    /// Steps each cell trains.
    #[arg(long, default_value_t = 3000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub steps: u64,
    /// For --param shape: the parameter budget (default: the network the flags describe).
    #[arg(long)]
    pub params: Option<usize>,
    /// Threads (default: every core).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// JSON lines instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Also write every cell to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// The experiment every cell starts from.
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// `approxlab landscape`.
#[derive(Debug, Args)]
pub struct LandscapeArgs {
    /// Steps to train before the slice is taken (the path is saved along the way).
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    pub steps: u64,
    /// Grid points along each side.
    #[arg(long, default_value_t = 61, value_parser = clap::value_parser!(u64).range(2..=201))]
    pub grid: u64,
    /// The slice spans [-span, span] along each direction (1: one filter-normalised step).
    #[arg(long, default_value_t = 1.0)]
    pub span: f64,
    /// Seed of the two random directions.
    #[arg(long, default_value_t = 1)]
    pub direction_seed: u64,
    /// Print the grid as one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// The experiment.
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// The plan the flags describe.
pub fn plan(args: &SweepArgs) -> Result<SweepPlan, String> {
    let base = args.settings.apply_to(Settings::default())?;
    base.validate()?;
    super::applies::say(&super::applies::check(&[&args.settings], &base, None)?);
    let budget = args.params.unwrap_or_else(|| base.net.param_count());
    let param = SweepParam::from_name(&args.param, budget)?;
    super::applies::check_swept(param, &base)?;
    let mut axes = vec![(param, sweep::parse_values(param, &args.values)?)];
    if let (Some(name), Some(values)) = (&args.param2, &args.values2) {
        let second = SweepParam::from_name(name, budget)?;
        if second.name() == param.name() {
            return Err(format!("--param2 must differ from --param ({name})"));
        }
        super::applies::check_swept(second, &base)?;
        axes.push((second, sweep::parse_values(second, values)?));
    }
    Ok(SweepPlan {
        base,
        axes,
        seeds: args.seeds as usize,
        vary_data_seed: args.vary_data_seed,
        steps: args.steps,
    })
}

/// Runs the sweep and prints it.
pub fn run(args: &SweepArgs) -> Result<(), Failure> {
    let plan = plan(args).map_err(Failure::BadInput)?;
    let cells = plan.cells().map_err(Failure::BadInput)?;
    let threads = args.threads.map_or_else(sweep::all_threads, |t| t as usize);
    let bar = std::io::stderr().is_terminal();
    let finished = AtomicUsize::new(0);
    let total = cells.len();
    let on_done = |_: usize, _: &CellResult| {
        let done = finished.fetch_add(1, Ordering::Relaxed) + 1;
        if bar {
            let filled = done * 30 / total;
            eprint!(
                "\r[{}{}] {done}/{total} trainings",
                "#".repeat(filled),
                ".".repeat(30 - filled)
            );
            let _ = std::io::stderr().flush();
        }
    };
    let started = std::time::Instant::now();
    let never = AtomicBool::new(false);
    let results = sweep::run(&cells, plan.steps, threads, &never, &on_done)
        .map_err(Failure::BadInput)?
        .unwrap_or_default();
    if bar {
        eprintln!();
    }
    let seconds = started.elapsed().as_secs_f64();
    let summaries = sweep::summarise(&results);
    let zones = if plan.axes.len() == 1 && plan.axes[0].0 == SweepParam::Lr {
        sweep::learning_rate_zones(&summaries)
    } else {
        Vec::new()
    };
    let names: Vec<&str> = plan.axes.iter().map(|(p, _)| p.name()).collect();
    if args.json {
        for r in &results {
            println!("{}", cell_json(&names, r));
        }
        for (i, s) in summaries.iter().enumerate() {
            let mut line = summary_json(&names, s);
            if let Some(zone) = zones.get(i) {
                line["zone"] = zone.name().into();
            }
            println!("{line}");
        }
    } else {
        print!("{}", table(&plan, &summaries, &zones));
    }
    eprintln!(
        "{} trainings of {} steps on {threads} thread{} in {seconds:.2} s",
        results.len(),
        plan.steps,
        if threads == 1 { "" } else { "s" }
    );
    if let Some(path) = &args.csv {
        crate::files::write_atomic(path, cells_csv(&names, &results).as_bytes(), "CSV file")
            .map_err(Failure::BadInput)?;
    }
    Ok(())
}

fn number(v: f64) -> serde_json::Value {
    super::train_cmd::finite_or_null(v).into()
}

fn cell_json(names: &[&str], r: &CellResult) -> serde_json::Value {
    let mut line = serde_json::json!({
        "seed": r.seed,
        "train": number(r.train),
        "validation": number(r.validation),
        "outside": number(r.outside),
        "diverged": r.diverged,
        "steps": r.steps,
        "seconds": r.seconds,
        "diagnosis": r.diagnosis.json(),
        "linear_pieces": r.pieces.map(|p| p.0),
    });
    for (name, v) in names.iter().zip(&r.values) {
        line[*name] = (*v).into();
    }
    line
}

fn summary_json(names: &[&str], s: &ValueSummary) -> serde_json::Value {
    let stats = |st: &sweep::Stats| serde_json::json!({"median": number(st.median), "min": number(st.min), "max": number(st.max)});
    let mut line = serde_json::json!({
        "summary": true,
        "seeds": s.seeds,
        "diverged": s.diverged,
        "train": stats(&s.train),
        "validation": stats(&s.validation),
        "outside": stats(&s.outside),
        "linear_pieces": s.pieces_bound.map(|bound| {
            let mut pieces = stats(&s.pieces);
            pieces["at_most"] = bound.into();
            pieces
        }),
    });
    for (name, v) in names.iter().zip(&s.values) {
        line[*name] = (*v).into();
    }
    line
}

fn table(plan: &SweepPlan, summaries: &[ValueSummary], zones: &[sweep::Zone]) -> String {
    let mut out = String::new();
    let head: Vec<String> = plan
        .axes
        .iter()
        .map(|(p, _)| format!("{:>10}", p.name()))
        .collect();
    out.push_str(&format!(
        "{}  {:>10} {:>10} {:>10}  {:>10}  {:>10}  diverged\n",
        head.join(" "),
        "train",
        "min",
        "max",
        "validation",
        "outside"
    ));
    for (i, s) in summaries.iter().enumerate() {
        let values: Vec<String> = plan
            .axes
            .iter()
            .zip(&s.values)
            .map(|((p, _), v)| format!("{:>10}", p.label(*v)))
            .collect();
        let mut zone = zones
            .get(i)
            .map_or(String::new(), |z| format!("  {}", z.name()));
        if let Some(bound) = s.pieces_bound {
            zone = format!("  {:.0} of at most {bound} pieces{zone}", s.pieces.median);
        }
        out.push_str(&format!(
            "{}  {:>10.3e} {:>10.3e} {:>10.3e}  {:>10.3e}  {:>10.3e}  {}/{}{zone}\n",
            values.join(" "),
            s.train.median,
            s.train.min,
            s.train.max,
            s.validation.median,
            s.outside.median,
            s.diverged,
            s.seeds
        ));
    }
    out
}

fn cells_csv(names: &[&str], results: &[CellResult]) -> String {
    let mut out = format!(
        "{},seed,train,validation,outside,diverged,steps,seconds,linear_pieces\n",
        names.join(",")
    );
    for r in results {
        let values: Vec<String> = r.values.iter().map(|v| show(*v)).collect();
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\n",
            values.join(","),
            r.seed,
            r.train,
            r.validation,
            r.outside,
            r.diverged,
            r.steps,
            r.seconds,
            r.pieces.map_or(String::new(), |p| p.0.to_string())
        ));
    }
    out
}

/// Trains, takes the slice and prints it.
pub fn landscape(args: &LandscapeArgs) -> Result<(), Failure> {
    let settings = args
        .settings
        .apply_to(Settings::default())
        .map_err(Failure::BadInput)?;
    let mut trainer = Trainer::<f32>::new(settings).map_err(Failure::BadInput)?;
    let notes = super::applies::check(&[&args.settings], trainer.settings(), None);
    super::applies::say(&notes.map_err(Failure::BadInput)?);
    let path = landscape::train_along_path(&mut trainer, args.steps);
    let data = trainer.dataset().clone();
    let x: Vec<f32> = data.train_x.iter().map(|&v| v as f32).collect();
    let y: Vec<f32> = data.train_y.iter().map(|&v| v as f32).collect();
    let started = std::time::Instant::now();
    let dirs = landscape::directions(trainer.mlp(), args.direction_seed);
    let threads = sweep::all_threads();
    let slice = landscape::compute(
        trainer.mlp(),
        &x,
        &y,
        trainer.settings().optim.loss,
        &dirs,
        args.span,
        args.grid as usize,
        &path,
        threads,
    )
    .map_err(Failure::BadInput)?;
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        println!("{}", landscape_json(&slice, trainer.step(), seconds));
    } else {
        let finite = slice.loss.iter().copied().filter(|v| v.is_finite());
        let (lo, hi) = finite.fold((f64::INFINITY, 0.0_f64), |(l, h), v| (l.min(v), h.max(v)));
        let n = slice.side();
        println!(
            "{n}×{n} slice after {} steps: loss {lo:.3e} to {hi:.3e} (centre {:.3e}), path of {} points, \
             computed in {} on {threads} threads",
            trainer.step(),
            slice.loss[(n / 2) * n + n / 2],
            slice.path.len(),
            super::duration_text(seconds)
        );
    }
    Ok(())
}

fn landscape_json(slice: &Landscape, step: u64, seconds: f64) -> serde_json::Value {
    let n = slice.side();
    let rows: Vec<Vec<serde_json::Value>> = (0..n)
        .map(|j| {
            slice.loss[j * n..(j + 1) * n]
                .iter()
                .map(|&v| number(v))
                .collect()
        })
        .collect();
    serde_json::json!({
        "step": step,
        "coords": slice.coords,
        "loss": rows,
        "path": slice.path,
        "seconds": seconds,
    })
}
