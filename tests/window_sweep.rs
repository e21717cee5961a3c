//! The Sweep window driven by its widgets: a width sweep runs beside the paused window and charts its
//! results, clicking a grid point adds it as a run, the learning-rate lab finds its three zones, Cancel
//! stops a long sweep, a typo is refused under the fields, and the loss landscape opens.

mod support;

use approxlab::app::ApproxApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};
use std::time::{Duration, Instant};

/// Runs frames until `done` holds (at most 60 s).
fn wait_until(
    h: &mut Harness<'static, ApproxApp>,
    done: impl Fn(&Harness<'static, ApproxApp>) -> bool,
) {
    let start = Instant::now();
    while !done(h) {
        assert!(start.elapsed() < Duration::from_secs(60), "gave up waiting");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
}

/// Clicks the button labelled `label` and draws one frame (a sweep repaints as it trains, so the frame
/// never "settles" the way `Harness::run` waits for).
fn click(h: &mut Harness<'static, ApproxApp>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.step();
}

fn finished(h: &Harness<'static, ApproxApp>) -> bool {
    h.state()
        .sweep_results()
        .is_some_and(|(_, running)| !running)
}

/// Replaces the text of the values field labelled `label`.
fn type_values(h: &mut Harness<'static, ApproxApp>, label: &str, text: &str) {
    let field = || By::new().role(Role::TextInput).label(label);
    h.get(field()).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get(field()).type_text(text);
    h.run();
}

#[test]
fn a_width_sweep_charts_its_trainings_and_a_clicked_point_becomes_a_run() {
    let mut h = support::harness();
    h.run();
    support::press(&mut h, "Sweep…");
    type_values(&mut h, "Vary", "1,4");
    click(&mut h, "Run");
    wait_until(&mut h, finished);
    let (results, _) = h.state().sweep_results().unwrap();
    assert_eq!(results.len(), 6, "2 widths × 3 seeds");
    assert!(h.query_by_label_contains("6 trainings in").is_some());
    let summaries = approxlab::sweep::summarise(&results);
    let y = summaries[1].train.median.log10();
    let at = approxlab::app::screen_position(&h.ctx, "sweep", 4.0, y).expect("the chart is drawn");
    h.hover_at(at);
    h.step();
    h.drag_at(at);
    h.step();
    h.drop_at(at);
    h.step();
    h.step();
    let snap = h.state().snapshot();
    assert_eq!(
        snap.runs.len(),
        2,
        "the clicked grid point was added as a run"
    );
    assert_eq!(snap.runs[1].settings.net.width, 4);
}

#[test]
fn the_learning_rate_lab_finds_too_small_good_and_too_large() {
    let mut h = support::harness();
    h.run();
    support::press(&mut h, "Sweep…");
    click(&mut h, "Learning-rate lab");
    wait_until(&mut h, finished);
    let (results, _) = h.state().sweep_results().unwrap();
    assert_eq!(results.len(), 16 * 3);
    let zones = approxlab::sweep::learning_rate_zones(&approxlab::sweep::summarise(&results));
    use approxlab::sweep::Zone::*;
    assert_eq!((zones[0], zones[15]), (TooSmall, TooLarge));
    assert!(zones.contains(&Good));
    let order = |z| zones.iter().position(|&x| x == z).unwrap();
    assert!(order(TooSmall) < order(Good) && order(Good) < order(TooLarge));
}

#[test]
fn cancel_stops_a_long_sweep_and_says_how_far_it_got() {
    let mut h = support::harness();
    h.run();
    support::press(&mut h, "Sweep…");
    type_values(&mut h, "Vary", "64..128:40");
    click(&mut h, "Run");
    std::thread::sleep(Duration::from_millis(200));
    h.step();
    click(&mut h, "Cancel");
    let asked = Instant::now();
    wait_until(&mut h, finished);
    let waited = asked.elapsed();
    assert!(h.query_by_label_contains("cancelled after").is_some());
    let (results, _) = h.state().sweep_results().unwrap();
    assert!(
        results.len() < 120,
        "{} of 120 trainings ran",
        results.len()
    );
    eprintln!("cancel answered in {waited:?}");
}

#[test]
fn a_typo_in_the_values_is_refused_under_the_fields_and_nothing_starts() {
    let mut h = support::harness();
    h.run();
    support::press(&mut h, "Sweep…");
    type_values(&mut h, "Vary", "1,x");
    click(&mut h, "Run");
    h.run();
    assert!(h.query_by_label_contains("'x' is not a number").is_some());
    assert!(h.state().sweep_results().is_none());
}

#[test]
fn the_loss_landscape_of_the_selected_run_opens_with_its_path() {
    let mut h = support::harness();
    h.run();
    h.state_mut().command(approxlab::train::Command::Step(300));
    h.run();
    support::press(&mut h, "Sweep…");
    h.get_by_role_and_label(Role::Button, "Loss landscape")
        .click();
    h.step();
    wait_until(&mut h, |h| {
        h.query_by_label_contains("Colour: the training loss")
            .is_some()
    });
    assert!(
        h.query_by_label_contains("no path").is_none(),
        "the replay reached the run's weights"
    );
    assert!(approxlab::app::screen_position(&h.ctx, "landscape", 0.0, 0.0).is_some());
}

/// With ReLU units the chart can show the linear pieces of each grid point's final prediction, beside
/// the most its architecture could make.
#[test]
fn a_relu_width_sweep_charts_its_linear_pieces() {
    let mut state = approxlab::app::UiState::default();
    state.settings.net.activation = approxlab::nn::Activation::Relu;
    let mut h = support::harness_with(state);
    h.run();
    support::press(&mut h, "Sweep…");
    type_values(&mut h, "Vary", "2,8");
    click(&mut h, "Run");
    wait_until(&mut h, finished);
    let (results, _) = h.state().sweep_results().unwrap();
    for r in &results {
        let (pieces, bound) = r.pieces.expect("relu has pieces");
        assert!(pieces as u64 <= bound, "{pieces} of at most {bound}");
        assert_eq!(bound, r.values[0] as u64 + 1, "width + 1");
    }
    h.get_by_label("linear pieces").click();
    h.step();
    h.step();
    assert!(
        h.query_by_label_contains("at most, for the architecture")
            .is_some(),
        "the pieces chart with its bound"
    );
}
