//! `thanthien report`: the year-end report of a unit from an NDJSON file of dossiers of any size.
//! The lines stream through the component in chunks (`report.accumulate`, the counters handed
//! back as JSON each time), so memory stays bounded by one chunk however many dossiers there are;
//! `report.finish` adds the surveys and the home-birth registrations, `report.render` writes the
//! print-ready HTML.
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use thanthien_host::framing::{self, Capped, MAX_INPUT_BYTES, read_line_capped};
use thanthien_host::{Host, wit};

/// Dossiers sent in one call.
const CHUNK_LINES: usize = 2000;
/// Room kept in a call for its envelope (unit, year, line numbers, rejected lines).
const ENVELOPE: usize = 64 * 1024;
/// Largest line passed on (a dossier is a few KB; the state and the envelope need the rest).
const MAX_LINE: usize = 512 * 1024;
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
    /// default: beside `out`, `<out>.errors.ndjson`, written when there is one.
    pub errors: Option<&'a Path>,
    /// Ruleset.
    pub ruleset: Option<Value>,
    /// Header and signature.
    pub number: Option<&'a str>,
    /// Date line.
    pub date_line: Option<&'a str>,
    /// Signer.
    pub signer: Option<&'a str>,
}

fn answer(host: &Host, op: &str, input: &Value) -> Result<Value> {
    let text = host.call_json(op, &input.to_string())?;
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

/// The dossiers streamed through `report.accumulate`: the counters handed back as JSON text,
/// the chunk being filled, and every error written to the side file as it is met.
struct Stream<'a> {
    host: &'a Host,
    /// The envelope's fixed part (`"unit":…,"year":…,"ruleset":…`).
    head: String,
    state: Option<String>,
    chunk: Vec<(u64, String)>,
    chunk_bytes: usize,
    rejected: Vec<Value>,
    errors_path: std::path::PathBuf,
    errors_out: Option<std::io::BufWriter<std::fs::File>>,
    errors: u64,
}

impl<'a> Stream<'a> {
    fn new(host: &'a Host, r: &Request<'_>) -> Self {
        let mut head = format!("\"unit\":{},\"year\":{}", Value::from(r.unit), r.year);
        if let Some(rs) = &r.ruleset {
            head.push_str(&format!(",\"ruleset\":{rs}"));
        }
        let errors_path = r
            .errors
            .map_or_else(|| r.out.with_extension("errors.ndjson"), Path::to_path_buf);
        Stream {
            host,
            head,
            state: None,
            chunk: Vec::new(),
            chunk_bytes: 0,
            rejected: Vec::new(),
            errors_path,
            errors_out: None,
            errors: 0,
        }
    }

    /// Bytes of dossiers a call may still carry beside the state and the envelope.
    fn budget(&self) -> usize {
        let fixed = self.head.len() + self.state.as_ref().map_or(0, String::len) + ENVELOPE;
        MAX_INPUT_BYTES.saturating_sub(fixed)
    }

    /// Adds line `n` (read with at most [`MAX_LINE`] bytes kept).
    fn line(&mut self, n: u64, line: Capped) -> Result<()> {
        let text = match line {
            Capped::TooLarge(bytes) => {
                self.reject(n, bytes, None);
                return Ok(());
            }
            Capped::Fits(bytes) => match framing::decode(bytes) {
                Ok(t) => t,
                Err(e) => {
                    self.reject(n, 0, Some(e));
                    return Ok(());
                }
            },
        };
        if text.trim().is_empty() {
            return Ok(());
        }
        // A broken line is passed on as a JSON string, counted as invalid by the engine.
        let text = if serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok() {
            text
        } else {
            Value::String(text).to_string()
        };
        if self.chunk_bytes + text.len() > self.budget() || self.chunk.len() >= CHUNK_LINES {
            self.flush()?;
        }
        if text.len() > self.budget() {
            self.reject(n, text.len() as u64, None);
            return Ok(());
        }
        self.chunk_bytes += text.len() + 1;
        self.chunk.push((n, text));
        Ok(())
    }

    fn reject(&mut self, line: u64, bytes: u64, error: Option<wit::Error>) {
        let mut r = json!({ "line": line, "bytes": bytes });
        if let Some(e) = error {
            r["error"] = json!({"code": e.code, "message_vi": e.message_vi,
                "message_en": e.message_en, "path": e.path});
        }
        self.rejected.push(r);
    }

    /// The input of one `report.accumulate` call, as text (the dossiers are not parsed again).
    fn input(&self, chunk: &[(u64, String)], rejected: &[Value]) -> String {
        let lines: Vec<u64> = chunk.iter().map(|(n, _)| *n).collect();
        let mut text = format!(
            "{{{},\"lines\":{},\"rejected\":{}",
            self.head,
            Value::from(lines),
            Value::from(rejected.to_vec())
        );
        if let Some(state) = &self.state {
            text.push_str(",\"state\":");
            text.push_str(state);
        }
        text.push_str(",\"dossiers\":[");
        for (i, (_, d)) in chunk.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(d);
        }
        text.push_str("]}");
        text
    }

    /// One call; its error answer (or the host's failure) as the error object.
    fn accumulate(&self, chunk: &[(u64, String)], rejected: &[Value]) -> Result<Value, Value> {
        let input = self.input(chunk, rejected);
        let text = self
            .host
            .call_json("report.accumulate", &input)
            .map_err(|e| json!({"code": "internal_error", "message_en": e.to_string()}))?;
        let mut v: Value = serde_json::from_str(&text)
            .map_err(|e| json!({"code": "internal_error", "message_en": e.to_string()}))?;
        match v.get_mut("error") {
            Some(e) => Err(e.take()),
            None => Ok(v),
        }
    }

    /// Sends the chunk; when the engine cannot take it whole, each record goes alone and one
    /// that still fails is counted as an error with the reason: nothing is dropped.
    fn flush(&mut self) -> Result<()> {
        let chunk = std::mem::take(&mut self.chunk);
        let rejected = std::mem::take(&mut self.rejected);
        self.chunk_bytes = 0;
        if chunk.is_empty() && rejected.is_empty() {
            return Ok(());
        }
        match self.accumulate(&chunk, &rejected) {
            Ok(answer) => return self.take(answer),
            Err(e) if chunk.is_empty() => bail!("report.accumulate: {e}"),
            Err(_) => {}
        }
        self.rejected = rejected;
        for (n, d) in chunk {
            match self.accumulate(&[(n, d)], &[]) {
                Ok(answer) => self.take(answer)?,
                Err(e) => self
                    .rejected
                    .push(json!({ "line": n, "bytes": 0, "error": e })),
            }
        }
        let rejected = std::mem::take(&mut self.rejected);
        match self.accumulate(&[], &rejected) {
            Ok(answer) => self.take(answer),
            Err(e) => bail!("report.accumulate: {e}"),
        }
    }

    /// Keeps the new state and writes the chunk's errors out.
    fn take(&mut self, mut answer: Value) -> Result<()> {
        self.state = Some(answer["state"].take().to_string());
        let Some(errors) = answer["errors"].as_array() else {
            return Ok(());
        };
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

    /// The counters after the last chunk (an empty report when there was none).
    fn finish(mut self) -> Result<(Value, Option<std::path::PathBuf>)> {
        self.flush()?;
        if self.state.is_none() {
            let answer = self
                .accumulate(&[], &[])
                .map_err(|e| anyhow!("report.accumulate: {e}"))?;
            self.take(answer)?;
        }
        if let Some(out) = &mut self.errors_out {
            out.flush()?;
        }
        let state = serde_json::from_str(self.state.as_deref().unwrap_or("null"))?;
        Ok((state, self.errors_out.map(|_| self.errors_path)))
    }
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
    let mut stream = Stream::new(host, r);
    let mut n: u64 = 0;
    while let Some(line) =
        read_line_capped(&mut reader, MAX_LINE).context("cannot read the input")?
    {
        n += 1;
        stream.line(n, line)?;
        if let Some(bar) = progress.as_ref().filter(|_| n.is_multiple_of(1000)) {
            bar.set_position(n);
        }
    }
    let (state, errors_file) = stream.finish()?;
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
        "report {} {}: {} records, {} received, {} errors, rank {} ({}), in {:.1} s -> {}",
        r.unit,
        r.year,
        rep["records"],
        rep["received"],
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
