//! The server's log: one JSON object a line on stderr, for requests and for its own events.
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use axum::http::HeaderMap;
use serde_json::{Value, json};

fn now() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

fn write_line(v: &Value) {
    let mut line = v.to_string();
    line.push('\n');
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// A server event (`listening`, `draining`, `stopped`, …) with its fields.
pub fn event(name: &str, mut fields: Value) {
    fields["time"] = Value::from(now());
    fields["event"] = Value::from(name);
    write_line(&fields);
}

/// One answered request.
pub struct Access<'a> {
    pub id: &'a str,
    pub peer: Option<SocketAddr>,
    pub method: &'a str,
    pub path: &'a str,
    pub operation: Option<&'a str>,
    pub status: u16,
    pub seconds: f64,
    pub error: Option<&'a str>,
    /// A guest fault's detail, or the limit that stopped the call.
    pub fault: Option<&'a str>,
}

pub fn access(a: &Access) {
    let mut v = json!({
        "time": now(),
        "event": "request",
        "request_id": a.id,
        "method": a.method,
        "path": a.path,
        "status": a.status,
        "duration_ms": (a.seconds * 1e6).round() / 1e3,
    });
    if let Some(p) = a.peer {
        v["remote"] = Value::from(p.to_string());
    }
    if let Some(op) = a.operation {
        v["operation"] = Value::from(op);
    }
    if let Some(e) = a.error {
        v["error"] = Value::from(e);
    }
    if let Some(f) = a.fault {
        v["fault"] = Value::from(f);
    }
    write_line(&v);
}

/// A prefix that tells this process's request ids from another's.
pub fn id_prefix() -> String {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("{:05x}{:05x}", std::process::id() & 0xfffff, nanos >> 12)
}

/// The caller's `X-Request-Id` when it is short and plain, else a new one.
pub fn request_id(prefix: &str, next: &AtomicU64, headers: &HeaderMap) -> String {
    let given = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|s| {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        });
    match given {
        Some(s) => s.to_owned(),
        None => format!("{prefix}-{}", next.fetch_add(1, Ordering::Relaxed)),
    }
}
