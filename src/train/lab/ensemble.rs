//! Ensembles in the live lab ("Seeds ×K"): a run made member 0 of K runs from the weight seeds s … s+K−1,
//! the others kept beside it in its `Member` and trained in lockstep on a pool of every core but the
//! window's, made with the first ensemble; back to a single run keeps member 0 as it is. One network is
//! edited by hand, not K: hand edits of an ensemble are refused with what to do.

use super::Lab;
use crate::train::ensemble::Ensemble;
use crate::train::message::Severity;
use crate::train::snapshot::RunId;
use std::sync::Arc;

impl Lab {
    /// Refuses a hand edit of run `i` when it is an ensemble (one network is edited by hand, not K);
    /// true when refused.
    pub(super) fn refuse_hand_edit_of_ensemble(&mut self, i: usize) -> bool {
        let k = self.members[i].members();
        if k > 1 {
            let who = self.who(i);
            self.say(
                Severity::Warning,
                format!(
                    "{who}an ensemble of {k} is not edited by hand: set Seeds × to 1 to edit member 0 \
                     alone"
                ),
            );
        }
        k > 1
    }

    /// Makes run `id` an ensemble of `members` (see [`Command::Ensemble`]), or a single run again.
    pub(super) fn ensemble(&mut self, id: RunId, members: usize) {
        let Some(i) = self.index(id) else { return };
        let data = Arc::clone(&self.data);
        let who = self.who(i);
        if members <= 1 {
            let m = &mut self.members[i];
            if m.others.is_empty() {
                return;
            }
            m.others.clear();
            m.touch();
            let seed = m.run.settings().seed;
            self.say(
                Severity::Info,
                format!("{who}a single run again: member 0 (weight seed {seed}) goes on"),
            );
            return;
        }
        let built = self.members[i]
            .run
            .settings()
            .clone()
            .check()
            .and_then(|s| Ensemble::new(&s, members, &data));
        let runs = match built {
            Ok(ensemble) => ensemble.into_runs(),
            Err(e) => {
                self.say(Severity::Warning, format!("{who}ensemble refused: {e}"));
                return;
            }
        };
        if self.pool.is_none() {
            match rayon::ThreadPoolBuilder::new()
                .num_threads(crate::sweep::threads_beside_the_window())
                .thread_name(|i| format!("approxlab-ensemble-{i}"))
                .build()
            {
                Ok(pool) => self.pool = Some(Arc::new(pool)),
                Err(e) => {
                    self.say(
                        Severity::Warning,
                        format!("cannot start the ensemble's threads: {e}"),
                    );
                    return;
                }
            }
        }
        let mut runs = runs.into_iter();
        let m = &mut self.members[i];
        if let Some(first) = runs.next() {
            m.run = first;
        }
        m.others = runs.collect();
        m.forget_trail();
        let seed = m.run.settings().seed;
        self.say(
            Severity::Info,
            format!(
                "{who}an ensemble of {members}: weight seeds {seed} to {}, trained together from step \
                 0; the fit shows their median and the band from the lowest to the highest (hover a \
                 member to see it)",
                seed + members as u64 - 1
            ),
        );
    }
}
