//! Everything a command checks in a scenario before it plans: the files, the declared
//! what-if variants, and what depends on the build (the solver backends compiled in).
//!
//! `check`, `plan`, `compare` and `sweep` all call [`validate`], so `check` accepts exactly
//! what the other commands accept: a scenario with an error in any of its parts is refused by
//! every command, and reported by each in the same words.

use hinterland_model::{Backend, Scenario, Variant};
use serde::Deserialize;
use toml::Spanned;

use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::read::read_into;
use crate::read::sink::Sink;
use crate::schema::SETTINGS_FILE;
use crate::source::ScenarioSource;
use crate::variant::read_variants;

/// A validated scenario: the base and its declared variants when nothing is an error, and
/// every problem found.
#[derive(Debug)]
pub struct Validated {
    /// `None` when any diagnostic is an error.
    pub scenario: Option<Scenario>,
    /// The `[[variant]]`s of `scenario.toml`, each checked against the base.
    pub variants: Vec<Variant>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and validates a scenario with its variants. `backends` are the solvers this build
/// can run; a `solver.backend` outside them is an error.
///
/// Variants are checked against the base, so they are checked only when the base has no
/// error.
pub fn validate(source: &ScenarioSource, backends: &[Backend]) -> Validated {
    let mut sink = Sink::new(source.load_diagnostics());
    let scenario = read_into(source, &mut sink);
    let mut variants = Vec::new();
    if let Some(s) = &scenario {
        let (declared, diags) = read_variants(source, s);
        for d in diags {
            sink.push(d);
        }
        variants = declared;
        if !backends.contains(&s.solver.backend) {
            sink.push(backend_unavailable(source, s.solver.backend, backends));
        }
    }
    let ok = !sink.has_errors();
    Validated {
        scenario: scenario.filter(|_| ok),
        variants: if ok { variants } else { Vec::new() },
        diagnostics: source.relocate(sink.finish()),
    }
}

#[derive(Deserialize)]
struct RawSettings {
    solver: Option<RawSolver>,
}

#[derive(Deserialize)]
struct RawSolver {
    backend: Option<Spanned<String>>,
}

/// `solver.backend` is a backend this build lacks; located at the key's value.
fn backend_unavailable(source: &ScenarioSource, backend: Backend, backends: &[Backend]) -> Diagnostic {
    let available = backends.iter().map(|b| format!("`{}`", b.as_str())).collect::<Vec<_>>().join(", ");
    let mut d = Diagnostic::new(
        codes::BACKEND_UNAVAILABLE,
        SETTINGS_FILE,
        format!("`solver.backend` is `{}`, but this hinterland was built without it", backend.as_str()),
    )
    .with_field("solver.backend")
    .with_help(format!(
        "use one of {available}, or rebuild with `cargo build --release --features highs` \
         (needs CMake and libclang)"
    ));
    let text = source.file(SETTINGS_FILE).unwrap_or_default();
    let span = toml::from_str::<RawSettings>(text).ok().and_then(|r| r.solver?.backend).map(|b| b.span());
    if let Some(span) = span {
        let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
        d = d.with_line(line).with_span(span);
    }
    d
}
