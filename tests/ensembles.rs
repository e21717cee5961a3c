//! Ensembles (issue 29): K runs from the weight seeds s … s+K−1 trained in lockstep on a thread pool.
//! Member k is exactly the single run of seed s+k (history and prediction, bit for bit) on one thread
//! or two; the band is the members' minimum and maximum; `train --ensemble K` reports what the library
//! computes and refuses a K outside 2 … 32 with the range.

mod common;

use approxlab::nn::Activation;
use approxlab::train::ensemble::{Band, Ensemble};
use approxlab::train::{Data, Settings, Trainer};
use common::{approxlab, json, refused};

/// One hidden layer of 12 tanh units, Adam, on sin with a little noise, seed 7.
fn settings() -> Settings {
    let mut s = Settings::default();
    s.net.width = 12;
    s.net.activation = Activation::Tanh;
    s.data.noise = 0.05;
    s.data.points = 60;
    s.seed = 7;
    s
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// The single run of weight seed `seed`, trained `steps` steps.
fn single(seed: u64, steps: u64) -> Trainer<f32> {
    let mut s = settings();
    s.seed = seed;
    let mut t = Trainer::<f32>::new(s).unwrap();
    t.advance(steps);
    t
}

#[test]
fn each_member_is_the_single_run_of_its_seed_on_one_thread_or_two() {
    let s = settings();
    let data = Data::<f32>::generate(&s.data).unwrap();
    let checked = s.run_settings().check().unwrap();
    let singles: Vec<Trainer<f32>> = (0..4).map(|k| single(7 + k, 300)).collect();
    for threads in [1, 2] {
        let mut ensemble = Ensemble::<f32>::new(&checked, 4, &data).unwrap();
        // in two calls, as the window trains it a frame at a time
        ensemble.advance(&data, 100, &pool(threads));
        ensemble.advance(&data, 200, &pool(threads));
        let band = ensemble.band(&data);
        for (k, (member, single)) in ensemble.members().iter().zip(&singles).enumerate() {
            assert_eq!(member.step(), 300);
            assert_eq!(
                member.history(),
                single.history(),
                "member {k} on {threads} thread(s): the same history"
            );
            assert_eq!(member.mlp(), single.mlp(), "member {k}: the same weights");
            let mut single = single.clone();
            assert_eq!(band.members[k], single.view_prediction(), "member {k}");
        }
    }
}

#[test]
fn the_band_is_the_members_minimum_and_maximum() {
    let s = settings();
    let data = Data::<f32>::generate(&s.data).unwrap();
    let checked = s.run_settings().check().unwrap();
    let mut ensemble = Ensemble::<f32>::new(&checked, 5, &data).unwrap();
    ensemble.advance(&data, 200, &pool(2));
    let band = ensemble.band(&data);
    let predictions: Vec<Vec<f64>> = (0..5)
        .map(|k| single(7 + k, 200).view_prediction())
        .collect();
    let n = predictions[0].len();
    for i in (0..50).map(|j| j * (n - 1) / 49) {
        let at: Vec<f64> = predictions.iter().map(|p| p[i]).collect();
        let low = at.iter().copied().fold(f64::INFINITY, f64::min);
        let high = at.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut sorted = at.clone();
        sorted.sort_by(f64::total_cmp);
        assert_eq!(
            (band.low[i], band.high[i]),
            (low, high),
            "at x = {}",
            data.dataset.view_x[i]
        );
        assert_eq!(band.median[i], sorted[2], "the middle of five");
    }
    assert_eq!(band, Band::of(predictions));
    let losses = ensemble.loss_band();
    assert_eq!(
        losses.len(),
        ensemble.members()[0].history().records().len()
    );
    for r in &losses {
        assert!(r.low <= r.median && r.median <= r.high, "{r:?}");
    }
}

#[test]
fn a_member_count_outside_two_to_thirty_two_is_refused() {
    let s = settings();
    let data = Data::<f32>::generate(&s.data).unwrap();
    let checked = s.run_settings().check().unwrap();
    for k in [0, 1, 33] {
        let e = Ensemble::<f32>::new(&checked, k, &data).unwrap_err();
        assert!(e.contains("2 and 32"), "{k}: {e}");
    }
    for bad in ["0", "33", "eight", "2.5"] {
        refused(&["train", "--ensemble", bad], "from 2 to 32");
    }
}

/// The flags of the command-line runs below, with the weight seed `seed` (the data's seed stays 7:
/// `--seed` alone would move both).
fn flags(seed: u64) -> Vec<String> {
    let mut args: Vec<String> = [
        "train",
        "--steps",
        "300",
        "--width",
        "12",
        "--activation",
        "tanh",
        "--noise",
        "0.05",
        "--points",
        "60",
        "--json",
        "--data-seed",
        "7",
        "--seed",
    ]
    .map(String::from)
    .to_vec();
    args.push(seed.to_string());
    args
}

/// A CSV file's columns, by name.
type Columns = Vec<(String, Vec<f64>)>;

/// Runs `approxlab` with `args` and `--csv` into a scratch file: the JSON line and the CSV's columns
/// by name.
fn run_with_csv(args: &[String], name: &str) -> (serde_json::Value, Columns) {
    let csv = common::scratch(name);
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    all.extend(["--csv", csv.to_str().unwrap()]);
    let line = json(&approxlab(&all));
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    let names: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    let columns = names
        .into_iter()
        .enumerate()
        .map(|(j, name)| (name, rows.iter().map(|r| r[j]).collect()))
        .collect();
    (line, columns)
}

fn column<'a>(columns: &'a Columns, name: &str) -> &'a [f64] {
    &columns.iter().find(|(n, _)| n == name).expect(name).1
}

/// `train --ensemble 4` against four single `train` runs of seeds 7 … 10: each member's loss and
/// prediction are its single run's, and the band and its summary are computed from those.
#[test]
fn train_ensemble_reports_the_members_and_their_band() {
    let mut args = flags(7);
    args.extend(["--ensemble".to_string(), "4".to_string()]);
    let (line, columns) = run_with_csv(&args, "ensemble-curves.csv");
    let singles: Vec<(serde_json::Value, Columns)> = (0..4)
        .map(|k| run_with_csv(&flags(7 + k), &format!("single-{k}.csv")))
        .collect();
    let e = &line["ensemble"];
    assert_eq!(e["members"], 4);
    assert_eq!(e["seeds"], serde_json::json!([7, 8, 9, 10]));
    let losses: Vec<f64> = singles
        .iter()
        .map(|(l, _)| l["train_loss"].as_f64().unwrap())
        .collect();
    let printed: Vec<f64> = e["train_loss"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(printed, losses, "each member's loss is its single run's");
    assert_eq!(
        line["train_loss"].as_f64(),
        Some(losses[0]),
        "the run is member 0"
    );
    let predictions: Vec<Vec<f64>> = singles
        .iter()
        .map(|(_, c)| column(c, "prediction").to_vec())
        .collect();
    for (k, p) in predictions.iter().enumerate() {
        assert_eq!(
            column(&columns, &format!("member_{k}")),
            &p[..],
            "member {k}"
        );
    }
    let band = Band::of(predictions);
    assert_eq!(column(&columns, "median"), &band.median[..]);
    assert_eq!(column(&columns, "low"), &band.low[..]);
    assert_eq!(column(&columns, "high"), &band.high[..]);
    let spread = band.spread(
        column(&columns, "x"),
        Some(column(&columns, "target")),
        approxlab::data::Interval::new(-3.0, 3.0),
    );
    for (key, want) in [
        ("band_width_inside", spread.width_inside),
        ("band_width_outside", spread.width_outside),
        ("median_rmse_inside", spread.median_rmse_inside),
        ("median_rmse_outside", spread.median_rmse_outside),
    ] {
        let got = e[key].as_f64().unwrap();
        let want = want.unwrap();
        assert!(
            (got - want).abs() <= 1e-12 * want.abs(),
            "{key}: {got} against {want}"
        );
    }
    let outside = (
        spread.width_outside.unwrap(),
        spread.median_rmse_outside.unwrap(),
    );
    eprintln!(
        "inside: spread {:?}, error {:?}; outside: spread {}, error {}",
        spread.width_inside, spread.median_rmse_inside, outside.0, outside.1
    );
    assert!(
        outside.0 > spread.width_inside.unwrap(),
        "the members part beyond the data: {spread:?}"
    );
}

/// Ensembles made, changed, stepped, reset, undone and removed at random on the live training thread:
/// nothing panics, the thread never has to be rebuilt, every command is answered, and each run's
/// ensemble keeps as many members as it was last given.
#[test]
fn random_commands_on_ensembles_leave_the_training_thread_whole() {
    use approxlab::train::{Command, Worker};
    use rand::{RngExt as _, SeedableRng};
    let worker = Worker::spawn(settings(), || {}).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(29);
    let (mut sent, mut seen) = (0u64, 0);
    for token in 0..1500u64 {
        let snap = worker.latest();
        seen += snap.runs.iter().filter(|r| r.ensemble.is_some()).count();
        let ids: Vec<u64> = snap.runs.iter().map(|r| r.id).collect();
        let id = ids[rng.random_range(0..ids.len())];
        let command = match rng.random_range(0..100) {
            0..20 => Command::Ensemble {
                run: id,
                members: rng.random_range(0..6),
            },
            20..35 => {
                let mut s = settings();
                s.net.width = rng.random_range(1..20);
                s.optim.lr = 10f64.powf(rng.random_range(-4.0..0.0));
                s.seed = rng.random_range(0..100);
                Command::Apply {
                    run: id,
                    settings: s.run_settings().check().unwrap(),
                    keep_neurons: rng.random_bool(0.3),
                }
            }
            35..45 if ids.len() < 4 => Command::Compare(id),
            45..50 if ids.len() > 1 => Command::Remove(id),
            50..55 => Command::Checkpoint(token),
            55..58 => Command::RestoreCheckpoint {
                token: token.saturating_sub(rng.random_range(0..20)),
                what: "a change".into(),
            },
            58..68 => Command::Step(rng.random_range(1..20)),
            68..75 => Command::Play,
            75..80 => Command::Pause,
            80..85 => Command::Reset,
            85..88 => Command::Reseed,
            _ => Command::SetWeights {
                run: id,
                params: snap.run(id).mlp.params().to_vec(),
                label: "by hand".into(),
            },
        };
        worker.send(command);
        sent += 1;
        if sent.is_multiple_of(10) {
            let asked = std::time::Instant::now();
            while worker.latest().commands_handled < sent {
                assert!(asked.elapsed().as_secs() < 30, "command {sent} is answered");
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
        }
    }
    worker.send(Command::Pause);
    sent += 1;
    let asked = std::time::Instant::now();
    while worker.latest().commands_handled < sent {
        assert!(asked.elapsed().as_secs() < 30, "the commands are answered");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(worker.alive(), "the training thread stopped");
    assert_eq!(worker.recoveries(), 0, "the training thread failed");
    assert!(seen > 100, "ensembles were there to be churned: {seen}");
    for run in &worker.latest().runs {
        if let Some(e) = &run.ensemble {
            assert_eq!(e.band.members.len(), e.seeds.len());
            assert!(e.seeds.len() >= 2);
        }
    }
}
