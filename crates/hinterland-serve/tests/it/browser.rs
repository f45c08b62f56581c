//! The page end to end in a real browser: Debian's Chromium driven over WebDriver
//! (chromedriver, Debian's `chromium-driver`) with `fantoccini`. A new user's path: open the
//! app, change the Dakar road's capacity, re-plan and see the figures the command line gets
//! from the same edited folder; switch a variant on; download the plan's XLSX and the
//! scenario as a workbook and a ZIP. Screenshots are kept under `target/tmp/serve-e2e/`.
//!
//! Needs `chromium` and `chromedriver` (or `HINTERLAND_CHROMIUM` and
//! `HINTERLAND_CHROMEDRIVER`); without them the test skips with a notice, unless
//! `HINTERLAND_REQUIRE_BROWSER=1` (as in `.ci/run`) makes that a failure.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::support::{TestServer, server};

// `Duration::from_mins` is newer (1.91) than the workspace's rust-version (1.85).
#[allow(clippy::duration_suboptimal_units)]
const TIMEOUT: Duration = Duration::from_secs(180);

/// A program: the variable's path, else the first of `names` on `PATH` or in `/usr/bin`.
fn program(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).chain([PathBuf::from("/usr/bin")]).collect();
    names.iter().find_map(|name| dirs.iter().map(|d| d.join(name)).find(|p| p.is_file()))
}

/// Skips with a notice, or fails when `HINTERLAND_REQUIRE_BROWSER=1`.
fn missing(what: &str) {
    let message = format!(
        "browser test `serve` {}: no {what} found (install Debian's `chromium` and `chromium-driver`, or set \
         HINTERLAND_CHROMIUM and HINTERLAND_CHROMEDRIVER)",
        if std::env::var_os("HINTERLAND_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
            "failed with HINTERLAND_REQUIRE_BROWSER=1"
        } else {
            "skipped"
        }
    );
    assert!(std::env::var_os("HINTERLAND_REQUIRE_BROWSER").is_none_or(|v| v != "1"), "{message}");
    // libtest captures `eprintln!` of a passing test; the stream itself reaches the output.
    let _ = std::io::stderr().write_all(format!("{message}\n").as_bytes());
}

/// chromedriver, killed when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("an address").port()
}

async fn start_driver(driver: &Path, browser: &Path, dir: &Path) -> (Driver, Client) {
    let port = free_port();
    let log = std::fs::File::create(dir.join("chromedriver.log")).expect("a log file");
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("a log file"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", driver.display()));
    let driver = Driver(child);
    let profile = dir.join("profile");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": browser,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let started = Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return (driver, client),
            Err(e) if started.elapsed() < Duration::from_secs(30) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("chromedriver did not start a session: {e}; see {}", dir.display()),
        }
    }
}

async fn shot(c: &Client, dir: &Path, name: &str) {
    let png = c.screenshot().await.expect("a screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("the screenshot is written");
}

/// The headline figures the page shows, by field, at full precision (`data-value`).
async fn figures(c: &Client) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for cell in c.find_all(Locator::Css("#figures td[data-field]")).await.expect("figures") {
        let field = cell.attr("data-field").await.expect("an attribute").unwrap_or_default();
        let value = cell.attr("data-value").await.expect("an attribute").and_then(|v| v.parse().ok());
        let text = cell.text().await.expect("text");
        assert!(!text.is_empty(), "{field} shows nothing");
        if let Some(v) = value {
            out.push((field, v));
        }
    }
    out
}

/// Waits until the status line contains `text`; fails on an error shown instead.
async fn status_says(c: &Client, text: &str) -> String {
    let started = Instant::now();
    loop {
        let status = c.find(Locator::Id("status")).await.expect("a status line");
        let now = status.text().await.expect("text");
        if now.contains(text) {
            return now;
        }
        let class = status.attr("class").await.expect("an attribute").unwrap_or_default();
        assert!(class != "error", "the page says: {now}");
        assert!(started.elapsed() < TIMEOUT, "the status never said `{text}`; it says `{now}`");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Fetches a link from the page, as the browser would download it: (status, type, bytes).
async fn fetch(c: &Client, selector: &str) -> (u64, String, Vec<u8>) {
    let script = r"
        const [selector, done] = arguments;
        const href = document.querySelector(selector).href;
        fetch(href).then(async (r) => {
            const bytes = Array.from(new Uint8Array(await r.arrayBuffer()));
            done([r.status, r.headers.get('content-type'), bytes]);
        }, (e) => done([0, String(e), []]));
    ";
    let v = c.execute_async(script, vec![json!(selector)]).await.expect("the script runs");
    let bytes = v[2]
        .as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_u64).map(|b| b as u8).collect())
        .unwrap_or_default();
    (v[0].as_u64().unwrap_or(0), v[1].as_str().unwrap_or_default().to_owned(), bytes)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_user_changes_dakar_capacity_and_sees_the_new_plan() {
    let Some(browser) = program("HINTERLAND_CHROMIUM", &["chromium", "chromium-browser", "google-chrome"])
    else {
        return missing("chromium");
    };
    let Some(driver) = program("HINTERLAND_CHROMEDRIVER", &["chromedriver"]) else {
        return missing("chromedriver");
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-e2e");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("an artefact folder");

    let s: TestServer = server();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!("http://{}/", listener.local_addr().expect("an address"));
    tokio::spawn(axum::serve(listener, s.app.clone()).into_future());
    let (chromedriver, c) = start_driver(&driver, &browser, &dir).await;
    // The session is closed (and the browser with it) whether the journey passes or not.
    let journey =
        futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(journey(&c, &s, &url, &dir)));
    let result = journey.await;
    let _ = c.close().await;
    drop(chromedriver);
    // The browser profile is not an artefact: only the screenshots and the driver's log stay.
    let _ = std::fs::remove_dir_all(dir.join("profile"));
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

async fn journey(c: &Client, s: &TestServer, url: &str, dir: &Path) {
    c.goto(url).await.expect("the page opens");
    let cap = r#"#grid input[data-row="0"][data-col="capacity_t_per_period"]"#;
    let cell =
        c.wait().at_most(TIMEOUT).for_element(Locator::Css(cap)).await.expect("the lanes table, first");
    assert_eq!(cell.prop("value").await.expect("a value").as_deref(), Some("21667"));
    let lane = c.find(Locator::Css(r#"#grid input[data-row="0"][data-col="id"]"#)).await.expect("a lane id");
    assert_eq!(lane.prop("value").await.expect("a value").as_deref(), Some("dakar_kidira"));
    // The capacity cell is in view when the page opens: a new user finds it without scrolling.
    let seen = c
        .execute(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect();
             const g = document.getElementById('grid').parentElement.getBoundingClientRect();
             return r.left >= g.left && r.right <= g.right && r.bottom <= window.innerHeight;",
            vec![serde_json::json!(cap)],
        )
        .await
        .expect("the script runs");
    assert_eq!(seen, serde_json::json!(true), "the capacity cell is out of view");
    shot(c, dir, "1-opened").await;

    c.find(Locator::Id("plan")).await.expect("a Plan button").click().await.expect("clicks");
    status_says(c, "plan plan-1").await;
    let base = figures(c).await;
    assert_eq!(base.len(), 6, "{base:?}");

    // A typo is shown at its cell, listed under Problems, and planning waits for the fix.
    cell.clear().await.expect("clears");
    cell.send_keys("lots\t").await.expect("types");
    let bad = c
        .wait()
        .at_most(TIMEOUT)
        .for_element(Locator::Css(&format!("td.bad > {}", cap.trim_start_matches("#grid "))))
        .await
        .expect("the cell is marked");
    let why = bad.attr("title").await.expect("an attribute").unwrap_or_default();
    assert!(why.contains("`lots`"), "{why}");
    let problem = c.find(Locator::Css("#diagnostics li.error")).await.expect("a problem listed");
    assert!(problem.text().await.expect("text").contains("lanes row 1 · capacity_t_per_period"));
    assert_eq!(
        c.find(Locator::Id("plan"))
            .await
            .expect("a Plan button")
            .prop("disabled")
            .await
            .expect("a property")
            .as_deref(),
        Some("true")
    );
    shot(c, dir, "1b-typo").await;

    // The new user's edit: the Dakar–Kidira road carries nothing.
    cell.clear().await.expect("clears");
    cell.send_keys("0\t").await.expect("types");
    status_says(c, "saved").await;
    let started = Instant::now();
    while s.get("/api/v1/scenarios/mali-2024/tables/lanes").await.json()["rows"][0][7] != "0" {
        assert!(started.elapsed() < TIMEOUT, "the edit did not reach the server");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    c.find(Locator::Id("plan")).await.expect("a Plan button").click().await.expect("clicks");
    status_says(c, "plan plan-2").await;
    let edited = figures(c).await;
    shot(c, dir, "2-replanned").await;

    let cli = crate::planning::planned_in_process(&s.workdir.path().join("mali-2024"));
    for (field, value) in &cli {
        let shown = edited.iter().find(|(f, _)| f == field).map(|(_, v)| *v);
        if let Some(shown) = shown {
            assert!(close(shown, *value), "{field}: the page shows {shown}, the command line plans {value}");
        }
    }
    assert_eq!(edited.iter().filter(|(f, _)| cli.iter().any(|(g, _)| g == f)).count(), 6);
    let changed = edited.iter().zip(&base).any(|((_, a), (_, b))| !close(*a, *b));
    assert!(changed, "the page shows the same figures after closing the Dakar road: {edited:?}");
    // The report of the new plan is in the page.
    let frame = c.find(Locator::Id("report")).await.expect("a report frame");
    assert!(
        frame.attr("src").await.expect("an attribute").unwrap_or_default().ends_with("/plan-2/report.html")
    );

    // A variant switched on is planned with.
    c.find(Locator::Css(r#"input[data-variant="dakar-closed"]"#))
        .await
        .expect("a variant")
        .click()
        .await
        .expect("clicks");
    let started = Instant::now();
    while s.get("/api/v1/scenarios/mali-2024/variants").await.json()[0]["enabled"] != true {
        assert!(started.elapsed() < TIMEOUT, "the variant was not switched on");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    c.find(Locator::Id("plan")).await.expect("a Plan button").click().await.expect("clicks");
    let said = status_says(c, "plan plan-3").await;
    assert!(said.contains("dakar-closed"), "{said}");
    shot(c, dir, "3-variant").await;

    // Downloads: the plan as XLSX and the edited scenario as a folder ZIP.
    let (status, kind, xlsx) = fetch(c, r#"#downloads a[data-file="plan.xlsx"]"#).await;
    assert_eq!(
        (status, kind.as_str()),
        (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    let book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("an XLSX");
    assert!(calamine::Reader::sheet_names(&book).len() > 3);
    let (status, _, book) = fetch(c, "#scenario-xlsx").await;
    assert_eq!(status, 200);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(book)).expect("an XLSX");
    let lanes = calamine::Reader::worksheet_range(&mut book, "lanes").expect("a lanes sheet");
    assert_eq!(lanes.get((1, 0)).map(ToString::to_string).as_deref(), Some("dakar_kidira"));
    assert_eq!(lanes.get((1, 7)).map(ToString::to_string).as_deref(), Some("0"));
    let (status, _, zip) = fetch(c, "#scenario-zip").await;
    assert_eq!(status, 200);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a ZIP");
    let mut lanes = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("mali-2024/lanes.csv").expect("lanes.csv"), &mut lanes)
        .expect("text");
    assert!(
        lanes
            .lines()
            .nth(1)
            .expect("a lane")
            .starts_with("dakar_kidira,dakar,kidira_diboli,road,682,40.57,2.7,0,"),
        "{lanes}"
    );
    shot(c, dir, "4-downloaded").await;

    // The edit box completes ids from the scenario; the chosen edit is added.
    let edit = c.find(Locator::Id("edit")).await.expect("an edit box");
    edit.send_keys("scale-fund:un_f").await.expect("types");
    let item = c
        .wait()
        .at_most(TIMEOUT)
        .for_element(Locator::XPath("//ul[@id='suggestions']/li[text()='un_food']"))
        .await
        .expect("`un_food` is suggested");
    item.click().await.expect("clicks");
    assert_eq!(edit.prop("value").await.expect("a value").as_deref(), Some("scale-fund:un_food"));
    edit.send_keys("=0.5\n").await.expect("types");
    let started = Instant::now();
    while s.get("/api/v1/scenarios/mali-2024/edits").await.json() != json!(["scale-fund:un_food=0.5"]) {
        assert!(started.elapsed() < TIMEOUT, "the edit was not added");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let listed = c.find(Locator::Css("#edits li")).await.expect("the edit is listed");
    assert!(listed.text().await.expect("text").starts_with("scale-fund:un_food=0.5"));

    // Compare: the base, the ticked variant and the edit side by side, in the page.
    c.find(Locator::Id("compare")).await.expect("a Compare button").click().await.expect("clicks");
    let said = status_says(c, "compared").await;
    assert_eq!(said, "compared base, dakar-closed, edits");
    let frame = c.find(Locator::Id("report")).await.expect("a report frame");
    assert!(frame.attr("src").await.expect("an attribute").unwrap_or_default().ends_with("/compare.html"));
    shot(c, dir, "5-compared").await;
}
