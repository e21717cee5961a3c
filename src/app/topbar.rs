//! The top bar (play/pause, step, reset, reseed, defaults, and the run's vital signs) and the status line
//! (the newest message: a re-initialisation, a refused setting, a divergence).

use super::data_actions::DataAction;
use super::session::SessionAction;
use super::state::Action;
use crate::train::{Command, Severity, Snapshot};
use egui::{Color32, RichText, Ui};

/// What the top bar shows besides the lab and the remembered state.
pub struct TopBarView {
    /// Frames recorded so far while a GIF is recorded (its Stop button shows).
    pub recorded: Option<usize>,
    /// The tour step shown, marked in the Tour menu.
    pub tour_step: Option<usize>,
    /// The View menu's largest UI scale.
    pub largest_scale: f32,
    /// The Formula toggle's state.
    pub formula_open: bool,
    /// The Predict toggle's state.
    pub predicting: bool,
}

/// Buttons and the one-line summary, as `view` says; returns what was pressed. The bar wraps onto more
/// rows rather than lose a control at any size and scale.
pub fn top_bar(
    ui: &mut Ui,
    snap: &Snapshot,
    state: &super::UiState,
    view: TopBarView,
) -> Vec<Action> {
    let TopBarView {
        recorded,
        tour_step,
        largest_scale,
        formula_open,
        predicting,
    } = view;
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        if let Some(frames) = recorded {
            let text = RichText::new(format!("REC · Stop recording ({frames} frames)"))
                .color(Color32::from_rgb(200, 30, 30));
            if ui
                .button(text)
                .on_hover_text("Stop recording and write the GIF to the path typed in Export.")
                .clicked()
            {
                actions.push(Action::StopRecording);
            }
            ui.separator();
        }
        let (label, tip, command) = if snap.running {
            ("Pause", "Stop training (Space).", Command::Pause)
        } else {
            ("Play", "Train continuously (Space).", Command::Play)
        };
        buttons(ui, &mut actions, [(label, tip, Action::Send(command))]);
        let mut drawing = predicting;
        if ui
            .toggle_value(&mut drawing, "Predict")
            .on_hover_text(
                "Draw the fit you expect before the network shows its own: training pauses and the \
                 predictions hide until Done; then watch the network answer (P).",
            )
            .changed()
        {
            actions.push(Action::Predict(super::PredictAction::Toggle));
        }
        buttons(ui, &mut actions, lab_buttons());
        view_menu(ui, state, largest_scale, &mut actions);
        if let Some(a) = super::tour_bar::tour_menu(ui, tour_step) {
            actions.push(Action::Tour(a));
        }
        let mut formula = formula_open;
        if ui
            .toggle_value(&mut formula, "Formula")
            .on_hover_text("Show the selected run's network as a formula with its numbers.")
            .changed()
        {
            actions.push(Action::Data(DataAction::Formula(formula)));
        }
        buttons(ui, &mut actions, edit_buttons());
        ui.separator();
        ui.label(summary(snap)).on_hover_text(
            "The first run's step and losses; steps/s counts the steps trained per second of wall-clock \
             time, drawing included (each run's own compute rate is in the run list).",
        );
    });
    actions
}

/// One button per (label, tooltip, action): the action is wanted when its button is clicked.
fn buttons<const N: usize>(
    ui: &mut Ui,
    actions: &mut Vec<Action>,
    list: [(&str, &str, Action); N],
) {
    for (label, tip, action) in list {
        if ui.button(label).on_hover_text(tip).clicked() {
            actions.push(action);
        }
    }
}

/// The buttons for the runs and the lab's windows, after Play.
fn lab_buttons() -> [(&'static str, &'static str, Action); 8] {
    [
        (
            "Step",
            "Pause and train exactly one step (S).",
            Action::Send(Command::Step(1)),
        ),
        (
            "Reset",
            "Back to the same initial weights, step 0 (R).",
            Action::Send(Command::Reset),
        ),
        (
            "Reseed",
            "Draw new initial weights with the next weights' seed (every run).",
            Action::Reseed,
        ),
        (
            "Compare from start",
            "Add a copy of the selected run (same settings, same initial weights) and start every \
             run over from step 0 together: change one thing in the copy and compare (Ctrl+D).",
            Action::Compare,
        ),
        (
            "Branch here",
            "Add a copy of the selected run as it is now (weights, optimizer state, step): only \
             what you change from here on differs.",
            Action::Branch,
        ),
        (
            "Session…",
            "Save this session (data, runs, training state) or open one (Ctrl+S, Ctrl+O).",
            Action::Session(SessionAction::Show(true)),
        ),
        (
            "Export…",
            "Pictures (PNG, 1× or 2×) of the window or one plot, a GIF of the fit while it \
             trains, the curves or losses as CSV, the selected run's model as JSON.",
            Action::ShowExport,
        ),
        (
            "Sweep…",
            "Train many networks at once, one setting (or two) over a range × seeds, and chart \
             the final losses; the learning-rate lab, deep against wide, the loss landscape.",
            Action::ShowSweep,
        ),
    ]
}

/// Defaults and Undo, after Formula.
fn edit_buttons() -> [(&'static str, &'static str, Action); 2] {
    [
        (
            "Defaults",
            "Restore every setting to its default (Undo takes it back).",
            Action::Defaults,
        ),
        (
            "Undo",
            "Take back the last point edit, hand edit, added neuron, new network shape, removed run \
             or Defaults (Ctrl+Z).",
            Action::Undo,
        ),
    ]
}

/// The View menu: the UI scale (presenter mode) and full screen, wanted as one `Presenter` action.
fn view_menu(ui: &mut Ui, state: &super::UiState, largest_scale: f32, actions: &mut Vec<Action>) {
    let (mut scale, mut fullscreen) = (state.ui_scale, state.fullscreen);
    ui.menu_button("View", |ui| {
        let smallest = *super::state::UI_SCALE.start();
        ui.add(
            egui::Slider::new(&mut scale, smallest..=largest_scale.max(smallest))
                .step_by(0.05)
                .text("UI scale"),
        )
        .on_hover_text(
            "Presenter mode: everything larger, for a projector (remembered); up to what this window holds.",
        );
        ui.horizontal(|ui| {
            if ui.button("Larger").on_hover_text("Ctrl+plus").clicked() {
                scale = (scale + 0.25).min(largest_scale);
            }
            if ui.button("Smaller").on_hover_text("Ctrl+minus").clicked() {
                scale = (scale - 0.25).max(smallest);
            }
            if ui.button("1×").on_hover_text("Back to normal size (Ctrl+0).").clicked() {
                scale = 1.0;
            }
        });
        ui.checkbox(&mut fullscreen, "Full screen (F11)");
    });
    if scale != state.ui_scale || fullscreen != state.fullscreen {
        actions.push(Action::Presenter { scale, fullscreen });
    }
}

/// "step 12 400 · loss 3.1e-4 · 5 400 steps/s" (of the first run; with several, how many there are).
pub fn summary(snap: &Snapshot) -> String {
    let first = snap.first();
    let mut text = format!(
        "step {} · loss {:.2e}",
        thousands(first.step),
        first.latest.train
    );
    if let Some(v) = first.latest.val {
        text += &format!(" · validation {v:.2e}");
    }
    if let Some(o) = first.latest.outside {
        text += &format!(" · outside {o:.2e}");
    }
    if snap.runs.len() > 1 {
        text = format!("{} runs · run 1: {text}", snap.runs.len());
    }
    if snap.running {
        text += &format!(" · {} steps/s", count(snap.steps_per_s.round()));
    } else {
        text += " · paused";
    }
    text
}

/// The status line: the newest message, coloured by how much it matters.
pub fn status_line(ui: &mut Ui, snap: &Snapshot, message: Option<(Severity, &str)>) {
    let text = match message {
        Some((severity, text)) => {
            let color = match severity {
                Severity::Info => ui.visuals().text_color(),
                Severity::Warning => Color32::from_rgb(220, 160, 40),
                Severity::Error => Color32::from_rgb(230, 70, 60),
            };
            RichText::new(text).color(color)
        }
        None => RichText::new(hint(snap)).weak(),
    };
    ui.add(egui::Label::new(text).wrap());
}

fn hint(snap: &Snapshot) -> &'static str {
    if snap.running {
        "Training. Move any slider: the plots answer at once. Hover a neuron to see its piece of the fit."
    } else {
        "Paused. Space plays, S steps once, R resets to the same initial weights."
    }
}

/// A count as people read it: 950 → "950", 12 400 → "12 400", 409 600 → "410k", 1 468 416 000 →
/// "1.47G" (three significant digits from 100 000 on), the one format for counts across the window.
pub fn count(v: f64) -> String {
    if !v.is_finite() || v < 0.0 {
        return format!("{v}");
    }
    if v < 100_000.0 {
        return thousands(v.round() as u64);
    }
    let (scaled, unit) = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|(size, _)| v >= *size)
        .map_or((v, ""), |(size, unit)| (v / size, unit));
    let decimals = if scaled >= 100.0 {
        0
    } else if scaled >= 10.0 {
        1
    } else {
        2
    };
    format!("{scaled:.decimals$}{unit}")
}

/// 12400 → "12 400".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_read_the_same_everywhere() {
        assert_eq!(count(950.0), "950");
        assert_eq!(count(12_400.0), "12 400");
        assert_eq!(count(409_600.0), "410k");
        assert_eq!(count(306_318.0), "306k");
        assert_eq!(count(1_468_416_000.0), "1.47G");
        assert_eq!(count(25_300_000.0), "25.3M");
    }
}
