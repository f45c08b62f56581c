//! Stages on stderr: a spinner with the elapsed time while a stage runs (solves can take a
//! while), then one line per stage with its time (`    solve  1.23 s  ...`). Shown only on
//! a terminal and without `--quiet`; otherwise stages are only timed.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

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
                ProgressStyle::with_template("{prefix:>9} {spinner} {elapsed}")
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

/// Whether diagnostics on stderr may use colour.
pub fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
