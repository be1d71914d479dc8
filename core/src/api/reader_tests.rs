//! The lean reader ([`crate::de::lean`]) against serde's derive: every operation's input of the
//! conformance corpus, and each of it changed at one place (a key removed, an unknown key added,
//! a key given twice under a second name, a value replaced by one of every JSON type and edge), read both ways, must give the same
//! value or the same error (code, path, message).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code
use serde_json::{Value, json};

/// Every input one change away from `v`, with `v` itself.
pub(super) fn variants(v: &Value, out: &mut Vec<Value>, depth: usize) {
    out.push(v.clone());
    if depth > 6 || out.len() > 4000 {
        return;
    }
    let replacements = [
        json!(null),
        json!(true),
        json!(3),
        json!(-1),
        json!(1.5),
        json!(5_000_000_000u64),
        json!(-9_223_372_036_854_775_808i64),
        json!("x"),
        json!("2025-01-29"),
        json!([]),
        json!(["x", "y", "z"]),
        json!({}),
        json!({"a": 1}),
    ];
    match v {
        Value::Object(map) => {
            let mut extra = map.clone();
            extra.insert("zz_unknown".into(), json!(1));
            out.push(Value::Object(extra));
            for (k, child) in map {
                // A second name for the same field (the one alias is a plural: `factors`).
                let other = k
                    .strip_suffix('s')
                    .map_or_else(|| format!("{k}s"), str::to_owned);
                let mut twice = map.clone();
                twice.insert(other, child.clone());
                out.push(Value::Object(twice));
                let mut without = map.clone();
                without.remove(k);
                out.push(Value::Object(without));
                for r in &replacements {
                    let mut m = map.clone();
                    m.insert(k.clone(), r.clone());
                    out.push(Value::Object(m));
                }
                let mut inner = Vec::new();
                variants(child, &mut inner, depth + 1);
                for c in inner.into_iter().skip(1) {
                    let mut m = map.clone();
                    m.insert(k.clone(), c);
                    out.push(Value::Object(m));
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate().take(3) {
                let mut inner = Vec::new();
                variants(child, &mut inner, depth + 1);
                for c in inner.into_iter().skip(1) {
                    let mut a = items.clone();
                    a[i] = c;
                    out.push(Value::Array(a));
                }
            }
            let mut more = items.clone();
            more.push(json!("zz"));
            out.push(Value::Array(more));
        }
        _ => {}
    }
}

/// `report.render` inputs (the corpus has none): the report of a `report.year_end` input, and
/// that report with each of its sections changed as [`variants`] changes an input (each section
/// with its own budget, so that the flattened records deep inside are reached).
#[cfg(all(feature = "desk", feature = "letters"))]
fn render_inputs(year_end: &Value) -> impl Iterator<Item = Value> {
    let Ok(report) = super::call_value("report.year_end", year_end.clone()) else {
        return Vec::new().into_iter();
    };
    let mut out = vec![json!({ "report": report })];
    for (key, section) in report.as_object().into_iter().flatten() {
        let mut changed = Vec::new();
        variants(section, &mut changed, 1);
        for c in changed.into_iter().skip(1) {
            let mut r = report.clone();
            r[key] = c;
            out.push(json!({ "report": r }));
        }
    }
    out.into_iter()
}

#[cfg(not(all(feature = "desk", feature = "letters")))]
fn render_inputs(_: &Value) -> impl Iterator<Item = Value> {
    std::iter::empty()
}

/// The one difference the lean reader makes on purpose beyond serde's: a record given as an
/// array of its fields in order is refused everywhere (`de`'s module text), also inside a
/// flattened field's part of an object, where serde's reader of the flattened entries took it
/// (the year-end report's sections in `report.render`).
fn positional_in_flattened(op: &str, lean: &str) -> bool {
    op == "report.render" && lean.contains("invalid type: sequence, expected struct")
}

#[test]
fn the_lean_reader_reads_as_serde_does() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let (mut read, mut differ, mut positional) = (0usize, Vec::new(), 0usize);
    for file in files {
        let corpus: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in corpus["cases"].as_array().unwrap() {
            let op = case["operation"].as_str().unwrap();
            let mut inputs = Vec::new();
            variants(&case["input"], &mut inputs, 0);
            let mut inputs: Vec<_> = inputs.into_iter().map(|i| (op, i)).collect();
            if op == "report.year_end" {
                inputs.extend(render_inputs(&case["input"]).map(|i| ("report.render", i)));
            }
            for (op, input) in inputs {
                let Some((lean, serde)) = super::read_both(op, input.clone()) else {
                    break;
                };
                read += 1;
                if lean != serde && positional_in_flattened(op, &lean) {
                    positional += 1;
                    continue;
                }
                if lean != serde && differ.len() < 20 {
                    differ.push(format!(
                        "{op} {input}\n  lean:  {lean:.400}\n  serde: {serde:.400}"
                    ));
                }
            }
        }
    }
    // About 2,900 in the calendar-only build, 64,000 with every operation.
    assert!(read > 1_000, "only {read} inputs read");
    eprintln!("{read} inputs read, {positional} records in arrays refused inside flattened fields");
    // 28 with every operation: the reports' sections that hold a record where an array was put.
    assert!(positional < 100, "{positional} records in arrays refused");
    assert!(
        differ.is_empty(),
        "{} of {read} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
