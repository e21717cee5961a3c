//! The window benchmark's figures as sentences, for a person (`approxlab bench --ui` without `--json`).

use serde_json::Value;

/// The figures as sentences, for a person.
pub fn describe(result: &Value) -> String {
    let ms = |v: &Value, key: &str| v[key].as_f64().unwrap_or(f64::NAN);
    let mut out = String::new();
    for (key, what) in [
        ("frame_one_run_3x256", "1 run of 3 x 256 tanh"),
        ("frame_four_runs_1x50", "4 runs of 1 x 50 tanh"),
        ("frame_four_runs_3x256", "4 runs of 3 x 256 tanh"),
        (
            "frame_four_runs_100k_points",
            "4 runs of 1 x 8 tanh on 100 000 given points",
        ),
        (
            "frame_six_runs_1x50",
            "6 runs of 1 x 50 tanh, each diagnosed",
        ),
    ] {
        let f = &result[key];
        out += &format!(
            "UI frame, {what}: median {:.2} ms (layout {:.2} + tessellation {:.2}), 90th percentile {:.2} ms, {} vertices\n",
            ms(f, "frame_ms_median"),
            ms(f, "layout_ms_median"),
            ms(f, "tessellate_ms_median"),
            ms(f, "frame_ms_p90"),
            f["vertices"],
        );
    }
    out += &format!(
        "publishing a snapshot after a frame of training: {:.3} ms with 1 run, {:.3} ms with 4 runs, {:.3} ms with 4 runs on 100 000 given points\n",
        ms(result, "publish_ms_one_run"),
        ms(result, "publish_ms_four_runs"),
        ms(result, "publish_ms_four_runs_100k_points"),
    );
    out += &format!(
        "one diagnosis (its rules over the history): {:.1} µs after 5 000 steps, {:.1} µs after 100 000\n",
        ms(result, "diagnosis_us_5000_steps"),
        ms(result, "diagnosis_us_100000_steps"),
    );
    out += &format!(
        "lockstep, 1 x 50 tanh: {:.0} steps/s for 1 run, {:.0} summed over 4 runs ({:.0} % of the single run)\n",
        ms(result, "lockstep_steps_per_s_one_run"),
        ms(result, "lockstep_steps_per_s_four_runs"),
        100.0 * ms(result, "lockstep_efficiency"),
    );
    out += &format!(
        "settings change -> published snapshot while training at max speed: median {:.1} ms, worst {:.1} ms\n",
        ms(result, "settings_to_snapshot_ms_median"),
        ms(result, "settings_to_snapshot_ms_max"),
    );
    let b = &result["beside_a_sweep"];
    out += &format!(
        "beside a sweep on {} thread(s): live 1 x 50 training {:.0} steps/s (alone {:.0}), frame of 4 runs median {:.2} ms (alone {:.2}), 90th percentile {:.2} ms\n",
        b["sweep_threads"],
        ms(b, "live_steps_per_s_beside_sweep"),
        ms(b, "live_steps_per_s_alone"),
        ms(b, "frame_ms_median_beside_sweep"),
        ms(b, "frame_ms_median_alone"),
        ms(b, "frame_ms_p90_beside_sweep"),
    );
    let e = &result["ensemble_16_1x50"];
    out += &format!(
        "ensemble of {} runs of 1 x 50 tanh on {} thread(s): {:.0} member-steps/s against {:.0} steps/s of one run alone ({:.0} % of threads x one run); frame median {:.2} ms with the ensemble (90th percentile {:.2}), {:.2} ms with the single run\n",
        e["members"],
        e["threads"],
        ms(e, "member_steps_per_s"),
        ms(e, "one_run_steps_per_s"),
        100.0 * ms(e, "efficiency"),
        ms(e, "frame_ms_median_ensemble"),
        ms(e, "frame_ms_p90_ensemble"),
        ms(e, "frame_ms_median_single_run"),
    );
    let p = &result["pieces_3x256_relu"];
    out += &format!(
        "exact linear pieces of a 3 x 256 ReLU net over the view: {:.0} µs ({} breakpoints)\n",
        ms(p, "us_median"),
        p["breakpoints"],
    );
    out
}
