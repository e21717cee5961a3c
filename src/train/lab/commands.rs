//! How the lab carries out each command, and what it says about it.

use super::member::Member;
use super::{Command, Lab, MAX_RUNS, MAX_STEPS_PER_FRAME, data_view};
use crate::data::{DataSettings, Dataset};
use crate::train::checked::CheckedRun;
use crate::train::data::Data;
use crate::train::describe;
use crate::train::ensemble::{self, Ensemble};
use crate::train::message::Severity;
use crate::train::run::{Change, Halt, Run};
use crate::train::snapshot::RunId;
use std::sync::Arc;

impl Lab {
    /// Carries out one command.
    pub fn handle(&mut self, command: Command) {
        self.handled += 1;
        match command {
            Command::Data(sampled) => {
                let (settings, sampled) = sampled.into_parts();
                self.set_data(settings, sampled);
            }
            Command::Apply {
                run,
                settings,
                keep_neurons,
            } => self.apply(run, settings, keep_neurons),
            Command::Compare(run) => {
                self.compare(run);
            }
            Command::Branch(run) => self.branch(run),
            Command::CompareWith { from, settings } => {
                if let Some(id) = self.compare(from) {
                    self.apply(id, settings, false);
                }
            }
            Command::Ensemble { run, members } => self.ensemble(run, members),
            Command::Remove(run) => self.remove(run),
            Command::KeepOnly(run) => self.keep_only(run),
            Command::Reseed => self.reseed(),
            Command::Capture(reply) => {
                let _ = reply.send(self.saved());
            }
            Command::Open(saved) => self.open(&saved),
            Command::Note { severity, text } => self.say(severity, text),
            Command::InjectFault => panic!("a fault injected on purpose"),
            Command::SetWeights { run, params, label } => self.set_weights(run, &params, label),
            Command::AddNeuron { run, at } => self.add_neuron(run, at),
            Command::Checkpoint(token) => self.checkpoint(token),
            Command::RestoreCheckpoint { token, what } => self.restore_checkpoint(token, &what),
            Command::Play => self.play(),
            Command::Pause => {
                self.running = false;
                // views drawn while training may hold breakpoints found a moment earlier
                for m in &mut self.members {
                    m.touch();
                }
            }
            Command::Step(n) => {
                self.running = false;
                self.resume_all();
                self.run_all(n);
            }
            Command::Reset => {
                let data = Arc::clone(&self.data);
                for m in &mut self.members {
                    m.run.reset(&data);
                    for other in &mut m.others {
                        other.reset(&data);
                    }
                    m.forget_trail();
                }
                let what = if self.members.len() > 1 {
                    "every run reset to its initial weights (step 0)"
                } else {
                    "reset to the same initial weights (step 0)"
                };
                self.say(Severity::Info, what.into());
            }
            Command::Speed {
                steps_per_frame,
                max_speed,
            } => {
                self.steps_per_frame = steps_per_frame.clamp(1, MAX_STEPS_PER_FRAME);
                self.max_speed = max_speed;
            }
        }
        self.forget_stale_message();
    }

    /// Lifts every divergence halt (the runs go on from their restored weights); true if there was one.
    fn resume_all(&mut self) -> bool {
        let mut any = false;
        for m in &mut self.members {
            for other in &mut m.others {
                other.resume();
            }
            if m.run.resume() {
                m.touch();
                any = true;
            }
        }
        any
    }

    /// Play: runs that diverged go on from their restored weights; if every run has converged, says why
    /// nothing would change.
    fn play(&mut self) {
        if self.resume_all() {
            self.say(Severity::Info, "going on from the restored weights".into());
        }
        if self.members.iter().any(|m| m.run.halt().is_none()) {
            self.running = true;
            return;
        }
        let h = self.members[0].run.halt();
        if let Some(h) = h {
            let who = self.who(0);
            self.say(
                Severity::Warning,
                format!("{who}{h}; change a setting or press Reset to go on"),
            );
            self.message_halt = Some(self.members[0].id);
        }
    }

    fn set_data(&mut self, settings: DataSettings, sampled: Dataset) {
        if settings == self.data_view.settings {
            return;
        }
        let data = Data::from_dataset(sampled);
        let (fields, label) = describe::kept_data(&self.data_view.settings, &settings);
        for m in &mut self.members {
            m.run.set_data(&data);
            for other in &mut m.others {
                other.set_data(&data);
            }
            m.mark_change(&fields, label.clone());
            m.forget_trail();
        }
        self.data_view = Arc::new(data_view(&data.dataset, &settings));
        self.data = data;
        self.say(
            Severity::Info,
            "data changed: the network keeps its weights and adapts".into(),
        );
    }

    /// The place of run `id` in the list, if it is there.
    pub(super) fn index(&self, id: RunId) -> Option<usize> {
        self.members.iter().position(|m| m.id == id)
    }

    fn apply(&mut self, id: RunId, settings: CheckedRun, keep_neurons: bool) {
        let Some(i) = self.index(id) else { return };
        let data = Arc::clone(&self.data);
        let m = &mut self.members[i];
        let before = m.run.settings().clone();
        let diverged = match m.run.halt() {
            Some(Halt::Diverged { restored_step, .. }) => Some(restored_step),
            _ => None,
        };
        let outcome = m.run.apply(settings.clone(), &data, keep_neurons);
        if outcome.is_ok() {
            // the other members follow, each with its own seed
            for (k, other) in m.others.iter_mut().enumerate() {
                let theirs = ensemble::member_settings(&settings, k + 1)
                    .and_then(|s| other.apply(s, &data, keep_neurons));
                if let Err(e) = theirs {
                    self.say(
                        Severity::Warning,
                        format!("member {} of the ensemble: {e}", k + 1),
                    );
                    break;
                }
            }
        }
        let m = &mut self.members[i];
        m.touch();
        self.rename();
        let who = self.who(i);
        let m = &mut self.members[i];
        match outcome {
            Ok(Change::Reinitialised) => {
                m.forget_trail();
                let after = m.run.settings();
                let what = describe::reinit(&before, after);
                // the draw depends on the shape, the init and the seed, not on the activation
                let same_draw = (
                    before.net.depth,
                    before.net.width,
                    before.net.init,
                    before.seed,
                ) == (after.net.depth, after.net.width, after.net.init, after.seed);
                let weights = if same_draw {
                    "the same initial weights"
                } else {
                    "new initial weights"
                };
                self.say(
                    Severity::Info,
                    format!("{who}{what}: {weights}, back to step 0"),
                );
            }
            Ok(Change::Resized(note)) => {
                m.run
                    .mark(format!("width {}", m.run.settings().net.width), false);
                self.say(Severity::Info, format!("{who}{note}"));
            }
            Ok(Change::KeptWeights) => {
                let (fields, label) = describe::kept_training(&before, m.run.settings());
                m.mark_change(&fields, label.clone());
                if let Some(step) = diverged {
                    self.say(
                        Severity::Info,
                        format!(
                            "{who}{label}: press Play to go on from the weights of step {step}, \
                             restored after the divergence"
                        ),
                    );
                }
            }
            Ok(Change::Unchanged) => {}
            Err(e) => self.say(Severity::Warning, format!("{who}setting refused: {e}")),
        }
    }

    /// Adds a copy of run `id` (same settings, same initial weights, step 0); returns the new run's id.
    fn compare(&mut self, id: RunId) -> Option<RunId> {
        let i = self.index(id)?;
        if !self.room_for_another("compare") {
            return None;
        }
        let source = &self.members[i].run;
        let run = match Run::assemble(
            source.settings().clone(),
            &self.data,
            source.initial_mlp().clone(),
        ) {
            Ok(run) => run,
            Err(e) => {
                self.say(Severity::Warning, format!("cannot compare: {e}"));
                return None;
            }
        };
        let (new_id, n) = self.push_run(run);
        self.say(
            Severity::Info,
            format!(
                "run {n} added: the same settings and initial weights as run {}, from step 0. Change \
                 its settings to compare; Reset restarts every run together",
                i + 1
            ),
        );
        Some(new_id)
    }

    /// A new run that is this one now: its weights, optimizer state, step and history, so only what
    /// happens from here on differs.
    fn branch(&mut self, id: RunId) {
        let Some(i) = self.index(id) else { return };
        if !self.room_for_another("branch") {
            return;
        }
        let source = &self.members[i].run;
        let step = source.step();
        let run = match Run::restore(source.state(), &self.data) {
            Ok(run) => run,
            Err(e) => {
                self.say(Severity::Warning, format!("cannot branch: {e}"));
                return;
            }
        };
        let (_, n) = self.push_run(run);
        self.say(
            Severity::Info,
            format!(
                "run {n} branched from run {} at step {step}: the same weights and optimizer state, so \
                 only what you change from here on differs",
                i + 1
            ),
        );
    }

    /// Whether another run fits beside these ([`MAX_RUNS`] at most); says why not (`to` names what was
    /// asked: "compare", "branch").
    fn room_for_another(&mut self, to: &str) -> bool {
        let room = self.members.len() < MAX_RUNS;
        if !room {
            self.say(
                Severity::Warning,
                format!("at most {MAX_RUNS} runs at once: remove one to {to} another"),
            );
        }
        room
    }

    /// Adds `run` last, in the first colour no run has, under a new id; returns the id and the number of
    /// runs now.
    fn push_run(&mut self, run: Run<f32>) -> (RunId, usize) {
        let colour = (0..MAX_RUNS)
            .find(|c| self.members.iter().all(|m| m.colour != *c))
            .unwrap_or(0);
        let new_id = self.next_id;
        self.next_id += 1;
        self.members.push(Member::new(new_id, colour, run));
        self.rename();
        (new_id, self.members.len())
    }

    fn remove(&mut self, id: RunId) {
        let Some(i) = self.index(id) else { return };
        if self.members.len() == 1 {
            self.say(Severity::Warning, "the last run cannot be removed".into());
            return;
        }
        let title = crate::train::snapshot::run_title(i, &self.members[i].name);
        self.members.remove(i);
        self.rename();
        self.say(Severity::Info, format!("{title} removed"));
        if self.members.iter().all(|m| m.run.halt().is_some()) {
            self.running = false;
        }
    }

    fn keep_only(&mut self, id: RunId) {
        let Some(i) = self.index(id) else { return };
        if self.members.len() == 1 {
            return;
        }
        let kept = self.members.swap_remove(i);
        self.members = vec![kept];
        self.rename();
        self.say(Severity::Info, "the other runs were removed".into());
    }

    fn set_weights(&mut self, id: RunId, params: &[f32], label: String) {
        let Some(i) = self.index(id) else { return };
        if self.refuse_hand_edit_of_ensemble(i) {
            return;
        }
        let data = Arc::clone(&self.data);
        let was_running = self.running;
        self.running = false;
        let m = &mut self.members[i];
        match m.run.set_params(params, &data) {
            Ok(()) => {
                let merge = m.mark_change(&label, label.clone());
                m.touch();
                if was_running || !merge {
                    let who = self.who(i);
                    self.say(
                        Severity::Info,
                        format!("{who}{label} by hand; training paused (Play trains on from here)"),
                    );
                }
            }
            Err(e) => self.say(Severity::Warning, format!("weights refused: {e}")),
        }
    }

    fn add_neuron(&mut self, id: RunId, at: f64) {
        let Some(i) = self.index(id) else { return };
        if self.refuse_hand_edit_of_ensemble(i) {
            return;
        }
        let data = Arc::clone(&self.data);
        let m = &mut self.members[i];
        // as steep as a typical neuron of this layer
        let mut slopes: Vec<f64> = m.run.mlp().params()[..m.run.settings().net.width]
            .iter()
            .map(|w| f64::from(w.abs()))
            .filter(|w| *w > 0.0)
            .collect();
        slopes.sort_by(f64::total_cmp);
        let w = slopes.get(slopes.len() / 2).copied().unwrap_or(1.0);
        match m.run.add_neuron(at, w, &data) {
            Ok(n) => {
                m.run.mark(format!("neuron {n} added"), false);
                m.touch();
                self.rename();
                let who = self.who(i);
                self.say(
                    Severity::Info,
                    format!(
                        "{who}neuron {n} added at x = {at:.2} with zero outgoing weight (the fit is unchanged): \
                         drag its piece up or down in the contributions plot"
                    ),
                );
            }
            Err(e) => self.say(Severity::Warning, e),
        }
    }

    fn reseed(&mut self) {
        let data = Arc::clone(&self.data);
        let mut failed = None;
        for m in &mut self.members {
            let mut next = m.run.settings().clone();
            next.seed = next.seed.wrapping_add(1) % (crate::limits::SEED.max as u64 + 1);
            let rebuilt = next.check().and_then(|next| {
                let others = Ensemble::members_from(&next, 1..m.members(), &data)?;
                Ok((Run::new(next, &data), others.into_runs()))
            });
            match rebuilt {
                Ok((run, others)) => {
                    m.run = run;
                    m.others = others;
                    m.forget_trail();
                }
                Err(e) => failed = Some(e),
            }
        }
        self.rename();
        let seed = self.members[0].run.settings().seed;
        match failed {
            Some(e) => self.say(Severity::Warning, format!("reseed refused: {e}")),
            None => self.say(
                Severity::Info,
                format!("weights' seed {seed}: new initial weights, back to step 0"),
            ),
        }
    }
}
