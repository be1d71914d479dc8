//! `thanthien report`: the year-end report of a unit from an NDJSON file of dossiers of any size.
//! The lines stream through the component in chunks of 500, each counted from no state
//! (`report.accumulate`) on one of `--jobs` instances at once, and the chunks' counters merged in
//! line order (`report.merge`: the counts of one pass), so memory stays bounded by a few chunks
//! however many dossiers there are and the work shares the machine's cores; `report.finish`
//! adds the surveys and the home-birth registrations, `report.render` writes the print-ready
//! HTML.
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use thanthien_host::framing::{self, Capped, MAX_INPUT_BYTES, read_line_capped};
use thanthien_host::{Host, wit};

/// Room kept in a call for its envelope (unit, year, line numbers, rejected lines).
const ENVELOPE: usize = 64 * 1024;
/// Largest line passed on (a dossier is a few KB; the state and the envelope need the rest).
const MAX_LINE: usize = 512 * 1024;
/// Where the records that could not be counted go by default: beside `out`, its extension
/// replaced (`report.html` → `report.errors.ndjson`).
pub fn errors_path(out: &Path) -> std::path::PathBuf {
    out.with_extension("errors.ndjson")
}

/// What `thanthien report` was asked.
pub struct Request<'a> {
    /// NDJSON dossiers (`-` for stdin).
    pub input: &'a Path,
    /// Survey responses: NDJSON of `{"answers": …}`, or a JSON `{"questionnaire"?, "responses"}`.
    pub surveys: Option<&'a Path>,
    /// Home-birth registrations: NDJSON, or a JSON `{"registrations": […]}`.
    pub birth_home: Option<&'a Path>,
    /// The unit's own facts (JSON).
    pub unit_facts: Option<&'a Path>,
    /// The grievance log: NDJSON of cases, or a JSON `{"cases": […]}`.
    pub grievances: Option<&'a Path>,
    /// The reception days: a JSON array of dates, or one a line.
    pub reception: Option<&'a Path>,
    /// Unit code.
    pub unit: &'a str,
    /// Year.
    pub year: i32,
    /// The HTML report.
    pub out: &'a Path,
    /// The figures as JSON too.
    pub json: Option<&'a Path>,
    /// Every record that could not be counted, one JSON line each (line number, id, error);
    /// default: [`errors_path`], written when there is one.
    pub errors: Option<&'a Path>,
    /// Ruleset.
    pub ruleset: Option<Value>,
    /// Header and signature.
    pub number: Option<&'a str>,
    /// Date line.
    pub date_line: Option<&'a str>,
    /// Signer.
    pub signer: Option<&'a str>,
    /// Instances counting chunks at once.
    pub jobs: usize,
}

fn answer(host: &Host, op: &str, input: &Value) -> Result<Value> {
    answer_text(host, op, &input.to_string())
}

/// One call on JSON text; its answer, or its error as a failure.
fn answer_text(host: &Host, op: &str, input: &str) -> Result<Value> {
    let text = host.call_json(op, input)?;
    let v: Value = serde_json::from_str(&text).context("the component's answer is not JSON")?;
    if let Some(e) = v.get("error") {
        bail!(
            "{op}: {} ({}) at '{}'",
            e["message_en"].as_str().unwrap_or_default(),
            e["code"].as_str().unwrap_or_default(),
            e["path"].as_str().unwrap_or_default()
        );
    }
    Ok(v)
}

/// Reads NDJSON lines or one JSON document with `key` holding the list.
fn read_list(path: &Path, key: &str) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    if let Ok(v @ Value::Object(_)) = serde_json::from_str::<Value>(&text)
        && v.get(key).is_some()
    {
        return Ok(v);
    }
    let mut list = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        // A broken line is passed on as text and counted as invalid by the engine.
        list.push(
            serde_json::from_str(line).unwrap_or_else(|_| Value::String(format!("line {}", i + 1))),
        );
    }
    Ok(json!({ key: list }))
}

/// `grievances` of `report.finish` from `--grievances` and `--reception`.
fn grievance_section(r: &Request<'_>) -> Result<Value> {
    let mut section = match r.grievances {
        Some(p) => read_list(p, "cases")?,
        None => json!({ "cases": [] }),
    };
    if let Some(p) = r.reception {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        let days = match serde_json::from_str::<Value>(&text) {
            Ok(v @ Value::Array(_)) => v,
            _ => text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(Value::from)
                .collect(),
        };
        section["reception_sessions"] = days;
    }
    Ok(section)
}

/// Lines sent in one call. A chunk is counted from no state, so that chunks can be counted on
/// several instances at once and merged in line order (`report.merge`); at most 500 lines, a
/// chunk meets at most 500 procedures and never counts some together, so the merge is exact.
const CHUNK_LINES: usize = 500;
/// Room kept in a call for the state of a chunk counted line by line: a few KB as a rule, about
/// 450 KB for 500 procedures with the longest names.
const STATE_ROOM: usize = 512 * 1024;
/// Chunks read ahead of the first one not yet merged, for each job: the states waiting to be
/// merged stay few, and a merge call stays within what a call may carry.
const AHEAD: u64 = 2;

/// Lines to count: the dossiers with their line numbers, and the lines refused before them.
#[derive(Default)]
struct Chunk {
    dossiers: Vec<(u64, String)>,
    bytes: usize,
    rejected: Vec<Value>,
}

/// What a chunk counted: its own state (JSON text) and every record it could not count.
struct Counted {
    state: String,
    errors: Vec<Value>,
}

/// The envelope's fixed part (`"unit":…,"year":…,"ruleset":…`).
fn head(r: &Request<'_>) -> String {
    let mut head = format!("\"unit\":{},\"year\":{}", Value::from(r.unit), r.year);
    if let Some(rs) = &r.ruleset {
        head.push_str(&format!(",\"ruleset\":{rs}"));
    }
    head
}

/// The input of one `report.accumulate` call, as text (the dossiers are not parsed again).
fn accumulate_input(
    head: &str,
    state: Option<&str>,
    dossiers: &[(u64, String)],
    rejected: &[Value],
) -> String {
    let lines: Vec<u64> = dossiers.iter().map(|(n, _)| *n).collect();
    let mut text = format!(
        "{{{head},\"lines\":{},\"rejected\":{}",
        Value::from(lines),
        Value::from(rejected.to_vec())
    );
    if let Some(state) = state {
        text.push_str(",\"state\":");
        text.push_str(state);
    }
    text.push_str(",\"dossiers\":[");
    for (i, (_, d)) in dossiers.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(d);
    }
    text.push_str("]}");
    text
}

/// A failure of the host as an error object the engine takes back (a rejected line's `error`).
fn failure(e: &anyhow::Error) -> Value {
    json!({"code": "internal_error", "path": "",
        "message_vi": format!("Lỗi của chương trình chủ: {e}"), "message_en": e.to_string()})
}

/// One call; its answer split into the state (as text) and the errors, or its error object.
fn accumulate(
    host: &Host,
    head: &str,
    state: Option<&str>,
    dossiers: &[(u64, String)],
    rejected: &[Value],
) -> Result<Counted, Value> {
    let input = accumulate_input(head, state, dossiers, rejected);
    let text = host
        .call_json("report.accumulate", &input)
        .map_err(|e| failure(&e))?;
    let mut v: Value = serde_json::from_str(&text).map_err(|e| failure(&e.into()))?;
    if let Some(e) = v.get_mut("error") {
        return Err(e.take());
    }
    let errors = match v["errors"].take() {
        Value::Array(errors) => errors,
        _ => Vec::new(),
    };
    Ok(Counted {
        state: v["state"].take().to_string(),
        errors,
    })
}

/// Counts a chunk from no state; when the engine cannot take it whole, each record goes alone
/// (the chunk's own state handed on) and one that still fails is counted as an error with the
/// reason: nothing is dropped.
fn count(host: &Host, head: &str, chunk: Chunk) -> Result<Counted> {
    let whole = accumulate(host, head, None, &chunk.dossiers, &chunk.rejected);
    if let Ok(counted) = whole {
        return Ok(counted);
    }
    let mut rejected = chunk.rejected;
    let (mut state, mut errors) = (None::<String>, Vec::new());
    for (n, d) in chunk.dossiers {
        match accumulate(host, head, state.as_deref(), &[(n, d)], &[]) {
            Ok(c) => {
                state = Some(c.state);
                errors.extend(c.errors);
            }
            Err(e) => rejected.push(json!({ "line": n, "bytes": 0, "error": e })),
        }
    }
    let last = accumulate(host, head, state.as_deref(), &[], &rejected)
        .map_err(|e| anyhow!("report.accumulate: {e}"))?;
    errors.extend(last.errors);
    errors.sort_by_key(|e| e["line"].as_u64());
    Ok(Counted {
        state: last.state,
        errors,
    })
}

/// The lines read into chunks: a line too large, not UTF-8 or not JSON is passed on so that it
/// is counted as an error with its line.
struct Chunker {
    budget: usize,
    chunk: Chunk,
}

impl Chunker {
    fn new(head: &str) -> Self {
        Chunker {
            budget: MAX_INPUT_BYTES.saturating_sub(head.len() + ENVELOPE + STATE_ROOM),
            chunk: Chunk::default(),
        }
    }

    /// Adds line `n` (read with at most [`MAX_LINE`] bytes kept); gives back the chunk it
    /// completes, if any.
    fn line(&mut self, n: u64, line: Capped) -> Option<Chunk> {
        let text = match line {
            Capped::TooLarge(bytes) => return self.reject(n, bytes, None),
            Capped::Fits(bytes) => match framing::decode(bytes) {
                Ok(t) => t,
                Err(e) => return self.reject(n, 0, Some(e)),
            },
        };
        if text.trim().is_empty() {
            return None;
        }
        // A broken line is passed on as a JSON string, counted as invalid by the engine.
        let text = if serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok() {
            text
        } else {
            Value::String(text).to_string()
        };
        if text.len() > self.budget {
            return self.reject(n, text.len() as u64, None);
        }
        let full =
            self.chunk.bytes + text.len() > self.budget || self.chunk.dossiers.len() >= CHUNK_LINES;
        let done = full.then(|| std::mem::take(&mut self.chunk));
        self.chunk.bytes += text.len() + 1;
        self.chunk.dossiers.push((n, text));
        done
    }

    fn reject(&mut self, line: u64, bytes: u64, error: Option<wit::Error>) -> Option<Chunk> {
        let mut r = json!({ "line": line, "bytes": bytes });
        if let Some(e) = error {
            r["error"] = json!({"code": e.code, "message_vi": e.message_vi,
                "message_en": e.message_en, "path": e.path});
        }
        self.chunk.rejected.push(r);
        (self.chunk.rejected.len() >= CHUNK_LINES).then(|| std::mem::take(&mut self.chunk))
    }

    /// The last chunk, when it holds anything.
    fn finish(self) -> Option<Chunk> {
        let c = self.chunk;
        (!c.dossiers.is_empty() || !c.rejected.is_empty()).then_some(c)
    }
}

/// The chunks' states merged in line order (`report.merge`), and their errors written to the
/// side file in the same order.
struct Merger<'a> {
    host: &'a Host,
    state: Option<String>,
    /// Counted chunks waiting for those before them, by number.
    waiting: BTreeMap<u64, Counted>,
    next: u64,
    errors_path: std::path::PathBuf,
    errors_out: Option<std::io::BufWriter<std::fs::File>>,
    errors: u64,
}

impl<'a> Merger<'a> {
    fn new(host: &'a Host, r: &Request<'_>) -> Self {
        Merger {
            host,
            state: None,
            waiting: BTreeMap::new(),
            next: 0,
            errors_path: r
                .errors
                .map_or_else(|| errors_path(r.out), Path::to_path_buf),
            errors_out: None,
            errors: 0,
        }
    }

    /// Takes chunk `i`'s counts; merges every chunk now in line order, as many at a call as
    /// fit in one.
    fn take(&mut self, i: u64, counted: Counted) -> Result<()> {
        self.waiting.insert(i, counted);
        let mut later: Vec<String> = Vec::new();
        while let Some(c) = self.waiting.remove(&self.next) {
            self.next += 1;
            self.write_errors(&c.errors)?;
            if self.state.is_none() {
                self.state = Some(c.state);
                continue;
            }
            let held: usize = later.iter().map(|l| l.len() + 1).sum();
            let state = self.state.as_ref().map_or(0, String::len);
            if !later.is_empty() && state + held + c.state.len() + 64 > MAX_INPUT_BYTES {
                self.merge(std::mem::take(&mut later))?;
            }
            later.push(c.state);
        }
        self.merge(later)
    }

    /// Merges `later` into the state.
    fn merge(&mut self, later: Vec<String>) -> Result<()> {
        if later.is_empty() {
            return Ok(());
        }
        let state = self.state.take().unwrap_or_default();
        let input = format!("{{\"state\":{state},\"later\":[{}]}}", later.join(","));
        let mut merged = answer_text(self.host, "report.merge", &input)?;
        self.state = Some(merged["state"].take().to_string());
        Ok(())
    }

    fn write_errors(&mut self, errors: &[Value]) -> Result<()> {
        for e in errors {
            if self.errors_out.is_none() {
                let f = std::fs::File::create(&self.errors_path)
                    .with_context(|| format!("cannot create {}", self.errors_path.display()))?;
                self.errors_out = Some(std::io::BufWriter::new(f));
            }
            if let Some(out) = &mut self.errors_out {
                writeln!(out, "{e}")?;
            }
            self.errors += 1;
        }
        Ok(())
    }

    /// The counters of every chunk (an empty report's when there was none).
    fn finish(mut self, host: &Host, head: &str) -> Result<(Value, Option<std::path::PathBuf>)> {
        if !self.waiting.is_empty() {
            bail!("report: a chunk was not counted");
        }
        let state = match self.state.take() {
            Some(s) => s,
            None => {
                accumulate(host, head, None, &[], &[])
                    .map_err(|e| anyhow!("report.accumulate: {e}"))?
                    .state
            }
        };
        if let Some(out) = &mut self.errors_out {
            out.flush()?;
        }
        let state = serde_json::from_str(&state)?;
        Ok((state, self.errors_out.map(|_| self.errors_path)))
    }
}

/// Chunks handed to the counting threads, numbered in line order, and their counts taken back
/// as they come.
struct Dispatch<'m, 'h> {
    work_tx: mpsc::SyncSender<(u64, Chunk)>,
    done_rx: mpsc::Receiver<(u64, Result<Counted>)>,
    sent: u64,
    /// Chunks sent and not yet merged, at most.
    ahead: u64,
    merger: &'m mut Merger<'h>,
}

impl Dispatch<'_, '_> {
    fn send(&mut self, chunk: Chunk) -> Result<()> {
        self.work_tx
            .send((self.sent, chunk))
            .map_err(|_| anyhow!("report: the counting threads stopped"))?;
        self.sent += 1;
        while let Ok((i, counted)) = self.done_rx.try_recv() {
            self.merger.take(i, counted?)?;
        }
        while self.sent - self.merger.next > self.ahead {
            let (i, counted) = self
                .done_rx
                .recv()
                .map_err(|_| anyhow!("report: the counting threads stopped"))?;
            self.merger.take(i, counted?)?;
        }
        Ok(())
    }

    /// Waits for the counts of every chunk sent.
    fn finish(self) -> Result<()> {
        drop(self.work_tx);
        for (i, counted) in self.done_rx {
            self.merger.take(i, counted?)?;
        }
        Ok(())
    }
}

/// Reads the dossiers into chunks, counts them on `r.jobs` instances at once and merges their
/// counts in line order: the counters of one pass over the file, in a fraction of its time.
fn count_all(
    host: &Host,
    r: &Request<'_>,
    reader: &mut impl BufRead,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<(Value, Option<std::path::PathBuf>)> {
    let head = head(r);
    let jobs = r.jobs.max(1);
    let (work_tx, work_rx) = mpsc::sync_channel::<(u64, Chunk)>(jobs);
    // Shared by the workers alone: when they all stop, sending finds no receiver.
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::channel::<(u64, Result<Counted>)>();
    let mut merger = Merger::new(host, r);
    std::thread::scope(|scope| -> Result<()> {
        // Owned here, so that a failure below ends the workers' loops before the scope joins them.
        let work_tx = work_tx;
        for _ in 0..jobs {
            let (work_rx, done_tx, head) = (Arc::clone(&work_rx), done_tx.clone(), head.as_str());
            scope.spawn(move || {
                let next = || work_rx.lock().ok()?.recv().ok();
                while let Some((i, chunk)) = next() {
                    if done_tx.send((i, count(host, head, chunk))).is_err() {
                        return;
                    }
                }
            });
        }
        drop((done_tx, work_rx));
        let mut out = Dispatch {
            work_tx,
            done_rx,
            sent: 0,
            ahead: AHEAD * jobs as u64,
            merger: &mut merger,
        };
        let mut chunker = Chunker::new(&head);
        let mut n = 0u64;
        while let Some(line) =
            read_line_capped(reader, MAX_LINE).context("cannot read the input")?
        {
            n += 1;
            if let Some(chunk) = chunker.line(n, line) {
                out.send(chunk)?;
            }
            if let Some(bar) = progress.filter(|_| n.is_multiple_of(1000)) {
                bar.set_position(n);
            }
        }
        if let Some(chunk) = chunker.finish() {
            out.send(chunk)?;
        }
        out.finish()?;
        Ok(())
    })?;
    merger.finish(host, &head)
}

/// Runs the report.
pub fn run(host: &Host, r: &Request<'_>) -> Result<()> {
    let started = Instant::now();
    let mut reader: Box<dyn BufRead> = if r.input == Path::new("-") {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        Box::new(BufReader::new(
            std::fs::File::open(r.input)
                .with_context(|| format!("cannot open {}", r.input.display()))?,
        ))
    };
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} dossiers {per_sec} [{elapsed}]",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let (state, errors_file) = count_all(host, r, &mut reader, progress.as_ref())?;
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let mut finish = json!({ "state": state });
    if let Some(p) = r.surveys {
        finish["surveys"] = read_list(p, "responses")?;
    }
    if let Some(p) = r.birth_home {
        finish["birth_home"] = read_list(p, "registrations")?;
    }
    if let Some(p) = r.unit_facts {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        finish["unit_facts"] =
            serde_json::from_str(&text).with_context(|| format!("{} is not JSON", p.display()))?;
    }
    if r.grievances.is_some() || r.reception.is_some() {
        finish["grievances"] = grievance_section(r)?;
    }
    if let Some(rs) = &r.ruleset {
        finish["ruleset"] = rs.clone();
    }
    let mut report = answer(host, "report.finish", &finish)?;
    if let Some(p) = r.json {
        std::fs::write(p, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    let mut render = json!({ "report": report.take() });
    for (k, v) in [
        ("number", r.number),
        ("date_line", r.date_line),
        ("signer", r.signer),
    ] {
        if let Some(v) = v {
            render[k] = Value::from(v);
        }
    }
    let html = answer(host, "report.render", &render)?;
    let html = html["html"]
        .as_str()
        .ok_or_else(|| anyhow!("report.render gave no html"))?;
    let mut f = std::fs::File::create(r.out)
        .with_context(|| format!("cannot create {}", r.out.display()))?;
    f.write_all(html.as_bytes())?;
    let rep = &render["report"];
    eprintln!(
        "report {} {}: {} records, {} received, {} carried over, {} open ({} past due), {} errors, rank {} ({}), in {:.1} s -> {}",
        r.unit,
        r.year,
        rep["records"],
        rep["received"],
        rep["carried_over"],
        figure(rep, "open") + figure(rep, "carried_over_open"),
        figure(rep, "open_overdue"),
        rep["errors"],
        rep["evaluation"]["rank"].as_str().unwrap_or_default(),
        rep["evaluation"]["total"],
        started.elapsed().as_secs_f64(),
        r.out.display()
    );
    if let Some(f) = errors_file {
        eprintln!("every record not counted, with its line: {}", f.display());
    }
    Ok(())
}

/// A count of the report, for the summary line (0 for a field the report lacks).
fn figure(report: &Value, key: &str) -> u64 {
    report[key].as_u64().unwrap_or(0)
}
