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
/// The first error among a validation's diagnostics (`{"diagnostics": [...]}`).
pub fn first_error(v: &serde_json::Value) -> &serde_json::Value {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("an error")
}

pub fn headline(plan: &serde_json::Value, field: &str) -> f64 {
    plan["figures"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x["field"] == field))
        .and_then(|x| x["value"].as_f64())
        .unwrap_or_else(|| panic!("no figure `{field}` in {plan}"))
}

/// Checks `value` against the JSON schema `schema` of openapi.json (the subset it uses:
/// `$ref`, `allOf`, `oneOf`, `type`, `enum`, `required`, `properties`, `items`).
fn conforms(
    value: &serde_json::Value,
    schema: &serde_json::Value,
    doc: &serde_json::Value,
    at: &str,
) -> Result<(), String> {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        return conforms(value, &doc["components"]["schemas"][name], doc, at);
    }
    if let Some(all) = schema["allOf"].as_array() {
        return all.iter().try_for_each(|s| conforms(value, s, doc, at));
    }
    if let Some(any) = schema["oneOf"].as_array() {
        return if any.iter().any(|s| conforms(value, s, doc, at).is_ok()) {
            Ok(())
        } else {
            Err(format!("{at}: {value} matches none of {schema}"))
        };
    }
    if let Some(options) = schema["enum"].as_array().filter(|o| !o.contains(value)) {
        return Err(format!("{at}: {value} is not one of {options:?}"));
    }
    let kinds: Vec<&str> = match &schema["type"] {
        serde_json::Value::String(t) => vec![t.as_str()],
        serde_json::Value::Array(ts) => ts.iter().filter_map(|t| t.as_str()).collect(),
        _ => Vec::new(),
    };
    let kind_ok = |k: &str| match k {
        "string" => value.is_string(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => false,
    };
    if !kinds.is_empty() && !kinds.iter().any(|k| kind_ok(k)) {
        return Err(format!("{at}: {value} is not {kinds:?}"));
    }
    if let Some(required) = schema["required"].as_array() {
        for key in required.iter().filter_map(|k| k.as_str()) {
            if value.get(key).is_none() {
                return Err(format!("{at}: `{key}` is missing from {value}"));
            }
        }
    }
    if let (Some(props), Some(object)) = (schema["properties"].as_object(), value.as_object()) {
        for (key, s) in props {
            if let Some(v) = object.get(key) {
                conforms(v, s, doc, &format!("{at}.{key}"))?;
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            conforms(v, items, doc, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

/// Asserts that an answer is as openapi.json describes the route's answer with its status
/// (an error: the `default` answer, `Error`).
pub fn assert_documented(answer: &Answer, method: &str, path: &str) {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../../src/openapi.json")).expect("openapi.json is JSON");
    let status = answer.status.as_u16().to_string();
    let responses = &doc["paths"][path][method]["responses"];
    let response =
        if answer.status.is_success() { &responses[status.as_str()] } else { &responses["default"] };
    let schema = match response.get("$ref").and_then(|r| r.as_str()) {
        Some(r) => &doc["components"]["responses"][r.trim_start_matches("#/components/responses/")],
        None => response,
    };
    let schema = &schema["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "openapi.json describes no JSON answer {status} of {method} {path}");
    if let Err(e) = conforms(&answer.json(), schema, &doc, "answer") {
        panic!("{method} {path} ({status}) is not as documented: {e}");
    }
}
