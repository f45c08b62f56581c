//! A bounded load test of `hinterland serve` on loopback (a benchmark, not a test).
//!
//! `CLIENTS` clients, starting one after another over the first `RAMP` seconds (default 10;
//! 0 starts them all at once), each loop until `SECONDS` have passed: validate the Mali 2024 scenario, then plan it
//! with a random edit (`derate-lane:dakar_kidira=F`, F drawn in 0.30..1.00), then fetch the
//! plan's report.html, as the page does. Reports the requests made, the failures (any answer
//! but 2xx, or a broken connection), the p50/p95/max latency of a re-plan (the answer with
//! the plan's figures), of its report and of a validation, and the peak resident memory of the process
//! (server and clients: the server runs in it, on the repository's `scenarios/mali-2024`).
//!
//! ```sh
//! cargo run --release -p hinterland-serve --example load -- [CLIENTS] [SECONDS] [RAMP]
//! ```
//!
//! Results and the load they were measured under: docs/performance.md.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hinterland_io::ScenarioSource;
use hinterland_serve::{Config, Limits, Shipped};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::sync::Mutex;

/// Re-plans asked for in the first this many seconds are also left out of the steady-state
/// figures: every client's first plan arrives at once (and the first waits for the plan of
/// the scenario as opened, which re-plans start from).
const WARM_UP: f64 = 10.0;

#[derive(Default)]
struct Tally {
    requests: u64,
    failures: u64,
    failures_seen: Vec<String>,
    plans: Vec<f64>,
    /// Re-plans asked for after the warm-up (see `WARM_UP`).
    steady: Vec<f64>,
    reports: Vec<f64>,
    validations: Vec<f64>,
}

/// One HTTP/1.1 request on its own connection; the status code and the body.
async fn request(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    body: &str,
) -> Result<(u16, Vec<u8>), String> {
    let mut stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.map_err(|e| e.to_string())?;
    stream.write_all(body.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&answer[..answer.len().min(64)]).into_owned();
    let code = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("no status line in `{text}`"))?;
    let body =
        answer.windows(4).position(|w| w == b"\r\n\r\n").map_or(Vec::new(), |i| answer[i + 4..].to_vec());
    Ok((code, body))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb / 1024.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split(' ').take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let clients: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(50);
    let seconds: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(60);
    let ramp: f64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(WARM_UP);

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/mali-2024");
    let source = ScenarioSource::from_dir(&dir).expect("the repository's Mali scenario reads");
    let workdir = std::env::temp_dir().join(format!("hinterland-load-{}", std::process::id()));
    let limits = Limits::default();
    let solvers = limits.solvers;
    let config = Config {
        addr: "127.0.0.1:0".parse().expect("an address"),
        token: None,
        workdir: workdir.clone(),
        scenarios: vec![Shipped { id: "mali-2024".into(), source }],
        limits,
    };
    let server = hinterland_serve::bind(config).await.expect("the server starts");
    let addr = server.addr;
    tokio::spawn(server.run());

    let load_before = load_average();
    println!(
        "{clients} clients for {seconds} s, starting over the first {ramp} s, against {addr} ({solvers} solvers); load average before: {load_before}"
    );
    let tally = Arc::new(Mutex::new(Tally::default()));
    let began = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let tally = Arc::clone(&tally);
        let start = began + Duration::from_secs_f64(ramp * c as f64 / clients as f64);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(start.into()).await;
            let mut rng: u64 = 0x9E37_79B9_7F4A_7C15 ^ (c as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            while Instant::now() < deadline {
                let started = Instant::now();
                let v = request(addr, "GET", "/api/v1/scenarios/mali-2024/validate", "").await;
                let validated = started.elapsed().as_secs_f64();
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let factor = 0.30 + 0.70 * ((rng % 10_000) as f64 / 10_000.0);
                let body = format!("{{\"edits\": [\"derate-lane:dakar_kidira={factor:.4}\"]}}");
                let started = Instant::now();
                let asked_at = started.duration_since(began).as_secs_f64();
                let p = request(addr, "POST", "/api/v1/scenarios/mali-2024/plan", &body).await;
                let planned = started.elapsed().as_secs_f64();
                let id = p.as_ref().ok().and_then(|(_, body)| {
                    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
                    v["id"].as_str().map(str::to_owned)
                });
                let started = Instant::now();
                let r = match id {
                    Some(id) => request(addr, "GET", &format!("/api/v1/plans/{id}/report.html"), "").await,
                    None => Err("no plan id".to_owned()),
                };
                let reported = started.elapsed().as_secs_f64();
                let mut t = tally.lock().await;
                t.requests += 3;
                for (what, r) in [("validate", &v), ("plan", &p), ("report", &r)] {
                    match r {
                        Ok((code, _)) if (200..300).contains(code) => {}
                        other => {
                            t.failures += 1;
                            if t.failures_seen.len() < 5 {
                                let other = other
                                    .as_ref()
                                    .map(|(code, body)| (code, String::from_utf8_lossy(body).into_owned()));
                                t.failures_seen.push(format!("{what}: {other:?}"));
                            }
                        }
                    }
                }
                t.validations.push(validated);
                t.plans.push(planned);
                if asked_at >= WARM_UP {
                    t.steady.push(planned);
                }
                t.reports.push(reported);
            }
        }));
    }
    for t in tasks {
        t.await.expect("a client ran");
    }
    let elapsed = began.elapsed().as_secs_f64();
    let mut t = tally.lock().await;
    t.plans.sort_by(f64::total_cmp);
    t.steady.sort_by(f64::total_cmp);
    t.validations.sort_by(f64::total_cmp);
    t.reports.sort_by(f64::total_cmp);
    println!(
        "requests: {}, failures: {} {:?}; {:.1} s in all (the last plans finish after the deadline), {:.2} re-plans/s",
        t.requests,
        t.failures,
        t.failures_seen,
        elapsed,
        t.plans.len() as f64 / elapsed
    );
    println!(
        "re-plans: {}, latency p50 {:.3} s, p95 {:.3} s, max {:.3} s",
        t.plans.len(),
        percentile(&t.plans, 0.5),
        percentile(&t.plans, 0.95),
        t.plans.last().copied().unwrap_or(f64::NAN)
    );
    println!(
        "re-plans asked for after the first {WARM_UP} s: {}, latency p50 {:.3} s, p95 {:.3} s",
        t.steady.len(),
        percentile(&t.steady, 0.5),
        percentile(&t.steady, 0.95)
    );
    println!(
        "reports: {}, latency p50 {:.3} s, p95 {:.3} s",
        t.reports.len(),
        percentile(&t.reports, 0.5),
        percentile(&t.reports, 0.95)
    );
    println!(
        "validations: {}, latency p50 {:.3} s, p95 {:.3} s",
        t.validations.len(),
        percentile(&t.validations, 0.5),
        percentile(&t.validations, 0.95)
    );
    println!("peak RSS: {:.0} MB; load average after: {}", peak_rss_mb().unwrap_or(f64::NAN), load_average());
    let _ = std::fs::remove_dir_all(&workdir);
}
