//! Where a scenario's text comes from: a folder on disk, or files held in memory (the
//! scenario embedded in the binary, tests).
//!
//! A source keeps each file's full text so that diagnostics can point at byte ranges in it
//! and the renderer can show snippets.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::schema::{self, SETTINGS_FILE};
use crate::suggest::closest;
use crate::workbook::CellMap;

/// The Markdown documents a scenario may carry beside its files, shown in reports and kept
/// in workbooks. They are background, never input: the reader does not look at them.
pub const DOCUMENTS: [&str; 3] = ["README.md", "SOURCES.md", "ASSUMPTIONS.md"];

/// A scenario's files in memory: file name → text, plus where they came from.
#[derive(Clone, Debug, Default)]
pub struct ScenarioSource {
    origin: String,
    files: BTreeMap<String, String>,
    /// [`DOCUMENTS`] that are present: name → Markdown.
    documents: BTreeMap<String, String>,
    /// Problems found while loading (unknown files, invalid UTF-8); reported by the reader.
    load_diagnostics: Vec<Diagnostic>,
    /// For a scenario read from a workbook: where each file's lines and columns came from.
    cells: Option<CellMap>,
}

/// Why a scenario folder could not be read at all. Problems with the contents of the files
/// are [`Diagnostic`]s instead.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("scenario folder `{}` cannot be read", path.display())]
    ReadDir {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("scenario file `{}` cannot be read", path.display())]
    ReadFile {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl ScenarioSource {
    /// Reads the files of the scenario format from a folder.
    ///
    /// Missing files are left out (the reader reports the required ones); other `*.csv`
    /// files get a warning; files that are not UTF-8 get an error.
    pub fn from_dir(path: impl AsRef<Path>) -> Result<ScenarioSource, SourceError> {
        let dir = path.as_ref();
        let entries =
            std::fs::read_dir(dir).map_err(|source| SourceError::ReadDir { path: dir.into(), source })?;
        let mut unknown = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| SourceError::ReadDir { path: dir.into(), source })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_csv = Path::new(&name).extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            if is_csv && !schema::is_known_file(&name) {
                unknown.push(name);
            }
        }
        unknown.sort();

        let mut source = ScenarioSource { origin: dir.display().to_string(), ..ScenarioSource::default() };
        let known = std::iter::once(SETTINGS_FILE).chain(schema::schema().iter().map(|t| t.name));
        for name in known {
            let file = dir.join(name);
            match std::fs::read(&file) {
                Ok(bytes) => source.insert_bytes(name, bytes),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(source) => return Err(SourceError::ReadFile { path: file, source }),
            }
        }
        for name in DOCUMENTS {
            // Documents are background: one that cannot be read is left out.
            if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
                source.documents.insert(name.to_owned(), text);
            }
        }
        for name in unknown {
            source.load_diagnostics.push(unknown_file(&name));
        }
        Ok(source)
    }

    /// A scenario from in-memory files. `origin` is shown to people, e.g.
    /// `<embedded:mali-2024>`. Files the format does not define get a warning.
    pub fn from_files<N, T>(
        origin: impl Into<String>,
        files: impl IntoIterator<Item = (N, T)>,
    ) -> ScenarioSource
    where
        N: Into<String>,
        T: Into<String>,
    {
        let mut source = ScenarioSource { origin: origin.into(), ..ScenarioSource::default() };
        for (name, text) in files {
            source.set_file(name, text);
        }
        source
    }

    fn insert_bytes(&mut self, name: &str, bytes: Vec<u8>) {
        match String::from_utf8(bytes) {
            Ok(text) => {
                self.files.insert(name.to_owned(), text);
            }
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let line = text[..at].bytes().filter(|b| *b == b'\n').count() + 1;
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                self.load_diagnostics.push(
                    Diagnostic::new(codes::NOT_UTF8, name, format!("`{name}` is not valid UTF-8"))
                        .with_line(line)
                        .with_span(at..end)
                        .with_help("save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"),
                );
                // Keep the text for the snippet; the reader skips files that failed to load.
                self.files.insert(name.to_owned(), text);
            }
        }
    }

    /// Adds or replaces a file. Names the format does not define are kept but get a warning.
    pub fn set_file(&mut self, name: impl Into<String>, text: impl Into<String>) {
        let name = name.into();
        if !schema::is_known_file(&name) && !self.files.contains_key(&name) {
            self.load_diagnostics.push(unknown_file(&name));
        }
        self.files.insert(name, text.into());
    }

    /// Removes a file; returns its text.
    pub fn remove_file(&mut self, name: &str) -> Option<String> {
        self.files.remove(name)
    }

    /// Where the scenario came from: a folder path or a label such as `<embedded:mali-2024>`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The text of a file, if the scenario has it.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }

    /// All files, by name.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(n, t)| (n.as_str(), t.as_str()))
    }

    /// Problems found while loading the files.
    pub fn load_diagnostics(&self) -> &[Diagnostic] {
        &self.load_diagnostics
    }

    /// The scenario's [`DOCUMENTS`] that are present, by name.
    pub fn documents(&self) -> impl Iterator<Item = (&str, &str)> {
        self.documents.iter().map(|(n, t)| (n.as_str(), t.as_str()))
    }

    /// Adds or replaces a document (`README.md`, `SOURCES.md`, `ASSUMPTIONS.md`); other
    /// names are ignored.
    pub fn set_document(&mut self, name: &str, text: impl Into<String>) {
        if DOCUMENTS.contains(&name) {
            self.documents.insert(name.to_owned(), text.into());
        }
    }

    /// Whether the scenario was read from a workbook (its diagnostics name sheets and cells).
    pub fn is_workbook(&self) -> bool {
        self.cells.is_some()
    }

    pub(crate) fn set_cells(&mut self, cells: CellMap) {
        self.cells = Some(cells);
    }

    pub(crate) fn push_load_diagnostic(&mut self, d: Diagnostic) {
        self.load_diagnostics.push(d);
    }

    /// Diagnostics of a scenario read from a workbook, moved to their sheets and cells.
    pub(crate) fn relocate(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        match &self.cells {
            Some(cells) => cells.relocate(diagnostics),
            None => diagnostics,
        }
    }

    /// Whether the file could not be decoded and must not be parsed.
    pub(crate) fn is_unreadable(&self, name: &str) -> bool {
        self.load_diagnostics.iter().any(|d| d.code == codes::NOT_UTF8.code && d.file == name)
    }
}

fn unknown_file(name: &str) -> Diagnostic {
    let known = std::iter::once(SETTINGS_FILE).chain(schema::schema().iter().map(|t| t.name));
    let help = match closest(name, known) {
        Some(guess) => format!("did you mean `{guess}`? the file is ignored"),
        None => "the file is ignored; the format's files are listed in docs/scenario-format.md".to_owned(),
    };
    Diagnostic::new(codes::UNKNOWN_FILE, name, format!("unknown file `{name}`")).with_help(help)
}
