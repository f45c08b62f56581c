//! A server on the Mali 2024 scenario of this repository, requests and answers.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use hinterland_io::ScenarioSource;
use hinterland_serve::{Config, Limits, Shipped};
use http_body_util::BodyExt as _;
use std::path::Path;
use tower::ServiceExt as _;

/// The repository's `scenarios/NAME` folder as a shipped scenario with id `id`.
pub fn scenario(id: &str, name: &str) -> Shipped {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(name);
    let source = ScenarioSource::from_dir(&dir).expect("the repository's scenario reads");
    Shipped { id: id.to_owned(), source }
}

pub fn mali() -> Shipped {
    scenario("mali-2024", "mali-2024")
}

/// A test server: its app and working folder (removed when dropped).
pub struct TestServer {
    pub app: Router,
    pub workdir: tempfile::TempDir,
}

pub fn server_with(limits: Limits, token: Option<&str>, addr: &str) -> TestServer {
    let workdir = tempfile::tempdir().expect("a temporary folder");
    let config = Config {
        addr: addr.parse().expect("an address"),
        token: token.map(str::to_owned),
        workdir: workdir.path().to_owned(),
        scenarios: vec![mali()],
        limits,
    };
    let state = hinterland_serve::state(config).expect("the server starts");
    TestServer { app: hinterland_serve::api::router(state), workdir }
}

pub fn server() -> TestServer {
    server_with(Limits { solvers: 2, ..Limits::default() }, None, "127.0.0.1:0")
}

/// An answer: status, headers and body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The error code of a JSON error.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code: {}", self.text()))
            .to_owned()
    }
}

impl TestServer {
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.app.clone().oneshot(request).await.expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.expect("a body").to_bytes().to_vec();
        Answer { status, headers, body }
    }

    pub async fn get(&self, uri: &str) -> Answer {
        self.send(Request::get(uri).body(Body::empty()).expect("a request")).await
    }

    pub async fn json(&self, method: Method, uri: &str, body: &serde_json::Value) -> Answer {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("a request");
        self.send(request).await
    }

    pub async fn raw(&self, method: Method, uri: &str, body: Vec<u8>) -> Answer {
        self.send(Request::builder().method(method).uri(uri).body(Body::from(body)).expect("a request")).await
    }
}

/// A headline figure of a plan answer, by its field name.
pub fn headline(plan: &serde_json::Value, field: &str) -> f64 {
    plan["figures"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x["field"] == field))
        .and_then(|x| x["value"].as_f64())
        .unwrap_or_else(|| panic!("no figure `{field}` in {plan}"))
}
