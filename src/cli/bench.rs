//! `approxlab bench`: the peer benchmark's five workloads (`tests/peers/README.md`), trained by the same
//! trainer core the window uses, from the same initial weights as the peers (`assets/bench/`, built into
//! the binary, so it runs from any folder), timed the way `peers.py` times them: 100 steps (loss_100), a calibration to ≥ 0.1·min-time, then ≥ 5 repeats of ≥ min-time seconds each,
//! reporting the median rate. One JSON line per workload, so `make_table.py` puts us beside the peers, with
//! the step's rate in GFLOP/s (the layer products' multiply-adds, `nn::cost`) against one core's FMA peak
//! (`nn::kernels::peak`, timed here): how near the machine's limit it runs.

use super::{Dtype, Failure};
use crate::data::Dataset;
use crate::files::{bench_init, model as model_file};
use crate::nn::cost::Cost;
use crate::nn::kernels::peak;
use crate::nn::{Float, Mlp, OptimizerKind};
use crate::train::{OptimSettings, Settings, Trainer};
use clap::Args;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Workload names, in order.
pub const WORKLOADS: [&str; 5] = ["W1", "W2", "W3", "W4", "W5"];

/// Options of `approxlab bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Run only this workload (W1..W5); default all.
    #[arg(long, value_parser = ["W1", "W2", "W3", "W4", "W5"])]
    pub workload: Option<String>,
    /// Print JSON lines only.
    #[arg(long)]
    pub json: bool,
    /// Folder with another set of initial weights, W?.init.bin (packed) or W?.init.json (as
    /// `peers.py --dump-init` writes them); default: the workloads' own, built into approxlab.
    #[arg(long, value_name = "DIR")]
    pub init_dir: Option<PathBuf>,
    /// Timed repeats per workload (median reported; at least 5).
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(5..))]
    pub repeats: u32,
    /// Seconds each timed repeat lasts at least.
    #[arg(long, default_value_t = 0.5)]
    pub min_time: f64,
    /// Precision.
    #[arg(long, value_enum, default_value = "f32")]
    pub dtype: Dtype,
    /// Pin this process to one core (the first one it may run on), as the peers' harness does, so the
    /// figures compare without `taskset`.
    #[arg(long)]
    pub pin: bool,
    /// Threads for the layer products of large networks (W5's; small products stay on one), 1 to 1024:
    /// the workloads run in a pool of this many threads.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: u32,
    /// Instead of training speed, time the window's frames (layout + tessellation, no GPU) with W5's
    /// network and all its 256 contributions drawn.
    #[arg(long, conflicts_with_all = [
        "workload", "init_dir", "repeats", "min_time", "dtype", "pin", "threads"
    ])]
    pub ui: bool,
}

#[derive(Deserialize)]
struct Spec {
    opt: String,
    lr: f64,
    #[serde(default)]
    momentum: f64,
}

#[derive(Deserialize)]
struct InitFile {
    x: Vec<f64>,
    y: Vec<f64>,
    spec: Spec,
}

/// Runs the chosen workloads and prints one result line each.
pub fn run(args: &BenchArgs) -> Result<(), Failure> {
    if args.ui {
        let result = super::ui_bench::run(200);
        if args.json {
            println!("{result}");
        } else {
            print!("{}", super::ui_bench::describe(&result));
        }
        return Ok(());
    }
    if !(args.min_time.is_finite() && args.min_time > 0.0) {
        return Err(Failure::BadInput(format!(
            "--min-time must be a positive number of seconds (got {})",
            args.min_time
        )));
    }
    if args.pin && args.threads > 1 {
        return Err(Failure::BadInput(
            "--pin keeps the process on one core: it cannot go with --threads above 1".into(),
        ));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads as usize)
        .build()
        .map_err(|e| Failure::BadInput(format!("--threads: cannot start the threads: {e}")))?;
    pool.install(|| run_workloads(args.init_dir.as_deref(), args))
}

/// Runs the chosen workloads (in the current thread pool) and prints one result line each.
fn run_workloads(dir: Option<&Path>, args: &BenchArgs) -> Result<(), Failure> {
    if args.pin {
        let core = core_affinity::get_core_ids()
            .and_then(|ids| ids.into_iter().next())
            .ok_or_else(|| Failure::BadInput("--pin: cannot list this machine's cores".into()))?;
        if !core_affinity::set_for_current(core) {
            return Err(Failure::BadInput(format!(
                "--pin: cannot pin to core {}",
                core.id
            )));
        }
        if !args.json {
            println!("pinned to core {}", core.id);
        }
    }
    // the peak is an f32 one: float64 steps are not measured against it
    let core_peak = (args.dtype == Dtype::F32).then(core_peak_gflops).flatten();
    if !args.json {
        println!(
            "vector instructions: {}",
            crate::nn::kernels::level::level().name()
        );
        if args.dtype == Dtype::F32 {
            match core_peak {
                Some(gflops) => println!("one core's f32 FMA peak: {gflops:.0} GFLOP/s"),
                None => println!("one core's f32 FMA peak: none (no fused multiply-adds)"),
            }
        }
    }
    let chosen: Vec<&str> = match &args.workload {
        Some(w) => vec![w.as_str()],
        None => WORKLOADS.to_vec(),
    };
    for name in chosen {
        let line = match args.dtype {
            Dtype::F32 => run_workload::<f32>(dir, name, args, core_peak),
            Dtype::F64 => run_workload::<f64>(dir, name, args, core_peak),
        }
        .map_err(Failure::BadInput)?;
        if args.json {
            println!("{line}");
        } else {
            let peak_share = match line["core_peak_pct"].as_f64() {
                Some(pct) => format!(", {pct:.0} % of one core's peak"),
                None => String::new(),
            };
            println!(
                "{name}: {:>12.0} steps/s  ({:.1} GFLOP/s{peak_share}; {} params; loss {:.6e} → after 100 \
                 steps {:.6e}, final {:.3e})",
                line["steps_per_s"].as_f64().unwrap_or(0.0),
                line["gflops"].as_f64().unwrap_or(0.0),
                line["params"],
                line["initial_loss"].as_f64().unwrap_or(f64::NAN),
                line["loss_100"].as_f64().unwrap_or(f64::NAN),
                line["final_loss"].as_f64().unwrap_or(f64::NAN),
            );
        }
    }
    Ok(())
}

/// The workloads' own initial weights, packed (`files::bench_init`), in [`WORKLOADS`]'s order.
const BUILT_IN: [&[u8]; 5] = [
    include_bytes!("../../assets/bench/W1.init.bin"),
    include_bytes!("../../assets/bench/W2.init.bin"),
    include_bytes!("../../assets/bench/W3.init.bin"),
    include_bytes!("../../assets/bench/W4.init.bin"),
    include_bytes!("../../assets/bench/W5.init.bin"),
];

/// Workload `name`'s init document (data, initial weights, optimizer, the numpy peer's reference losses)
/// as the peers write it: from `dir` (`NAME.init.bin`, else `NAME.init.json`), or built in when `None`.
pub fn init_document(dir: Option<&Path>, name: &str) -> Result<serde_json::Value, String> {
    let Some(dir) = dir else {
        let at = WORKLOADS
            .iter()
            .position(|w| *w == name)
            .ok_or_else(|| format!("unknown workload '{name}' (W1..W5)"))?;
        return bench_init::decode(BUILT_IN[at]).map_err(|e| format!("built-in {name}: {e}"));
    };
    let packed = dir.join(format!("{name}.init.bin"));
    let path = if packed.exists() {
        packed
    } else {
        dir.join(format!("{name}.init.json"))
    };
    let bytes = crate::files::read::read_file(&path, crate::files::read::Kind::BenchInit, None)?;
    let doc = if bytes.starts_with(bench_init::MAGIC) {
        bench_init::decode(&bytes)
    } else {
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    };
    doc.map_err(|e| format!("{}: {e}", path.display()))
}

/// A trainer set up exactly as the peers' workload `name`: data, initial weights and optimizer from the file.
pub fn workload_trainer<T: Float>(
    dir: Option<&Path>,
    name: &str,
) -> Result<(Trainer<T>, Vec<f64>), String> {
    let value = init_document(dir, name)?;
    let at = |e: String| format!("{name}'s initial weights: {e}");
    let file = InitFile::deserialize(&value).map_err(|e| at(e.to_string()))?;
    let mlp: Mlp<T> = model_file::from_value(value).map_err(at)?.cast();
    let optimizer = match (file.spec.opt.as_str(), file.spec.momentum > 0.0) {
        ("sgd", false) => OptimizerKind::Sgd,
        ("sgd", true) => OptimizerKind::Momentum,
        ("adam", _) => OptimizerKind::Adam,
        (other, _) => return Err(at(format!("unknown optimizer '{other}'"))),
    };
    let settings = Settings {
        optim: OptimSettings {
            optimizer,
            lr: file.spec.lr,
            momentum: file.spec.momentum,
            ..OptimSettings::default()
        },
        ..Settings::default()
    };
    let dataset = Dataset::from_points(file.x.clone(), file.y.clone())?;
    Ok((Trainer::assemble(settings, dataset, mlp)?, file.y))
}

/// MSE of the network on the training x against the f64 targets, as the peers measure it.
pub fn reference_loss<T: Float>(trainer: &Trainer<T>, y: &[f64]) -> f64 {
    let x: Vec<T> = trainer
        .dataset()
        .train_x
        .iter()
        .map(|&v| T::from_f64(v))
        .collect();
    let pred = trainer.mlp().predict(&x);
    pred.iter()
        .zip(y)
        .map(|(p, y)| (p.to_f64() - y).powi(2))
        .sum::<f64>()
        / y.len() as f64
}

/// One core's peak f32 rate in GFLOP/s in the vectors the hot loops use (`nn::kernels::peak`'s chains, calibrated
/// to about 20 ms a run, the median of five, as the workloads' rates are); `None` where there is no fused
/// multiply-add to count.
fn core_peak_gflops() -> Option<f64> {
    let mut rounds: usize = 1 << 12;
    loop {
        let t = Instant::now();
        peak::fma_chains(rounds)?;
        if t.elapsed().as_secs_f64() >= 0.005 || rounds >= 1 << 30 {
            break;
        }
        rounds *= 2;
    }
    let rates = sorted_rates(5, || {
        peak::fma_chains(4 * rounds).map_or(0.0, |run| run.flops)
    });
    Some(rates[rates.len() / 2] / 1e9)
}

/// `run`'s rate (what it returns, done per second) over `repeats` timed calls, slowest first.
fn sorted_rates(repeats: usize, mut run: impl FnMut() -> f64) -> Vec<f64> {
    let mut rates: Vec<f64> = (0..repeats)
        .map(|_| {
            let t = Instant::now();
            let done = run();
            done / t.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates
}

/// Trains one workload and returns its result line.
fn run_workload<T: Float>(
    dir: Option<&Path>,
    name: &str,
    args: &BenchArgs,
    core_peak: Option<f64>,
) -> Result<serde_json::Value, String> {
    let setup = Instant::now();
    let (mut trainer, y) = workload_trainer::<T>(dir, name)?;
    let setup_s = setup.elapsed().as_secs_f64();
    let initial_loss = reference_loss(&trainer, &y);
    let first = Instant::now();
    trainer.advance(1);
    let first_step_s = first.elapsed().as_secs_f64();
    trainer.advance(99);
    let loss_100 = reference_loss(&trainer, &y);

    let mut k: u64 = 1;
    let dt = loop {
        let t = Instant::now();
        trainer.advance(k);
        let dt = t.elapsed().as_secs_f64();
        if dt >= 0.1 * args.min_time {
            break dt;
        }
        k *= if dt < 0.01 * args.min_time { 4 } else { 2 };
    };
    let k = ((k as f64 * 1.25 * args.min_time / dt).ceil() as u64).max(1);
    let rates = sorted_rates(args.repeats as usize, || trainer.advance(k) as f64);
    let median = rates[rates.len() / 2];
    let spread = 100.0 * (rates[rates.len() - 1] - rates[0]) / median;
    let gflops = Cost::of(trainer.mlp().layers()).flops_per_step(y.len()) as f64 * median / 1e9;
    Ok(serde_json::json!({
        "peer": "approxlab",
        "workload": name,
        "dtype": T::NAME,
        "threads": args.threads,
        "pinned": args.pin,
        "simd": crate::nn::kernels::level::level().name(),
        "steps_per_s": median,
        "gflops": gflops,
        "core_peak_gflops": core_peak,
        "core_peak_pct": core_peak.map(|peak| 100.0 * gflops / peak),
        "initial_loss": initial_loss,
        "loss_100": loss_100,
        "final_loss": reference_loss(&trainer, &y),
        "repeats": args.repeats,
        "steps_per_repeat": k,
        "spread_pct": spread,
        "setup_s": setup_s,
        "first_step_s": first_step_s,
        "params": trainer.mlp().params().len(),
        "total_steps": trainer.step(),
        "diverged": trainer.halt().is_some(),
    }))
}
