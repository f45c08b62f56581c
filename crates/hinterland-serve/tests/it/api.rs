//! Every endpoint that does not solve, in process.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{first_error, server};

#[tokio::test]
async fn scenarios_are_listed_and_opened() {
    let s = server();
    let list = s.get("/api/v1/scenarios").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.json()[0]["id"], "mali-2024");
    assert_eq!(list.json()[0]["valid"], true);

    let shown = s.get("/api/v1/scenarios/mali-2024").await.json();
    assert_eq!(shown["name"], "Mali 2024 lean season");
    let lanes =
        shown["tables"].as_array().expect("tables").iter().find(|t| t["name"] == "lanes").expect("lanes");
    // lanes.csv: a header and 56 lanes (57 lines).
    assert_eq!(lanes["rows"], 56);
    assert!(shown["settings"].as_str().expect("settings").contains("[[variant]]"));
    assert_eq!(shown["variants"].as_array().expect("variants").len(), 4);

    let missing = s.get("/api/v1/scenarios/nope").await;
    assert_eq!((missing.status, missing.code()), (StatusCode::NOT_FOUND, "not_found".to_owned()));
}

#[tokio::test]
async fn a_table_shows_units_and_meaning() {
    let s = server();
    let t = s.get("/api/v1/scenarios/mali-2024/tables/lanes").await.json();
    let cap = t["columns"].as_array().expect("columns").iter().find(|c| c["name"] == "capacity_t_per_period");
    let cap = cap.expect("a capacity column");
    assert_eq!(cap["unit"], "t/period");
    assert_eq!(cap["known"], true);
    assert_eq!(t["rows"][0][0], "dakar_kidira");
    assert_eq!(t["rows"][0][7], "21667");
    assert_eq!(s.get("/api/v1/scenarios/mali-2024/tables/nosuch").await.code(), "not_found");
}

/// A bad cell is kept and reported at its cell, as `check` reports it; fixing it clears the
/// error; the working folder holds the file as edited.
#[tokio::test]
async fn cell_edits_are_validated_and_located() {
    let s = server();
    let uri = "/api/v1/scenarios/mali-2024/tables/lanes";
    let bad = s
        .json(Method::PATCH, uri, &json!({"row": 0, "column": "capacity_t_per_period", "value": "lots"}))
        .await;
    assert_eq!(bad.status, StatusCode::OK);
    let v = bad.json();
    assert_eq!(v["valid"], false);
    let d = first_error(&v);
    assert_eq!(
        (d["table"].as_str(), d["row"].as_u64(), d["column"].as_str()),
        (Some("lanes"), Some(0), Some("capacity_t_per_period"))
    );
    assert_eq!((d["file"].as_str(), d["line"].as_u64()), (Some("lanes.csv"), Some(2)));
    assert!(d["message"].as_str().expect("message").contains("`lots`"), "{d}");
    let on_disk = std::fs::read_to_string(s.workdir.path().join("mali-2024/lanes.csv")).expect("mirrored");
    assert!(on_disk.lines().nth(1).expect("a lane").contains(",lots,"));

    let good = s
        .json(Method::PATCH, uri, &json!({"row": 0, "column": "capacity_t_per_period", "value": "30000"}))
        .await;
    assert_eq!(good.json()["valid"], true);
    assert_eq!(s.get(uri).await.json()["rows"][0][7], "30000");

    let out = s
        .json(Method::PATCH, uri, &json!({"row": 999, "column": "capacity_t_per_period", "value": "1"}))
        .await;
    assert_eq!((out.status, out.code()), (StatusCode::NOT_FOUND, "bad_table".to_owned()));
    let col = s.json(Method::PATCH, uri, &json!({"row": 0, "column": "nope", "value": "1"})).await;
    assert_eq!(col.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rows_are_added_and_removed_with_diagnostics_at_the_new_row() {
    let s = server();
    let uri = "/api/v1/scenarios/mali-2024/tables/lanes";
    let added = s.json(Method::POST, &format!("{uri}/rows"), &json!({})).await.json();
    assert_eq!(added["valid"], false);
    let at_new = added["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .any(|d| d["table"] == "lanes" && d["row"] == 56);
    assert!(at_new, "{added}");
    let removed = s.raw(Method::DELETE, &format!("{uri}/rows/56"), Vec::new()).await.json();
    assert_eq!(removed["valid"], true);
    assert_eq!(s.raw(Method::DELETE, &format!("{uri}/rows/x"), Vec::new()).await.code(), "bad_row");
    let wide = s.json(Method::POST, &format!("{uri}/rows"), &json!({"values": ["a"]})).await;
    assert_eq!(wide.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn validate_answers_what_check_says() {
    let s = server();
    let v = s.get("/api/v1/scenarios/mali-2024/validate").await.json();
    let source = crate::support::mali().source;
    let check = hinterland_io::validate(&source, hinterland_serve::BACKENDS);
    assert_eq!(v["valid"], true);
    assert_eq!(v["diagnostics"].as_array().expect("diagnostics").len(), check.diagnostics.len());
    assert_eq!(v["warnings"].as_u64(), Some(check.diagnostics.len() as u64));
}

#[tokio::test]
async fn variants_toggle() {
    let s = server();
    let uri = "/api/v1/scenarios/mali-2024/variants";
    assert_eq!(s.get(uri).await.json()[0]["enabled"], false);
    let on = s.json(Method::PUT, &format!("{uri}/dakar-closed"), &json!({"enabled": true})).await.json();
    assert_eq!(on[0]["name"], "dakar-closed");
    assert_eq!(on[0]["enabled"], true);
    let off = s.json(Method::PUT, &format!("{uri}/dakar-closed"), &json!({"enabled": false})).await.json();
    assert_eq!(off[0]["enabled"], false);
    let unknown = s.json(Method::PUT, &format!("{uri}/nope"), &json!({"enabled": true})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn edits_are_checked_against_the_scenario() {
    let s = server();
    let uri = "/api/v1/scenarios/mali-2024/edits";
    let ok = s.json(Method::POST, uri, &json!({"edit": "derate-lane:dakar_kidira=0.5"})).await;
    assert_eq!(ok.status, StatusCode::CREATED);
    assert_eq!(ok.json(), json!(["derate-lane:dakar_kidira=0.5"]));
    let typo = s.json(Method::POST, uri, &json!({"edit": "derate-lane:dakar_kidra=0.5"})).await;
    assert_eq!((typo.status, typo.code()), (StatusCode::BAD_REQUEST, "bad_edit".to_owned()));
    assert!(
        typo.json()["error"]["help"].as_str().unwrap_or_default().contains("dakar_kidira"),
        "{}",
        typo.text()
    );
    let grammar = s.json(Method::POST, uri, &json!({"edit": "close-lanes:x"})).await;
    assert!(grammar.json()["error"]["message"].as_str().unwrap_or_default().contains("close-lanes"));
    let huge = s.json(Method::POST, uri, &json!({"edit": "scale-fund:un_food=1e300"})).await;
    assert_eq!(huge.code(), "bad_edit");
    assert_eq!(s.get(uri).await.json().as_array().map(Vec::len), Some(1));
    assert_eq!(s.raw(Method::DELETE, &format!("{uri}/0"), Vec::new()).await.json(), json!([]));
    assert_eq!(s.raw(Method::DELETE, &format!("{uri}/0"), Vec::new()).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn ids_complete_from_the_scenario() {
    let s = server();
    let c = |t: &str| format!("/api/v1/scenarios/mali-2024/complete?text={t}");
    let verbs = s.get(&c("close")).await.json();
    assert_eq!(verbs, json!({"from": 0, "items": ["close-lane:"]}));
    let lanes = s.get(&c("close-lane:dakar_k")).await.json();
    assert_eq!(lanes, json!({"from": 11, "items": ["dakar_kidira"]}));
    let whole = s.get(&c("close-lane:dakar_kidira")).await.json();
    assert_eq!(whole["items"][0], "dakar_kidira@");
    let corridors = s.get(&c("close-lane:corridor:d")).await.json();
    assert!(
        corridors["items"].as_array().expect("items").iter().any(|i| i == "corridor:dakar"),
        "{corridors}"
    );
    let periods = s.get(&c("close-lane:dakar_kidira@2024-03..2024-0")).await.json();
    assert_eq!(periods["from"], 33);
    assert!(periods["items"].as_array().expect("items").iter().any(|i| i == "2024-07"), "{periods}");
    let funds = s.get(&c("scale-fund:un")).await.json();
    assert!(funds["items"].as_array().expect("items").iter().any(|i| i == "un_food"), "{funds}");
    let value = s.get(&c("scale-fund:un_food=0")).await.json();
    assert_eq!(value["items"], json!([]));
}

/// The downloaded folder ZIP uploads again as the same scenario, edits included.
#[tokio::test]
async fn a_downloaded_scenario_uploads_again() {
    let s = server();
    let uri = "/api/v1/scenarios/mali-2024/tables/lanes";
    s.json(Method::PATCH, uri, &json!({"row": 0, "column": "capacity_t_per_period", "value": "12345"})).await;
    let zip = s.get("/api/v1/scenarios/mali-2024/download/scenario.zip").await;
    assert_eq!(zip.status, StatusCode::OK);
    assert_eq!(zip.headers["content-type"], "application/zip");
    let up = s.raw(Method::POST, "/api/v1/scenarios?name=mine.zip", zip.body.clone()).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.text());
    let id = up.json()["id"].as_str().expect("an id").to_owned();
    assert_eq!(id, "upload-1");
    assert_eq!(up.json()["valid"], true);
    let t = s.get(&format!("/api/v1/scenarios/{id}/tables/lanes")).await.json();
    assert_eq!(t["rows"][0][7], "12345");
    let shown = s.get(&format!("/api/v1/scenarios/{id}")).await.json();
    assert_eq!(shown["origin"], "<upload:mine.zip>");
    assert!(s.workdir.path().join("upload-1/README.md").is_file());
    assert_eq!(
        s.get("/api/v1/scenarios/mali-2024/download/scenario.pdf").await.status,
        StatusCode::NOT_FOUND
    );
}

/// The workbook download uploads again as the same scenario; its problems name their cells
/// until the scenario is edited.
#[tokio::test]
async fn a_downloaded_workbook_uploads_again_with_problems_at_their_cells() {
    let s = server();
    let uri = "/api/v1/scenarios/mali-2024/tables/lanes";
    s.json(Method::PATCH, uri, &json!({"row": 1, "column": "capacity_t_per_period", "value": "lots"})).await;
    let book = s.get("/api/v1/scenarios/mali-2024/download/scenario.xlsx").await;
    assert_eq!(book.status, StatusCode::OK, "{}", book.text());
    assert_eq!(book.headers["content-disposition"], "attachment; filename=\"mali-2024.xlsx\"");
    let up = s.raw(Method::POST, "/api/v1/scenarios?name=mine.xlsx", book.body).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.text());
    let v = up.json();
    assert_eq!(v["valid"], false);
    let d = first_error(&v);
    // lanes.csv's capacity is its 8th column (H); row 1 is the sheet's third row.
    assert_eq!(
        (d["cell"].as_str(), d["table"].as_str(), d["row"].as_u64()),
        (Some("lanes!H3"), Some("lanes"), Some(1)),
        "{d}"
    );
    let id = v["id"].as_str().expect("an id");
    let fixed = s
        .json(
            Method::PATCH,
            &format!("/api/v1/scenarios/{id}/tables/lanes"),
            &json!({"row": 1, "column": "capacity_t_per_period", "value": "21667"}),
        )
        .await
        .json();
    assert_eq!(fixed["valid"], true, "{fixed}");
    let shown = s.get(&format!("/api/v1/scenarios/{id}")).await.json();
    assert_eq!(shown["origin"], "<upload:mine.xlsx>");
    assert_eq!(
        s.get(&format!("/api/v1/scenarios/{id}/tables/lanes")).await.json()["rows"][0][0],
        "dakar_kidira"
    );
    assert!(s.workdir.path().join(format!("{id}/README.md")).is_file());
}

#[tokio::test]
async fn unknown_routes_answer_json() {
    let s = server();
    let r = s.get("/api/v1/nothing").await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "no_route".to_owned()));
    let status = s.get("/api/v1/status").await.json();
    assert_eq!(status["pool"]["solvers"], 2);
    assert_eq!(status["api_version"], "1.0.0");
}

/// Every route is in openapi.json and every path of openapi.json is routed.
#[tokio::test]
async fn the_openapi_description_matches_the_router() {
    let s = server();
    let doc = s.get("/api/v1/openapi.json").await.json();
    assert_eq!(doc["info"]["version"], hinterland_serve::api::VERSION);
    let paths = doc["paths"].as_object().expect("paths");
    let mut described = Vec::new();
    for (path, ops) in paths {
        for method in ops.as_object().expect("operations").keys() {
            described.push((method.clone(), path.clone()));
        }
    }
    described.sort();
    let mut routed: Vec<(String, String)> =
        hinterland_serve::api::ROUTES.iter().map(|(m, p)| ((*m).to_owned(), (*p).to_owned())).collect();
    routed.sort();
    assert_eq!(described, routed);
    for (method, path) in hinterland_serve::api::ROUTES {
        let uri = path
            .replace("{id}", "zz-none")
            .replace("{table}", "lanes")
            .replace("{row}", "0")
            .replace("{name}", "x")
            .replace("{index}", "0")
            .replace("{file}", "x")
            .replace("{job}", "job-999")
            .replace("{plan}", "plan-999");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("a method");
        let r = s.raw(method.clone(), &uri, Vec::new()).await;
        assert!(r.status != StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        if r.status.is_client_error() && r.body.starts_with(b"{") {
            assert_ne!(r.code(), "no_route", "{method} {uri}");
        }
    }
}

#[tokio::test]
async fn the_page_and_its_assets_are_served() {
    let s = server();
    let page = s.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("<script src=\"/app.js\""), "{}", page.text());
    for asset in ["/app.js", "/app.css"] {
        let a = s.get(asset).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(!a.body.is_empty(), "{asset}");
    }
    // Offline: nothing is fetched from another host.
    for text in [page.text(), s.get("/app.js").await.text(), s.get("/app.css").await.text()] {
        assert!(!text.contains("http://") && !text.contains("https://"), "{text}");
    }
}

/// scenario.toml is edited whole: a broken variant is reported at its line, a new one listed.
#[tokio::test]
async fn settings_are_edited_and_checked() {
    let s = server();
    let original =
        s.get("/api/v1/scenarios/mali-2024").await.json()["settings"].as_str().expect("settings").to_owned();
    let uri = "/api/v1/scenarios/mali-2024/settings";
    let broken = format!("{original}\n[[variant]]\nname = \"typo\"\nedits = [\"close-lane:dakar_kidra\"]\n");
    let v = s.json(Method::PUT, uri, &json!({"text": broken})).await.json();
    assert_eq!(v["valid"], false);
    let d = first_error(&v);
    assert_eq!(
        (d["file"].as_str(), d["table"].as_str(), &d["row"]),
        (Some("scenario.toml"), Some("scenario.toml"), &json!(null))
    );
    let line = original.lines().count() + 4;
    assert_eq!(d["line"].as_u64(), Some(line as u64), "{d}");
    let fixed = broken.replace("dakar_kidra\"", "dakar_kidira\"");
    assert_eq!(s.json(Method::PUT, uri, &json!({"text": fixed})).await.json()["valid"], true);
    let names: Vec<String> = s
        .get("/api/v1/scenarios/mali-2024/variants")
        .await
        .json()
        .as_array()
        .expect("variants")
        .iter()
        .filter_map(|v| v["name"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(names.last().map(String::as_str), Some("typo"));
}

/// The answers of the endpoints that do not solve are as openapi.json describes them.
#[tokio::test]
async fn answers_are_as_documented() {
    use crate::support::assert_documented;
    let s = server();
    let id = "/api/v1/scenarios/mali-2024";
    assert_documented(&s.get("/api/v1/status").await, "get", "/api/v1/status");
    assert_documented(&s.get("/api/v1/scenarios").await, "get", "/api/v1/scenarios");
    assert_documented(&s.get(id).await, "get", "/api/v1/scenarios/{id}");
    assert_documented(&s.get(&format!("{id}/validate")).await, "get", "/api/v1/scenarios/{id}/validate");
    let table = "/api/v1/scenarios/{id}/tables/{table}";
    assert_documented(&s.get(&format!("{id}/tables/lanes")).await, "get", table);
    let cell = json!({"row": 0, "column": "capacity_t_per_period", "value": "x"});
    assert_documented(&s.json(Method::PATCH, &format!("{id}/tables/lanes"), &cell).await, "patch", table);
    let fixed = json!({"row": 0, "column": "capacity_t_per_period", "value": "21667"});
    assert_documented(&s.json(Method::PATCH, &format!("{id}/tables/lanes"), &fixed).await, "patch", table);
    let bad = json!({"row": 999, "column": "capacity_t_per_period", "value": "1"});
    assert_documented(&s.json(Method::PATCH, &format!("{id}/tables/lanes"), &bad).await, "patch", table);
    let added = s.json(Method::POST, &format!("{id}/tables/lanes/rows"), &json!({})).await;
    assert_documented(&added, "post", "/api/v1/scenarios/{id}/tables/{table}/rows");
    let removed = s.raw(Method::DELETE, &format!("{id}/tables/lanes/rows/56"), Vec::new()).await;
    assert_documented(&removed, "delete", "/api/v1/scenarios/{id}/tables/{table}/rows/{row}");
    assert_documented(&s.get(&format!("{id}/variants")).await, "get", "/api/v1/scenarios/{id}/variants");
    let on = s.json(Method::PUT, &format!("{id}/variants/dakar-closed"), &json!({"enabled": true})).await;
    assert_documented(&on, "put", "/api/v1/scenarios/{id}/variants/{name}");
    let edit = s.json(Method::POST, &format!("{id}/edits"), &json!({"edit": "scale-fund:*=0.5"})).await;
    assert_documented(&edit, "post", "/api/v1/scenarios/{id}/edits");
    assert_documented(&s.get(&format!("{id}/edits")).await, "get", "/api/v1/scenarios/{id}/edits");
    let gone = s.raw(Method::DELETE, &format!("{id}/edits/0"), Vec::new()).await;
    assert_documented(&gone, "delete", "/api/v1/scenarios/{id}/edits/{index}");
    assert_documented(
        &s.get(&format!("{id}/complete?text=sc")).await,
        "get",
        "/api/v1/scenarios/{id}/complete",
    );
    let settings = s.get(id).await.json()["settings"].clone();
    let put = s.json(Method::PUT, &format!("{id}/settings"), &json!({"text": settings})).await;
    assert_documented(&put, "put", "/api/v1/scenarios/{id}/settings");
    let zip = s.get(&format!("{id}/download/scenario.zip")).await.body;
    assert_documented(&s.raw(Method::POST, "/api/v1/scenarios", zip).await, "post", "/api/v1/scenarios");
}
