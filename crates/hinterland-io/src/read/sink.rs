//! Collects diagnostics, and keeps one broken file from flooding the report.

use crate::codes;
use crate::diagnostic::{Diagnostic, Severity};

/// Problems shown per file; the rest are counted in one summary diagnostic. A million-row
/// table with one systematic mistake should give a readable report, not a million lines.
const SHOWN_PER_FILE: usize = 50;

pub(crate) struct Sink {
    diagnostics: Vec<Diagnostic>,
    errors: usize,
    budget: Option<Budget>,
}

struct Budget {
    file: &'static str,
    shown: usize,
    hidden: usize,
    worst_hidden: Severity,
}

impl Sink {
    pub(crate) fn new(initial: &[Diagnostic]) -> Sink {
        let mut sink = Sink { diagnostics: Vec::new(), errors: 0, budget: None };
        for d in initial {
            sink.push(d.clone());
        }
        sink
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        if d.is_error() {
            self.errors += 1;
        }
        if let Some(budget) = self.budget.as_mut().filter(|b| b.file == d.file) {
            if budget.shown >= SHOWN_PER_FILE {
                budget.hidden += 1;
                budget.worst_hidden = budget.worst_hidden.max(d.severity);
                return;
            }
            budget.shown += 1;
        }
        self.diagnostics.push(d);
    }

    /// Starts limiting the diagnostics shown for `file`.
    pub(crate) fn begin_file(&mut self, file: &'static str) {
        self.end_file();
        self.budget = Some(Budget { file, shown: 0, hidden: 0, worst_hidden: Severity::Warning });
    }

    /// Stops limiting, and summarises what was hidden.
    pub(crate) fn end_file(&mut self) {
        if let Some(budget) = self.budget.take().filter(|b| b.hidden > 0) {
            let noun = if budget.hidden == 1 { "problem" } else { "problems" };
            self.diagnostics.push(
                Diagnostic::new(
                    codes::TOO_MANY,
                    budget.file,
                    format!("{} more {noun} in `{}` not shown", budget.hidden, budget.file),
                )
                .with_severity(budget.worst_hidden)
                .with_help("fix the problems shown first; the same mistake is often repeated on many rows"),
            );
        }
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.errors > 0
    }

    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        self.end_file();
        self.diagnostics
    }
}
