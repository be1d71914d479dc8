//! `thanthien serve` end to end over real sockets: the contract's statuses and answers, strict
//! HTTP, slow clients, the server's ruleset and what requests may add, CORS, the access log,
//! metrics, and SIGTERM answering the call in flight before exiting 0.
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../../tests/support/component.rs"]
mod support;
use support::component;

/// A running `thanthien serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

impl Server {
    /// Starts on a free port and waits for its `listening` line.
    fn start(component: &Path, name: &str, args: &[&str]) -> Self {
        let log =
            std::env::temp_dir().join(format!("thanthien-serve-{name}-{}.log", std::process::id()));
        let child = Command::new(env!("CARGO_BIN_EXE_thanthien"))
            .arg("--component")
            .arg(component)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let mut server = Self {
            child,
            addr: String::new(),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let text = std::fs::read_to_string(&server.log).unwrap_or_default();
            let addr = text.lines().find_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).ok()?;
                (v["event"] == "listening").then(|| v["addr"].as_str().unwrap().to_owned())
            });
            if let Some(addr) = addr {
                server.addr = addr;
                return server;
            }
            assert!(Instant::now() < deadline, "server did not start: {text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s
    }

    /// One request on a new connection: status, head and body of the answer.
    fn exchange(&self, head: &str, body: &[u8]) -> (u16, String, String) {
        let mut s = self.connect();
        s.write_all(head.as_bytes()).unwrap();
        let _ = s.write_all(body);
        read_answer(&mut s)
    }

    fn request(&self, method: &str, path: &str, body: &[u8]) -> (u16, String) {
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let (status, _, body) = self.exchange(&head, body);
        (status, body)
    }

    fn log_lines(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.log)
            .unwrap()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }
}

/// Reads until the peer closes: the status of the first answer, its head and the rest.
fn read_answer(s: &mut TcpStream) -> (u16, String, String) {
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    let text = String::from_utf8_lossy(&resp).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status, head.to_ascii_lowercase(), body.to_owned())
}

fn native(op: &str, input: &str) -> String {
    thanthien_core::api::call_json(op, input)
}

#[test]
fn http_server() {
    let Some(c) = component() else { return };
    let server = Server::start(&c, "contract", &["--workers", "4", "--max-body", "65536"]);
    assert_eq!(
        server.request("GET", "/healthz", b""),
        (200, r#"{"status":"ok"}"#.to_owned())
    );
    let (status, body) = server.request("GET", "/v1/version", b"");
    assert_eq!(status, 200);
    assert!(
        body.contains(r#""wit_package":"thanthien:rules@0.1.3""#) && body.contains(r#""ruleset":"#),
        "{body}"
    );
    let (status, body) = server.request("GET", "/v1/operations", b"");
    assert_eq!(status, 200);
    assert!(body.contains("calendar.add_working_hours"), "{body}");
    let operations: serde_json::Value = serde_json::from_str(&body).unwrap();
    let (status, body) = server.request("GET", "/v1/openapi.json", b"");
    assert_eq!(status, 200);
    let openapi: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(openapi["openapi"], "3.1.0");
    // The codes the server answers itself are in the document.
    let server_codes: Vec<&str> = openapi["components"]["schemas"]["ServerErrorCode"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["const"].as_str().unwrap())
        .collect();
    for code in [
        "method_not_allowed",
        "ruleset_not_allowed",
        "request_timeout",
        "server_busy",
    ] {
        assert!(
            server_codes.contains(&code),
            "{code} not in {server_codes:?}"
        );
    }
    // One path per operation of the component, with its input schema.
    for op in operations["operations"].as_array().unwrap() {
        let post = &openapi["paths"][format!("/v1/{}", op.as_str().unwrap())]["post"];
        assert!(
            post["requestBody"]["content"]["application/json"]["schema"].is_object(),
            "{op}"
        );
        assert!(post["responses"]["503"].is_object(), "{op}");
    }
    let input = r#"{"start":"2025-01-24","days":3}"#;
    assert_eq!(
        server.request("POST", "/v1/calendar.add_working_days", input.as_bytes()),
        (200, native("calendar.add_working_days", input))
    );
    assert_eq!(
        server
            .request("POST", "/v1/calendar.day", br#"{"date":"2025-02-29"}"#)
            .0,
        400
    );
    let (status, body) = server.request("POST", "/v1/calendar.tomorrow", b"{}");
    assert_eq!(status, 404);
    assert!(body.contains("unknown_operation"), "{body}");
    let (status, body) = server.request("POST", "/v1/calendar.day", &vec![b' '; 70_000]);
    assert_eq!(status, 413);
    assert!(body.contains("input_too_large"), "{body}");
    // Concurrent requests all get their own right answer.
    let workers: Vec<_> = (0..8)
        .map(|t| {
            let server = &server;
            move || {
                for i in 0..20 {
                    let days = (t * 20 + i) % 30 + 1;
                    let input = format!(r#"{{"start":"2025-03-03","days":{days}}}"#);
                    let answer =
                        server.request("POST", "/v1/calendar.add_working_days", input.as_bytes());
                    assert_eq!(answer, (200, native("calendar.add_working_days", &input)));
                }
            }
        })
        .collect();
    std::thread::scope(|scope| {
        for w in workers {
            scope.spawn(w);
        }
    });
}

/// Keep-alive: several requests on one connection, each answered in turn.
#[test]
fn keep_alive_answers_each_request_in_turn() {
    let Some(c) = component() else { return };
    let server = Server::start(&c, "keepalive", &[]);
    let mut s = server.connect();
    let inputs = [r#"{"date":"2025-01-29"}"#, r#"{"date":"2025-09-02"}"#];
    for (i, input) in inputs.iter().enumerate() {
        let close = if i == inputs.len() - 1 {
            "Connection: close\r\n"
        } else {
            ""
        };
        write!(
            s,
            "POST /v1/calendar.day HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n{close}\r\n{input}",
            input.len()
        )
        .unwrap();
    }
    let mut all = String::new();
    s.read_to_string(&mut all).unwrap();
    for input in inputs {
        assert!(all.contains(&native("calendar.day", input)), "{all}");
    }
    assert_eq!(all.matches("HTTP/1.1 200 OK").count(), 2, "{all}");
}

/// A wrong method is 405 with `Allow`; an unknown route 404; conflicting lengths and a
/// chunked body with a length are refused, and what follows them is never run as a request.
#[test]
fn http_is_strict() {
    let Some(c) = component() else { return };
    let server = Server::start(&c, "strict", &[]);
    let (status, head, body) = server.exchange(
        "GET /v1/calendar.day HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert_eq!(status, 405);
    assert!(head.contains("allow: post"), "{head}");
    assert!(body.contains("method_not_allowed"), "{body}");
    let (status, head, _) = server.exchange(
        "DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert_eq!(status, 405);
    assert!(head.contains("allow: get, head"), "{head}");
    assert_eq!(server.request("GET", "/v2/nothing", b"").0, 404);

    let smuggled = "GET /v1/version HTTP/1.1\r\nHost: x\r\n\r\n";
    let input = r#"{"date":"2025-01-29"}"#;
    let (status, _, rest) = server.exchange(
        &format!(
            "POST /v1/calendar.day HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nContent-Length: 3\r\n\r\n",
            input.len()
        ),
        format!("{input}{smuggled}").as_bytes(),
    );
    assert_eq!(status, 400);
    assert!(!rest.contains("wit_package"), "{rest}");
    // Both framings: the chunked one wins and the connection closes after the answer
    // (RFC 9112 §6.3), so what follows the chunked body is never run as a request.
    let chunked = format!("{:x}\r\n{input}\r\n0\r\n\r\n{smuggled}", input.len());
    let (status, _, rest) = server.exchange(
        "POST /v1/calendar.day HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n",
        chunked.as_bytes(),
    );
    assert_eq!(
        (status, rest.as_str()),
        (200, native("calendar.day", input).as_str())
    );
    // A well-framed chunked body is read whole.
    let (status, _, body) = server.exchange(
        "POST /v1/calendar.day HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        format!("{:x}\r\n{input}\r\n0\r\n\r\n", input.len()).as_bytes(),
    );
    assert_eq!((status, body), (200, native("calendar.day", input)));
    // A compressed body is refused as such, not read as text that is not UTF-8.
    let (status, head415, body) = server.exchange(
        "POST /v1/calendar.day HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\nConnection: close\r\n\r\n",
        b"\x1f\x8b\x08",
    );
    assert_eq!(status, 415);
    assert!(body.contains("unsupported_encoding"), "{body}");
    assert!(head415.contains("accept-encoding: identity"), "{head415}");
    let (status, _, _) = server.exchange(
        &format!(
            "POST /v1/calendar.day HTTP/1.1\r\nHost: x\r\nContent-Encoding: identity\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            input.len()
        ),
        input.as_bytes(),
    );
    assert_eq!(status, 200);
}

/// Clients that send a head and stall, more of them than workers, hold no worker: the health
/// check and a call are still answered; the stalled ones get 408 when their time is up.
#[test]
fn stalled_clients_do_not_block_the_server() {
    let Some(c) = component() else { return };
    let server = Server::start(&c, "slow", &["--workers", "2", "--body-timeout", "2"]);
    let stalled: Vec<TcpStream> = (0..12)
        .map(|_| {
            let mut s = server.connect();
            s.write_all(
                b"POST /v1/calendar.day HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"da",
            )
            .unwrap();
            s
        })
        .collect();
    let idle: Vec<TcpStream> = (0..12).map(|_| server.connect()).collect();
    assert_eq!(server.request("GET", "/healthz", b"").0, 200);
    let input = r#"{"date":"2025-01-29"}"#;
    assert_eq!(
        server.request("POST", "/v1/calendar.day", input.as_bytes()),
        (200, native("calendar.day", input))
    );
    for mut s in stalled {
        let (status, _, body) = read_answer(&mut s);
        assert_eq!(status, 408, "{body}");
        assert!(body.contains("request_timeout"), "{body}");
    }
    drop(idle);
}

fn write_ruleset(name: &str, text: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("thanthien-{name}-{}.json", std::process::id()));
    std::fs::write(&p, text).unwrap();
    p
}

/// `--ruleset` is under every call; a request's own sections go over it, templates only when
/// the server allows them.
#[test]
fn the_server_ruleset_and_what_requests_may_add() {
    let Some(c) = component() else { return };
    let rs = write_ruleset(
        "serve-ruleset",
        r#"{"days_off": [{"date": "2025-01-27", "kind": "day_off", "note": "QĐ của tỉnh"}]}"#,
    );
    let server = Server::start(&c, "ruleset", &["--ruleset", rs.to_str().unwrap()]);
    let input = r#"{"start":"2025-01-24","days":1,"explain":false}"#;
    let with_server = r#"{"start":"2025-01-24","days":1,"explain":false,"ruleset":{"days_off":[{"date":"2025-01-27","kind":"day_off","note":"QĐ của tỉnh"}]}}"#;
    let (status, body) = server.request("POST", "/v1/calendar.add_working_days", input.as_bytes());
    assert_eq!(status, 200);
    assert_eq!(body, native("calendar.add_working_days", with_server));
    assert_ne!(body, native("calendar.add_working_days", input));
    let own = r#"{"start":"2025-01-24","days":1,"explain":false,"ruleset":{"days_off":[]}}"#;
    assert_eq!(
        server.request("POST", "/v1/calendar.add_working_days", own.as_bytes()),
        (200, native("calendar.add_working_days", own))
    );
    let templates = r#"{"ruleset":{"letters":{"templates":[{"kind":"thank_you","body_vi":"x","body_en":"x","sms":"x"}]}}}"#;
    let (status, body) = server.request("POST", "/v1/letters.render", templates.as_bytes());
    assert_eq!(status, 403);
    assert!(
        body.contains(r#""code":"ruleset_not_allowed""#)
            && body.contains(r#""path":"ruleset.letters.templates""#),
        "{body}"
    );
    drop(server);
    let strict = Server::start(&c, "ruleset-none", &["--request-ruleset", "none"]);
    assert_eq!(
        strict
            .request("POST", "/v1/calendar.add_working_days", own.as_bytes())
            .0,
        403
    );
    let _ = std::fs::remove_file(rs);
}

/// CORS is off unless asked for; the log has one JSON line per request; /metrics counts them.
#[test]
fn cors_access_log_and_metrics() {
    let Some(c) = component() else { return };
    let preflight = "OPTIONS /v1/calendar.day HTTP/1.1\r\nHost: x\r\nOrigin: https://form.example\r\n\
        Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n";
    let plain = Server::start(&c, "nocors", &[]);
    let (_, head, _) = plain.exchange(preflight, b"");
    assert!(!head.contains("access-control-allow-origin"), "{head}");
    let input = r#"{"date":"2025-01-29"}"#;
    let (status, head, _) = plain.exchange(
        &format!(
            "POST /v1/calendar.day HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            input.len()
        ),
        input.as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(head.contains("x-request-id: abc-1"), "{head}");
    let (status, metrics) = plain.request("GET", "/metrics", b"");
    assert_eq!(status, 200);
    assert!(
        metrics
            .contains(r#"thanthien_http_requests_total{operation="calendar.day",status="200"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains("thanthien_http_request_duration_seconds_bucket"),
        "{metrics}"
    );
    assert_eq!(
        plain.request("GET", "/readyz", b""),
        (200, r#"{"status":"ready"}"#.to_owned())
    );
    let lines = plain.log_lines();
    let call = lines
        .iter()
        .find(|l| l["request_id"] == "abc-1")
        .expect("a log line for the call");
    assert_eq!(call["operation"], "calendar.day");
    assert_eq!(call["status"], 200);
    assert!(call["duration_ms"].as_f64().is_some() && call["time"].as_str().is_some());
    drop(plain);

    let cors = Server::start(&c, "cors", &["--cors-origin", "https://form.example"]);
    let (status, head, _) = cors.exchange(preflight, b"");
    assert_eq!(status, 200);
    assert!(
        head.contains("access-control-allow-origin: https://form.example"),
        "{head}"
    );
    // A page may send its own request id.
    let with_id = preflight.replace("content-type", "content-type, x-request-id");
    let (status, head, _) = cors.exchange(&with_id, b"");
    assert_eq!(status, 200);
    let allowed = head
        .lines()
        .find(|l| l.starts_with("access-control-allow-headers:"))
        .unwrap_or_default();
    assert!(allowed.contains("x-request-id"), "{head}");
    assert!(!allowed.contains("content-encoding"), "{head}");
    let other = preflight.replace("form.example", "evil.example");
    let (_, head, _) = cors.exchange(&other, b"");
    assert!(!head.contains("access-control-allow-origin"), "{head}");
}

/// SIGTERM while a request is in flight: it is answered, new connections are refused, and the
/// process exits 0.
#[test]
fn sigterm_answers_the_call_in_flight_then_exits_zero() {
    let Some(c) = component() else { return };
    let mut server = Server::start(&c, "sigterm", &[]);
    let input = r#"{"start":"2025-01-24","days":3}"#;
    let mut s = server.connect();
    write!(
        s,
        "POST /v1/calendar.add_working_days HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{}",
        input.len(),
        &input[..10]
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        TcpStream::connect(&server.addr).is_err(),
        "still accepting after SIGTERM"
    );
    s.write_all(&input.as_bytes()[10..]).unwrap();
    let (status, _, body) = read_answer(&mut s);
    assert_eq!(
        (status, body),
        (200, native("calendar.add_working_days", input))
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let code = loop {
        if let Some(st) = server.child.try_wait().unwrap() {
            break st.code();
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(code, Some(0));
    let events: Vec<String> = server
        .log_lines()
        .iter()
        .filter_map(|l| l["event"].as_str().map(str::to_owned))
        .collect();
    assert!(
        events.ends_with(&["request".to_owned(), "stopped".to_owned()]),
        "{events:?}"
    );
}
