//! Collects diagnostics, and keeps one broken file, or one huge value, from flooding the
//! report.

use std::fmt::Write as _;

use crate::codes;
use crate::diagnostic::{Diagnostic, Severity};

/// Problems shown per file; the rest are counted in one summary diagnostic. A million-row
/// table with one systematic mistake should give a readable report, not a million lines.
pub(crate) const SHOWN_PER_FILE: usize = 50;

/// Longest value shown in backticks; a longer one is cut and its length given.
const LONGEST_VALUE: usize = 60;

/// Longest message or help line; a longer one is cut. Values are cut first, so this only
/// bounds text such as a list of allowed values.
const LONGEST_TEXT: usize = 2000;

pub(crate) struct Sink {
    diagnostics: Vec<Diagnostic>,
    errors: usize,
    /// Per file, in the order files first had a problem.
    budgets: Vec<Budget>,
    /// Files with rows that could not be read: ids defined there may be missing.
    incomplete: Vec<String>,
}

struct Budget {
    file: String,
    errors: usize,
    shown: usize,
    hidden: usize,
    worst_hidden: Severity,
}

impl Sink {
    pub(crate) fn new(initial: &[Diagnostic]) -> Sink {
        let mut sink =
            Sink { diagnostics: Vec::new(), errors: 0, budgets: Vec::new(), incomplete: Vec::new() };
        for d in initial {
            sink.push(d.clone());
        }
        sink
    }

    /// Records a problem: shown if its file has shown fewer than [`SHOWN_PER_FILE`],
    /// otherwise counted in the file's summary. Long values in it are shortened.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        if d.is_error() {
            self.errors += 1;
        }
        let at = self.budgets.iter().position(|b| b.file == d.file).unwrap_or_else(|| {
            self.budgets.push(Budget {
                file: d.file.clone(),
                errors: 0,
                shown: 0,
                hidden: 0,
                worst_hidden: Severity::Warning,
            });
            self.budgets.len() - 1
        });
        let budget = &mut self.budgets[at];
        budget.errors += usize::from(d.is_error());
        if budget.shown >= SHOWN_PER_FILE {
            budget.hidden += 1;
            budget.worst_hidden = budget.worst_hidden.max(d.severity);
            return;
        }
        budget.shown += 1;
        self.diagnostics.push(shorten(d));
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// Notes that rows of `file` were skipped (a reported error): references to ids it
    /// lacks are then not reported, since a skipped row may define them.
    pub(crate) fn mark_incomplete(&mut self, file: &str) {
        if !self.is_incomplete(file) {
            self.incomplete.push(file.to_owned());
        }
    }

    pub(crate) fn is_incomplete(&self, file: &str) -> bool {
        self.incomplete.iter().any(|f| f == file)
    }

    /// Whether `file` has an error, shown or not.
    pub(crate) fn has_errors_in(&self, file: &str) -> bool {
        self.budgets.iter().any(|b| b.file == file && b.errors > 0)
    }

    /// The problems shown, then one summary per file with hidden ones.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        for budget in self.budgets.iter().filter(|b| b.hidden > 0) {
            let noun = if budget.hidden == 1 { "problem" } else { "problems" };
            self.diagnostics.push(
                Diagnostic::new(
                    codes::TOO_MANY,
                    budget.file.clone(),
                    format!("{} more {noun} in `{}` not shown", budget.hidden, budget.file),
                )
                .with_severity(budget.worst_hidden)
                .with_help("fix the problems shown first; the same mistake is often repeated on many rows"),
            );
        }
        self.diagnostics
    }
}

/// `d` with every value in backticks cut to [`LONGEST_VALUE`] characters (its length in
/// bytes given after it), and message, help and field cut to [`LONGEST_TEXT`].
fn shorten(mut d: Diagnostic) -> Diagnostic {
    d.message = shorten_text(&d.message);
    d.help = d.help.as_deref().map(shorten_text);
    d.field = d.field.as_deref().map(|f| cut(f, LONGEST_VALUE));
    d
}

pub(crate) fn shorten_text(text: &str) -> String {
    if text.len() <= LONGEST_VALUE {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len().min(LONGEST_TEXT + 8));
    let mut pending = None;
    // Odd parts are inside backticks.
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // The length of a cut value goes after its closing backtick.
        if let Some(len) = pending.take() {
            let _ = write!(out, " ({len} bytes)");
        }
        if i % 2 == 1 && part.chars().nth(LONGEST_VALUE).is_some() {
            out.push_str(&cut(part, LONGEST_VALUE));
            pending = Some(part.len());
        } else {
            out.push_str(part);
        }
    }
    cut(&out, LONGEST_TEXT)
}

/// `text`, or its first `max` characters and `…`.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
