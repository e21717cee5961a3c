//! Ensembles in the window (issue 29): "Seeds ×8" makes the selected run an ensemble whose band the fit
//! draws (the same band the library computes), hovering a member highlights it, removing the ensemble's
//! run works like removing a run, a bad count is refused in the field with the range, and a session
//! file keeps the members.

mod support;

use approxlab::train::ensemble::Ensemble;
use approxlab::train::{Command, Data, SavedLab};
use egui_kittest::kittest::Queryable as _;
use support::{harness, press, type_into_slider};

#[test]
fn seeds_times_eight_draws_the_band_of_eight_members() {
    let mut h = harness();
    h.run();
    type_into_slider(&mut h, "Seeds ×", "8");
    h.run();
    h.state_mut().command(Command::Step(40));
    h.run();
    h.run();
    let run = h.state().snapshot().first().clone();
    let e = run.ensemble.clone().expect("an ensemble");
    assert_eq!(e.seeds, (42..50).collect::<Vec<u64>>());
    assert_eq!(e.band.members.len(), 8);
    assert_eq!(
        run.prediction, e.band.median,
        "the line drawn is the median"
    );
    assert!(
        h.query_by_label_contains("Fit · ensemble of 8 · inside: spread")
            .is_some(),
        "the title gives the spread and the error"
    );
    // the band the library computes for the same settings and steps
    let settings = h.state().state.settings.clone();
    let data = Data::<f32>::generate(&settings.data).unwrap();
    let checked = settings.run_settings().check().unwrap();
    let mut library = Ensemble::<f32>::new(&checked, 8, &data).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    library.advance(&data, 40, &pool);
    assert_eq!(library.band(&data), e.band);
    assert_eq!(e.losses.len(), run.history.len());
}

#[test]
fn hovering_a_member_highlights_it() {
    let mut h = harness();
    h.run();
    type_into_slider(&mut h, "Seeds ×", "4");
    h.state_mut().command(Command::Step(200));
    h.run();
    h.run();
    let run = h.state().snapshot().first().clone();
    let e = run.ensemble.clone().expect("an ensemble");
    let x = &h.state().snapshot().data.view_x.clone();
    // the member and the x where it lies farthest from every other line (the other members, the median),
    // away from the view's edges
    let alone = |k: usize, i: usize| {
        let y = e.band.members[k][i];
        (0..4)
            .filter(|&o| o != k)
            .map(|o| e.band.members[o][i])
            .chain([e.band.median[i]])
            .map(|v| (v - y).abs())
            .fold(f64::INFINITY, f64::min)
    };
    let (k, i) = (0..4)
        .flat_map(|k| (10..x.len() - 10).map(move |i| (k, i)))
        .max_by(|a, b| alone(a.0, a.1).total_cmp(&alone(b.0, b.1)))
        .unwrap();
    let at = approxlab::app::screen_position(&h.ctx, "fit", x[i], e.band.members[k][i])
        .expect("the fit was drawn");
    h.hover_at(at);
    h.run();
    h.run();
    assert_eq!(
        h.state().hovered_member(),
        Some(k),
        "member {k} at x = {}",
        x[i]
    );
}

#[test]
fn removing_an_ensemble_run_works_like_removing_a_run() {
    let mut h = harness();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    h.run();
    h.run();
    let ids = h
        .state()
        .snapshot()
        .runs
        .iter()
        .map(|r| r.id)
        .collect::<Vec<_>>();
    assert_eq!(ids.len(), 2);
    assert_eq!(h.state().selected(), ids[1], "the new run is selected");
    type_into_slider(&mut h, "Seeds ×", "3");
    h.run();
    let snap = h.state().snapshot().clone();
    assert!(snap.runs[0].ensemble.is_none());
    assert_eq!(
        snap.runs[1].ensemble.as_ref().map(|e| e.seeds.len()),
        Some(3)
    );
    assert!(
        h.query_all_by_label_contains("×3").next().is_some(),
        "the run list names it an ensemble"
    );
    press(&mut h, "Remove run 2");
    h.run();
    let snap = h.state().snapshot().clone();
    assert_eq!(snap.runs.len(), 1);
    assert!(snap.runs[0].ensemble.is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.run();
    let snap = h.state().snapshot().clone();
    assert_eq!(snap.runs.len(), 2, "undo brings it back");
    assert_eq!(
        snap.runs[1].ensemble.as_ref().map(|e| e.seeds.len()),
        Some(3)
    );
}

#[test]
fn a_bad_member_count_is_refused_in_the_field_with_the_range() {
    let mut h = harness();
    h.run();
    for bad in ["0", "33", "eight"] {
        type_into_slider(&mut h, "Seeds ×", bad);
        h.run();
        assert!(
            h.state().snapshot().first().ensemble.is_none(),
            "{bad}: nothing changes"
        );
        assert!(
            h.query_by_label_contains("from 1 to 32").is_some()
                || h.query_by_label_contains("is not a number").is_some(),
            "{bad}: the status line says what the field takes"
        );
    }
}

#[test]
fn a_session_keeps_the_members_and_goes_on_exactly() {
    let mut h = harness();
    h.run();
    type_into_slider(&mut h, "Seeds ×", "3");
    h.state_mut().command(Command::Step(30));
    h.run();
    let (tx, rx) = std::sync::mpsc::channel::<SavedLab>();
    h.state_mut().command(Command::Capture(tx));
    h.run();
    let saved = rx.try_recv().expect("captured");
    assert_eq!(
        saved.runs[0].ensemble.len(),
        2,
        "members 1 and 2 beside member 0"
    );
    let text = approxlab::files::session::to_text(&saved).unwrap();
    let read = approxlab::files::session::parse(&text).unwrap();
    assert_eq!(read, saved, "written and read back whole");
    h.state_mut().command(Command::Step(20));
    h.run();
    let straight = h.state().snapshot().first().clone();
    h.state_mut().command(Command::Open(Box::new(read)));
    h.state_mut().command(Command::Step(20));
    h.run();
    h.run();
    let resumed = h.state().snapshot().first().clone();
    assert_eq!(resumed.step, 50);
    assert_eq!(
        resumed.ensemble.as_ref().map(|e| &e.band),
        straight.ensemble.as_ref().map(|e| &e.band),
        "every member goes on exactly"
    );
}
