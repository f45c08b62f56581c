//! `hinterland serve`: a local web application and its HTTP API over the same library calls
//! as the command line.
//!
//! A planner opens a scenario (a shipped one, a folder given on the command line, or an
//! uploaded ZIP), edits its tables in the page with the diagnostics of `check` shown at the
//! cell, switches variants on and off, writes edits in the variant grammar, plans, compares,
//! and downloads every output. The API is JSON under `/api/v1/` ([`api`]), described by
//! `/api/v1/openapi.json`; the page is one HTML file with its script and style compiled in
//! ([`page`]).
//!
//! Safety: scenarios live in a working folder under ids the server assigns ([`store`]), never
//! at a path taken from a request; uploads are checked entry by entry ([`upload`]: no
//! absolute paths, no `..`, bounded entry count and size); request bodies are bounded;
//! solves run in a bounded pool, one per core, queued beyond, each with a time limit, and
//! are cancelled when asked or when the client of a synchronous plan goes away ([`solve`]);
//! binding anything but loopback requires a token ([`auth`]).

pub mod api;
pub mod auth;
mod diag;
mod error;
mod openapi;
mod page;
pub mod solve;
pub mod store;
pub mod table;
pub mod upload;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use hinterland_io::ScenarioSource;
use hinterland_model::Backend;

pub use diag::{Located, locate};
pub use error::ApiError;

/// The solver backends the server plans with (HiGHS is a build option of the command line).
pub const BACKENDS: &[Backend] = &[Backend::Clp, Backend::Cbc];

/// A scenario the server opens on start: shipped in the binary or read from a folder.
#[derive(Clone, Debug)]
pub struct Shipped {
    /// The server-side id (`mali-2024`): letters, digits and `-`.
    pub id: String,
    /// Its files, and its documents (README, SOURCES, ASSUMPTIONS) shown in the report.
    pub source: ScenarioSource,
}

/// The server's bounds. Every one has a default fit for one planner on a laptop.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest JSON request body, in bytes.
    pub json_bytes: usize,
    /// Largest upload (the ZIP as sent), in bytes.
    pub upload_bytes: usize,
    /// Most entries in an uploaded ZIP.
    pub zip_entries: usize,
    /// Most bytes of all the uploaded ZIP's (or workbook's) files once unpacked.
    pub zip_unpacked_bytes: u64,
    /// Solves at once (default: one per core).
    pub solvers: usize,
    /// Solves waiting for a solver beyond which a new one is refused (503).
    pub queue: usize,
    /// Wall-clock limit of each LP solve, in seconds (a scenario's own limit applies if lower).
    pub solve_seconds: f64,
    /// A plan is made synchronously by `POST .../plan` up to this many lane × period ×
    /// commodity combinations; beyond, it becomes a job to poll.
    pub sync_size: usize,
    /// Plans and comparisons kept for download (the oldest is dropped beyond).
    pub kept_plans: usize,
    /// Scenarios held at once (uploads beyond are refused).
    pub scenarios: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            json_bytes: 256 * 1024,
            upload_bytes: 16 * 1024 * 1024,
            zip_entries: 64,
            zip_unpacked_bytes: 64 * 1024 * 1024,
            solvers: std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            queue: 256,
            solve_seconds: 300.0,
            sync_size: 200_000,
            kept_plans: 32,
            scenarios: 64,
        }
    }
}

/// How to run the server.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    /// Required when `addr` is not loopback.
    pub token: Option<String>,
    /// The working folder: each scenario is kept in a sub-folder named by its id.
    pub workdir: PathBuf,
    /// The scenarios to open on start; the first is shown first.
    pub scenarios: Vec<Shipped>,
    pub limits: Limits,
}

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "refusing to listen on `{addr}` without a token: anyone on that network could read and plan your scenarios"
    )]
    TokenRequired { addr: SocketAddr },
    #[error("the token is empty")]
    EmptyToken,
    #[error("cannot listen on `{addr}`")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot use the working folder `{}`", path.display())]
    Workdir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the scenario id `{id}` is not letters, digits and `-`")]
    BadId { id: String },
    #[error("the server stopped")]
    Serve(#[source] std::io::Error),
}

impl ServeError {
    /// A help line for the person starting the server.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            ServeError::TokenRequired { .. } => Some(
                "give `--token SECRET` (then open the printed URL, which carries it), or bind `127.0.0.1`",
            ),
            ServeError::EmptyToken => Some("give a token of at least one character"),
            ServeError::Bind { .. } => Some("choose another port with `--addr 127.0.0.1:PORT`"),
            ServeError::BadId { .. } => Some("name shipped scenarios with letters, digits and `-`"),
            ServeError::Workdir { .. } | ServeError::Serve(_) => None,
        }
    }
}

/// Everything the handlers share.
pub struct AppState {
    pub(crate) store: store::Store,
    pub(crate) pool: solve::Pool,
    pub(crate) plans: solve::Plans,
    pub(crate) jobs: solve::Jobs,
    pub(crate) limits: Limits,
    pub(crate) token: Option<String>,
    /// Bound to a loopback address: requests must name a loopback host.
    pub(crate) loopback: bool,
}

/// The state of a server: its scenarios (written to the working folder), an empty pool and
/// no plans. Checks the address and token first.
pub fn state(config: Config) -> Result<Arc<AppState>, ServeError> {
    auth::check_bind(config.addr, config.token.as_deref())?;
    let store = store::Store::open(&config.workdir, config.scenarios, config.limits.scenarios)?;
    Ok(Arc::new(AppState {
        store,
        pool: solve::Pool::new(config.limits.solvers, config.limits.queue),
        plans: solve::Plans::new(config.limits.kept_plans),
        jobs: solve::Jobs::default(),
        limits: config.limits,
        token: config.token,
        loopback: config.addr.ip().is_loopback(),
    }))
}

/// A bound server, ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: axum::Router,
    /// The URL to open (with the token, when there is one).
    pub url: String,
    pub addr: SocketAddr,
}

/// Checks the configuration, opens the scenarios and binds the address (port 0 picks one).
pub async fn bind(config: Config) -> Result<Server, ServeError> {
    let addr = config.addr;
    let state = state(config)?;
    let listener =
        tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind { addr, source })?;
    let url = match &state.token {
        Some(token) => format!("http://{addr}/?token={}", auth::url_encode(token)),
        None => format!("http://{addr}/"),
    };
    Ok(Server { listener, router: api::router(state), url, addr })
}

impl Server {
    /// Serves until the process ends.
    pub async fn run(self) -> Result<(), ServeError> {
        axum::serve(self.listener, self.router).await.map_err(ServeError::Serve)
    }

    /// Serves until `stop` completes, then finishes the requests under way and returns.
    pub async fn run_until(self, stop: impl Future<Output = ()> + Send + 'static) -> Result<(), ServeError> {
        axum::serve(self.listener, self.router).with_graceful_shutdown(stop).await.map_err(ServeError::Serve)
    }
}
