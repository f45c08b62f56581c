//! Rendering diagnostics for people: a header with code, `file:line` and field, then the
//! message, a source snippet and the help line, drawn by miette.

use std::fmt::{self, Write as _};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::ScenarioSource;

/// Width the renderer wraps text at; fixed so that output does not depend on the terminal.
const WIDTH: usize = 100;

/// Longest line drawn in a snippet: a snippet of a longer one (a 10 MB id) would print the
/// whole line, so the diagnostic is shown without a snippet.
const LONGEST_LINE: usize = 500;

/// Renders diagnostics with source snippets, separated by blank lines.
///
/// With `color` false the output is plain Unicode without escape codes, stable enough to
/// snapshot; the caller decides colour (and should honour `NO_COLOR`).
pub fn render_diagnostics(diagnostics: &[Diagnostic], source: &ScenarioSource, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler =
        GraphicalReportHandler::new_themed(theme).with_width(WIDTH).with_links(false).with_urls(false);
    let mut out = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&header(d));
        out.push('\n');
        // A workbook's problem is shown at its cell: the text made from the sheet is not
        // what the user edits, so it is not drawn.
        let snippet = d.span.as_ref().filter(|_| d.cell.is_none()).and_then(|span| {
            let text = source.file(&d.file)?;
            Window::new(&d.file, text, span.start, span.end, d.line)
        });
        let report = Report { diagnostic: d, snippet };
        if handler.render_report(&mut out, &report).is_err() {
            // A snippet that cannot be drawn must not hide the problem itself.
            let plain = Report { diagnostic: d, snippet: None };
            let _ = handler.render_report(&mut out, &plain);
        }
    }
    out
}

/// `error[H0402]: lanes.csv:3, field `to``.
fn header(d: &Diagnostic) -> String {
    let mut s = format!("{}[{}]: {}", d.severity, d.code, d.location());
    if let Some(field) = &d.field {
        let _ = write!(s, ", field `{field}`");
    }
    s
}

struct Report<'a> {
    diagnostic: &'a Diagnostic,
    snippet: Option<Window<'a>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.as_ref().map(|w| w as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let w = self.snippet.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(None, (w.span_start, w.span_len)))))
    }
}

/// The part of a file around a span, so that drawing a snippet reads a few lines instead of
/// scanning a large file from its start. Offsets stay those of the whole file.
struct Window<'a> {
    name: &'a str,
    /// The file from the start of the window on.
    rest: &'a str,
    /// Byte offset of `rest` in the file.
    start: usize,
    /// 0-based line number of `rest`'s first line.
    first_line: usize,
    span_start: usize,
    span_len: usize,
}

impl<'a> Window<'a> {
    /// `None` when the span does not fit the text (a diagnostic made for another version
    /// of the file). `line` is the 1-based line of `start` when known, which saves counting
    /// the lines of a large file from its beginning.
    fn new(
        name: &'a str,
        text: &'a str,
        start: usize,
        end: usize,
        line: Option<usize>,
    ) -> Option<Window<'a>> {
        if start > end || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return None;
        }
        // One line of context before the span's line, as the handler shows.
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let window_start =
            if line_start == 0 { 0 } else { text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1) };
        // The lines drawn: the one before, the span's, and the one after.
        let after = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        let window_end = text[after..].find('\n').map_or(text.len(), |i| after + i);
        if text[window_start..window_end].split('\n').any(|l| l.len() > LONGEST_LINE) {
            return None;
        }
        let first_line = match line {
            Some(line) => {
                line.saturating_sub(1).saturating_sub(text[window_start..start].matches('\n').count())
            }
            None => text[..window_start].matches('\n').count(),
        };
        Some(Window {
            name,
            rest: &text[window_start..],
            start: window_start,
            first_line,
            span_start: start,
            span_len: end - start,
        })
    }
}

impl SourceCode for Window<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let offset = span.offset().checked_sub(self.start).ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new(offset.into(), span.len());
        let contents = self.rest.read_span(&local, context_lines_before, context_lines_after)?;
        let shifted = SourceSpan::new((contents.span().offset() + self.start).into(), contents.span().len());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            contents.data(),
            shifted,
            contents.line() + self.first_line,
            contents.column(),
            contents.line_count(),
        )))
    }
}
