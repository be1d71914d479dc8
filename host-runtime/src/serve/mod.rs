//! `thanthien serve`: the same JSON contract over HTTP, for integrators in other languages.
//!
//! HTTP/1.1 by hyper (strict parsing: conflicting `Content-Length`s are refused; a body framed
//! both ways is read as chunked and its connection closed after the answer, RFC 9112 §6.3, so
//! nothing can be smuggled behind it), routes by axum, CORS by
//! tower-http, on tokio. Slow clients cost a task, not a worker: a request holds one of the
//! `workers` call permits only while the component runs, after its head and body are read
//! under their timeouts. Calls beyond the workers wait in a bounded queue; past it the answer
//! is 503 `server_busy` at once. SIGTERM or SIGINT stops accepting, answers what is in flight,
//! then exits 0.
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use serde_json::{Value, json};
use thanthien_host::{Host, error_json, wit};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

mod log;
mod metrics;
mod policy;

pub use policy::{Allowed, Policy};

/// How the server runs: its address, its limits and what requests may bring.
#[derive(Clone, Debug)]
pub struct Options {
    pub addr: String,
    /// Calls run in the component at once.
    pub workers: usize,
    /// Calls that may wait for a worker; beyond them, 503 `server_busy`.
    pub max_pending: usize,
    pub max_body: usize,
    pub max_connections: usize,
    /// Time to send a request's head (also how long an idle keep-alive connection is kept).
    pub header_timeout: Duration,
    /// Time to send a request's body once its head is in.
    pub body_timeout: Duration,
    /// Longest wait for a worker; the call itself is bounded by the host's time limit.
    pub queue_timeout: Duration,
    /// How long a SIGTERM waits for calls in flight before the process exits anyway.
    pub shutdown_timeout: Duration,
    /// Origins allowed by CORS (`*` for any); none by default.
    pub cors_origins: Vec<String>,
    pub access_log: bool,
    pub policy: Policy,
}

/// What the handlers share.
struct Shared {
    host: Arc<Host>,
    operations: Vec<String>,
    known: HashSet<String>,
    opts: Options,
    calls: Arc<Semaphore>,
    admitted: AtomicUsize,
    metrics: metrics::Metrics,
    draining: AtomicBool,
    next_id: AtomicU64,
    id_prefix: String,
}

/// What a handler tells the access log and the metrics about its request.
#[derive(Clone, Debug, Default)]
struct Note {
    operation: Option<String>,
    error: Option<String>,
    fault: Option<String>,
}

/// The client's address, set per connection.
#[derive(Clone, Copy, Debug)]
struct Peer(SocketAddr);

fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// An error answer of the server itself (not of the component), noted for the log.
fn refuse(status: StatusCode, code: &str, vi: String, en: String, path: &str) -> Response {
    let body = error_json(&wit::Error {
        code: code.to_owned(),
        message_vi: vi,
        message_en: en,
        path: path.to_owned(),
    });
    let mut resp = json_response(status, body);
    resp.extensions_mut().insert(Note {
        error: Some(code.to_owned()),
        ..Note::default()
    });
    resp
}

/// Also closes the connection: what is left of the request cannot be trusted as a boundary.
fn refuse_and_close(status: StatusCode, code: &str, vi: String, en: String) -> Response {
    let mut resp = refuse(status, code, vi, en, "");
    resp.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    resp
}

/// HTTP status of an answer and its error code: 200 for a result, 404 for an unknown
/// operation, 413 for an oversized input, 503 for a resource limit, 500 for a fault of the
/// engine, 400 for every other error answer.
fn status_of(answer: &str) -> (u16, Option<String>) {
    if !answer.starts_with("{\"error\":") {
        let json_like = answer.starts_with('{') || answer.starts_with('[');
        return (if json_like { 200 } else { 500 }, None);
    }
    let code = serde_json::from_str::<Value>(answer).ok().and_then(|v| {
        v.pointer("/error/code")
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    let status = match code.as_deref() {
        None => 500,
        Some("unknown_operation") => 404,
        Some("input_too_large") => 413,
        Some("resource_limit") => 503,
        Some("internal_error" | "internal_data") => 500,
        Some(_) => 400,
    };
    (status, code)
}

async fn healthz() -> Response {
    json_response(StatusCode::OK, r#"{"status":"ok"}"#.to_owned())
}

async fn readyz(State(s): State<Arc<Shared>>) -> Response {
    if s.draining.load(Ordering::Relaxed) {
        json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            r#"{"status":"draining"}"#.to_owned(),
        )
    } else {
        json_response(StatusCode::OK, r#"{"status":"ready"}"#.to_owned())
    }
}

async fn operations(State(s): State<Arc<Shared>>) -> Response {
    json_response(
        StatusCode::OK,
        json!({ "operations": s.operations }).to_string(),
    )
}

async fn version(State(s): State<Arc<Shared>>) -> Response {
    let host = Arc::clone(&s.host);
    match tokio::task::spawn_blocking(move || host.version()).await {
        Ok(Ok(mut v)) => {
            v["host"] = Value::from(env!("CARGO_PKG_VERSION"));
            json_response(StatusCode::OK, v.to_string())
        }
        Ok(Err(e)) => internal(&e.to_string()),
        Err(e) => internal(&e.to_string()),
    }
}

fn internal(detail: &str) -> Response {
    refuse(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        format!("Lỗi máy chủ: {detail}"),
        format!("Host error: {detail}"),
        "",
    )
}

/// The OpenAPI 3.1 document of this server, generated from the Rust types (`cargo xtask schemas`).
const OPENAPI: &str = include_str!("../../../schemas/openapi.json");

async fn openapi() -> Response {
    json_response(StatusCode::OK, OPENAPI.to_owned())
}

async fn metrics_text(State(s): State<Arc<Shared>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
        )],
        s.metrics.encode(),
    )
        .into_response()
}

async fn no_route(req: Request) -> Response {
    let path = req.uri().path().to_owned();
    refuse(
        StatusCode::NOT_FOUND,
        "unknown_operation",
        format!("Không có đường dẫn {path}"),
        format!("No route {path}"),
        "",
    )
}

async fn wrong_method(req: Request) -> Response {
    let path = req.uri().path();
    let allow = if path.starts_with("/v1/") && !GET_ROUTES.contains(&path) {
        "POST"
    } else {
        "GET, HEAD"
    };
    let mut resp = refuse(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} không dùng được cho {path}; dùng {allow}", req.method()),
        format!("{} is not allowed on {path}; use {allow}", req.method()),
        "",
    );
    resp.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    resp
}

const GET_ROUTES: [&str; 6] = [
    "/healthz",
    "/readyz",
    "/metrics",
    "/v1/operations",
    "/v1/version",
    "/v1/openapi.json",
];

/// Counts a call admitted (running or queued) until dropped.
struct Admitted<'a>(&'a Shared);

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        self.0.admitted.fetch_sub(1, Ordering::Relaxed);
        self.0.metrics.in_flight.dec();
    }
}

fn busy(s: &Shared) -> Response {
    s.metrics.busy();
    let mut resp = refuse(
        StatusCode::SERVICE_UNAVAILABLE,
        "server_busy",
        "Máy chủ đang bận; xin gửi lại sau ít giây".to_owned(),
        "The server is busy; retry in a few seconds".to_owned(),
        "",
    );
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    resp
}

/// The content coding of a body sent compressed (`Content-Encoding` other than `identity`),
/// which the server does not undo: read as it is, the body would be refused as text that is not
/// UTF-8.
fn encoded(headers: &HeaderMap) -> Option<String> {
    let codings = headers.get_all(header::CONTENT_ENCODING).iter();
    let text: Vec<String> = codings
        .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
        .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("identity"))
        .collect();
    (!text.is_empty()).then(|| text.join(", "))
}

/// The request body under the size cap and the body timeout.
async fn read_body(s: &Shared, headers: &HeaderMap, body: Body) -> Result<Vec<u8>, Response> {
    let max = s.opts.max_body;
    let too_large = || {
        refuse_and_close(
            StatusCode::PAYLOAD_TOO_LARGE,
            "input_too_large",
            format!("Nội dung yêu cầu vượt quá {max} byte"),
            format!("Request body exceeds {max} bytes"),
        )
    };
    if let Some(coding) = encoded(headers) {
        let mut resp = refuse_and_close(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_encoding",
            format!("Không nhận nội dung nén (Content-Encoding: {coding}); xin gửi không nén"),
            format!(
                "Compressed bodies are not accepted (Content-Encoding: {coding}); send it uncompressed"
            ),
        );
        // RFC 9110 §12.5.3, §15.5.16: say what the server takes.
        resp.headers_mut().insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("identity"),
        );
        return Err(resp);
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(s.opts.body_timeout, Limited::new(body, max).collect()).await {
        Err(_) => Err(refuse_and_close(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            format!(
                "Nội dung yêu cầu không đến đủ trong {} giây",
                s.opts.body_timeout.as_secs()
            ),
            format!(
                "The request body did not arrive within {} s",
                s.opts.body_timeout.as_secs()
            ),
        )),
        Ok(Err(e)) if e.is::<LengthLimitError>() => Err(too_large()),
        Ok(Err(e)) => Err(refuse_and_close(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("Không đọc được nội dung yêu cầu: {e}"),
            format!("Cannot read the request body: {e}"),
        )),
        Ok(Ok(collected)) => Ok(collected.to_bytes().to_vec()),
    }
}

async fn call(
    State(s): State<Arc<Shared>>,
    Path(op): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started = Instant::now();
    let mut resp = run_call(&s, &op, &headers, body, started).await;
    let label = if s.known.contains(&op) {
        op
    } else {
        "unknown".to_owned()
    };
    let note = resp.extensions_mut().get_or_insert_default::<Note>();
    note.operation = Some(label);
    resp
}

async fn run_call(
    s: &Arc<Shared>,
    op: &str,
    headers: &HeaderMap,
    body: Body,
    started: Instant,
) -> Response {
    let body = match read_body(s, headers, body).await {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let text = match thanthien_host::framing::decode(body) {
        Ok(text) => text,
        Err(e) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                &e.code,
                e.message_vi,
                e.message_en,
                &e.path,
            );
        }
    };
    let text = match s.opts.policy.apply(&text) {
        Ok(t) => t.into_owned(),
        Err(refused) => {
            let e = refused.error();
            return refuse(
                StatusCode::FORBIDDEN,
                &e.code,
                e.message_vi,
                e.message_en,
                &e.path,
            );
        }
    };
    if s.admitted.fetch_add(1, Ordering::Relaxed) >= s.opts.workers + s.opts.max_pending {
        s.admitted.fetch_sub(1, Ordering::Relaxed);
        return busy(s);
    }
    s.metrics.in_flight.inc();
    let _admitted = Admitted(s);
    let wait = s.opts.queue_timeout.saturating_sub(started.elapsed());
    let permit = match tokio::time::timeout(wait, Arc::clone(&s.calls).acquire_owned()).await {
        Ok(Ok(p)) => p,
        _ => return busy(s),
    };
    let (host, op_owned) = (Arc::clone(&s.host), op.to_owned());
    let outcome = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        host.call_json_traced(&op_owned, &text)
    })
    .await;
    match outcome {
        Ok(Ok((answer, failure))) => {
            let (status, code) = status_of(&answer);
            let mut resp = json_response(
                StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                answer,
            );
            if let Some(f) = &failure {
                s.metrics.failure(f.kind());
            }
            resp.extensions_mut().insert(Note {
                operation: None,
                error: code,
                fault: failure.map(|f| match f {
                    thanthien_host::CallFailure::Trap(detail) => detail,
                    other => other.kind().to_owned(),
                }),
            });
            resp
        }
        Ok(Err(e)) => internal(&e.to_string()),
        Err(e) => internal(&e.to_string()),
    }
}

/// Request id, access log line and metrics around every request.
async fn observe(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = log::request_id(&s.id_prefix, &s.next_id, req.headers());
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let peer = req.extensions().get::<Peer>().map(|p| p.0);
    let mut resp = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    let note = resp.extensions().get::<Note>().cloned().unwrap_or_default();
    let route = note.operation.clone().unwrap_or_else(|| route_label(&path));
    let seconds = started.elapsed().as_secs_f64();
    let status = resp.status().as_u16();
    s.metrics.observe(&route, status, seconds);
    if s.opts.access_log {
        log::access(&log::Access {
            id: &id,
            peer,
            method: method.as_str(),
            path: &path,
            operation: note.operation.as_deref(),
            status,
            seconds,
            error: note.error.as_deref(),
            fault: note.fault.as_deref(),
        });
    }
    resp
}

/// The metrics label of a request that is not a call: its route, or `other`.
fn route_label(path: &str) -> String {
    if GET_ROUTES.contains(&path) {
        path.to_owned()
    } else {
        "other".to_owned()
    }
}

fn cors(origins: &[String]) -> Result<Option<tower_http::cors::CorsLayer>> {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    if origins.is_empty() {
        return Ok(None);
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        let list = origins
            .iter()
            .map(|o| HeaderValue::from_str(o).with_context(|| format!("bad --cors-origin {o}")))
            .collect::<Result<Vec<_>>>()?;
        AllowOrigin::list(list)
    };
    Ok(Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                header::CONTENT_TYPE,
                header::HeaderName::from_static("x-request-id"),
            ])
            .expose_headers([header::HeaderName::from_static("x-request-id")])
            .max_age(Duration::from_secs(3600)),
    ))
}

fn router(shared: Arc<Shared>) -> Result<Router> {
    let mut app = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .route("/v1/operations", get(operations))
        .route("/v1/version", get(version))
        .route("/v1/openapi.json", get(openapi))
        .route("/v1/{op}", post(call))
        .fallback(no_route)
        .method_not_allowed_fallback(wrong_method)
        .with_state(Arc::clone(&shared));
    if let Some(layer) = cors(&shared.opts.cors_origins)? {
        app = app.layer(layer);
    }
    Ok(app.layer(middleware::from_fn_with_state(shared, observe)))
}

/// Resolves on SIGTERM or SIGINT.
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Serves until SIGTERM or SIGINT, then answers what is in flight and returns.
pub fn serve(host: Arc<Host>, opts: Options) -> Result<()> {
    let operations = host.operations()?;
    // One warm instance per worker before the first request.
    std::thread::scope(|scope| {
        for _ in 0..opts.workers.max(1) {
            scope.spawn(|| host.operations());
        }
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(opts.workers.max(1) + 4)
        .build()?;
    let shutdown_timeout = opts.shutdown_timeout;
    let shared = Arc::new(Shared {
        known: operations.iter().cloned().collect(),
        operations,
        host,
        calls: Arc::new(Semaphore::new(opts.workers.max(1))),
        admitted: AtomicUsize::new(0),
        metrics: metrics::Metrics::new(),
        draining: AtomicBool::new(false),
        next_id: AtomicU64::new(1),
        id_prefix: log::id_prefix(),
        opts,
    });
    let result = runtime.block_on(run(shared));
    runtime.shutdown_timeout(shutdown_timeout);
    result
}

async fn run(shared: Arc<Shared>) -> Result<()> {
    let app = router(Arc::clone(&shared))?;
    let listener = TcpListener::bind(&shared.opts.addr)
        .await
        .with_context(|| format!("cannot listen on {}", shared.opts.addr))?;
    log::event(
        "listening",
        json!({
            "addr": listener.local_addr()?.to_string(),
            "component": shared.host.source().display().to_string(),
            "package": shared.host.package(),
            "workers": shared.opts.workers,
        }),
    );
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(shared.opts.header_timeout)
        .max_buf_size(64 * 1024);
    let connections = Arc::new(Semaphore::new(shared.opts.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let stop = stop_signal();
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&connections).acquire_owned() => p?,
            _ = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    log::event("accept_failed", json!({ "detail": e.to_string() }));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
            req.extensions_mut().insert(Peer(peer));
            let mut app = app.clone();
            async move { tower_service::Service::call(&mut app, req.map(Body::new)).await }
        });
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    shared.draining.store(true, Ordering::Relaxed);
    drop(listener);
    log::event(
        "draining",
        json!({ "calls_in_flight": shared.admitted.load(Ordering::Relaxed) }),
    );
    tokio::select! {
        _ = graceful.shutdown() => log::event("stopped", json!({})),
        _ = tokio::time::sleep(shared.opts.shutdown_timeout) => {
            log::event("shutdown_timeout", json!({
                "calls_in_flight": shared.admitted.load(Ordering::Relaxed),
            }));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::status_of;

    #[test]
    fn statuses_follow_the_error_code() {
        let err = |code: &str| format!(r#"{{"error":{{"code":"{code}","path":""}}}}"#);
        assert_eq!(status_of(r#"{"date":"2025-01-29"}"#).0, 200);
        assert_eq!(status_of(&err("internal_error")).0, 500);
        assert_eq!(status_of(&err("resource_limit")).0, 503);
        assert_eq!(status_of(&err("input_too_large")).0, 413);
        assert_eq!(status_of(&err("unknown_operation")).0, 404);
        assert_eq!(
            status_of(&err("duplicate_key")),
            (400, Some("duplicate_key".to_owned()))
        );
        assert_eq!(status_of("not json").0, 500);
    }
}
