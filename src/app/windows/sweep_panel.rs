//! The Sweep window: choose one or two parameters and their values, the seeds and the steps (presets: the
//! learning-rate lab, deep against wide), Run — the sweep trains on its own thread pool of every core but
//! one, so the window's trainer keeps a core and the live fit its frame rate — with a progress bar and
//! Cancel; the chart fills in as trainings finish; clicking a grid point adds it as a run. "Loss
//! landscape" opens the slice around the selected run's weights (`landscape_panel.rs`).

use super::{LabContext, LabWindow};
use crate::app::landscape_panel::LandscapeJob;
use crate::app::plots;
use crate::app::state::Action;
use crate::app::sweep_job::SweepJob;
use crate::sweep::{self, SweepParam, SweepPlan, param::NAMES};
use crate::train::{Command, Settings, Severity};

/// The values a parameter starts with when it is chosen.
fn default_values(name: &str) -> &'static str {
    match name {
        "width" => "1,2,4,8,16,32,64",
        "depth" => "0,1,2,3,4",
        "lr" => "1e-4..10:11:log",
        "momentum" => "0..0.95:5",
        "batch" => "8,16,32,64,0",
        "points" => "5,10,20,50,100,200",
        "noise" => "0..0.5:6",
        "weight_decay" => "1e-6..0.1:6:log",
        _ => "1,2,3,4",
    }
}

/// The Sweep window's fields.
#[derive(Debug, Clone)]
pub struct SweepFields {
    /// Whether the window is open.
    pub open: bool,
    /// The first parameter (index into `NAMES`).
    pub param: usize,
    /// Its values, as typed.
    pub values: String,
    /// The second parameter, if any.
    pub param2: Option<usize>,
    /// Its values, as typed.
    pub values2: String,
    /// Weight seeds per grid point.
    pub seeds: u32,
    /// Steps per training.
    pub steps: u32,
    /// Whether each seed draws new data too (else every training has the selected run's data).
    pub vary_data_seed: bool,
    /// Why the last Run was refused.
    pub error: Option<String>,
}

impl Default for SweepFields {
    fn default() -> Self {
        Self {
            open: false,
            param: 0,
            values: default_values(NAMES[0]).into(),
            param2: None,
            values2: default_values(NAMES[1]).into(),
            seeds: 3,
            steps: 2000,
            vary_data_seed: false,
            error: None,
        }
    }
}

/// The Sweep window: its fields, the sweep running or last run, and the loss landscape shown.
#[derive(Default)]
pub struct SweepWindow {
    /// The fields as typed.
    pub fields: SweepFields,
    /// The sweep running or last run.
    pub job: Option<SweepJob>,
    /// The loss landscape shown, if any.
    pub(super) landscape: Option<LandscapeJob>,
    /// A sweep asked for from outside (the tour's width step): started when the window is next drawn.
    requested: bool,
}

impl SweepWindow {
    /// Opens the window with `fields` and has it start their sweep when next drawn (the tour's width
    /// step); the last sweep's results go.
    pub fn request(&mut self, fields: SweepFields) {
        self.fields = fields;
        self.fields.open = true;
        self.job = None;
        self.requested = true;
    }
}

impl LabWindow for SweepWindow {
    fn name(&self) -> &'static str {
        "Sweep"
    }

    fn is_open(&self) -> bool {
        self.fields.open || self.landscape.is_some()
    }

    /// Draws the Sweep window (and the landscape's), starts and cancels sweeps; a clicked grid point
    /// comes back as a new run.
    fn ui(&mut self, ui: &mut egui::Ui, lab: &LabContext<'_>) -> Vec<Action> {
        let ctx = &ui.ctx().clone();
        let mut actions = Vec::new();
        if let Some(job) = &mut self.job {
            job.poll();
        }
        let mut fields = self.fields.clone();
        let mut open = fields.open;
        let mut start = None;
        let mut cancel = false;
        let mut clicked = None;
        let mut landscape = false;
        let running = self.job.as_ref().is_some_and(SweepJob::running);
        crate::app::placed(ctx, egui::Window::new("Sweep"))
            .open(&mut open)
            .default_size([680.0, 560.0])
            .resizable(true)
            .show(ctx, |ui| {
                if ui.add_enabled_ui(!running, |ui| sweep_fields(ui, &mut fields)).inner {
                    start = Some(());
                }
                ui.horizontal(|ui| {
                    if running {
                        if ui.button("Cancel").clicked() {
                            cancel = true;
                        }
                    } else if ui
                        .button("Run")
                        .on_hover_text("Train every grid point × seed from the selected run's settings.")
                        .clicked()
                    {
                        start = Some(());
                    }
                    if let Some(job) = &self.job {
                        let (done, total) = job.progress();
                        ui.add(
                            egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                                .text(progress_text(job))
                                .desired_width(ui.available_width() - 140.0),
                        );
                    }
                    let landscape_button = ui.button("Loss landscape").on_hover_text(
                        "The loss on a 2-D slice through the selected run's weights (random directions \
                         normalised per neuron), with its training path.",
                    );
                    if landscape_button.clicked() {
                        landscape = true;
                    }
                });
                crate::app::path_field::error_line(ui, fields.error.as_deref());
                if let Some(job) = &self.job {
                    let size = ui.available_size().max(egui::vec2(200.0, 160.0));
                    clicked = chart(ui, job, size);
                }
            });
        fields.open = open;
        self.fields = fields;
        if cancel && let Some(job) = &self.job {
            job.cancel();
        }
        if start.is_some() || std::mem::take(&mut self.requested) {
            self.start_sweep(ctx, lab.state.settings.clone());
        }
        if let Some(settings) = clicked {
            let (severity, said) = match settings.run_settings().check() {
                Ok(settings) => {
                    let from = lab.selected;
                    actions.push(Action::Send(Command::CompareWith { from, settings }));
                    (Severity::Info, "sweep grid point added as a run".into())
                }
                Err(e) => (Severity::Warning, format!("grid point not added: {e}")),
            };
            actions.push(Action::Say(severity, said));
        }
        if landscape {
            self.start_landscape(ctx, lab);
        }
        self.landscape_window(ctx);
        actions
    }
}

/// The fields of a sweep (what to vary, over which values, seeds, steps) and the two ready-made
/// sweeps; true when a ready-made one was chosen and should start.
fn sweep_fields(ui: &mut egui::Ui, fields: &mut SweepFields) -> bool {
    let mut start = false;
    parameter_row(ui, "Vary", &mut fields.param, &mut fields.values);
    ui.horizontal(|ui| {
        let label = ui.label("and");
        let shown = fields.param2.map_or("nothing", |i| NAMES[i]);
        egui::ComboBox::from_id_salt("sweep param2")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(fields.param2.is_none(), "nothing")
                    .clicked()
                {
                    fields.param2 = None;
                }
                for (i, name) in NAMES.iter().enumerate() {
                    if ui
                        .selectable_label(fields.param2 == Some(i), *name)
                        .clicked()
                        && fields.param2 != Some(i)
                    {
                        fields.param2 = Some(i);
                        fields.values2 = default_values(name).into();
                    }
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("A second parameter makes a heat map of the two.");
        if fields.param2.is_some() {
            ui.add(egui::TextEdit::singleline(&mut fields.values2).desired_width(200.0))
                .labelled_by(label.id);
        }
    });
    ui.horizontal(|ui| {
        ui.add(egui::DragValue::new(&mut fields.seeds).range(1..=20))
            .on_hover_text("Weight seeds per grid point (the data stay the same).");
        ui.label("seeds");
        ui.add(
            egui::DragValue::new(&mut fields.steps)
                .range(10..=100_000)
                .speed(10),
        )
        .on_hover_text("Steps each training runs.");
        ui.label("steps");
        ui.checkbox(&mut fields.vary_data_seed, "new data per seed")
            .on_hover_text(
                "Each seed also draws new data (random sampling, noise, validation split); off: every \
                 training has the same data.",
            );
    });
    ui.horizontal(|ui| {
        let lr_lab = ui.button("Learning-rate lab").on_hover_text(
            "Sweep the learning rate over five decades and mark where it is too small, good and too \
             large, from the results.",
        );
        if lr_lab.clicked() {
            fields.param = 2;
            fields.values = "1e-4..10:16:log".into();
            fields.param2 = None;
            start = true;
        }
        let deep_wide = ui.button("Deep against wide").on_hover_text(
            "1 to 5 hidden layers, each as wide as keeps about the selected run's number of parameters.",
        );
        if deep_wide.clicked() {
            fields.param = 8;
            fields.values = "1,2,3,4,5".into();
            fields.param2 = None;
            start = true;
        }
    });
    start
}

/// The sweep's progress in words: "12/40 trainings on 3 threads", then how it ended.
fn progress_text(job: &SweepJob) -> String {
    let (done, total) = job.progress();
    match &job.ended {
        None => format!("{done}/{total} trainings on {}", threads(job.threads)),
        Some(Ok(true)) => format!(
            "{total} trainings in {:.1} s on {}",
            job.seconds.unwrap_or(0.0),
            threads(job.threads)
        ),
        Some(Ok(false)) => format!("cancelled after {done} of {total} trainings"),
        Some(Err(e)) => e.clone(),
    }
}

impl SweepWindow {
    /// Computes the loss landscape around the selected run as it is now, in the background.
    fn start_landscape(&mut self, ctx: &egui::Context, lab: &LabContext<'_>) {
        let run = lab.run();
        let index = lab
            .snapshot
            .runs
            .iter()
            .position(|r| r.id == lab.selected)
            .unwrap_or(0);
        let about = format!(
            "{} at step {}",
            crate::train::snapshot::run_title(index, &run.name),
            run.step
        );
        let repaint = {
            let ctx = ctx.clone();
            move || ctx.request_repaint()
        };
        self.landscape = Some(LandscapeJob::start(about, run, &lab.snapshot.data, repaint));
    }

    /// Starts the sweep the fields describe, from `base` (the selected run's settings); a refusal is said
    /// under the fields.
    fn start_sweep(&mut self, ctx: &egui::Context, base: Settings) {
        let f = &self.fields;
        let budget = base.net.param_count();
        let axis = |i: usize, text: &str| -> Result<(SweepParam, Vec<f64>), String> {
            let param = SweepParam::from_name(NAMES[i], budget)?;
            Ok((param, sweep::parse_values(param, text)?))
        };
        let mut axes = Vec::new();
        let plan = axis(f.param, &f.values).and_then(|a| {
            axes.push(a);
            if let Some(i) = f.param2 {
                if i == f.param {
                    return Err("choose two different parameters".into());
                }
                axes.push(axis(i, &f.values2)?);
            }
            Ok(SweepPlan {
                base,
                axes,
                seeds: f.seeds as usize,
                vary_data_seed: f.vary_data_seed,
                steps: u64::from(f.steps),
            })
        });
        let repaint = {
            let ctx = ctx.clone();
            move || ctx.request_repaint()
        };
        match plan.and_then(|p| SweepJob::start(p, sweep::threads_beside_the_window(), repaint)) {
            Ok(job) => {
                self.fields.error = None;
                self.job = Some(job);
            }
            Err(e) => self.fields.error = Some(e),
        }
    }
}

/// "1 thread", "3 threads".
fn threads(n: usize) -> String {
    if n == 1 {
        "1 thread".into()
    } else {
        format!("{n} threads")
    }
}

/// A parameter's menu and its values' field; picking another parameter puts its usual values in.
fn parameter_row(ui: &mut egui::Ui, label: &str, param: &mut usize, values: &mut String) {
    ui.horizontal(|ui| {
        let label = ui.label(label);
        egui::ComboBox::from_id_salt("sweep param")
            .selected_text(NAMES[*param])
            .show_ui(ui, |ui| {
                for (i, name) in NAMES.iter().enumerate() {
                    if ui.selectable_label(*param == i, *name).clicked() && *param != i {
                        *param = i;
                        *values = default_values(name).into();
                    }
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(
                "shape: the depth, each layer as wide as keeps about the selected run's parameter count \
                 (deep against wide).",
            );
        ui.add(egui::TextEdit::singleline(values).desired_width(200.0))
            .labelled_by(label.id)
            .on_hover_text("Values: 1,2,4,8 — or a range lo..hi:n (evenly spaced) or lo..hi:n:log.");
    });
}

/// The chart of the sweep so far; the settings of the grid point clicked (with the base seed).
fn chart(ui: &mut egui::Ui, job: &SweepJob, size: egui::Vec2) -> Option<Settings> {
    let results = job.finished();
    let summaries = sweep::summarise(&results);
    let plan = &job.plan;
    let index = if plan.axes.len() == 2 {
        let (a, b) = (&plan.axes[0], &plan.axes[1]);
        plots::sweep_heatmap(ui, [(a.0, &a.1), (b.0, &b.1)], &summaries, size)
    } else {
        let param = plan.axes[0].0;
        let zones = if param == SweepParam::Lr && !job.running() {
            sweep::learning_rate_zones(&summaries)
        } else {
            Vec::new()
        };
        plots::sweep_chart(ui, param, &summaries, &zones, size)
    };
    let s = summaries.get(index?)?;
    let mut settings = plan.base.clone();
    for ((param, _), v) in plan.axes.iter().zip(&s.values) {
        settings = param.apply(&settings, *v).ok()?;
    }
    Some(settings)
}
