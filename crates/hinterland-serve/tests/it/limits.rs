//! Limits and safety: body and upload sizes, zip-slip archives, malformed JSON, the token
//! off loopback, ids that try to be paths.

use std::io::Write as _;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use hinterland_serve::{Config, Limits, ServeError};
use serde_json::json;

use crate::support::{first_error, mali, server, server_with};

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).expect("in memory");
        zip.write_all(bytes).expect("in memory");
    }
    zip.finish().expect("in memory").into_inner()
}

#[tokio::test]
async fn an_oversized_upload_is_refused_with_json() {
    let s = server_with(Limits { upload_bytes: 1000, ..Limits::default() }, None, "127.0.0.1:0");
    let r = s.raw(Method::POST, "/api/v1/scenarios?name=big.zip", vec![b'x'; 1001]).await;
    assert_eq!((r.status, r.code()), (StatusCode::PAYLOAD_TOO_LARGE, "too_large".to_owned()));
    // Small enough to be read, but unpacking beyond the limit.
    let s = server_with(Limits { zip_unpacked_bytes: 100, ..Limits::default() }, None, "127.0.0.1:0");
    let bomb = zip_of(&[("scenario.toml", &[b' '; 101])]);
    let r = s.raw(Method::POST, "/api/v1/scenarios", bomb).await;
    assert_eq!((r.status, r.code()), (StatusCode::PAYLOAD_TOO_LARGE, "too_large".to_owned()));
    let s = server_with(Limits { zip_entries: 2, ..Limits::default() }, None, "127.0.0.1:0");
    let many = zip_of(&[("scenario.toml", b""), ("a.csv", b""), ("b.csv", b"")]);
    assert_eq!(s.raw(Method::POST, "/api/v1/scenarios", many).await.code(), "too_large");
    // A workbook is a ZIP too: held to the unpacked size before it is read.
    let s = server_with(Limits { zip_unpacked_bytes: 100, ..Limits::default() }, None, "127.0.0.1:0");
    let book = zip_of(&[("xl/workbook.xml", &[b' '; 101])]);
    let r = s.raw(Method::POST, "/api/v1/scenarios?name=big.xlsx", book).await;
    assert_eq!((r.status, r.code()), (StatusCode::PAYLOAD_TOO_LARGE, "too_large".to_owned()));
}

#[tokio::test]
async fn a_zip_slip_archive_is_refused_and_writes_nothing() {
    let s = server();
    for name in ["../evil.csv", "/tmp/evil.csv", "mali/../../evil.csv"] {
        let zip = zip_of(&[("scenario.toml", b"name = \"x\""), (name, b"a,b\n")]);
        let r = s.raw(Method::POST, "/api/v1/scenarios?name=x.zip", zip).await;
        assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "unsafe_path".to_owned()), "{name}");
        assert!(r.json()["error"]["message"].as_str().unwrap_or_default().contains(name), "{}", r.text());
    }
    assert!(!s.workdir.path().join("evil.csv").exists());
    assert!(!s.workdir.path().parent().expect("a parent").join("evil.csv").exists());
    assert_eq!(s.get("/api/v1/scenarios").await.json().as_array().map(Vec::len), Some(1));
    let not_zip = s.raw(Method::POST, "/api/v1/scenarios", b"hello".to_vec()).await;
    assert_eq!(not_zip.code(), "bad_upload");
    let xlsx = s.raw(Method::POST, "/api/v1/scenarios?name=book.xlsx", zip_of(&[("x", b"")])).await;
    assert_eq!((xlsx.status, xlsx.code()), (StatusCode::BAD_REQUEST, "bad_upload".to_owned()));
}

/// An upload with errors is kept, with its diagnostics located, so it can be fixed in the page.
#[tokio::test]
async fn an_invalid_upload_is_kept_with_its_diagnostics() {
    let s = server();
    let mut entries: Vec<(String, Vec<u8>)> =
        mali().source.files().map(|(n, t)| (n.to_owned(), t.as_bytes().to_vec())).collect();
    for (n, t) in &mut entries {
        if n == "nodes.csv" {
            *t = String::from_utf8_lossy(t)
                .replacen("dakar,Port of Dakar,port,14.68", "dakar,Port of Dakar,port,914.68", 1)
                .into_bytes();
        }
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, t)| (n.as_str(), t.as_slice())).collect();
    let r = s.raw(Method::POST, "/api/v1/scenarios", zip_of(&refs)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let v = r.json();
    assert_eq!(v["valid"], false);
    let d = first_error(&v);
    assert_eq!(
        (d["table"].as_str(), d["row"].as_u64(), d["column"].as_str()),
        (Some("nodes"), Some(0), Some("lat"))
    );
    let plan = s
        .raw(Method::POST, &format!("/api/v1/scenarios/{}/plan", v["id"].as_str().expect("id")), Vec::new())
        .await;
    assert_eq!((plan.status, plan.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_scenario".to_owned()));
    assert!(!plan.json()["error"]["diagnostics"].as_array().expect("diagnostics").is_empty());
}

#[tokio::test]
async fn malformed_json_is_a_located_json_error() {
    let s = server();
    let uri = "/api/v1/scenarios/mali-2024/tables/lanes";
    let r = s.raw(Method::PATCH, uri, b"{\"row\": 0,\n \"column\": }".to_vec()).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "bad_json".to_owned()));
    assert!(r.json()["error"]["message"].as_str().unwrap_or_default().contains("line 2"), "{}", r.text());
    let wrong = s.json(Method::PATCH, uri, &json!({"row": "first"})).await;
    assert_eq!(wrong.code(), "bad_json");
    let s = server_with(Limits { json_bytes: 64, ..Limits::default() }, None, "127.0.0.1:0");
    let long = json!({"row": 0, "column": "note", "value": "x".repeat(100)});
    let r = s.json(Method::PATCH, uri, &long).await;
    assert_eq!((r.status, r.code()), (StatusCode::PAYLOAD_TOO_LARGE, "too_large".to_owned()));
}

#[tokio::test]
async fn ids_that_try_to_be_paths_are_refused() {
    let s = server();
    for uri in [
        "/api/v1/scenarios/..",
        "/api/v1/scenarios/%2e%2e/tables/lanes",
        "/api/v1/scenarios/..%2F..%2Fetc/validate",
        "/api/v1/scenarios/%2Fetc%2Fpasswd",
        "/api/v1/jobs/..%2Fjob-1",
        "/api/v1/plans/%2e%2e",
    ] {
        let r = s.get(uri).await;
        assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "invalid_id".to_owned()), "{uri}");
    }
    let table = s.get("/api/v1/scenarios/mali-2024/tables/..%2F..%2Fscenario.toml").await;
    assert_eq!(table.code(), "not_found");
    let file = s.get("/api/v1/scenarios/mali-2024/download/..%2Fscenario.zip").await;
    assert_eq!(file.code(), "not_found");
}

#[tokio::test]
async fn off_loopback_the_token_is_required() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let config = |addr: &str, token: Option<&str>| Config {
        addr: addr.parse().expect("an address"),
        token: token.map(str::to_owned),
        workdir: dir.path().to_owned(),
        scenarios: vec![mali()],
        limits: Limits::default(),
    };
    assert!(matches!(
        hinterland_serve::state(config("0.0.0.0:0", None)),
        Err(ServeError::TokenRequired { .. })
    ));
    assert!(matches!(
        hinterland_serve::state(config("192.168.1.5:80", None)),
        Err(ServeError::TokenRequired { .. })
    ));
    assert!(matches!(hinterland_serve::state(config("0.0.0.0:0", Some(""))), Err(ServeError::EmptyToken)));

    let s = server_with(Limits::default(), Some("s3cret/+"), "0.0.0.0:0");
    let none = s.get("/api/v1/scenarios").await;
    assert_eq!((none.status, none.code()), (StatusCode::UNAUTHORIZED, "token_required".to_owned()));
    assert_eq!(s.get("/").await.status, StatusCode::UNAUTHORIZED);
    let bearer = |t: &str| {
        Request::get("/api/v1/scenarios")
            .header(header::AUTHORIZATION, format!("Bearer {t}"))
            .body(Body::empty())
            .expect("a request")
    };
    assert_eq!(s.send(bearer("s3cret/+")).await.status, StatusCode::OK);
    assert_eq!(s.send(bearer("s3cret")).await.status, StatusCode::UNAUTHORIZED);
    // The printed URL sets the cookie and sends the browser to the page.
    let url = s.get("/?token=s3cret%2F%2B").await;
    assert_eq!(url.status, StatusCode::SEE_OTHER);
    let cookie = url.headers[header::SET_COOKIE].to_str().expect("ASCII").to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let pair = cookie.split(';').next().expect("a pair").to_owned();
    let with_cookie = Request::get("/api/v1/scenarios")
        .header(header::COOKIE, pair)
        .body(Body::empty())
        .expect("a request");
    assert_eq!(s.send(with_cookie).await.status, StatusCode::OK);
    assert_eq!(s.get("/?token=wrong").await.status, StatusCode::UNAUTHORIZED);
}

/// The error bodies people and programs read, as the server words them.
#[tokio::test]
async fn error_bodies_read_well() {
    let s = server_with(
        Limits { upload_bytes: 100_000, json_bytes: 64, ..Limits::default() },
        None,
        "127.0.0.1:0",
    );
    let mut bodies = Vec::new();
    let slip = zip_of(&[("scenario.toml", b""), ("../evil.csv", b"")]);
    bodies.push(s.raw(Method::POST, "/api/v1/scenarios", slip).await.json());
    bodies.push(s.raw(Method::POST, "/api/v1/scenarios", vec![0; 100_001]).await.json());
    bodies.push(s.raw(Method::POST, "/api/v1/scenarios", b"not a zip".to_vec()).await.json());
    bodies.push(
        s.raw(Method::PATCH, "/api/v1/scenarios/mali-2024/tables/lanes", b"{\"row\": }".to_vec())
            .await
            .json(),
    );
    bodies.push(s.get("/api/v1/scenarios/..").await.json());
    bodies.push(s.get("/api/v1/scenarios/mali-2024/tables/roads").await.json());
    let typo = json!({"edit": "close-lane:dakar_kidra"});
    bodies.push(s.json(Method::POST, "/api/v1/scenarios/mali-2024/edits", &typo).await.json());
    bodies.push(s.get("/api/v1/nothing").await.json());
    let t = server_with(Limits::default(), Some("t"), "0.0.0.0:0");
    bodies.push(t.get("/api/v1/scenarios").await.json());
    insta::assert_json_snapshot!(bodies);
}

/// Another site open in the planner's browser cannot drive the server: a cross-site request
/// that changes something is refused, and so is a loopback server addressed by another name
/// (DNS rebinding). The server's own page and clients without `Origin` pass.
#[tokio::test]
async fn other_sites_cannot_drive_the_server() {
    let s = server();
    let edit = |origin: Option<&str>, host: &str| {
        let mut r = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/scenarios/mali-2024/edits")
            .header(header::HOST, host)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(o) = origin {
            r = r.header(header::ORIGIN, o);
        }
        r.body(Body::from(json!({"edit": "scale-fund:un_food=0.5"}).to_string())).expect("a request")
    };
    let forged = s.send(edit(Some("http://evil.example"), "127.0.0.1:8080")).await;
    assert_eq!((forged.status, forged.code()), (StatusCode::FORBIDDEN, "cross_site".to_owned()));
    let null = s.send(edit(Some("null"), "127.0.0.1:8080")).await;
    assert_eq!(null.status, StatusCode::FORBIDDEN);
    let rebound = s
        .send(
            Request::get("/api/v1/scenarios")
                .header(header::HOST, "evil.example:8080")
                .body(Body::empty())
                .expect("a request"),
        )
        .await;
    assert_eq!((rebound.status, rebound.code()), (StatusCode::FORBIDDEN, "foreign_host".to_owned()));
    assert!(s.get("/api/v1/scenarios/mali-2024/edits").await.json().as_array().expect("edits").is_empty());
    let own = s.send(edit(Some("http://127.0.0.1:8080"), "127.0.0.1:8080")).await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text());
    let local = s.send(edit(Some("http://localhost:8080"), "localhost:8080")).await;
    assert_eq!(local.status, StatusCode::CREATED);
    assert_eq!(s.send(edit(None, "[::1]:8080")).await.status, StatusCode::CREATED);
    // Off loopback (with a token) any host name is the team's.
    let t = server_with(Limits::default(), Some("t"), "0.0.0.0:0");
    let named = Request::get("/api/v1/scenarios")
        .header(header::HOST, "planner.lan:8080")
        .header(header::AUTHORIZATION, "Bearer t");
    assert_eq!(t.send(named.body(Body::empty()).expect("a request")).await.status, StatusCode::OK);
}
