//! The lab's side of the window's undo: before a change the window can take back (a neuron added, weights
//! set by hand, a run removed, the others removed, the defaults, a new shape), it asks the lab to write
//! every run down under a number; undo brings the runs back from that number exactly — shape, weights,
//! optimizer state, step and loss history — on the data in force. The lab keeps the newest checkpoints
//! only, within [`MAX_CHECKPOINTS`] and [`MAX_CHECKPOINT_BYTES`], so large networks cannot fill memory.

use super::member::Member;
use super::{Lab, MAX_RUNS};
use crate::train::message::Severity;
use crate::train::run::RunState;
use crate::train::snapshot::RunId;
use std::collections::VecDeque;

/// Most checkpoints kept (the oldest goes first).
pub const MAX_CHECKPOINTS: usize = 64;
/// Most bytes of weights and optimizer state the checkpoints may hold together.
pub const MAX_CHECKPOINT_BYTES: usize = 256 << 20;

/// Every run as it was, with its id and colour.
#[derive(Debug)]
pub(super) struct Checkpoint {
    token: u64,
    runs: Vec<(RunId, usize, RunState)>,
    bytes: usize,
}

/// The checkpoints kept, oldest first.
#[derive(Debug, Default)]
pub(super) struct Checkpoints(VecDeque<Checkpoint>);

/// The bytes a run's state holds, roughly (its vectors of f64), with its ensemble's other members.
fn state_bytes(state: &RunState) -> usize {
    let params = state.params.len();
    // initial, now, last good, best, and up to two optimizer moments; the loss history is bounded
    let own = params * 8 * 6 + (64 << 10);
    own + state.ensemble.iter().map(state_bytes).sum::<usize>()
}

impl Lab {
    /// Writes every run down under `token` (the window's undo step), dropping the oldest checkpoints
    /// beyond the limits.
    pub(super) fn checkpoint(&mut self, token: u64) {
        let runs: Vec<(RunId, usize, RunState)> = self
            .members
            .iter()
            .map(|m| (m.id, m.colour, m.state()))
            .collect();
        let bytes = runs.iter().map(|(_, _, s)| state_bytes(s)).sum();
        let kept = &mut self.checkpoints.0;
        kept.push_back(Checkpoint { token, runs, bytes });
        while kept.len() > MAX_CHECKPOINTS
            || (kept.len() > 1
                && kept.iter().map(|c| c.bytes).sum::<usize>() > MAX_CHECKPOINT_BYTES)
        {
            kept.pop_front();
        }
    }

    /// Brings every run back as checkpoint `token` wrote it down (`what` names the change undone), paused;
    /// says why not, changing nothing, when the checkpoint is gone or does not fit the data in force.
    pub(super) fn restore_checkpoint(&mut self, token: u64, what: &str) {
        let Some(at) = self.checkpoints.0.iter().position(|c| c.token == token) else {
            self.say(
                Severity::Warning,
                format!(
                    "cannot undo {what}: it is older than the last {MAX_CHECKPOINTS} changes the undo \
                     memory holds"
                ),
            );
            return;
        };
        // this one and every newer one are spent: undo goes back in order
        let checkpoint = self.checkpoints.0.drain(at..).next();
        let Some(checkpoint) = checkpoint else { return };
        let mut members = Vec::with_capacity(checkpoint.runs.len());
        for (id, colour, state) in checkpoint.runs {
            match Member::restore(id, colour % MAX_RUNS, state, &self.data) {
                Ok(member) => members.push(member),
                Err(e) => {
                    self.say(
                        Severity::Warning,
                        format!("cannot undo {what}: the runs as they were do not fit the data now ({e})"),
                    );
                    return;
                }
            }
        }
        if members.is_empty() {
            return;
        }
        self.running = false;
        self.members = members;
        self.rename();
        self.say(
            Severity::Info,
            format!("undone: {what} (training paused; Play trains on from here)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::{Command, Settings};

    fn lab() -> Lab {
        let mut settings = Settings::default();
        settings.net.width = 5;
        Lab::new(settings)
    }

    #[test]
    fn undo_of_an_added_neuron_brings_back_the_shape_and_the_weights_bit_for_bit() {
        let mut lab = lab();
        lab.handle(Command::Step(20));
        let id = lab.run_ids()[0];
        let before = lab.saved().runs[0].clone();
        lab.handle(Command::Checkpoint(1));
        lab.handle(Command::AddNeuron { run: id, at: 0.5 });
        assert_eq!(lab.saved().runs[0].settings.net.width, 6);
        lab.handle(Command::Step(5));
        lab.handle(Command::RestoreCheckpoint {
            token: 1,
            what: "neuron added".into(),
        });
        let after = lab.saved().runs[0].clone();
        assert_eq!(after.settings.net.width, 5);
        assert_eq!(after.params, before.params);
        assert_eq!(after.step, before.step);
        assert_eq!(after.optimizer, before.optimizer);
        assert_eq!(lab.run_ids(), vec![id]);
    }

    #[test]
    fn undo_of_a_removed_run_brings_it_back_with_its_id_and_steps() {
        let mut lab = lab();
        lab.handle(Command::Compare(0));
        lab.handle(Command::Step(7));
        let ids = lab.run_ids();
        lab.handle(Command::Checkpoint(9));
        lab.handle(Command::Remove(ids[1]));
        assert_eq!(lab.run_ids().len(), 1);
        lab.handle(Command::RestoreCheckpoint {
            token: 9,
            what: "run 2 removed".into(),
        });
        assert_eq!(lab.run_ids(), ids);
        assert!(lab.saved().runs.iter().all(|r| r.step == 7));
    }

    #[test]
    fn a_checkpoint_that_is_gone_is_refused_and_nothing_changes() {
        let mut lab = lab();
        let before = lab.saved();
        lab.handle(Command::RestoreCheckpoint {
            token: 3,
            what: "neuron added".into(),
        });
        assert_eq!(lab.saved(), before);
        let said = lab
            .snapshot()
            .message
            .clone()
            .map(|m| m.text)
            .unwrap_or_default();
        assert!(said.contains("cannot undo neuron added"), "{said}");
    }

    #[test]
    fn the_store_keeps_the_newest_checkpoints_only() {
        let mut lab = lab();
        for token in 0..(MAX_CHECKPOINTS as u64 + 10) {
            lab.handle(Command::Checkpoint(token));
        }
        assert_eq!(lab.checkpoints.0.len(), MAX_CHECKPOINTS);
        assert_eq!(lab.checkpoints.0[0].token, 10);
    }
}
