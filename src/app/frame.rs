//! One frame of the window: the top bar, the tour's hint and bar, the status line, the controls on the
//! left, the plots in the middle and the windows beside them; the actions their widgets return are
//! carried out after the layout. Also eframe's hooks (pictures after the frame, saving on exit).

use super::windows::LabWindow;
use super::{
    Action, ApproxApp, BELOW_BARS, capture, controls, keys, number_field, plots, topbar, tour_bar,
};
use crate::train::Severity;
use std::sync::Arc;

impl ApproxApp {
    /// Draws the whole window into `ui` (also used headless by the frame-cost benchmark).
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        let mut actions = Vec::new();
        let frozen = self.pictures.frozen;
        ui.ctx()
            .data_mut(|d| d.insert_temp(egui::Id::unique(plots::PICTURE_PASS), frozen));
        if !self.pictures.frozen {
            self.finish_save();
            for done in self.files.poll() {
                self.file_done(done);
            }
            let snapshot = self.driver.frame();
            self.refresh(snapshot);
            actions = keys::shortcuts(ui.ctx(), &self.lab.snapshot, &self.state);
            self.apply_presenter(ui.ctx());
        }
        if !self.driver.healthy() {
            self.say_locally(
                Severity::Error,
                "the training thread stopped unexpectedly; restart approxlab".into(),
            );
        }
        actions.extend(self.top_bars(ui));
        let below = ui.available_rect_before_wrap();
        ui.ctx()
            .data_mut(|d| d.insert_temp(egui::Id::unique(BELOW_BARS), below));
        egui::Panel::bottom("status_line").show(ui, |ui| {
            if let Some((what, took)) = self.files.slow() {
                // the button first, so the ticking time beside it never moves it
                ui.horizontal(|ui| {
                    ui.spinner();
                    if ui
                        .button("Stop")
                        .on_hover_text(
                            "Stop reading or writing the file; nothing already loaded changes.",
                        )
                        .clicked()
                    {
                        actions.push(Action::CancelFiles);
                    }
                    ui.label(format!("{what}… {:.1} s", took.as_secs_f32()));
                });
            }
            topbar::status_line(ui, &self.lab.snapshot, self.status_message())
        });
        egui::Panel::left("controls")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let snap = Arc::clone(&self.lab.snapshot);
                    actions.extend(controls::controls(
                        ui,
                        &self.state,
                        &snap,
                        self.lab.selected,
                    ));
                });
            });
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        let lab = self.lab.context(
            &self.state,
            self.pictures.frozen,
            self.windows.predict.drawing,
        );
        for window in self.windows.floating() {
            if window.is_open() {
                actions.extend(window.ui(ui, &lab));
            }
        }
        // a number field (controls or weight table) whose typed text was not a number says so
        if let Some(why) = number_field::take_not_a_number() {
            self.say_locally(Severity::Warning, why);
        }
        self.act(actions);
        if (self.lab.snapshot.running || self.files.busy()) && !self.pictures.frozen {
            ui.ctx().request_repaint_after(crate::train::worker::FRAME);
        }
    }
}

impl ApproxApp {
    /// The bars at the top: the top bar, the tour's hint, the tour's bar and the prediction's bar, each
    /// while it shows; what their widgets asked for.
    fn top_bars(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let view = topbar::TopBarView {
            // the recording's own button never shows in a picture (nor in the GIF's frames)
            recorded: self
                .pictures
                .recording
                .as_ref()
                .filter(|_| !self.pictures.frozen)
                .map(capture::Recording::frames),
            tour_step: self.windows.tour.step(),
            largest_scale: self.launch.largest_scale,
            formula_open: self.windows.formula.open,
            predicting: self.windows.predict.drawing,
        };
        egui::Panel::top("top_bar").show(ui, |ui| {
            actions.extend(topbar::top_bar(ui, &self.lab.snapshot, &self.state, view));
        });
        if !self.state.tour_offered && self.windows.tour.tour.is_none() && !self.launch.ephemeral {
            egui::Panel::top("tour_hint").show(ui, |ui| {
                actions.extend(tour_bar::tour_hint(ui));
            });
        }
        let drawing = self.windows.predict.drawing;
        let lab = self.lab.context(&self.state, self.pictures.frozen, drawing);
        for bar in [
            &mut self.windows.tour as &mut dyn LabWindow,
            &mut self.windows.predict,
        ] {
            if bar.is_open() {
                actions.extend(bar.ui(ui, &lab));
            }
        }
        actions
    }
}

impl eframe::App for ApproxApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(plan) = &mut self.pictures.screenshot
            && plan.poll(ctx)
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.draw(ui);
        self.take_pictures(ui.ctx(), frame.wgpu_render_state());
        if let Some(mut plan) = self.pictures.screenshot.take() {
            if let Some((area, scale)) = plan.frame_drawn(ui.ctx()) {
                let picture = frame
                    .wgpu_render_state()
                    .ok_or_else(capture::no_gpu)
                    .and_then(|gpu| self.picture(ui.ctx(), gpu, area, scale));
                plan.deliver(picture);
            }
            self.pictures.screenshot = Some(plan);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.launch.ephemeral {
            return;
        }
        let state = self.kept_state();
        match self.launch.settings_file.as_mut() {
            Some(file) => {
                // an earlier version kept the settings in eframe's file: this one no longer reads them
                storage.remove_string(eframe::APP_KEY);
                if let Some(why) = file.save(&state) {
                    self.say_locally(Severity::Warning, why);
                }
            }
            None => eframe::set_value(storage, eframe::APP_KEY, &state),
        }
    }
}
