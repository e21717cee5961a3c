//! The commands the window (and the tests, and the screenshot mode) send the live lab: one value per
//! thing a person can do, carried out in order by [`super::Lab::handle`].

use super::{RunId, SavedLab, Severity};
use crate::data::DataSettings;
use crate::train::{CheckedRun, SampledData};

/// What the window asks of the lab.
#[derive(Debug, Clone)]
pub enum Command {
    /// New data for every run (each keeps its weights): the settings and the points they sampled, sampled
    /// once by the sender (the window checks them before it shows them), never again here.
    Data(Box<SampledData>),
    /// New network and optimizer settings for one run: shape, init or seed
    /// re-initialise it, unless only the width changed and `keep_neurons` is set; anything else keeps
    /// its weights.
    Apply {
        /// Which run.
        run: RunId,
        /// Its new settings, checked where they were typed.
        settings: CheckedRun,
        /// Keep the neurons when only the width changes.
        keep_neurons: bool,
    },
    /// A new run with the same settings and initial weights as this one, from step 0.
    Compare(RunId),
    /// A new run that is this one now (weights, optimizer state, step, history): a branch.
    Branch(RunId),
    /// A new run from this one's initial weights with other settings (as Compare and then Apply: a
    /// different shape or seed draws its own weights).
    CompareWith {
        /// The run it starts from.
        from: RunId,
        /// Its settings, checked where they were typed.
        settings: CheckedRun,
    },
    /// Makes a run an ensemble of `members` runs from the weight seeds s … s+K−1 ("Seeds ×K"), trained
    /// together from step 0; 1 makes it a single run again (member 0 kept as it is).
    Ensemble {
        /// Which run.
        run: RunId,
        /// Members in all (1, or 2 … 32).
        members: usize,
    },
    /// Removes a run (never the last one).
    Remove(RunId),
    /// Removes every run but this one.
    KeepOnly(RunId),
    /// Weights set by hand for one run (a drag, a typed cell): training pauses, the optimizer starts
    /// afresh from them, and the loss plot marks the edit with `label`.
    SetWeights {
        /// Which run.
        run: RunId,
        /// Every parameter, in the network's order.
        params: Vec<f32>,
        /// What was done ("neuron 3 moved").
        label: String,
    },
    /// A new hidden neuron centred at x = `at` with zero outgoing weight (the fit does not jump).
    AddNeuron {
        /// Which run.
        run: RunId,
        /// Its centre −b/w.
        at: f64,
    },
    /// Every run's weights' seed plus one: new initial weights, still shared by runs of equal shape.
    Reseed,
    /// Everything the lab holds, written down, sent back on this channel (to save a session file).
    Capture(std::sync::mpsc::Sender<SavedLab>),
    /// Replaces the data and every run by a saved lab's (an opened session file), or says why not and
    /// keeps what is there.
    Open(Box<SavedLab>),
    /// Train continuously (runs that diverged go on from their restored weights).
    Play,
    /// Stop training.
    Pause,
    /// Pause, then run exactly this many steps (every run).
    Step(u64),
    /// Every run back to its initial weights, step 0.
    Reset,
    /// Steps per frame, or as many as fit in a frame's time when `max_speed`.
    Speed {
        /// Steps run per frame (1 … [`super::MAX_STEPS_PER_FRAME`]).
        steps_per_frame: u32,
        /// Ignore `steps_per_frame` and train as fast as the core allows.
        max_speed: bool,
    },
    /// A sentence from the window (a typed value brought within its range, a file that could not be
    /// read), said in order with the commands sent before it: a message those commands cause comes first
    /// and does not hide it.
    Note {
        /// How to show it.
        severity: Severity,
        /// The sentence.
        text: String,
    },
    /// Writes every run down under this number, before a change the window can undo.
    Checkpoint(u64),
    /// Brings every run back as [`Command::Checkpoint`] `token` wrote it down (shape, weights, optimizer,
    /// step, history), paused; `what` names the change undone in the message.
    RestoreCheckpoint {
        /// The checkpoint's number.
        token: u64,
        /// The change undone ("neuron 6 added").
        what: String,
    },
    /// Panics the training thread on purpose: the tests of the recovery send it (the window never does).
    #[doc(hidden)]
    InjectFault,
}

impl Command {
    /// New data for every run: checks `settings` and samples them, or says why they are refused (an
    /// expression that does not read, a function finite nowhere on the interval).
    pub fn data(settings: DataSettings) -> Result<Self, String> {
        Ok(Self::Data(Box::new(settings.sample()?)))
    }
}
