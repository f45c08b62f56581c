//! What is wrong with a scenario, and where.

use std::fmt;
use std::ops::Range;

use crate::codes::Code;

/// How bad a problem is. Errors stop the scenario from being planned; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a scenario: a stable code, a severity, a position and a message.
///
/// Positions refer to the file as it was read: `line` is 1-based, `span` is a byte range
/// into that file's text (see [`crate::ScenarioSource::file`]). `field` names the CSV
/// column or the TOML key (`calendar.step`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code such as `H0402`, listed in `docs/diagnostics.md` and [`crate::codes`].
    pub code: &'static str,
    pub severity: Severity,
    /// File name inside the scenario, e.g. `lanes.csv`.
    pub file: String,
    pub line: Option<usize>,
    pub field: Option<String>,
    pub span: Option<Range<usize>>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's severity and no position yet.
    pub fn new(code: Code, file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: code.code,
            severity: code.severity,
            file: file.into(),
            line: None,
            field: None,
            span: None,
            message: message.into(),
            help: None,
        }
    }

    #[must_use]
    pub fn with_line(mut self, line: usize) -> Diagnostic {
        self.line = Some(line);
        self
    }

    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>) -> Diagnostic {
        self.field = Some(field.into());
        self
    }

    #[must_use]
    pub fn with_span(mut self, span: Range<usize>) -> Diagnostic {
        self.span = Some(span);
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line`, or just `file` when the line is unknown.
    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.file),
            None => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One line, without a snippet: `error[H0402] lanes.csv:3 `to`: unknown node ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}] {}", self.severity, self.code, self.location())?;
        if let Some(field) = &self.field {
            write!(f, " `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}
