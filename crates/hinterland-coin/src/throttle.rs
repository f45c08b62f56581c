//! The report rate every solver backend promises its [`ProgressHook`]: the first call, then at
//! most one per [`ProgressHook::INTERVAL`]. Shared by the Clp and HiGHS callbacks.

use std::cell::Cell;
use std::time::Instant;

use hinterland_lp::{ProgressHook, SolverProgress};

/// A hook and when it was last called. Used from inside one solver run on one thread, so a
/// `Cell` is enough.
pub(crate) struct Throttled {
    hook: ProgressHook,
    last: Cell<Option<Instant>>,
}

impl Throttled {
    pub(crate) fn new(hook: ProgressHook) -> Self {
        Throttled { hook, last: Cell::new(None) }
    }

    /// Whether the hook asks the solver to stop (checked on every iteration, not throttled).
    pub(crate) fn stopped(&self) -> bool {
        self.hook.stopped()
    }

    /// Reports `progress` unless the hook was called less than an interval ago.
    pub(crate) fn report(&self, progress: &SolverProgress) {
        let now = Instant::now();
        if self.last.get().is_some_and(|t| now.duration_since(t) < ProgressHook::INTERVAL) {
            return;
        }
        self.last.set(Some(now));
        self.hook.report(progress);
    }
}
