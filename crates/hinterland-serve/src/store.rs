//! The scenarios a server holds, each under an id the server assigned, with its files
//! mirrored into `WORKDIR/ID/` after every change. A request names a scenario only by id,
//! checked against [`valid_id`] and looked up in the store: no request ever names a path.
//!
//! Each scenario is validated on every change ([`Checked`]), so the diagnostics the page
//! shows are always those of the files as they are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use hinterland_io::{Diagnostic, ScenarioSource, Severity, Validated, validate};
use hinterland_model::{Scenario, Variant};

use crate::{BACKENDS, ServeError, Shipped};

/// Whether `id` can be a scenario, job or plan id: 1 to 64 of `a-z`, `0-9` and `-`, not
/// starting with `-`. Everything else (`..`, `/`, `%2F`) is refused before any lookup.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && !id.starts_with('-')
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A scenario validated as `check` does.
#[derive(Debug)]
pub struct Checked {
    pub scenario: Option<Scenario>,
    pub variants: Vec<Variant>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    fn of(source: &ScenarioSource) -> Checked {
        let Validated { scenario, variants, diagnostics } = validate(source, BACKENDS);
        Checked { scenario, variants, diagnostics }
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }
}

/// One scenario being worked on.
#[derive(Debug)]
pub struct Workspace {
    pub id: String,
    pub source: ScenarioSource,
    /// Counts changes; a plan records the revision it was made from.
    pub revision: u64,
    pub checked: Arc<Checked>,
    /// Declared variants switched on for the next plan.
    pub enabled: BTreeSet<String>,
    /// Edits in the variant grammar added in the page, applied after the enabled variants.
    pub edits: Vec<String>,
    /// The scenario as opened, whose plan every re-plan of this workspace starts from.
    pub reference: Arc<Reference>,
    dir: PathBuf,
}

/// A workspace's scenario as it was opened, and the bases of its plan once made: each
/// re-plan of an edited copy starts its steps from them (`hinterland_plan::run::bases`),
/// which takes a fraction of a cold plan's simplex iterations. The reference never changes
/// with edits, so a plan depends only on the scenario as opened and as planned, never on
/// the order plans were asked for.
#[derive(Debug)]
pub struct Reference {
    /// `None` when the scenario had errors as opened: then every plan starts cold.
    pub scenario: Option<Scenario>,
    pub bases: std::sync::OnceLock<Option<Arc<hinterland_plan::StepBases>>>,
}

impl Workspace {
    /// The scenario's name from its settings, else its id.
    pub fn name(&self) -> String {
        self.checked.scenario.as_ref().map_or_else(|| self.id.clone(), |s| s.name.clone())
    }

    /// Replaces a file's text, re-validates, and writes the file to the working folder.
    pub fn set_file(&mut self, name: &str, text: String) -> std::io::Result<()> {
        std::fs::write(self.dir.join(name), &text)?;
        if self.source.is_workbook() {
            // The workbook's cells no longer match the edited text: from now on the scenario
            // is its files, located by file, line and table row.
            let mut plain = ScenarioSource::from_files(self.source.origin(), self.source.files());
            for (n, t) in self.source.documents() {
                plain.set_document(n, t);
            }
            self.source = plain;
        }
        self.source.set_file(name, text);
        self.revision += 1;
        self.checked = Arc::new(Checked::of(&self.source));
        // Variants that are no longer declared cannot stay on.
        let declared: BTreeSet<&str> = self.checked.variants.iter().map(|v| v.name.as_str()).collect();
        self.enabled.retain(|n| declared.contains(n.as_str()) || self.checked.scenario.is_none());
        Ok(())
    }

    /// Records a change that is not in the files (variants, edits): plans made before are
    /// of another revision.
    pub fn touch(&mut self) {
        self.revision += 1;
    }
}

/// The server's scenarios.
pub struct Store {
    workdir: PathBuf,
    scenarios: Mutex<BTreeMap<String, Arc<Mutex<Workspace>>>>,
    /// Ids handed out so far to uploads (`upload-1`, ...).
    uploads: Mutex<u64>,
    limit: usize,
}

/// Locks, taking over a lock whose holder panicked (the data is whole: every change is a
/// single assignment after the work that can fail).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Why a scenario cannot be added.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("the server holds {limit} scenarios already")]
    Full { limit: usize },
    #[error("cannot write the scenario to the working folder")]
    Write(#[source] std::io::Error),
}

impl Store {
    /// Opens the store with the shipped scenarios, writing each to its folder.
    pub fn open(workdir: &Path, shipped: Vec<Shipped>, limit: usize) -> Result<Store, ServeError> {
        let workdir_error = |source| ServeError::Workdir { path: workdir.to_owned(), source };
        std::fs::create_dir_all(workdir).map_err(workdir_error)?;
        let store =
            Store { workdir: workdir.to_owned(), scenarios: Mutex::default(), uploads: Mutex::new(0), limit };
        for s in shipped {
            if !valid_id(&s.id) {
                return Err(ServeError::BadId { id: s.id });
            }
            store.insert(s.id, s.source).map_err(|e| match e {
                AddError::Write(source) => workdir_error(source),
                AddError::Full { .. } => workdir_error(std::io::Error::other(e.to_string())),
            })?;
        }
        Ok(store)
    }

    fn insert(&self, id: String, source: ScenarioSource) -> Result<Arc<Mutex<Workspace>>, AddError> {
        // Validated before the store is locked: other requests go on meanwhile.
        let checked = Arc::new(Checked::of(&source));
        let mut all = lock(&self.scenarios);
        if all.len() >= self.limit {
            return Err(AddError::Full { limit: self.limit });
        }
        let dir = self.workdir.join(&id);
        std::fs::create_dir_all(&dir).map_err(AddError::Write)?;
        for (name, text) in source.files().chain(source.documents()) {
            std::fs::write(dir.join(name), text).map_err(AddError::Write)?;
        }
        let reference =
            Arc::new(Reference { scenario: checked.scenario.clone(), bases: std::sync::OnceLock::new() });
        let w = Workspace {
            id: id.clone(),
            source,
            revision: 0,
            reference,
            checked,
            enabled: BTreeSet::new(),
            edits: Vec::new(),
            dir,
        };
        let w = Arc::new(Mutex::new(w));
        all.insert(id, Arc::clone(&w));
        Ok(w)
    }

    /// Adds an uploaded scenario under a new id.
    pub fn add_upload(&self, source: ScenarioSource) -> Result<Arc<Mutex<Workspace>>, AddError> {
        let n = {
            let mut n = lock(&self.uploads);
            *n += 1;
            *n
        };
        self.insert(format!("upload-{n}"), source)
    }

    /// The scenario with this id; `None` for an id that is not one.
    pub fn get(&self, id: &str) -> Option<Arc<Mutex<Workspace>>> {
        if !valid_id(id) {
            return None;
        }
        lock(&self.scenarios).get(id).cloned()
    }

    /// Every scenario, by id.
    pub fn all(&self) -> Vec<Arc<Mutex<Workspace>>> {
        lock(&self.scenarios).values().cloned().collect()
    }

    /// The working folder.
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain() {
        for ok in ["mali-2024", "upload-1", "a", "0"] {
            assert!(valid_id(ok), "{ok}");
        }
        for bad in ["", "..", "../etc", "a/b", "A", "a%2Fb", "-x", "a.b", &"x".repeat(65)] {
            assert!(!valid_id(bad), "{bad}");
        }
    }
}
