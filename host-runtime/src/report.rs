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
use thanthien_host::Host;

/// Bytes of dossiers sent in one call (the core takes at most 1 MiB per call, state included).
const CHUNK_BYTES: usize = 640 * 1024;
/// Dossiers sent in one call.
const CHUNK_LINES: usize = 2000;
/// Largest line passed on.
const MAX_LINE: usize = CHUNK_BYTES;

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
    /// Unit code.
    pub unit: &'a str,
    /// Year.
    pub year: i32,
    /// The HTML report.
    pub out: &'a Path,
    /// The figures as JSON too.
    pub json: Option<&'a Path>,
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

/// Runs the report.
pub fn run(host: &Host, r: &Request<'_>) -> Result<()> {
    let started = Instant::now();
    let reader: Box<dyn BufRead> = if r.input == Path::new("-") {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        Box::new(BufReader::new(
            std::fs::File::open(r.input)
                .with_context(|| format!("cannot open {}", r.input.display()))?,
        ))
    };
    let mut state = Value::Null;
    let mut chunk = String::from("[");
    let (mut lines, mut rejected): (Vec<u64>, Vec<Value>) = (Vec::new(), Vec::new());
    let flush = |chunk: &mut String,
                 lines: &mut Vec<u64>,
                 rejected: &mut Vec<Value>,
                 state: &mut Value|
     -> Result<()> {
        if lines.is_empty() && rejected.is_empty() {
            return Ok(());
        }
        chunk.push(']');
        let dossiers: Value = serde_json::from_str(chunk).context("chunk")?;
        let mut input = json!({ "unit": r.unit, "year": r.year, "dossiers": dossiers, "lines": lines, "rejected": rejected });
        if !state.is_null() {
            input["state"] = state.take();
        }
        if let Some(rs) = &r.ruleset {
            input["ruleset"] = rs.clone();
        }
        *state = answer(host, "report.accumulate", &input)?["state"].take();
        chunk.clear();
        chunk.push('[');
        lines.clear();
        rejected.clear();
        Ok(())
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
    let mut n: u64 = 0;
    for line in reader.split(b'\n') {
        let mut bytes = line.context("cannot read the input")?;
        n += 1;
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if bytes.len() > MAX_LINE {
            rejected.push(json!({ "line": n, "bytes": bytes.len() }));
        } else {
            let text = String::from_utf8_lossy(&bytes);
            if chunk.len() > 1 {
                chunk.push(',');
            }
            if serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok() {
                chunk.push_str(&text);
            } else {
                chunk.push_str(&Value::String(text.into_owned()).to_string());
            }
            lines.push(n);
        }
        if chunk.len() > CHUNK_BYTES || lines.len() >= CHUNK_LINES {
            flush(&mut chunk, &mut lines, &mut rejected, &mut state)?;
            if let Some(bar) = &progress {
                bar.set_position(n);
            }
        }
    }
    flush(&mut chunk, &mut lines, &mut rejected, &mut state)?;
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if state.is_null() {
        state = answer(
            host,
            "report.accumulate",
            &json!({ "unit": r.unit, "year": r.year, "dossiers": [] }),
        )?["state"]
            .take();
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
    if let Some(rs) = &r.ruleset {
        finish["ruleset"] = rs.clone();
    }
    let report = answer(host, "report.finish", &finish)?;
    if let Some(p) = r.json {
        std::fs::write(p, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    let mut render = json!({ "report": report });
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
    Ok(())
}
