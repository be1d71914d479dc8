//! `report.merge`: lines counted apart (`report.accumulate` from no state, as on several cores)
//! and merged in line order give the counts of one pass over them, error samples and the
//! procedures counted together past the first 500 included.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code
use proptest::prelude::*;
use serde_json::{Value, json};
use thanthien_core::api::{call_json, call_value};

const DATA: &str = include_str!("../../examples/one-stop-desk/dossiers-2025.ndjson");

fn records() -> Vec<Value> {
    DATA.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| Value::String(l.to_owned())))
        .collect()
}

/// Lines `first..` counted into `state` (a new one when null).
fn accumulate(unit: &str, state: Value, first: u64, dossiers: &[Value]) -> Value {
    let lines: Vec<u64> = (first..first + dossiers.len() as u64).collect();
    let mut input = json!({"unit": unit, "year": 2025, "dossiers": dossiers, "lines": lines});
    if !state.is_null() {
        input["state"] = state;
    }
    call_value("report.accumulate", input).unwrap()["state"].take()
}

/// One pass over the pieces, each counted after the one before.
fn one_pass(unit: &str, pieces: &[&[Value]]) -> Value {
    let (mut state, mut first) = (Value::Null, 1);
    for p in pieces {
        state = accumulate(unit, state, first, p);
        first += p.len() as u64;
    }
    state
}

/// Each piece counted from no state, then merged.
fn merged(unit: &str, pieces: &[&[Value]]) -> Value {
    let mut first = 1;
    let mut states = Vec::new();
    for p in pieces {
        states.push(accumulate(unit, Value::Null, first, p));
        first += p.len() as u64;
    }
    let later = states.split_off(1);
    let input = json!({"state": states[0], "later": later});
    call_value("report.merge", input).unwrap()["state"].take()
}

/// The merged state is the one-pass state, to the last bit of each `working_days_sum` (worked
/// out from whole minutes, so the order of the additions cannot show), and so is its report.
fn assert_same(merged: &Value, one_pass: &Value) {
    assert_eq!(merged, one_pass);
    let finish = |s: &Value| call_value("report.finish", json!({"state": s})).unwrap();
    assert_eq!(finish(merged), finish(one_pass));
}

#[test]
fn halves_counted_apart_merge_into_one_pass() {
    let records = records();
    let (a, b) = records.split_at(records.len() / 2);
    let one = one_pass("vl.tra_cu", &[a, b]);
    let two = merged("vl.tra_cu", &[a, b]);
    assert_eq!(two["records"].as_u64().unwrap() as usize, records.len());
    assert_eq!(two["errors"], 3, "the three broken lines");
    assert_same(&two, &one);
}

/// 1,200 procedures, some met again after the first 500 were taken: the later states' rows join
/// in the order first met, the rest under `*`, as one pass counts them.
#[test]
fn procedures_past_the_first_500_merge_as_one_pass_counts_them() {
    let dossier = |i: usize| {
        let p = (i * 7) % 1_100;
        json!({"dossier": {"id": format!("D{i}"), "unit": "29461",
            "procedure": {"code": format!("P{p}"), "name_vi": format!("Thủ tục {p}"),
                "processing_time": {"amount": 3, "unit": "working_days"}},
            "events": [{"type": "received", "at": "2025-03-03T08:00"},
                {"type": "returned", "at": "2025-03-05T08:00"}]}})
    };
    let all: Vec<Value> = (0..1_800).map(dossier).collect();
    let pieces: Vec<&[Value]> = all.chunks(400).collect();
    let one = one_pass("29461", &pieces);
    let two = merged("29461", &pieces);
    let rows = two["procedures"].as_object().unwrap();
    assert_eq!(rows.len(), 501);
    assert!(rows["*"]["received"].as_u64().unwrap() > 0);
    assert_same(&two, &one);
}

#[test]
fn states_that_cannot_be_merged_are_refused() {
    let records = records();
    let a = accumulate("vl.tra_cu", Value::Null, 1, &records[..10]);
    let other = accumulate("29461", Value::Null, 11, &records[10..20]);
    let code_path = |input: Value| {
        let e = call_value("report.merge", input).unwrap_err();
        (e.code.as_str().to_owned(), e.path)
    };
    assert_eq!(
        code_path(json!({"state": a, "later": [other]})),
        ("invalid_input".to_owned(), "later[0]".to_owned())
    );
    // A later state that already counts procedures together cannot be merged exactly.
    let many: Vec<Value> = (0..600)
        .map(|i| {
            json!({"procedure": {"code": format!("P{i}"),
                "processing_time": {"amount": 3, "unit": "working_days"}},
                "unit": "29461", "events": [{"type": "received", "at": "2025-03-03T08:00"}]})
        })
        .collect();
    let first = accumulate("29461", Value::Null, 1, &many[..1]);
    let capped = accumulate("29461", Value::Null, 2, &many[1..]);
    assert!(capped["procedures"].get("*").is_some());
    assert_eq!(
        code_path(json!({"state": first, "later": [capped]})),
        ("invalid_input".to_owned(), "later[0]".to_owned())
    );
    // A later state is checked as a state handed back is, its faults under its place.
    let mut old = accumulate("vl.tra_cu", Value::Null, 11, &records[10..20]);
    old["year"] = json!(1);
    assert_eq!(
        code_path(json!({"state": a, "later": [old]})),
        ("year_out_of_range".to_owned(), "later[0].year".to_owned())
    );
    let mut edited = accumulate("vl.tra_cu", Value::Null, 11, &records[10..20]);
    edited["months"] = json!([]);
    assert_eq!(
        code_path(json!({"state": a, "later": [edited]})),
        ("invalid_input".to_owned(), "later[0]".to_owned())
    );
}

/// A dossier of procedure `P` of unit 29461 received on Monday 2025-03-03 at 08:00, its result
/// ready at `done`.
fn dossier(done: &str) -> Value {
    json!({"procedure": {"code": "P", "processing_time": {"amount": 3, "unit": "working_days"}},
        "unit": "29461", "events": [{"type": "received", "at": "2025-03-03T08:00"},
        {"type": "result_ready", "at": done}]})
}

#[test]
fn working_days_are_summed_from_whole_minutes() {
    // 08:00 Monday to 09:00 Tuesday: 3.5 h + 3.5 h that day (sessions 07:00–11:30 and
    // 13:30–17:00, core/data/office_hours.toml), 2 h the next, 540 minutes of an 8-hour day.
    let s = accumulate("29461", Value::Null, 1, &[dossier("2025-03-04T09:00")]);
    let row = &s["procedures"]["P"];
    assert_eq!(
        row["working_minutes"],
        json!([{"day_seconds": 28_800, "minutes": 540}])
    );
    assert_eq!(row["working_days_sum"], 1.125);
    // A state from before `working_minutes` brings only its sum, which is added as it is.
    let mut legacy = accumulate("29461", Value::Null, 2, &[dossier("2025-03-03T10:00")]);
    legacy["procedures"]["P"]
        .as_object_mut()
        .unwrap()
        .remove("working_minutes");
    let merged = call_value("report.merge", json!({"state": s, "later": [legacy]})).unwrap();
    let row = &merged["state"]["procedures"]["P"];
    assert_eq!(row["working_days_sum"], 1.375, "1.125 + 120 / 480");
    assert_eq!(row["working_minutes"], json!([]));
    // Such a state handed back to count more adds to its sum likewise.
    let mut legacy = s.clone();
    legacy["procedures"]["P"]
        .as_object_mut()
        .unwrap()
        .remove("working_minutes");
    let more = accumulate("29461", legacy, 2, &[dossier("2025-03-03T10:00")]);
    let row = &more["procedures"]["P"];
    assert_eq!(row["working_days_sum"], 1.375, "1.125 + 120 / 480");
    assert_eq!(row["working_minutes"], json!([]));
    // Minutes by length of day must be as a count leaves them.
    let code_path = |minutes: Value| {
        let mut later = accumulate("29461", Value::Null, 2, &[dossier("2025-03-03T10:00")]);
        later["procedures"]["P"]["working_minutes"] = minutes;
        let e = call_value("report.merge", json!({"state": s, "later": [later]})).unwrap_err();
        (e.code.as_str().to_owned(), e.path)
    };
    let malformed = (
        "invalid_input".to_owned(),
        "later[0].procedures.P.working_minutes".to_owned(),
    );
    for bad in [
        json!([{"day_seconds": 0, "minutes": 1}]),
        json!([{"day_seconds": 86_401, "minutes": 1}]),
        json!([{"day_seconds": 28_800, "minutes": 1}, {"day_seconds": 3_600, "minutes": 1}]),
        json!([{"day_seconds": 3_600, "minutes": 1}, {"day_seconds": 3_600, "minutes": 1}]),
        json!([{"day_seconds": 3_600, "minutes": 1_000_000_000_000_000_000u64}]),
        // Within the minutes allowed per entry, but 1.2e19 working days (a day of one second).
        json!([{"day_seconds": 1, "minutes": 200_000_000_000_000_000u64}]),
    ] {
        assert_eq!(code_path(bad.clone()), malformed, "{bad}");
    }
}

/// A state's `working_days_sum` is worked out from its `working_minutes` whenever it is handed
/// back (checked by `report.merge`, `report.accumulate` and `report.finish`), so
/// that a sum read one unit in the last place off from its text (serde_json without
/// `float_roundtrip`), or edited, never reaches a merge, a count or a report.
#[test]
fn a_state_read_back_takes_its_sum_from_its_minutes() {
    let s = accumulate("29461", Value::Null, 1, &[dossier("2025-03-04T09:00")]);
    let text = serde_json::to_string(&s).unwrap();
    assert!(text.contains(r#""working_days_sum":1.125,"#), "{text}");
    for brought in ["1.1250000000000002", "99.0"] {
        let edited = text.replace(
            r#""working_days_sum":1.125,"#,
            &format!(r#""working_days_sum":{brought},"#),
        );
        let call = |op: &str, input: String| {
            let out: Value = serde_json::from_str(&call_json(op, &input)).unwrap();
            assert!(out.get("error").is_none(), "{op} {out}");
            out
        };
        // 540 minutes of a 28,800-second day: 1.125, whatever the text says.
        let merged = call(
            "report.merge",
            format!(r#"{{"state":{edited},"later":[]}}"#),
        );
        let row = &merged["state"]["procedures"]["P"];
        assert_eq!(row["working_days_sum"], 1.125, "{brought}");
        // 120 more minutes (08:00 to 10:00 on the Monday): 660 / 480 = 1.375.
        let more = json!({"unit": "29461", "year": 2025, "lines": [2],
            "dossiers": [dossier("2025-03-03T10:00")]});
        let more = more
            .to_string()
            .replacen('{', &format!(r#"{{"state":{edited},"#), 1);
        let counted = call("report.accumulate", more);
        let row = &counted["state"]["procedures"]["P"];
        assert_eq!(row["working_days_sum"], 1.375, "{brought}");
        // One result ready in 1.125 working days: 1.1 on average.
        let report = call("report.finish", format!(r#"{{"state":{edited}}}"#));
        let row = &report["procedures"][0];
        assert_eq!(row["average_working_days"], 1.1, "{brought}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// Any cut of any stretch of the data set into pieces: merged, the counts of one pass.
    #[test]
    fn any_cut_merges_into_one_pass(
        start in 0usize..1_500,
        len in 1usize..700,
        cuts in proptest::collection::vec(1usize..700, 0..5),
    ) {
        let records = records();
        let end = (start + len).min(records.len());
        let stretch = &records[start..end];
        let mut bounds: Vec<usize> = cuts.into_iter().filter(|&c| c < stretch.len()).collect();
        bounds.push(0);
        bounds.push(stretch.len());
        bounds.sort_unstable();
        bounds.dedup();
        let pieces: Vec<&[Value]> = bounds.windows(2).map(|w| &stretch[w[0]..w[1]]).collect();
        assert_same(&merged("vl.tra_cu", &pieces), &one_pass("vl.tra_cu", &pieces));
    }
}
