//! Pulling the strings by hand: a neuron's centre dragged on the contributions plot moves −b/w and keeps
//! w and w'; a vertical drag changes w' only; Ctrl+Z undoes; a neuron added at x leaves the prediction
//! as it was; the output bias and the weight cells can be set too.

mod support;

use approxlab::app::screen_position;
use approxlab::train::{Command, Lab, Settings};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// (w, b, w') of neuron j of the selected run.
fn neuron(h: &Harness<'static, approxlab::app::ApproxApp>, j: usize) -> (f64, f64, f64) {
    let r = h.state().run().weights.rows[j];
    (r.w, r.b, r.w_out)
}

/// Presses at `from`, moves there in steps, releases at `to`.
fn drag(h: &mut Harness<'static, approxlab::app::ApproxApp>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for k in 1..=10 {
        h.hover_at(from + (to - from) * (k as f32 / 10.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
}

/// The neuron whose centre (within [-3, 3]) lies farthest from the other centres, and its centre.
fn central_neuron(h: &Harness<'static, approxlab::app::ApproxApp>) -> (usize, f64) {
    let centres: Vec<f64> = h
        .state()
        .run()
        .weights
        .rows
        .iter()
        .map(|r| -r.b / r.w)
        .collect();
    let room = |c: f64| {
        centres
            .iter()
            .filter(|o| **o != c)
            .map(|o| (o - c).abs())
            .fold(f64::INFINITY, f64::min)
    };
    centres
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, c)| c.abs() < 3.0)
        .max_by(|a, b| room(a.1).total_cmp(&room(b.1)))
        .unwrap()
}

#[test]
fn dragging_a_centre_sideways_moves_it_and_keeps_w_and_w_out() {
    let mut h = support::trained(4, 300);
    let (j, c) = central_neuron(&h);
    let (w, _, w_out) = neuron(&h, j);
    let from = screen_position(&h.ctx, "contributions", c, 0.0).unwrap();
    let one = screen_position(&h.ctx, "contributions", c + 1.0, 0.0).unwrap() - from;
    drag(&mut h, from, from + one);
    let (w2, b2, w_out2) = neuron(&h, j);
    assert_eq!((w2, w_out2), (w, w_out), "w and w' unchanged");
    assert!(
        (-b2 / w2 - (c + 1.0)).abs() < 0.01,
        "centre {c} → {}",
        -b2 / w2
    );
    assert!(
        h.query_by_label_contains("by hand; training paused")
            .is_some()
    );
    // Ctrl+Z puts it back
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let (_, b3, _) = neuron(&h, j);
    assert!((-b3 / w - c).abs() < 1e-6, "undone: {}", -b3 / w);
}

#[test]
fn dragging_a_centre_up_changes_w_out_only() {
    let mut h = support::trained(4, 300);
    let (j, c) = central_neuron(&h);
    let (w, b, w_out) = neuron(&h, j);
    let from = screen_position(&h.ctx, "contributions", c, 0.0).unwrap();
    let up = screen_position(&h.ctx, "contributions", c, 0.5).unwrap() - from;
    drag(&mut h, from, from + up);
    let (w2, b2, w_out2) = neuron(&h, j);
    assert_eq!((w2, b2), (w, b), "w and b unchanged");
    assert!(
        (w_out2 - (w_out + 0.5)).abs() < 0.01,
        "w' {w_out} → {w_out2}"
    );
}

#[test]
fn a_typed_weight_cell_sets_that_weight() {
    let mut h = support::trained(2, 300);
    let (w, b, _) = neuron(&h, 0);
    let cells = h.get_all_by_label("neuron 1 outgoing weight w'").count();
    assert!(cells >= 1);
    h.get_all_by_label("neuron 1 outgoing weight w'")
        .next()
        .unwrap()
        .set_value_accesskit(1.25);
    h.run();
    let (w2, b2, w_out2) = neuron(&h, 0);
    assert_eq!((w2, b2, w_out2), (w, b, 1.25));
    h.get_all_by_label("neuron 1 bias b")
        .next()
        .unwrap()
        .set_value_accesskit(5e6);
    h.run();
    assert_eq!(neuron(&h, 0).1, b, "refused, nothing changed");
    assert!(
        h.query_by_label_contains("weight must be between -1e6 and 1e6")
            .is_some()
    );
}

#[test]
fn an_added_neuron_leaves_the_prediction_unchanged() {
    let mut lab = Lab::new(Settings::default());
    lab.handle(Command::Step(200));
    let before = lab.snapshot().runs[0].clone();
    lab.handle(Command::AddNeuron { run: 0, at: 1.25 });
    let after = lab.snapshot().runs[0].clone();
    assert_eq!(after.contributions.len(), 11);
    assert_eq!(after.settings.net.width, 11);
    assert_eq!(after.step, 200, "the step stays");
    for (a, b) in before.prediction.iter().zip(&after.prediction) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }
    let new = after.weights.rows[10];
    assert!(
        (-new.b / new.w - 1.25).abs() < 1e-6 && new.w_out == 0.0,
        "{new:?}"
    );
}
