//! Stages on stderr: a spinner with the elapsed time while a stage runs (solves can take a
//! while; during a solve it also shows the step and its simplex iterations), then one line
//! per stage with its time (`    solve  1.23 s  ...`). Shown only on a terminal and without
//! `--quiet`; otherwise stages are only timed.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use hinterland_lp::{IterationKind, ProgressHook, SolverProgress};
use hinterland_plan::explain::count;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    enabled: bool,
    started: Instant,
    stage: String,
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: Instant::now(),
            stage: String::new(),
            bar: None,
        }
    }

    /// Starts a stage; returns its start time.
    pub fn start(&mut self, stage: &str) -> Instant {
        self.finish_bar();
        stage.clone_into(&mut self.stage);
        if self.enabled {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{prefix:>9} {spinner} {elapsed}  {msg}")
                    .expect("a valid template")
                    .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "),
            );
            bar.set_prefix(stage.to_owned());
            bar.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(bar);
        }
        self.started = Instant::now();
        self.started
    }

    /// A hook that shows a running solve's step and iterations next to the current stage's
    /// spinner; `None` when nothing is shown.
    pub fn solver_hook(&self) -> Option<ProgressHook> {
        let bar = self.bar.clone()?;
        Some(ProgressHook::new(move |p| bar.set_message(solver_message(p))))
    }

    /// Ends the current stage with a detail; returns its duration in seconds.
    pub fn done(&mut self, detail: &str) -> f64 {
        let secs = self.started.elapsed().as_secs_f64();
        self.finish_bar();
        if self.enabled {
            eprintln!("{:>9} {secs:>6.2} s  {detail}", self.stage);
        }
        secs
    }

    /// Ends the current stage's spinner and prints a line for a stage timed elsewhere (the
    /// library times building and solving separately inside one call).
    pub fn record(&mut self, stage: &str, secs: f64, detail: &str) {
        self.finish_bar();
        if self.enabled {
            eprintln!("{stage:>9} {secs:>6.2} s  {detail}");
        }
    }

    fn finish_bar(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // A stage that ends in an error must not leave its spinner running.
        self.finish_bar();
    }
}

/// `service step: 12,345 simplex iterations` (and `, not yet feasible` while the solver looks
/// for a point that meets every constraint).
fn solver_message(p: &SolverProgress) -> String {
    let what = match p.label {
        "" => "solver".to_owned(),
        "confirm" | "marginal" => "confirming shadow prices".to_owned(),
        step => format!("{step} step"),
    };
    let feasible = if p.infeasible { ", not yet feasible" } else { "" };
    let plural = if p.iterations == 1 { "" } else { "s" };
    let kind = match p.kind {
        IterationKind::Simplex => "simplex",
        IterationKind::InteriorPoint => "interior-point",
    };
    format!("{what}: {} {kind} iteration{plural}{feasible}", count(p.iterations as usize))
}

/// Whether diagnostics on stderr may use colour.
pub fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solver_messages_name_the_step() {
        let p = SolverProgress {
            label: "service",
            iterations: 12_345,
            infeasible: false,
            kind: IterationKind::Simplex,
        };
        assert_eq!(solver_message(&p), "service step: 12,345 simplex iterations");
        let p = SolverProgress {
            label: "confirm",
            iterations: 1,
            infeasible: true,
            kind: IterationKind::Simplex,
        };
        assert_eq!(solver_message(&p), "confirming shadow prices: 1 simplex iteration, not yet feasible");
        let p = SolverProgress { label: "", iterations: 0, infeasible: false, kind: IterationKind::Simplex };
        assert_eq!(solver_message(&p), "solver: 0 simplex iterations");
        let p = SolverProgress {
            label: "service",
            iterations: 41,
            infeasible: false,
            kind: IterationKind::InteriorPoint,
        };
        assert_eq!(solver_message(&p), "service step: 41 interior-point iterations");
    }
}
