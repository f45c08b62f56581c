//! Stage lines on stderr (`read 0.01 s`), shown only on a terminal and without `--quiet`.

use std::io::IsTerminal;
use std::time::Instant;

pub struct Progress {
    enabled: bool,
    started: Instant,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        Progress { enabled: !quiet && std::io::stderr().is_terminal(), started: Instant::now() }
    }

    /// Starts a stage; returns its start time.
    pub fn start(&mut self, stage: &str) -> Instant {
        if self.enabled {
            eprint!("{stage:>9} ...");
        }
        self.started = Instant::now();
        self.started
    }

    /// Ends the current stage with a detail; returns its duration in seconds.
    pub fn done(&mut self, detail: &str) -> f64 {
        let secs = self.started.elapsed().as_secs_f64();
        if self.enabled {
            eprintln!(" {secs:.2} s  {detail}");
        }
        secs
    }
}

/// Whether diagnostics on stderr may use colour.
pub fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
