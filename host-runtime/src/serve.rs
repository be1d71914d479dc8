//! `thanthien serve`: the same JSON contract over HTTP, for integrators in other languages.
use std::io::Read;
use std::sync::Arc;

use anyhow::{Result, anyhow};
use serde_json::Value;
use thanthien_host::{Host, error_json, wit};
use tiny_http::{Header, Method, Request, Response, Server};

fn json_header() -> Option<Header> {
    Header::from_bytes("Content-Type", "application/json; charset=utf-8").ok()
}

fn reply(req: Request, status: u16, body: String) {
    let mut resp = Response::from_string(body).with_status_code(status);
    if let Some(h) = json_header() {
        resp.add_header(h);
    }
    let _ = req.respond(resp);
}

fn error_body(code: &str, vi: String, en: String) -> String {
    error_json(&wit::Error {
        code: code.to_owned(),
        message_vi: vi,
        message_en: en,
        path: String::new(),
    })
}

/// HTTP status of an answer: 200 for a result, 404 for an unknown operation, 413 for an
/// oversized input, 503 for a resource limit, 500 for a fault of the engine, 400 for every
/// other error answer.
fn status_of(answer: &str) -> u16 {
    let Ok(v) = serde_json::from_str::<Value>(answer) else {
        return 500;
    };
    match v.pointer("/error/code").and_then(Value::as_str) {
        None => 200,
        Some("unknown_operation") => 404,
        Some("input_too_large") => 413,
        Some("resource_limit") => 503,
        Some("internal_error" | "internal_data") => 500,
        Some(_) => 400,
    }
}

fn handle(host: &Host, mut req: Request, max_body: usize, operations: &[String]) {
    let url = req.url().split('?').next().unwrap_or("").to_owned();
    match (req.method(), url.as_str()) {
        (Method::Get, "/healthz") => reply(req, 200, r#"{"status":"ok"}"#.to_owned()),
        (Method::Get, "/v1/operations") => reply(
            req,
            200,
            serde_json::json!({ "operations": operations }).to_string(),
        ),
        (Method::Get, "/v1/version") => match host.version() {
            Ok(mut v) => {
                v["host"] = Value::from(env!("CARGO_PKG_VERSION"));
                reply(req, 200, v.to_string())
            }
            Err(e) => reply(
                req,
                500,
                error_body("internal_error", format!("Lỗi: {e}"), format!("Error: {e}")),
            ),
        },
        (Method::Post, path) if path.starts_with("/v1/") => {
            let op = path.trim_start_matches("/v1/").to_owned();
            let mut body = Vec::new();
            let read = req
                .as_reader()
                .take(max_body as u64 + 1)
                .read_to_end(&mut body);
            if read.is_err() {
                return reply(
                    req,
                    400,
                    error_body(
                        "malformed_json",
                        "Không đọc được nội dung yêu cầu".to_owned(),
                        "Cannot read the request body".to_owned(),
                    ),
                );
            }
            if body.len() > max_body {
                return reply(
                    req,
                    413,
                    error_body(
                        "input_too_large",
                        format!("Nội dung yêu cầu vượt quá {max_body} byte"),
                        format!("Request body exceeds {max_body} bytes"),
                    ),
                );
            }
            let text = match thanthien_host::framing::decode(body) {
                Ok(text) => text,
                Err(e) => return reply(req, 400, thanthien_host::error_json(&e)),
            };
            match host.call_json(&op, &text) {
                Ok(answer) => {
                    let status = status_of(&answer);
                    reply(req, status, answer)
                }
                Err(e) => reply(
                    req,
                    500,
                    error_body(
                        "internal_error",
                        format!("Lỗi máy chủ: {e}"),
                        format!("Host error: {e}"),
                    ),
                ),
            }
        }
        _ => reply(
            req,
            404,
            error_body(
                "unknown_operation",
                format!("Không có đường dẫn {url}"),
                format!("No route {url}"),
            ),
        ),
    }
}

/// Serves until the process is stopped.
pub fn serve(host: Arc<Host>, addr: &str, workers: usize, max_body: usize) -> Result<()> {
    let server = Arc::new(Server::http(addr).map_err(|e| anyhow!("cannot listen on {addr}: {e}"))?);
    let operations = host.operations()?;
    eprintln!(
        "thanthien: serving {} ({}) on http://{addr}",
        host.source().display(),
        host.package()
    );
    let mut threads = Vec::new();
    for _ in 0..workers.max(1) {
        let (server, host, operations) =
            (Arc::clone(&server), Arc::clone(&host), operations.clone());
        threads.push(std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                handle(&host, req, max_body, &operations);
            }
        }));
    }
    for t in threads {
        let _ = t.join();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::status_of;

    #[test]
    fn statuses_follow_the_error_code() {
        let err = |code: &str| format!(r#"{{"error":{{"code":"{code}","path":""}}}}"#);
        assert_eq!(status_of(r#"{"date":"2025-01-29"}"#), 200);
        assert_eq!(status_of(&err("internal_error")), 500);
        assert_eq!(status_of(&err("resource_limit")), 503);
        assert_eq!(status_of(&err("input_too_large")), 413);
        assert_eq!(status_of(&err("unknown_operation")), 404);
        assert_eq!(status_of(&err("duplicate_key")), 400);
        assert_eq!(status_of("not json"), 500);
    }
}
