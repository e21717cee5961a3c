//! `approxlab train --guess FILE.csv`: the guess's scores against numbers computed here for a fixed model
//! (the untrained network of the default settings, in f64), and one line with exit 2 for each bad input.

mod common;

use approxlab::train::{Settings, Trainer};
use common::{approxlab, json, refused, scratch};

/// The guess through (-7, 0), (0, 1), (4, -1) at `x`: linear between them, None beyond 4.
fn guess_at(x: f64) -> Option<f64> {
    let points = [(-7.0, 0.0), (0.0, 1.0), (4.0, -1.0)];
    points.windows(2).find_map(|w| {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        (x0..=x1)
            .contains(&x)
            .then(|| y0 + (y1 - y0) * (x - x0) / (x1 - x0))
    })
}

fn rmse(d: &[f64]) -> f64 {
    (d.iter().map(|v| v * v).sum::<f64>() / d.len() as f64).sqrt()
}

#[test]
fn the_guess_scores_equal_a_direct_computation_for_a_fixed_model() {
    let file = scratch("guess.csv");
    std::fs::write(&file, "x,y\n-7,0\n0,1\n4,-1\n").unwrap();
    let line = json(&approxlab(&[
        "train",
        "--steps",
        "0",
        "--dtype",
        "f64",
        "--json",
        "--guess",
        file.to_str().unwrap(),
    ]));
    let mut t = Trainer::<f64>::new(Settings::default()).unwrap();
    let prediction = t.view_prediction();
    let d = t.dataset();
    let target = d.view_y.as_ref().unwrap();
    let (mut inside, mut outside, mut t_in, mut t_out) = (vec![], vec![], vec![], vec![]);
    let (mut gap, mut gap_x, mut left_out) = (0.0f64, 0.0, 0);
    for (j, &x) in d.view_x.iter().enumerate() {
        let Some(g) = guess_at(x) else {
            left_out += 1;
            continue;
        };
        if (g - prediction[j]).abs() > gap {
            (gap, gap_x) = ((g - prediction[j]).abs(), x);
        }
        if (-3.0..=3.0).contains(&x) {
            inside.push(g - prediction[j]);
            t_in.push(g - target[j]);
        } else {
            outside.push(g - prediction[j]);
            t_out.push(g - target[j]);
        }
    }
    let close = |key: &str, want: f64| {
        let got = line[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key}: {line}"));
        assert!((got - want).abs() < 1e-9, "{key}: {got} against {want}");
    };
    close("guess_rmse_inside", rmse(&inside));
    close("guess_rmse_outside", rmse(&outside));
    close("guess_max_gap", gap);
    close("guess_max_gap_x", gap_x);
    close("guess_vs_target_rmse_inside", rmse(&t_in));
    close("guess_vs_target_rmse_outside", rmse(&t_out));
    assert!(left_out > 0);
    assert_eq!(line["guess_points_left_out"], left_out);
    assert!(
        line["guess_miss"]
            .as_str()
            .unwrap()
            .starts_with("biggest miss at x = ")
    );

    let text = approxlab(&["train", "--steps", "0", "--guess", file.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(
        out.contains("your guess against the network: RMSE inside")
            && out.contains(&format!("({left_out} of "))
            && out.contains("\nbiggest miss at x = "),
        "{out}"
    );
}

#[test]
fn bad_guess_files_are_refused_in_one_line() {
    refused(
        &["train", "--steps", "1", "--guess", "/no/such/guess.csv"],
        "--guess /no/such/guess.csv",
    );
    let words = scratch("words.csv");
    std::fs::write(&words, "x,y\nfive,six\n").unwrap();
    refused(
        &["train", "--steps", "1", "--guess", words.to_str().unwrap()],
        "--guess",
    );
    let far = scratch("far.csv");
    std::fs::write(&far, "x,y\n10,0\n20,1\n").unwrap();
    refused(
        &["train", "--steps", "1", "--guess", far.to_str().unwrap()],
        "cover no point of the view [-6, 6]",
    );
}
