//! The HTML report renders in headless Chromium with no network: a screenshot shows the map
//! (sea, country outlines, lanes in their mode colours) and the charts (bars in chart-only
//! colours). Needs `chromium` (Debian package) or `HINTERLAND_CHROMIUM=/path`; without one
//! the two rendering tests skip with a notice, unless `HINTERLAND_REQUIRE_BROWSER=1` (as in
//! `.ci/run`) makes a missing browser a failure.

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use hinterland_report::html;

use crate::support::{Planned, mali, out_dir, syria};

/// The browser: `HINTERLAND_CHROMIUM`, else the first of Chromium's and Chrome's usual names
/// on `PATH` or in `/usr/bin`.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("HINTERLAND_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).chain([PathBuf::from("/usr/bin")]).collect();
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| dirs.iter().map(|d| d.join(name)).find(|p| p.is_file()))
}

/// What a rendering test does when there is no browser.
#[derive(Debug, PartialEq)]
enum NoBrowser {
    /// Skip, and say so.
    Skip(String),
    /// Fail: the run asked for the browser test (`HINTERLAND_REQUIRE_BROWSER=1`).
    Fail(String),
}

/// The decision for test `test`, given the value of `HINTERLAND_REQUIRE_BROWSER`.
fn no_browser(test: &str, require: Option<&OsStr>) -> NoBrowser {
    if require.is_some_and(|v| v == "1") {
        NoBrowser::Fail(format!(
            "browser test `{test}` failed: no chromium found and HINTERLAND_REQUIRE_BROWSER=1 \
             (install Debian's `chromium`, or set HINTERLAND_CHROMIUM=/path)"
        ))
    } else {
        NoBrowser::Skip(format!(
            "browser test `{test}` skipped: no chromium found (install Debian's `chromium`, or set \
             HINTERLAND_REQUIRE_BROWSER=1 to make this a failure)"
        ))
    }
}

struct Image {
    width: usize,
    height: usize,
    rgb: Vec<[u8; 3]>,
}

impl Image {
    fn at(&self, x: usize, y: usize) -> [u8; 3] {
        self.rgb[y * self.width + x]
    }
}

fn decode(path: &Path) -> Image {
    let file =
        std::fs::File::open(path).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file)).read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size fits")];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let rgb = buf[..info.buffer_size()].chunks_exact(channels).map(|p| [p[0], p[1], p[2]]).collect();
    Image { width: info.width as usize, height: info.height as usize, rgb }
}

fn hex(c: &str) -> [u8; 3] {
    let v = u32::from_str_radix(c.trim_start_matches('#'), 16).expect("hex colour");
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

fn near(a: [u8; 3], b: [u8; 3], tol: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tol)
}

/// Renders `p`'s report to a PNG and returns it.
fn screenshot(p: &Planned, name: &str) -> Option<Image> {
    let Some(browser) = chromium() else {
        match no_browser(name, std::env::var_os("HINTERLAND_REQUIRE_BROWSER").as_deref()) {
            NoBrowser::Fail(message) => panic!("{message}"),
            NoBrowser::Skip(notice) => {
                // libtest captures `println!` and `eprintln!` of a passing test; writes to the
                // streams themselves reach the `cargo test` output.
                let line = format!("{notice}\n");
                let _ = std::io::stdout().write_all(line.as_bytes());
                let _ = std::io::stderr().write_all(line.as_bytes());
                return None;
            }
        }
    };
    let dir = out_dir(name);
    let page = dir.join("report.html");
    std::fs::write(&page, html::render(&p.report(), &p.documents())).unwrap();
    let png = dir.join("screenshot.png");
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut hung = Vec::new();
    for attempt in 1..=ATTEMPTS {
        let run = dir.join(format!("run{attempt}"));
        std::fs::create_dir_all(&run).unwrap();
        let log = run.join("chromium.log");
        let _ = std::fs::remove_file(&png);
        match render(&browser, &url, &run.join("profile"), &png, &log, DEADLINE) {
            Some(status) => {
                assert!(
                    png.exists(),
                    "chromium wrote no screenshot (exit {status:?}):\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
                return Some(decode(&png));
            }
            None => hung.push(log),
        }
    }
    panic!(
        "chromium did not finish within {} s in {ATTEMPTS} attempts; its logs: {hung:?}",
        DEADLINE.as_secs()
    );
}

/// How long one headless Chromium run may take. Now and then one hangs without writing its
/// screenshot (seen once in a `.ci/run` of 2026-12-03: idle for 14 minutes), which would
/// otherwise hang the whole test run.
// `Duration::from_mins` is newer (1.91) than the workspace's rust-version (1.85).
#[allow(clippy::duration_suboptimal_units)]
const DEADLINE: Duration = Duration::from_secs(120);

/// Runs of Chromium before the test gives up on it.
const ATTEMPTS: usize = 2;

/// Runs `browser` to screenshot `url` into `png`, its output in `log`; `None` if it had to
/// be killed at `deadline`.
fn render(
    browser: &Path,
    url: &str,
    profile: &Path,
    png: &Path,
    log: &Path,
    deadline: Duration,
) -> Option<ExitStatus> {
    run_browser(browser, url, profile, Output::Screenshot(png, 1280), log, deadline)
}

/// What a browser run makes.
#[derive(Clone, Copy)]
enum Output<'a> {
    /// A screenshot of a window this many pixels wide.
    Screenshot(&'a Path, u32),
    /// The DOM after the page's scripts ran, written to the file.
    Dom(&'a Path),
}

/// Runs `browser` on `url`; its messages go to `log`. `None` if it had to be killed at
/// `deadline`.
fn run_browser(
    browser: &Path,
    url: &str,
    profile: &Path,
    output: Output<'_>,
    log: &Path,
    deadline: Duration,
) -> Option<ExitStatus> {
    let out = std::fs::File::create(log).unwrap();
    let (mode, window, stdout) = match output {
        Output::Screenshot(png, width) => (
            format!("--screenshot={}", png.display()),
            // Tall enough to show the tables below the charts too.
            format!("--window-size={width},{}", if width < 800 { 9000 } else { 6000 }),
            out.try_clone().unwrap(),
        ),
        Output::Dom(file) => (
            "--dump-dom".to_owned(),
            "--window-size=1500,3600".to_owned(),
            std::fs::File::create(file).unwrap(),
        ),
    };
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            // The layout probe reads the report in an iframe (a file URL of its own).
            "--allow-file-access-from-files",
            "--virtual-time-budget=10000",
        ])
        .arg(window)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(mode)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(out)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", browser.display()));
    let status = child.wait_timeout(deadline).unwrap();
    if status.is_none() {
        // Its helper processes go with it: they exit when the browser process does.
        child.kill().unwrap();
        child.wait().unwrap();
    }
    status
}

/// The map is where the sea and land colours are; returns its box (x0, y0, x1, y1).
fn map_box(img: &Image) -> (usize, usize, usize, usize) {
    let colours = [hex("#dce9f2"), hex("#efebe2"), hex("#fffdf8")];
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for y in 0..img.height {
        for x in 0..img.width {
            if colours.contains(&img.at(x, y)) {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
        }
    }
    assert!(
        x1 > x0 + 600 && y1 > y0 + 300,
        "no map in the screenshot (map colours found in {x0},{y0}–{x1},{y1})"
    );
    (x0, y0, x1, y1)
}

fn count(img: &Image, (x0, y0, x1, y1): (usize, usize, usize, usize), colour: &str, tol: u8) -> usize {
    let c = hex(colour);
    let mut n = 0;
    for y in y0..=y1.min(img.height - 1) {
        for x in x0..=x1.min(img.width - 1) {
            if near(img.at(x, y), c, tol) {
                n += 1;
            }
        }
    }
    n
}

fn check(p: &Planned, name: &str) {
    let Some(img) = screenshot(p, name) else { return };
    let map = map_box(&img);
    // Land is drawn over the sea.
    assert!(count(&img, map, "#efebe2", 0) + count(&img, map, "#fffdf8", 0) > 20_000, "country outlines");
    // Lanes in the colour of the mode that moves most tonnes.
    let modes = hinterland_report::tables::by_mode(p.report().scenario, p.report().plan);
    let top = modes.iter().max_by(|a, b| a.tonnes.total_cmp(&b.tonnes)).expect("the plan moves goods");
    let lane_px = count(&img, map, html::mode_colour(top.mode), 6);
    assert!(lane_px > 300, "lanes of mode {} on the map: {lane_px} pixels", top.mode.as_str());
    // Charts below the maps (food, then non-food where there is any): the bars of people in
    // need, reached and fed in full.
    let below = (0, map.3 + 1, img.width - 1, img.height - 1);
    let need = count(&img, below, html::NEED, 2);
    let served = count(&img, below, html::SERVED, 2);
    let covered = count(&img, below, html::COVERED, 2);
    assert!(
        need > 2_000 && served > 1_000 && covered > 500,
        "chart bars below the map: need {need}, reached {served}, fed in full {covered} pixels"
    );
}

/// A browser that hangs is killed at the deadline instead of hanging the test run.
#[cfg(unix)]
#[test]
fn a_hung_browser_is_killed_at_the_deadline() {
    use std::os::unix::fs::PermissionsExt;
    let dir = out_dir("browser-hung");
    let browser = dir.join("hangs.sh");
    std::fs::write(&browser, "#!/bin/sh\nexec sleep 600\n").unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let started = Instant::now();
    let status = render(
        &browser,
        "file:///nowhere.html",
        &dir.join("profile"),
        &dir.join("screenshot.png"),
        &dir.join("chromium.log"),
        Duration::from_millis(300),
    );
    assert_eq!(status, None, "the hung browser was reported as finished");
    assert!(started.elapsed() < DEADLINE, "not killed: {:?}", started.elapsed());
}

#[test]
fn mali_report_renders_in_chromium_with_map_and_charts() {
    check(mali(), "browser-mali");
}

#[test]
fn syria_report_renders_in_chromium_with_map_and_charts() {
    check(syria(), "browser-syria");
}

/// Without a browser the rendering tests skip with a notice, unless the run requires them.
#[test]
fn a_missing_browser_skips_unless_required() {
    let skip = no_browser("browser-mali", None);
    assert!(
        matches!(&skip, NoBrowser::Skip(n) if n.starts_with("browser test `browser-mali` skipped: no chromium found")),
        "{skip:?}"
    );
    assert!(matches!(no_browser("browser-mali", Some(OsStr::new("0"))), NoBrowser::Skip(_)));
    let fail = no_browser("browser-mali", Some(OsStr::new("1")));
    assert!(matches!(&fail, NoBrowser::Fail(m) if m.contains("HINTERLAND_REQUIRE_BROWSER=1")), "{fail:?}");
}

/// A page that loads `report.html` in an iframe `WIDTH` px wide (a phone's or a desktop's
/// viewport: headless Chromium's own window is at least 500 px wide) and writes what it
/// measured into `<pre id="layout">`: the viewport's and the page's widths, every element
/// wider than the viewport or sticking out of it (an SVG's contents are clipped by the SVG,
/// which is measured itself), and every pair of map labels whose rendered boxes overlap.
const PROBE: &str = r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="report.html" style="width:WIDTHpx;height:3600px;border:0"></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {
  var w = this.contentWindow, d = this.contentDocument, vw = w.innerWidth, lines = [];
  lines.push('viewport ' + vw);
  lines.push('page ' + d.documentElement.scrollWidth);
  d.querySelectorAll('body *').forEach(function (e) {
    if (e.parentElement && e.parentElement.closest('svg')) return;
    var r = e.getBoundingClientRect();
    if (r.width > 0 && (r.left < -0.5 || r.right > vw + 0.5)) {
      lines.push('wide ' + e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' +
        Math.round(r.left) + '..' + Math.round(r.right) + ' ' + (e.textContent || '').slice(0, 50).replace(/\s+/g, ' '));
    }
  });
  d.querySelectorAll('svg.map').forEach(function (svg) {
    var boxes = [];
    svg.querySelectorAll('text.nlabel, text.clabel').forEach(function (t) {
      var b = t.getBBox();
      boxes.push([t.textContent, b.x, b.y, b.x + b.width, b.y + b.height]);
    });
    lines.push('labels ' + svg.id + ' ' + boxes.length);
    for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
      var a = boxes[i], b = boxes[j];
      if (a[1] < b[3] && b[1] < a[3] && a[2] < b[4] && b[2] < a[4]) lines.push('overlap ' + svg.id + ' ' + a[0] + ' | ' + b[0]);
    }
  });
  var p = document.createElement('pre'); p.id = 'layout'; p.textContent = lines.join('\n');
  document.body.appendChild(p);
});
</script></body></html>
"#;

/// What the probe measured at one width.
struct Layout {
    viewport: u32,
    page: u32,
    wide: Vec<String>,
    labels: usize,
    overlaps: Vec<String>,
}

/// Renders `p`'s report at `width` px: the layout the probe measured, and a screenshot at
/// that width in the test's folder under `target/` (`screenshot-{width}.png`), for people
/// to look at. `None` without a browser (and the test skips, unless required).
fn layout(p: &Planned, name: &str, width: u32) -> Option<Layout> {
    layout_of(&html::render(&p.report(), &p.documents()), name, width)
}

/// [`layout`] of the report page `page`.
fn layout_of(page: &str, name: &str, width: u32) -> Option<Layout> {
    let test = format!("{name}-{width}");
    let Some(browser) = chromium() else {
        match no_browser(&test, std::env::var_os("HINTERLAND_REQUIRE_BROWSER").as_deref()) {
            NoBrowser::Fail(message) => panic!("{message}"),
            NoBrowser::Skip(notice) => {
                let line = format!("{notice}\n");
                let _ = std::io::stdout().write_all(line.as_bytes());
                let _ = std::io::stderr().write_all(line.as_bytes());
                return None;
            }
        }
    };
    let dir = out_dir(&test);
    std::fs::write(dir.join("report.html"), page).unwrap();
    std::fs::write(dir.join("probe.html"), PROBE.replace("WIDTH", &width.to_string())).unwrap();
    let url = |f: &str| format!("file://{}", dir.join(f).canonicalize().unwrap().display());
    let png = dir.join(format!("screenshot-{width}.png"));
    let dom = dir.join("probe-dom.html");
    for attempt in 1..=ATTEMPTS {
        let run = dir.join(format!("run{attempt}"));
        std::fs::create_dir_all(&run).unwrap();
        let shot = run_browser(
            &browser,
            &url("report.html"),
            &run.join("profile"),
            Output::Screenshot(&png, width),
            &run.join("screenshot.log"),
            DEADLINE,
        );
        let probe = run_browser(
            &browser,
            &url("probe.html"),
            &run.join("profile"),
            Output::Dom(&dom),
            &run.join("probe.log"),
            DEADLINE,
        );
        if shot.is_none() || probe.is_none() {
            continue;
        }
        let img = decode(&png);
        assert_eq!(img.width, width as usize, "the screenshot is {width} px wide");
        let text = std::fs::read_to_string(&dom).unwrap();
        let start =
            text.find("<pre id=\"layout\">").unwrap_or_else(|| panic!("the probe wrote nothing:\n{text}"));
        let body = &text[start + "<pre id=\"layout\">".len()..];
        let body = &body[..body.find("</pre>").expect("the probe's end")];
        let mut out = Layout { viewport: 0, page: 0, wide: Vec::new(), labels: 0, overlaps: Vec::new() };
        for line in body.lines() {
            let line = line.replace("&amp;", "&").replace("&gt;", ">").replace("&lt;", "<");
            let (what, rest) = line.split_once(' ').unwrap_or((&line, ""));
            match what {
                "viewport" => out.viewport = rest.parse().expect("a width"),
                "page" => out.page = rest.parse().expect("a width"),
                "wide" => out.wide.push(rest.to_owned()),
                "labels" => out.labels += rest.rsplit(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0),
                "overlap" => out.overlaps.push(rest.to_owned()),
                _ => panic!("the probe wrote `{line}`"),
            }
        }
        return Some(out);
    }
    panic!("chromium did not finish within {} s in {ATTEMPTS} attempts", DEADLINE.as_secs());
}

/// Issue 30, item 4: on a 390-px phone and a 1,400-px desktop no element of the report is
/// wider than the viewport (at 390 px the 520-px charts overflowed: the heat grid lost its
/// last columns), and no two map labels overlap as the browser draws them. Screenshots at
/// both widths are left under `target/tmp/browser-layout-mali-{390,1400}/`.
#[test]
fn issue_30_report_fits_a_phone_and_a_desktop() {
    for width in [390, 1400] {
        let Some(l) = layout(mali(), "browser-layout-mali", width) else { return };
        assert_eq!(l.viewport, width, "the report was laid out {} px wide", l.viewport);
        assert!(l.wide.is_empty(), "at {width} px, wider than the viewport:\n{}", l.wide.join("\n"));
        assert!(l.page <= width, "at {width} px the page scrolls sideways: {} px wide", l.page);
        assert!(l.labels >= 20, "{} map labels measured", l.labels);
        assert!(l.overlaps.is_empty(), "at {width} px, map labels overlap:\n{}", l.overlaps.join("\n"));
    }
}

/// Issue 29: the "From the ledger" section (its status and variance tables) fits a phone too.
#[test]
fn issue_29_ledger_section_fits_a_phone() {
    let l = crate::variance::from_ledger();
    let r = hinterland_report::Report { ledger: Some(&l), ..mali().report() };
    let page = html::render(&r, &[]);
    assert!(page.contains("From the ledger as of"));
    let Some(out) = layout_of(&page, "browser-layout-ledger", 390) else { return };
    assert!(out.wide.is_empty(), "at 390 px, wider than the viewport:\n{}", out.wide.join("\n"));
    assert!(out.page <= 390, "at 390 px the page scrolls sideways: {} px wide", out.page);
}
