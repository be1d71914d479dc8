//! `cargo xtask capture DIR`: every operation's answer over the one-stop desk data set and the
//! conformance corpus, one answer a line, written to `DIR` by the native core. Taken before and
//! after a change that must not change answers (a restructuring), the two directories must be
//! identical (`diff -r`); after a change that should, the diff is the list of answers it changed.
//!
//! What it runs: for every dossier of `examples/one-stop-desk/dossiers-2025.ndjson`,
//! `deadline.compute` (with and without the trace, at two moments of its receipt day),
//! `deadline.check`, `letters.select` (with and without the parties) and `evaluation.dossier`,
//! each also with the example `ruleset.toml`, and every kind of letter in every format for one
//! dossier in 97; `evaluation.unit` by unit and period; `birth_home.assess` for every line of
//! `birth-home-2025.ndjson` as given and as an application, `plan_visits` and `commune_report`;
//! `survey.score`; `report.*`; `deadline.preview` for every procedure, channel and a few moments;
//! the calendar operations for every day of 2010–2027; every corpus input, as given and with the
//! example ruleset.
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::Datelike;
use serde_json::{Value, json};
use thanthien_core::api::call_json;

/// One output file: a line per answer, `operation<TAB>answer`.
struct Out(std::io::BufWriter<std::fs::File>);

impl Out {
    fn new(dir: &Path, name: &str) -> Result<Self> {
        let file = std::fs::File::create(dir.join(name)).with_context(|| name.to_owned())?;
        Ok(Out(std::io::BufWriter::new(file)))
    }

    fn call(&mut self, op: &str, input: &Value) -> Result<Value> {
        let answer = call_json(op, &input.to_string());
        writeln!(self.0, "{op}\t{answer}")?;
        Ok(serde_json::from_str(&answer)?)
    }
}

fn lines(path: &Path) -> Result<Vec<Value>> {
    Ok(std::fs::read_to_string(path)
        .with_context(|| path.display().to_string())?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| Value::String(l.to_owned())))
        .collect())
}

fn with(mut input: Value, key: &str, value: &Value) -> Value {
    input[key] = value.clone();
    input
}

/// Writes the capture to `dir`.
pub fn write(root: &Path, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let ex = root.join("examples/one-stop-desk");
    let toml: toml::Value = toml::from_str(&std::fs::read_to_string(ex.join("ruleset.toml"))?)?;
    let ruleset = serde_json::to_value(toml)?;
    let dossiers = lines(&ex.join("dossiers-2025.ndjson"))?;
    dossier_operations(dir, &dossiers, &ruleset)?;
    let records: Vec<Value> = dossiers.iter().filter(|l| l.is_object()).cloned().collect();
    let facts: Value =
        serde_json::from_str(&std::fs::read_to_string(ex.join("unit-facts-2025.json"))?)?;
    units(dir, &records, &facts, &ruleset)?;
    let registrations = lines(&ex.join("birth-home-2025.ndjson"))?;
    birth_home(dir, &registrations, &ruleset)?;
    let surveys = lines(&ex.join("surveys-2025.ndjson"))?;
    let mut o = Out::new(dir, "survey.txt")?;
    o.call("survey.score", &json!({"responses": surveys}))?;
    for chunk in surveys.chunks(37) {
        o.call("survey.score", &json!({"responses": chunk}))?;
    }
    report(dir, &records, &surveys, &registrations, &facts, &ruleset)?;
    preview(dir, &dossiers, &ruleset)?;
    calendar(dir)?;
    corpus(root, dir, &ruleset)
}

fn dossier_operations(dir: &Path, dossiers: &[Value], ruleset: &Value) -> Result<()> {
    let mut o = Out::new(dir, "dossiers.txt")?;
    let unit = json!({"code": "29461", "signer_name": "Nguyễn Văn An", "signer_title": "CHỦ TỊCH"});
    for (i, line) in dossiers.iter().enumerate() {
        let d = line.get("dossier").cloned().unwrap_or_else(|| line.clone());
        let at = d
            .pointer("/events/0/at")
            .and_then(Value::as_str)
            .unwrap_or("2025-06-01T08:00");
        let day = at.get(..10).unwrap_or(at).to_owned();
        o.call("deadline.compute", &json!({"dossier": d, "explain": true}))?;
        o.call("deadline.compute", &json!({"dossier": d}))?;
        for as_of in [format!("{day}T16:55"), format!("{day}T23:00")] {
            o.call(
                "deadline.compute",
                &json!({"dossier": d, "as_of": as_of, "explain": true}),
            )?;
            o.call("letters.select", &json!({"dossier": d, "as_of": as_of}))?;
        }
        o.call("deadline.check", &json!({"dossier": d}))?;
        o.call("letters.select", &json!({"dossier": d}))?;
        let citizen = json!({"name": "Nguyễn Văn B", "phone": "0900000000"});
        o.call(
            "letters.select",
            &json!({"dossier": d, "citizen": citizen, "unit": unit}),
        )?;
        let mut ev = json!({"dossier": d});
        if let Some(x) = line.get("extra") {
            ev["extra"] = x.clone();
        }
        o.call("evaluation.dossier", &ev)?;
        o.call(
            "deadline.compute",
            &json!({"dossier": d, "explain": true, "ruleset": ruleset}),
        )?;
        o.call("letters.select", &json!({"dossier": d, "ruleset": ruleset}))?;
        o.call("evaluation.dossier", &with(ev, "ruleset", ruleset))?;
        if i % 97 == 0 {
            letters(&mut o, &d, &day, &unit)?;
        }
    }
    Ok(())
}

fn letters(o: &mut Out, d: &Value, day: &str, unit: &Value) -> Result<()> {
    for format in ["html", "text", "sms"] {
        for kind in [
            "receipt",
            "apology",
            "thank_you",
            "congratulation",
            "supplement_request",
            "refusal",
            "stop_clock_notice",
            "condolence",
            "early_result_notice",
        ] {
            let letter = json!({"kind": kind, "date": day, "number": 5, "reason": "chờ xác minh",
                                "new_due_at": format!("{day}T16:00")});
            let input = json!({"letter": letter, "unit": unit, "dossier": d, "format": format,
                               "citizen": {"name": "Thạch Thị Sa Rươne"}});
            o.call("letters.render", &input)?;
        }
    }
    Ok(())
}

fn units(dir: &Path, records: &[Value], facts: &Value, ruleset: &Value) -> Result<()> {
    let mut o = Out::new(dir, "unit.txt")?;
    // Two halves, each under the input size limit.
    let first: Vec<&Value> = records.iter().step_by(2).collect();
    let second: Vec<&Value> = records.iter().skip(1).step_by(2).collect();
    for unit in ["29461", "vl.tra_cu", "29467"] {
        for period in [
            json!({"year": 2025}),
            json!({"year": 2025, "quarter": 1}),
            json!({"year": 2025, "quarter": 3}),
        ] {
            o.call(
                "evaluation.unit",
                &json!({"unit": unit, "period": period, "dossiers": first}),
            )?;
            let input = json!({"unit": unit, "period": period, "dossiers": second,
                               "unit_facts": facts, "ruleset": ruleset});
            o.call("evaluation.unit", &input)?;
        }
    }
    Ok(())
}

/// A registration of the data set as an application, its circumstances varied by its position.
fn application(i: usize, r: &Value) -> Value {
    let commune = r["commune_code"].clone();
    let docs = match i % 4 {
        0 => json!(["birth_certificate_paper"]),
        1 => json!([]),
        2 => json!(["birth_certificate_paper", "marriage_certificate"]),
        _ => json!(["witness_statement"]),
    };
    json!({"commune_code": commune, "child_birth_date": r["child_birth_date"],
           "application_date": r["application_date"], "born_in_vietnam": i % 11 != 5,
           "child_alive": i % 13 != 7,
           "parents": [{"nationality": if i % 9 == 3 {"KH"} else {"VN"}, "resident_commune_code": commune}],
           "documents": docs, "paternity_recognition": i % 7 == 2,
           "household": {"poor": i % 5 == 1, "disability": i % 6 == 2, "ethnic_minority": i.is_multiple_of(3)},
           "distance_km": (i % 15) as f64 * 1.5})
}

fn birth_home(dir: &Path, registrations: &[Value], ruleset: &Value) -> Result<()> {
    let mut o = Out::new(dir, "birth_home.txt")?;
    let mut apps = Vec::new();
    for (i, r) in registrations.iter().enumerate() {
        o.call("birth_home.assess", &json!({"application": r}))?;
        let app = application(i, r);
        let applied = r["application_date"].as_str().unwrap_or("2025-01-01");
        for as_of in [
            None,
            Some(format!("{applied}T10:00")),
            Some(format!("{applied}T17:30")),
            Some("2026-12-01T10:00".to_owned()),
        ] {
            let mut input = json!({"application": app});
            if let Some(a) = as_of {
                input["as_of"] = json!(a);
            }
            o.call("birth_home.assess", &input)?;
            o.call("birth_home.assess", &with(input, "ruleset", ruleset))?;
        }
        apps.push(with(app, "id", &r["id"]));
    }
    for from in ["2025-01-02", "2025-06-20", "2025-12-20"] {
        let input = json!({"applications": apps, "from": from, "as_of": format!("{from}T08:00")});
        o.call("birth_home.plan_visits", &input)?;
        o.call(
            "birth_home.plan_visits",
            &with(input, "capacity", &json!(2)),
        )?;
    }
    for year in [2024, 2025] {
        let input = json!({"registrations": registrations, "year": year});
        o.call("birth_home.commune_report", &input)?;
        o.call(
            "birth_home.commune_report",
            &with(input, "ruleset", ruleset),
        )?;
    }
    Ok(())
}

fn report(
    dir: &Path,
    records: &[Value],
    surveys: &[Value],
    registrations: &[Value],
    facts: &Value,
    ruleset: &Value,
) -> Result<()> {
    let mut o = Out::new(dir, "report.txt")?;
    let first: Vec<&Value> = records.iter().step_by(2).take(1000).collect();
    let input = json!({"unit": "vl.tra_cu", "year": 2025, "dossiers": first, "surveys": surveys,
                       "birth_home": {"registrations": registrations}, "unit_facts": facts,
                       "ruleset": ruleset});
    let report = o.call("report.year_end", &input)?;
    let signer = json!({"name": "Nguyễn Văn An", "title": "CHỦ TỊCH"});
    o.call(
        "report.render",
        &json!({"report": report, "number": "12", "signer": signer}),
    )?;
    o.call("report.render", &json!({"report": report}))?;
    let second: Vec<&Value> = records.iter().skip(1).step_by(2).collect();
    o.call(
        "report.year_end",
        &json!({"unit": "29461", "year": 2025, "dossiers": second}),
    )?;
    let mut state = Value::Null;
    for (k, chunk) in records.chunks(500).enumerate() {
        let lines: Vec<usize> = (0..chunk.len()).map(|j| k * 500 + j + 1).collect();
        let mut input =
            json!({"unit": "vl.tra_cu", "year": 2025, "dossiers": chunk, "lines": lines});
        if !state.is_null() {
            input["state"] = state.clone();
        }
        state = o.call("report.accumulate", &input)?["state"].clone();
    }
    o.call(
        "report.finish",
        &json!({"state": state, "surveys": surveys, "unit_facts": facts}),
    )?;
    Ok(())
}

fn preview(dir: &Path, dossiers: &[Value], ruleset: &Value) -> Result<()> {
    let mut o = Out::new(dir, "preview.txt")?;
    let codes: std::collections::BTreeSet<&str> = dossiers
        .iter()
        .filter_map(|l| l.pointer("/dossier/procedure_code").and_then(Value::as_str))
        .collect();
    for code in codes {
        for channel in ["in_person", "postal", "online"] {
            for t in [
                "2025-01-24T16:50",
                "2025-06-30T17:30",
                "2025-07-01T07:00",
                "2025-09-01T10:00",
                "2026-02-13T11:00",
                "2020-03-02T09:00",
            ] {
                let input = json!({"procedure": code, "channel": channel, "submitted_at": t});
                o.call("deadline.preview", &input)?;
                let input = with(with(input, "unit", &json!("29461")), "ruleset", ruleset);
                o.call("deadline.preview", &input)?;
            }
        }
    }
    Ok(())
}

fn calendar(dir: &Path) -> Result<()> {
    let mut o = Out::new(dir, "calendar.txt")?;
    let mut d = chrono::NaiveDate::from_ymd_opt(2009, 12, 25).context("start")?;
    while d.year() < 2028 {
        let s = d.format("%Y-%m-%d").to_string();
        o.call("calendar.day", &json!({"date": s}))?;
        o.call("calendar.add_working_days", &json!({"start": s, "days": 3}))?;
        o.call(
            "calendar.add_working_days",
            &json!({"start": s, "days": -7}),
        )?;
        o.call("calendar.next_working_day", &json!({"date": s}))?;
        o.call(
            "calendar.add_working_hours",
            &json!({"start": format!("{s}T16:50"), "hours": 8}),
        )?;
        o.call("calendar.solar_to_lunar", &json!({"date": s}))?;
        d = d.succ_opt().context("next day")?;
    }
    Ok(())
}

fn corpus(root: &Path, dir: &Path, ruleset: &Value) -> Result<()> {
    let mut o = Out::new(dir, "corpus.txt")?;
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/conformance"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    files.sort();
    for file in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file)?)?;
        for c in doc["cases"].as_array().into_iter().flatten() {
            let op = c["operation"].as_str().unwrap_or_default();
            let text = match (&c["input_text"], &c["input"]) {
                (Value::String(s), _) => s.clone(),
                (_, v) => v.to_string(),
            };
            let answer = call_json(op, &text);
            writeln!(o.0, "{op}\t{answer}")?;
            if let Some(Value::Object(m)) = c.get("input")
                && !m.contains_key("ruleset")
            {
                let mut m = m.clone();
                m.insert("ruleset".into(), ruleset.clone());
                o.call(op, &Value::Object(m))?;
            }
        }
    }
    Ok(())
}
