//! `hinterland serve`: the local web application (crate `hinterland-serve`), opened on the
//! shipped scenarios compiled into the binary, and a scenario folder when given.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use hinterland_serve::{Config, Limits, Shipped};

use crate::{Exit, embedded};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Scenario folder or workbook (.xlsx) to open first, besides the shipped scenarios.
    pub scenario: Option<PathBuf>,
    /// Address to listen on. Anything but loopback needs `--token`.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// A secret every request must carry (as `Authorization: Bearer TOKEN`, or the cookie set
    /// by opening the printed URL).
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Working folder for the scenarios being edited (default: a new folder in the system's
    /// temporary folder).
    #[arg(long, value_name = "DIR")]
    pub workdir: Option<PathBuf>,
    /// Plans solved at once; more wait in a queue (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub solvers: Option<u16>,
    /// Wall-clock limit of each LP solve, in seconds (a scenario's own limit applies if lower).
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..))]
    pub time_limit: u32,
    /// Largest upload (a scenario ZIP or workbook as sent), in megabytes; its files may unpack
    /// to four times as much.
    #[arg(long, value_name = "MB", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_upload_mb: u32,
}

/// `scenarios/mali-2024-weekly/`, as it was when the binary was built.
const MALI_WEEKLY: &[(&str, &str)] = embedded::compiled!("mali-2024-weekly":
    "scenario.toml", "nodes.csv", "lanes.csv", "lane_availability.csv", "corridors.csv",
    "commodities.csv", "nutrients.csv", "nutrient_content.csv", "ration.csv", "needs.csv",
    "demand.csv", "supply.csv", "markets.csv", "funds.csv", "stocks.csv", "pipeline.csv", "README.md",
);

/// `scenarios/wfp-syria/`, as it was when the binary was built.
const WFP_SYRIA: &[(&str, &str)] = embedded::compiled!("wfp-syria":
    "scenario.toml", "nodes.csv", "lanes.csv", "commodities.csv", "nutrients.csv",
    "nutrient_content.csv", "ration.csv", "needs.csv", "markets.csv", "funds.csv", "README.md",
);

fn compiled(id: &str, origin: &str, files: &[(&str, &str)]) -> Shipped {
    Shipped { id: id.to_owned(), source: embedded::from_compiled(origin, files) }
}

/// The scenarios compiled into the binary: Mali 2024 (monthly, the default), its weekly
/// twin and the WFP Syria validation case.
pub fn shipped() -> Vec<Shipped> {
    vec![
        Shipped { id: "mali-2024".to_owned(), source: embedded::source() },
        compiled("mali-2024-weekly", "<embedded:mali-2024-weekly>", MALI_WEEKLY),
        compiled("wfp-syria", "<embedded:wfp-syria>", WFP_SYRIA),
    ]
}

/// An id for a folder or workbook: its name (without `.xlsx`) in lower case, other
/// characters as `-`.
fn folder_id(dir: &std::path::Path) -> String {
    let workbook = dir.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let name = if workbook { dir.file_stem() } else { dir.file_name() };
    let name = name.map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let id: String =
        name.chars().map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() { c } else { '-' }).collect();
    let id = id.trim_matches('-').chars().take(48).collect::<String>();
    format!("dir-{}", if id.is_empty() { "scenario" } else { &id })
}

/// The server's limits: the defaults, with what the command line sets.
fn limits(args: &ServeArgs) -> Limits {
    let defaults = Limits::default();
    let upload = usize::try_from(args.max_upload_mb).unwrap_or(usize::MAX).saturating_mul(1024 * 1024);
    Limits {
        solvers: args.solvers.map_or(defaults.solvers, usize::from),
        solve_seconds: f64::from(args.time_limit),
        upload_bytes: upload,
        zip_unpacked_bytes: (upload as u64).saturating_mul(4),
        ..defaults
    }
}

/// A future that completes on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed at once
/// (inside the runtime), so a signal that comes as soon as the URL is printed is not lost.
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

pub fn serve(args: &ServeArgs) -> anyhow::Result<Exit> {
    let mut scenarios = shipped();
    if let Some(path) = &args.scenario {
        let Some(source) = crate::commands::load_source(Some(path))? else { return Ok(Exit::UserError) };
        scenarios.insert(0, Shipped { id: folder_id(path), source });
    }
    // Without --workdir the working folder is this run's own, removed when the server stops.
    let temporary = args.workdir.is_none();
    let workdir = args
        .workdir
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("hinterland-serve-{}", std::process::id())));
    let config = Config {
        addr: args.addr,
        token: args.token.clone(),
        workdir: workdir.clone(),
        scenarios,
        limits: limits(args),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let server = match hinterland_serve::bind(config).await {
            Ok(server) => server,
            Err(e) => {
                match std::error::Error::source(&e) {
                    Some(why) => eprintln!("error: {e}: {why}"),
                    None => eprintln!("error: {e}"),
                }
                if let Some(help) = e.help() {
                    eprintln!("  help: {help}");
                }
                return Ok(Exit::UserError);
            }
        };
        let stop = stop_signal()?;
        // A closed stdout must not stop the server (`println!` would panic).
        let mut out = std::io::stdout();
        let _ = writeln!(out, "hinterland serve: open {} (Ctrl-C to stop)", server.url);
        if temporary {
            let _ = writeln!(
                out,
                "the scenarios as edited are kept in `{}` until the server stops (--workdir DIR keeps them)",
                workdir.display()
            );
        } else {
            let _ = writeln!(out, "the scenarios as edited are kept in `{}`", workdir.display());
        }
        let _ = out.flush();
        server.run_until(stop).await?;
        if temporary && let Err(e) = std::fs::remove_dir_all(&workdir) {
            eprintln!("warning: the working folder `{}` could not be removed: {e}", workdir.display());
        }
        let _ = writeln!(out, "hinterland serve: stopped");
        Ok(Exit::Success)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_scenario_is_valid() {
        for s in shipped() {
            let v = hinterland_io::validate(&s.source, hinterland_serve::BACKENDS);
            let errors: Vec<_> =
                v.diagnostics.iter().filter(|d| d.is_error()).map(ToString::to_string).collect();
            assert!(v.scenario.is_some(), "{}: {errors:?}", s.id);
            assert!(s.source.documents().any(|(n, _)| n == "README.md"), "{}", s.id);
        }
    }

    #[test]
    fn folder_ids_are_plain() {
        assert_eq!(folder_id(std::path::Path::new("/x/My Scenario_2")), "dir-my-scenario-2");
        assert_eq!(folder_id(std::path::Path::new("/")), "dir-scenario");
        assert_eq!(folder_id(std::path::Path::new("mali.xlsx")), "dir-mali");
    }
}
