//! `cargo xtask load`: a bounded load test of `thanthien serve` on loopback.
//!
//! Small calls (`calendar.add_working_days`, its full explanation in the answer) from client
//! threads in this process: with keep-alive (one connection per client, requests in turn) and
//! with a new connection per request; then the slow-client case: as many clients as workers
//! plus ten send a head and stall in their body, and `/healthz` and a small call must still be
//! answered within a second. Prints throughput and p50/p99 latency; fails if the slow-client
//! bound is not met or an answer is wrong.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

const INPUT: &str = r#"{"start":"2025-01-24","days":3}"#;
const OPERATION: &str = "calendar.add_working_days";

/// The server under test, stopped (SIGTERM) when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// `thanthien serve` on a free loopback port with `workers` and `extra` options, its log in `log`.
pub fn start(
    bin: &Path,
    component: &Path,
    workers: usize,
    log: &Path,
    extra: &[&str],
) -> Result<Server> {
    let child = Command::new(bin)
        .arg("--component")
        .arg(component)
        .args(["serve", "--addr", "127.0.0.1:0", "--workers"])
        .arg(workers.to_string())
        .args(extra)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log)?)
        .spawn()
        .context("starting thanthien serve")?;
    let mut server = Server {
        child,
        addr: String::new(),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let addr = text.lines().find_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            (v["event"] == "listening").then(|| v["addr"].as_str().map(str::to_owned))?
        });
        if let Some(addr) = addr {
            server.addr = addr;
            return Ok(server);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("the server did not start: see {}", log.display())
}

fn request(path: &str, body: &str, close: bool) -> String {
    let method = if body.is_empty() { "GET" } else { "POST" };
    let connection = if close { "Connection: close\r\n" } else { "" };
    format!(
        "{method} {path} HTTP/1.1\r\nHost: load\r\nContent-Length: {}\r\n{connection}\r\n{body}",
        body.len()
    )
}

/// Reads one answer: its status and body.
fn read_answer(r: &mut BufReader<TcpStream>) -> Result<(u16, String)> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("no status line: {line:?}"))?;
    let mut length = 0usize;
    loop {
        line.clear();
        r.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse()?;
        }
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body)?;
    Ok((status, String::from_utf8(body)?))
}

fn connect(addr: &str) -> Result<BufReader<TcpStream>> {
    let s = TcpStream::connect(addr)?;
    s.set_nodelay(true)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    Ok(BufReader::new(s))
}

/// One client for `span`: latencies of its calls, each answer checked.
fn client(addr: &str, keep_alive: bool, span: Duration, want: &str) -> Result<Vec<Duration>> {
    let mut latencies = Vec::new();
    let req = request(&format!("/v1/{OPERATION}"), INPUT, !keep_alive);
    let mut conn = if keep_alive {
        Some(connect(addr)?)
    } else {
        None
    };
    let end = Instant::now() + span;
    while Instant::now() < end {
        let t = Instant::now();
        let mut fresh;
        let r = match conn.as_mut() {
            Some(r) => r,
            None => {
                fresh = connect(addr)?;
                &mut fresh
            }
        };
        r.get_mut().write_all(req.as_bytes())?;
        let (status, body) = read_answer(r)?;
        latencies.push(t.elapsed());
        if status != 200 || body != want {
            bail!("wrong answer {status}: {body:.200}");
        }
    }
    Ok(latencies)
}

struct Figures {
    calls: usize,
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

fn run_clients(addr: &str, clients: usize, keep_alive: bool, span: Duration) -> Result<Figures> {
    let want = thanthien_core::api::call_json(OPERATION, INPUT);
    let started = Instant::now();
    let results: Vec<Result<Vec<Duration>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|_| scope.spawn(|| client(addr, keep_alive, span, &want)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| bail!("client panicked")))
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut all = Vec::new();
    for r in results {
        all.extend(r?);
    }
    all.sort();
    let at = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Ok(Figures {
        calls: all.len(),
        per_second: all.len() as f64 / elapsed,
        p50: at(0.50),
        p99: at(0.99),
    })
}

/// Clients that send a head announcing a body, a few bytes of it, and stall.
fn stall(addr: &str, n: usize) -> Result<Vec<TcpStream>> {
    (0..n)
        .map(|_| {
            let mut s = TcpStream::connect(addr)?;
            s.write_all(
                format!("POST /v1/{OPERATION} HTTP/1.1\r\nHost: load\r\nContent-Length: 100\r\n\r\n{{\"st")
                    .as_bytes(),
            )?;
            Ok(s)
        })
        .collect()
}

fn timed(addr: &str, path: &str, body: &str) -> Result<(u16, Duration)> {
    let t = Instant::now();
    let mut r = connect(addr)?;
    r.get_mut()
        .write_all(request(path, body, true).as_bytes())?;
    let (status, _) = read_answer(&mut r)?;
    Ok((status, t.elapsed()))
}

/// Runs the three cases for `span` each and prints their figures.
pub fn load(bin: &Path, component: &Path, log: &Path, span: Duration) -> Result<()> {
    let workers = 4;
    let server = start(bin, component, workers, log, &[])?;
    let addr = server.addr.clone();
    // Warm-up: every worker's instance and the connection path.
    run_clients(&addr, workers, true, Duration::from_millis(300))?;
    println!(
        "thanthien serve on loopback, {workers} workers, {OPERATION} ({} bytes in)",
        INPUT.len()
    );
    for (name, keep_alive, clients) in [("keep-alive", true, 8), ("new connection each", false, 8)]
    {
        let f = run_clients(&addr, clients, keep_alive, span)?;
        println!(
            "  {name:<20} {clients} clients: {:>7.0} calls/s, p50 {:>6.2} ms, p99 {:>6.2} ms ({} calls)",
            f.per_second,
            f.p50.as_secs_f64() * 1e3,
            f.p99.as_secs_f64() * 1e3,
            f.calls
        );
    }
    let stalled = stall(&addr, workers + 10)?;
    std::thread::sleep(Duration::from_millis(200));
    let (health, health_t) = timed(&addr, "/healthz", "")?;
    let (call, call_t) = timed(&addr, &format!("/v1/{OPERATION}"), INPUT)?;
    println!(
        "  {} stalled clients: /healthz {health} in {:.2} ms, a small call {call} in {:.2} ms",
        stalled.len(),
        health_t.as_secs_f64() * 1e3,
        call_t.as_secs_f64() * 1e3
    );
    drop(stalled);
    let limit = Duration::from_secs(1);
    if health != 200 || call != 200 || health_t > limit || call_t > limit {
        bail!("with stalled clients the server did not answer within a second");
    }
    Ok(())
}
