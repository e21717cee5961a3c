//! The diagnosis in the window, through its real widgets: the line under the fit names the selected
//! run's state and its evidence, a suggestion's button applies the change, the run list shows every
//! run's state with the sentences on hover, and a change of state is marked on the loss plot.

mod support;

use approxlab::app::UiState;
use approxlab::nn::OptimizerKind;
use approxlab::train::Command;
use approxlab::train::diagnosis::State;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use support::{harness_with, press};

/// A paused window of SGD at lr 1e-4 (the tour's crawl), trained `steps` steps.
fn crawling(steps: u64) -> egui_kittest::Harness<'static, approxlab::app::ApproxApp> {
    let mut state = UiState::default();
    state.settings.optim.optimizer = OptimizerKind::Sgd;
    state.settings.optim.lr = 1e-4;
    let mut h = harness_with(state);
    h.run();
    h.state_mut().command(Command::Step(steps));
    h.run();
    h.run();
    h
}

#[test]
fn the_line_under_the_fit_says_the_state_and_its_suggestion_applies() {
    let mut h = crawling(2000);
    assert_eq!(h.state().run().diagnosis.state, State::TooSlow);
    assert!(h.query_by_label("too-slow").is_some(), "the state word");
    assert!(
        h.query_by_label_contains("more steps to reach the fit level")
            .is_some(),
        "its evidence beside it"
    );
    press(&mut h, "Try: lr 0.001 (now 1e-4)");
    h.run();
    assert_eq!(h.state().run().settings.optim.lr, 1e-3);
    assert_eq!(h.state().run().step, 2000, "a new rate keeps the weights");
}

#[test]
fn the_run_list_shows_each_state_with_its_sentences_on_hover() {
    let mut h = crawling(2000);
    press(&mut h, "Branch here");
    h.run();
    let words: Vec<_> = h
        .query_all_by_label("too-slow")
        .filter(|n| n.accesskit_node().role() == Role::Label)
        .collect();
    assert!(
        words.len() >= 3,
        "two runs in the list and the line under the fit: {}",
        words.len()
    );
    words[0].hover();
    h.run();
    h.run();
    assert!(
        h.query_by_label_contains("too-slow: the loss fell only from")
            .is_some(),
        "the hover says the whole diagnosis"
    );
}

#[test]
fn a_change_of_state_is_marked_on_the_loss_plot() {
    let mut h = crawling(0);
    h.state_mut().command(Command::Step(50));
    h.run();
    h.run();
    assert_eq!(
        h.state().run().diagnosis.state,
        State::Learning,
        "too early to tell"
    );
    h.state_mut().command(Command::Step(1950));
    h.run();
    h.run();
    let marks: Vec<(u64, String)> = h
        .state()
        .run()
        .state_marks
        .iter()
        .map(|m| (m.step, m.label.clone()))
        .collect();
    assert_eq!(marks, [(2000, "now too-slow".to_string())]);
}
