//! hinterland-serve's tests: the API in process (`tower::ServiceExt::oneshot`) and over a
//! loopback socket, the limits, and the page in a real browser.

mod api;
mod browser;
mod limits;
mod planning;
mod support;
