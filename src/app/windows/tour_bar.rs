//! The tour in the window: the Tour menu in the top bar lists the steps; entering one keeps the user's
//! lab (its state, asked of the lab as a session is), opens the step's lab (data and runs at step 0), sets
//! its speed and starts training, and for the width experiment runs its sweep. The tour bar under the top
//! bar says "step k of n", the title and what to look for, with Previous, Next and "Leave the tour", which
//! puts the user's lab, speed and play state back.

use super::sweep_panel::SweepFields;
use super::{LabContext, LabWindow};
use crate::app::ApproxApp;
use crate::app::state::Action;
use crate::sweep::param::NAMES;
use crate::tour::Preset;
use crate::train::guess::Prediction;
use crate::train::{Command, SavedLab, Severity};
use std::sync::mpsc::Receiver;
use std::time::Duration;

/// What the tour bar and menu ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TourAction {
    /// Enter (or jump to) step k, counted from 0.
    Go(usize),
    /// Leave the tour and put the user's lab back.
    Leave,
}

/// The user's lab before the tour, to put back.
struct Before {
    lab: Receiver<SavedLab>,
    steps_per_frame: u32,
    max_speed: bool,
    running: bool,
    /// The f(x) field's text, applied or not.
    expression: String,
    /// The user's own prediction, kept apart from the tour's.
    prediction: Prediction,
    /// The user's own settings (what the window remembers between launches, not a step's).
    settings: crate::train::Settings,
}

/// A tour in progress.
pub struct Tour {
    /// Every step.
    pub presets: Vec<Preset>,
    /// The step shown, counted from 0.
    pub step: usize,
    /// The prediction drawn at each step, kept while the tour lasts.
    guesses: Vec<Prediction>,
    before: Before,
}

impl std::fmt::Debug for Tour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tour")
            .field("step", &self.step)
            .finish_non_exhaustive()
    }
}

/// The Tour menu's entries; the step chosen.
pub fn tour_menu(ui: &mut egui::Ui, current: Option<usize>) -> Option<TourAction> {
    let mut chosen = None;
    ui.menu_button("Tour", |ui| {
        ui.label(
            "Following the article \"Neural networks in pictures: from one neuron to deep \
             architectures\" (in Russian), its experiments one click each:",
        );
        let article = crate::tour::article_steps();
        for (i, p) in crate::tour::presets().iter().enumerate() {
            if i == article {
                ui.separator();
                ui.label(
                    "From the notes that follow it: learning rate, mini-batches, Karpathy's recipe, \
                     losses, overfitting and regularisation:",
                );
            }
            let text = format!("{}. {}", i + 1, p.title);
            if ui.selectable_label(current == Some(i), text).clicked() {
                chosen = Some(TourAction::Go(i));
                ui.close();
            }
        }
        if current.is_some() && ui.button("Leave the tour").clicked() {
            chosen = Some(TourAction::Leave);
            ui.close();
        }
    })
    .response
    .on_hover_text(
        "A guided tour: each step sets up one experiment of the article and says what to look for.",
    );
    chosen
}

/// The first-start hint: "New here? Take the tour…" with a button to start it and one to dismiss it
/// (either way it does not come back).
pub fn tour_hint(ui: &mut egui::Ui) -> Option<crate::app::Action> {
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(
                "New here? Take the tour: the article's experiments, one click each, each saying what \
                 to look for.",
            )
            .strong(),
        );
        if ui
            .button("Take the tour")
            .on_hover_text("Step 1 of the tour; Leave the tour puts your lab back.")
            .clicked()
        {
            chosen = Some(crate::app::Action::Tour(TourAction::Go(0)));
        }
        if ui
            .button("Not now")
            .on_hover_text("Hide this hint for good; the Tour menu in the top bar stays.")
            .clicked()
        {
            chosen = Some(crate::app::Action::DismissTourHint);
        }
    });
    chosen
}

/// The tour bar under the top bar, while a tour is taken.
#[derive(Debug, Default)]
pub struct TourBar {
    /// The tour in progress, if any.
    pub tour: Option<Tour>,
}

impl TourBar {
    /// The step shown, while a tour is taken.
    pub fn step(&self) -> Option<usize> {
        self.tour.as_ref().map(|t| t.step)
    }

    /// What the window remembers between launches: `state`, or during a tour the user's own settings
    /// and speed from before it (closing the window on a step must not make the step the user's lab).
    pub fn state_to_keep(&self, state: &crate::app::UiState) -> crate::app::UiState {
        let mut kept = state.clone();
        if let Some(tour) = &self.tour {
            let b = &tour.before;
            kept.settings = b.settings.clone();
            kept.expression = b.expression.clone();
            (kept.steps_per_frame, kept.max_speed) = (b.steps_per_frame, b.max_speed);
        }
        kept
    }
}

impl LabWindow for TourBar {
    fn name(&self) -> &'static str {
        "tour_bar"
    }

    fn is_open(&self) -> bool {
        self.tour.is_some()
    }

    fn ui(&mut self, ui: &mut egui::Ui, lab: &LabContext<'_>) -> Vec<Action> {
        let Some(tour) = &self.tour else {
            return Vec::new();
        };
        egui::Panel::top(self.name())
            .show(ui, |ui| {
                tour_bar(ui, tour, lab.state.ask_to_predict, lab.drawing_prediction)
            })
            .inner
    }
}

/// The tour bar (with "Ask me to predict" showing `ask`; the step's question unless `drawing`, when the
/// drawing's own bar asks it); what was pressed.
fn tour_bar(ui: &mut egui::Ui, tour: &Tour, ask: bool, drawing: bool) -> Vec<Action> {
    let mut chosen = None;
    let mut actions = Vec::new();
    let p = &tour.presets[tour.step];
    let n = tour.presets.len();
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(format!("Tour, step {} of {n}: {}", tour.step + 1, p.title))
                .strong(),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Leave the tour")
                .on_hover_text("Back to what you had before the tour.")
                .clicked()
            {
                chosen = Some(TourAction::Leave);
            }
            if ui
                .add_enabled(tour.step + 1 < n, egui::Button::new("Next"))
                .clicked()
            {
                chosen = Some(TourAction::Go(tour.step + 1));
            }
            if ui
                .add_enabled(tour.step > 0, egui::Button::new("Previous"))
                .clicked()
            {
                chosen = Some(TourAction::Go(tour.step - 1));
            }
            let mut asking = ask;
            if ui
                .checkbox(&mut asking, "Ask me to predict")
                .on_hover_text(
                    "Steps with a question open the drawing of your prediction first: draw the fit \
                     you expect, then watch the network answer.",
                )
                .changed()
            {
                actions.push(Action::AskToPredict(asking));
            }
        });
    });
    ui.add(egui::Label::new(p.text).wrap());
    if let Some(question) = p.question.filter(|_| !drawing) {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(format!("Predict: {question}")).italics());
            if ui
                .button("Draw my prediction")
                .on_hover_text("Pause and draw the fit you expect (P).")
                .clicked()
            {
                actions.push(Action::Predict(crate::app::PredictAction::Toggle));
            }
        });
    }
    actions.extend(chosen.map(Action::Tour));
    actions
}

impl ApproxApp {
    /// Carries out a tour action.
    pub(in crate::app) fn tour_action(&mut self, action: TourAction) {
        self.state.tour_offered = true;
        match action {
            TourAction::Go(k) => self.enter_tour(k),
            TourAction::Leave => self.leave_tour(),
        }
    }

    /// Shows step `k` of the tour (keeping the user's lab first if the tour is starting).
    pub fn enter_tour(&mut self, k: usize) {
        let presets = crate::tour::presets();
        let count = presets.len();
        let Some(preset) = presets.get(k).cloned() else {
            return;
        };
        let lab = match preset.lab() {
            Ok(lab) => lab,
            Err(e) => {
                self.say_locally(Severity::Error, format!("cannot open this step: {e}"));
                return;
            }
        };
        let drawn = self.windows.predict.prediction.clone();
        match &mut self.windows.tour.tour {
            Some(tour) => tour.guesses[tour.step] = drawn,
            None => {
                let (tx, rx) = std::sync::mpsc::channel();
                self.driver.send(Command::Capture(tx));
                self.windows.tour.tour = Some(Tour {
                    guesses: vec![Prediction::default(); presets.len()],
                    presets,
                    step: k,
                    before: Before {
                        lab: rx,
                        steps_per_frame: self.state.steps_per_frame,
                        max_speed: self.state.max_speed,
                        running: self.lab.snapshot.running,
                        expression: self.state.expression.clone(),
                        prediction: drawn,
                        settings: self.state.settings.clone(),
                    },
                });
            }
        }
        let mut guess = Prediction::default();
        if let Some(tour) = &mut self.windows.tour.tour {
            tour.step = k;
            guess = std::mem::take(&mut tour.guesses[k]);
        }
        self.open_lab(Box::new(lab));
        self.send_speed(preset.steps_per_frame, false);
        self.driver.send(Command::Play);
        self.lab.snapshot = self.driver.latest();
        self.ask_the_question(&preset, guess);
        if let Some(sweep) = preset.sweep {
            let param = NAMES
                .iter()
                .position(|n| *n == sweep.param.name())
                .unwrap_or(0);
            self.windows.sweep.request(SweepFields {
                param,
                values: sweep.values.into(),
                param2: None,
                seeds: sweep.seeds as u32,
                vary_data_seed: sweep.vary_data_seed,
                steps: u32::try_from(preset.steps).unwrap_or(u32::MAX),
                ..self.windows.sweep.fields.clone()
            });
            self.state.settings = preset.runs[0].clone();
        }
        self.say_locally(
            Severity::Info,
            format!("tour step {} of {}: {}", k + 1, count, preset.title),
        );
    }

    /// A step's prediction: the one drawn there earlier in this tour, scored from the step its claim is
    /// checked at; with "Ask me to predict" on, a step with a question and no prediction yet opens the
    /// drawing first.
    fn ask_the_question(&mut self, preset: &crate::tour::Preset, mut guess: Prediction) {
        guess.score_from_step = preset.question.map(|_| preset.steps);
        let bar = &mut self.windows.predict;
        let fresh = guess.curve.is_empty();
        bar.replace(guess);
        bar.question = preset.question;
        if fresh && preset.question.is_some() && self.state.ask_to_predict {
            self.predict_action(crate::app::PredictAction::Toggle);
        }
    }

    /// Leaves the tour: the user's lab, speed and play state come back, and their own prediction (what
    /// was drawn in the tour stays there).
    pub fn leave_tour(&mut self) {
        let Some(tour) = self.windows.tour.tour.take() else {
            return;
        };
        let b = tour.before;
        self.windows.predict.replace(b.prediction);
        match b.lab.recv_timeout(Duration::from_secs(2)) {
            Ok(lab) => {
                self.open_lab(Box::new(lab));
                self.state.expression = b.expression;
            }
            Err(_) => self.say_locally(
                Severity::Warning,
                "left the tour, but your lab from before could not be put back".into(),
            ),
        }
        self.send_speed(b.steps_per_frame, b.max_speed);
        self.driver.send(if b.running {
            Command::Play
        } else {
            Command::Pause
        });
        self.lab.snapshot = self.driver.latest();
        self.say_locally(Severity::Info, "left the tour: your lab is back".into());
    }

    fn send_speed(&mut self, steps_per_frame: u32, max_speed: bool) {
        self.state.steps_per_frame = steps_per_frame;
        self.state.max_speed = max_speed;
        self.driver.send(Command::Speed {
            steps_per_frame,
            max_speed,
        });
    }
}
