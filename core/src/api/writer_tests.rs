//! The lean writer ([`crate::de::encode`]) against serde: every answer written as a value in the
//! tests (every operation through `call_value`, so the conformance corpus and the core's own
//! tests) is written both ways, and the two must be the same value or the same error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code
use serde::Serialize;
use serde_json::Value;

use crate::error::Result;

/// Panics unless serde writes `out` as `lean` (the lean writer's answer).
pub(super) fn same_as_serde<O: Serialize>(out: &O, lean: &Result<Value>) {
    let serde = serde_json::to_value(out).map_err(|e| e.to_string());
    let lean = lean.as_ref().map_err(|e| e.message_en.clone());
    match (&serde, &lean) {
        (Ok(a), Ok(b)) => assert_eq!(a, *b, "the lean writer differs from serde"),
        (Err(a), Err(b)) => assert!(b.contains(a.as_str()), "{b} is not serde's {a}"),
        _ => panic!("serde: {serde:?}, lean writer: {lean:?}"),
    }
}

/// A year-end report's input answered in chunks (`report.accumulate`, then `report.finish`),
/// and the report rendered (`report.render`).
#[cfg(all(feature = "desk", feature = "letters"))]
fn in_chunks(input: &Value, written: &mut std::collections::BTreeMap<String, usize>) {
    let chunk = serde_json::json!({
        "unit": input["unit"], "year": input["year"], "dossiers": input["dossiers"],
    });
    let Ok(acc) = super::call_value("report.accumulate", chunk) else {
        return;
    };
    *written.entry("report.accumulate".to_owned()).or_default() += 1;
    let finish = serde_json::json!({ "state": acc["state"] });
    let Ok(report) = super::call_value("report.finish", finish) else {
        return;
    };
    *written.entry("report.finish".to_owned()).or_default() += 1;
    let render = serde_json::json!({ "report": report, "signer": "Nguyễn Văn A" });
    if super::call_value("report.render", render).is_ok() {
        *written.entry("report.render".to_owned()).or_default() += 1;
    }
}

#[cfg(not(all(feature = "desk", feature = "letters")))]
fn in_chunks(_: &Value, _: &mut std::collections::BTreeMap<String, usize>) {}

/// Every case of the conformance corpus, and each of its inputs changed at one place (as the
/// reader's test changes them, at most 300 a case), answered through `call_value`, whose
/// `output` holds the lean writer to serde's value for every answer.
#[test]
fn the_lean_writer_writes_as_serde_does() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut written = std::collections::BTreeMap::<String, usize>::new();
    for file in files {
        let corpus: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for case in corpus["cases"].as_array().unwrap() {
            let op = case["operation"].as_str().unwrap();
            let mut inputs = Vec::new();
            super::reader_tests::variants(&case["input"], &mut inputs, 0);
            for input in inputs.into_iter().take(300) {
                let answer = super::call_value(op, input.clone());
                if answer.is_ok() {
                    *written.entry(op.to_owned()).or_default() += 1;
                }
                if op == "report.year_end" {
                    in_chunks(&input, &mut written);
                }
            }
        }
    }
    // Every operation of the build answered at least once (an operation the corpus does not
    // reach in this build's features is not in OPERATIONS).
    for op in super::OPERATIONS {
        assert!(
            written.contains_key(*op),
            "no answer of {op} written: {written:?}"
        );
    }
}
