//! Planning through the API: synchronous plans and their files, jobs with progress events,
//! cancellation (queued, running, and a client that goes away), comparisons.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use hinterland_coin::Clp;
use hinterland_io::ScenarioSource;
use hinterland_plan::{Outcome, PlanOptions};
use hinterland_serve::Limits;
use serde_json::json;

use crate::support::{Answer, TestServer, headline, server, server_with};

// `Duration::from_mins` is newer (1.91) than the workspace's rust-version (1.85).
#[allow(clippy::duration_suboptimal_units)]
const PATIENCE: Duration = Duration::from_secs(60);

/// Waits (up to a minute) until `done` holds for the server's answer to `GET uri`.
async fn wait_for(s: &TestServer, uri: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let started = Instant::now();
    loop {
        let v = s.get(uri).await.json();
        if done(&v) {
            return v;
        }
        assert!(started.elapsed() < PATIENCE, "still not there: {v}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The plan `hinterland plan DIR` makes of a folder, as its headline figures.
pub(crate) fn planned_in_process(dir: &std::path::Path) -> Vec<(&'static str, f64)> {
    let source = ScenarioSource::from_dir(dir).expect("the working folder reads");
    let s = hinterland_io::validate(&source, hinterland_serve::BACKENDS).scenario.expect("valid");
    let run = hinterland_plan::plan(&s, &Clp, &PlanOptions::default()).expect("planned");
    let Outcome::Planned(plan) = &run.outcome else { panic!("no plan: {:?}", run.outcome) };
    assert!(hinterland_plan::verify(&s, plan, hinterland_plan::Tolerances::default()).ok());
    hinterland_report::compare::figures(&s, plan)
        .into_iter()
        .filter_map(|f| match f.key {
            hinterland_report::compare::FigureKey::Headline(h) => Some((h.field(), f.value)),
            _ => None,
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Closing the Dakar road (capacity 0) changes the plan, and the served figures are those
/// the command line gets from the same edited folder.
#[tokio::test]
async fn an_edited_capacity_replans_as_the_command_line_does() {
    let s = server();
    let base = s.raw(Method::POST, "/api/v1/scenarios/mali-2024/plan", Vec::new()).await;
    assert_eq!(base.status, StatusCode::OK, "{}", base.text());
    let base = base.json();
    let uri = "/api/v1/scenarios/mali-2024/tables/lanes";
    let edit = json!({"row": 0, "column": "capacity_t_per_period", "value": "0"});
    assert_eq!(s.json(Method::PATCH, uri, &edit).await.json()["valid"], true);
    let edited = s.raw(Method::POST, "/api/v1/scenarios/mali-2024/plan", Vec::new()).await;
    crate::support::assert_documented(&edited, "post", "/api/v1/scenarios/{id}/plan");
    let edited = edited.json();
    assert_eq!(edited["revision"], 1);
    let expected = planned_in_process(&s.workdir.path().join("mali-2024"));
    for (field, value) in &expected {
        assert!(
            close(headline(&edited, field), *value),
            "{field}: served {} vs {value}",
            headline(&edited, field)
        );
    }
    let changed = expected.iter().any(|(field, value)| !close(headline(&base, field), *value));
    assert!(changed, "closing dakar_kidira changes no headline figure: {expected:?}");

    // Every output is served and readable.
    let id = edited["id"].as_str().expect("a plan id");
    let files: Vec<&str> =
        edited["files"].as_array().expect("files").iter().filter_map(|f| f.as_str()).collect();
    assert_eq!(files, ["report.html", "plan.json", "plan.xlsx", "plan.geojson", "tables.zip", "summary.txt"]);
    let get = |f: &str| format!("/api/v1/plans/{id}/{f}");
    let html = s.get(&get("report.html")).await;
    assert!(html.text().starts_with("<!DOCTYPE html>"), "{}", &html.text()[..50]);
    assert!(html.headers["content-type"].to_str().expect("ASCII").starts_with("text/html"));
    let json = s.get(&get("plan.json")).await.json();
    assert_eq!(json["schema_version"], 3);
    let xlsx = s.get(&get("plan.xlsx")).await.body;
    let book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("an XLSX");
    assert!(calamine::Reader::sheet_names(&book).len() > 3);
    let geo = s.get(&get("plan.geojson")).await.json();
    assert_eq!(geo["type"], "FeatureCollection");
    let zip = s.get(&get("tables.zip")).await.body;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a ZIP");
    assert!(zip.by_name("flows.csv").is_ok());
    assert!(s.get(&get("summary.txt")).await.text().contains("Mali"));
    assert_eq!(s.get(&get("nope.txt")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(s.get(&format!("/api/v1/plans/{id}")).await.json()["id"], id);
}

/// The plan.json of the Mali scenario planned with `edit`.
async fn plan_json(s: &TestServer, edit: &str) -> Vec<u8> {
    let answer = s.json(Method::POST, "/api/v1/scenarios/mali-2024/plan", &json!({"edits": [edit]})).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let id = answer.json()["id"].as_str().expect("a plan id").to_owned();
    s.get(&format!("/api/v1/plans/{id}/plan.json")).await.body
}

/// Simplex iterations of a plan.json's steps that solved for the plan.
fn plan_iterations(json: &serde_json::Value) -> u64 {
    json["solver"]
        .as_array()
        .expect("the steps")
        .iter()
        .filter(|st| !matches!(st["goal"].as_str(), Some("marginal" | "confirm")))
        .map(|st| st["iterations"].as_u64().expect("iterations"))
        .sum()
}

/// An edited scenario is planned from the bases of the plan of the scenario as opened, so
/// its plan depends on what is planned, never on what was planned before: the same edit
/// planned first, after another edit, on a new server, and after the plan of the scenario as
/// opened (whose bases it then starts from) gives the same plan.json byte for byte. And the
/// warm start is used: far fewer simplex iterations than a cold plan of the same edit (whose
/// levels it keeps: `an_edited_capacity_replans_as_the_command_line_does`).
#[tokio::test]
async fn a_replan_does_not_depend_on_earlier_plans() {
    let edit = "derate-lane:dakar_kidira=0.5";
    let s = server();
    let first = plan_json(&s, edit).await;
    plan_json(&s, "scale-fund:*=0.6").await;
    assert!(first == plan_json(&s, edit).await, "the same edit planned again differs");
    let t = server();
    plan_json(&t, "scale-fund:*=0.6").await;
    assert!(first == plan_json(&t, edit).await, "the same edit after another on a new server differs");
    // The scenario as opened planned first gives the bases the re-plans start from.
    let u = server();
    let base = u.raw(Method::POST, "/api/v1/scenarios/mali-2024/plan", Vec::new()).await;
    assert_eq!(base.status, StatusCode::OK);
    assert!(first == plan_json(&u, edit).await, "the same edit after the base plan differs");

    let mut edited = hinterland_io::validate(
        &ScenarioSource::from_dir(s.workdir.path().join("mali-2024")).expect("reads"),
        hinterland_serve::BACKENDS,
    )
    .scenario
    .expect("valid");
    let lane = edited.lanes.iter_mut().find(|l| l.code == "dakar_kidira").expect("the Dakar road");
    lane.capacity_t_per_period *= 0.5;
    let cold = hinterland_plan::plan(&edited, &Clp, &PlanOptions::default()).expect("planned");
    let cold: u64 = cold.steps.iter().filter(|st| st.solves_the_plan()).map(|st| st.iterations).sum();
    let warm = plan_iterations(&serde_json::from_slice(&first).expect("JSON"));
    assert!(2 * warm < cold, "served {warm} iterations, cold {cold}");
}

/// A plan answers with its figures before its shadow prices are confirmed (those run in the
/// pool's background); its files wait for them: plan.json has every confirmation measured,
/// as `hinterland plan` has.
#[tokio::test]
async fn the_files_wait_for_the_confirmations() {
    let s = server();
    let json: serde_json::Value =
        serde_json::from_slice(&plan_json(&s, "derate-lane:dakar_kidira=0.7").await).expect("JSON");
    let measured = json["shadow_prices"]
        .as_array()
        .expect("shadow prices")
        .iter()
        .filter(|sp| sp["measured"].is_object())
        .count();
    assert!(measured >= PlanOptions::DEFAULT_CONFIRM_LIMITS, "{measured} measured");
    assert_eq!(json["marginal_cost_measured"], true);
    let goals: Vec<&str> =
        json["solver"].as_array().expect("steps").iter().filter_map(|st| st["goal"].as_str()).collect();
    assert_eq!(goals.last(), Some(&"confirm"), "{goals:?}");
}

/// A job: accepted at once, its events stream queued/running states and end with done.
#[tokio::test]
async fn a_job_reports_progress_and_its_plan() {
    let s = server();
    let body = json!({"variants": ["budget-halved"], "edits": ["derate-lane:dakar_kidira=0.5"]});
    let started = s.json(Method::POST, "/api/v1/scenarios/mali-2024/jobs", &body).await;
    assert_eq!(started.status, StatusCode::ACCEPTED);
    crate::support::assert_documented(&started, "post", "/api/v1/scenarios/{id}/jobs");
    let id = started.json()["id"].as_str().expect("a job id").to_owned();
    assert_eq!(started.headers["location"], format!("/api/v1/jobs/{id}"));
    let events = s.get(&format!("/api/v1/jobs/{id}/events")).await;
    assert!(events.headers["content-type"].to_str().expect("ASCII").starts_with("text/event-stream"));
    let text = events.text();
    let states: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| serde_json::from_str(d).expect("JSON data"))
        .collect();
    let last = states.last().expect("events");
    assert_eq!(last["status"], "done", "{text}");
    assert!(states.iter().all(|s| s["id"] == id.as_str()));
    let plan = s.get(&format!("/api/v1/plans/{}", last["plan"].as_str().expect("a plan"))).await.json();
    assert_eq!(plan["variants"], json!(["budget-halved"]));
    assert_eq!(plan["edits"], json!(["derate-lane:dakar_kidira=0.5"]));
    let polled = s.get(&format!("/api/v1/jobs/{id}")).await;
    crate::support::assert_documented(&polled, "get", "/api/v1/jobs/{job}");
    let polled = polled.json();
    assert_eq!(polled["status"], "done");
    let unknown =
        s.json(Method::POST, "/api/v1/scenarios/mali-2024/jobs", &json!({"variants": ["nope"]})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

/// With no solver free, a job waits; cancelling it takes it out of the queue, and it never runs.
#[tokio::test]
async fn a_cancelled_queued_solve_never_runs() {
    let s = server_with(Limits { solvers: 0, ..Limits::default() }, None, "127.0.0.1:0");
    let job = s.raw(Method::POST, "/api/v1/scenarios/mali-2024/jobs", Vec::new()).await.json();
    let uri = format!("/api/v1/jobs/{}", job["id"].as_str().expect("an id"));
    wait_for(&s, "/api/v1/status", |v| v["pool"]["waiting"] == 1).await;
    let cancelled = s.raw(Method::DELETE, &uri, Vec::new()).await;
    crate::support::assert_documented(&cancelled, "delete", "/api/v1/jobs/{job}");
    let cancelled = cancelled.json();
    assert_eq!(cancelled["status"], "cancelled");
    let status = wait_for(&s, "/api/v1/status", |v| v["pool"]["waiting"] == 0).await;
    assert_eq!((status["pool"]["running"].as_u64(), status["pool"]["finished"].as_u64()), (Some(0), Some(0)));
    assert_eq!(s.get(&uri).await.json()["plan"], serde_json::Value::Null);
}

/// A running job that is cancelled ends cancelled, with no plan kept.
#[tokio::test]
async fn a_cancelled_running_solve_keeps_no_plan() {
    let s = server_with(Limits { solvers: 1, ..Limits::default() }, None, "127.0.0.1:0");
    let job = s.raw(Method::POST, "/api/v1/scenarios/mali-2024/jobs", Vec::new()).await.json();
    let uri = format!("/api/v1/jobs/{}", job["id"].as_str().expect("an id"));
    wait_for(&s, &uri, |v| v["status"] != "queued").await;
    let cancelled = s.raw(Method::DELETE, &uri, Vec::new()).await.json();
    assert_eq!(cancelled["status"], "cancelled", "{cancelled}");
    // The solver is interrupted (or finishes its LP), then the result is dropped.
    wait_for(&s, "/api/v1/status", |v| v["pool"]["running"] == 0 && v["pool"]["finished"] == 1).await;
    let after = s.get(&uri).await.json();
    assert_eq!((after["status"].as_str(), &after["plan"]), (Some("cancelled"), &serde_json::Value::Null));
    assert_eq!(s.get("/api/v1/plans/plan-1").await.status, StatusCode::NOT_FOUND);
}

/// A synchronous plan whose client disconnects is cancelled: over a real loopback socket, the
/// request waits for a solver (there is none), the client goes away, the queue empties.
#[tokio::test]
async fn a_client_that_goes_away_cancels_its_plan() {
    use tokio::io::AsyncWriteExt as _;
    let s = server_with(Limits { solvers: 0, ..Limits::default() }, None, "127.0.0.1:0");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(axum::serve(listener, s.app.clone()).into_future());
    let mut client = tokio::net::TcpStream::connect(addr).await.expect("connects");
    let request = format!(
        "POST /api/v1/scenarios/mali-2024/plan HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\n\r\n"
    );
    client.write_all(request.as_bytes()).await.expect("sent");
    wait_for(&s, "/api/v1/status", |v| v["pool"]["waiting"] == 1).await;
    drop(client);
    wait_for(&s, "/api/v1/status", |v| v["pool"]["waiting"] == 0).await;
    let job = s.get("/api/v1/jobs/job-1").await.json();
    assert_eq!(job["status"], "cancelled");
}

#[tokio::test]
async fn base_and_variants_compare_side_by_side() {
    let s = server();
    let body = json!({"variants": ["budget-halved"], "edits": ["scale-fund:*=0.25"]});
    let r: Answer = s.json(Method::POST, "/api/v1/scenarios/mali-2024/compare", &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    crate::support::assert_documented(&r, "post", "/api/v1/scenarios/{id}/compare");
    let v = r.json();
    let columns = v["comparison"]["scenarios"].as_array().expect("scenarios");
    let names: Vec<&str> = columns.iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names, ["base", "budget-halved", "edits"]);
    assert!(columns.iter().all(|c| c["status"] == "optimal"), "{v}");
    let cost = |c: &serde_json::Value| {
        c["figures"]
            .as_array()
            .and_then(|f| f.iter().find(|x| x["key"] == "cost (USD)"))
            .and_then(|x| x["value"].as_f64())
    };
    let (base, quarter) = (cost(&columns[0]).expect("a cost"), cost(&columns[2]).expect("a cost"));
    assert!(quarter < base, "a quarter of the money buys less: {quarter} vs {base}");
    let page = s.get(&format!("/api/v1/plans/{}/compare.html", v["id"].as_str().expect("an id"))).await;
    assert!(page.text().contains("budget-halved"));
    // A column is planned as a re-plan is (from the plan of the scenario as opened): the
    // edits' column costs what the plan of the same edits costs, to the bit.
    let plan = s
        .json(Method::POST, "/api/v1/scenarios/mali-2024/plan", &json!({"edits": ["scale-fund:*=0.25"]}))
        .await;
    assert_eq!(cost(&columns[2]), Some(headline(&plan.json(), "cost_usd")));
}

/// A scenario larger than the synchronous size becomes a job: 202 and a job to poll.
#[tokio::test]
async fn a_large_plan_becomes_a_job() {
    let s = server_with(Limits { sync_size: 0, solvers: 1, ..Limits::default() }, None, "127.0.0.1:0");
    let r = s.raw(Method::POST, "/api/v1/scenarios/mali-2024/plan", Vec::new()).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text());
    let uri = r.headers["location"].to_str().expect("ASCII").to_owned();
    let done = wait_for(&s, &uri, |v| v["status"] == "done" || v["status"] == "failed").await;
    assert_eq!(done["status"], "done", "{done}");
    let plan = s.get(&format!("/api/v1/plans/{}", done["plan"].as_str().expect("a plan"))).await;
    crate::support::assert_documented(&plan, "get", "/api/v1/plans/{plan}");
    let plan = plan.json();
    assert!(headline(&plan, "person_days_served") > 0.0);
}
