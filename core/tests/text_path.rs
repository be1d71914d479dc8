//! The text path (`call_text`, which reads flat inputs straight from their text and writes the
//! answer without a JSON value) answers exactly as the value path (`call_str`: the strict parser
//! and the path-tracking deserialiser) for any text, well-formed or not; batches answer in the
//! lean form.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a failed expectation is a failed test
use proptest::prelude::*;
use serde_json::{Value, json};
use thanthien_core::api::{
    Form, MAX_BATCH, answer_text, answer_to_string, call_batch, call_str, call_text,
};

const CALENDAR: [&str; 8] = [
    "calendar.day",
    "calendar.solar_to_lunar",
    "calendar.lunar_to_solar",
    "calendar.add_working_days",
    "calendar.working_days_between",
    "calendar.next_working_day",
    "calendar.add_working_hours",
    "calendar.working_hours_between",
];

fn by_text(op: &str, text: &str, form: Form) -> Value {
    serde_json::from_str(&answer_text(call_text(op, text, form))).unwrap()
}

fn by_value(op: &str, text: &str) -> Value {
    serde_json::from_str(&answer_to_string(call_str(op, text))).unwrap()
}

/// Keys of the calendar inputs, an unknown one, and one spelled with an escape.
fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "start",
        "days",
        "explain",
        "date",
        "inclusive",
        "from",
        "to",
        "year",
        "month",
        "day",
        "leap",
        "hours",
        "unit",
        "ruleset",
        "extra",
        "st\\u0061rt",
    ])
}

/// Values right and wrong for them, records written as arrays among them.
fn value() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "\"2025-01-24\"",
        "\"2025-02-29\"",
        "\"2025-01-24T08:00\"",
        "3",
        "-5",
        "0",
        "1.5",
        "2025",
        "true",
        "null",
        "[]",
        "[\"2025-01-24\", 3]",
        "{}",
        "\"x\"",
        "\"day\"",
        "{\"days_off\": []}",
        "{\"days_off\": [], \"days_off\": []}",
        "{\"days_off\": [[\"2025-01-27\"]]}",
        "{\"schedules\": {\"2025\": {}, \"2025\": {}}}",
        "100001",
        "\"2025-01-2\\u0034\"",
    ])
}

fn text() -> impl Strategy<Value = String> {
    let object = prop::collection::vec((key(), value()), 0..5).prop_map(|fields| {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect();
        format!("{{{}}}", body.join(", "))
    });
    // Inputs each operation accepts, sometimes with one more field.
    let valid = (
        prop::sample::select(vec![
            r#""date": "2025-01-29""#,
            r#""start": "2025-01-24", "days": 3"#,
            r#""start": "2025-04-28", "days": -40, "explain": true"#,
            r#""from": "2025-01-01", "to": "2025-12-31""#,
            r#""from": "2025-01-24T08:00", "to": "2025-02-05T16:30", "unit": "hours""#,
            r#""start": "2025-01-24T15:00", "hours": 12.5"#,
            r#""year": 2025, "month": 1, "day": 1, "leap": false"#,
            r#""date": "2025-04-30", "inclusive": false"#,
        ]),
        prop::option::of((key(), value())),
    )
        .prop_map(|(base, extra)| match extra {
            Some((k, v)) => format!("{{{base}, \"{k}\": {v}}}"),
            None => format!("{{{base}}}"),
        });
    prop_oneof![
        4 => valid,
        4 => object,
        1 => value().prop_map(str::to_owned),
        1 => Just("{\"start\": \"2025-01-24\", \"days\": 3".to_owned()),
        1 => Just(" [\"2025-01-24\", 3]".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn the_text_path_answers_as_the_value_path(text in text(), op in prop::sample::select(CALENDAR.to_vec())) {
        prop_assert_eq!(by_text(op, &text, Form::Full), by_value(op, &text), "{} {}", op, text);
        if op != "calendar.add_working_days" {
            prop_assert_eq!(by_text(op, &text, Form::Lean), by_value(op, &text));
        }
    }
}

/// The cases the straight read must leave to the strict one: a key named twice, a record as an
/// array, an escaped key, trailing text.
#[test]
fn refusals_keep_their_codes_and_paths() {
    let op = "calendar.add_working_days";
    for (text, code, path) in [
        (
            r#"{"start":"2025-01-24","days":3,"days":4}"#,
            "duplicate_key",
            "days",
        ),
        (r#"["2025-01-24",3]"#, "invalid_input", ""),
        (
            r#"{"st\u0061rt":"2025-01-24","days":3,"start":"2025-01-27"}"#,
            "duplicate_key",
            "start",
        ),
        (r#"{"start":"2025-01-24","days":3} x"#, "malformed_json", ""),
        (
            r#"{"start":"2025-01-24","days":3,"explain":"yes"}"#,
            "invalid_input",
            "explain",
        ),
    ] {
        let a = by_text(op, text, Form::Full);
        assert_eq!(a["error"]["code"], code, "{text}: {a}");
        assert_eq!(a["error"]["path"], path, "{text}: {a}");
        assert_eq!(a, by_value(op, text));
    }
}

/// A batch's `add_working_days` answers list the skipped days only when a record asks; a batch
/// past the limit gives one `batch_too_large` per record. From Friday 24/01/2025 three working
/// days are Wednesday 05/02, past the nine Tết days off 25/01–02/02 (the 2025 schedule).
#[test]
fn batches_are_lean_and_whole() {
    let op = "calendar.add_working_days";
    let inputs = [
        r#"{"start":"2025-01-24","days":3}"#,
        r#"{"start":"2025-01-24","days":3,"explain":true}"#,
        r#"{"start":"2025-01-24"}"#,
    ];
    let answers = call_batch(op, &inputs);
    let texts: Vec<String> = answers.into_iter().map(answer_text).collect();
    let lean: Value = serde_json::from_str(&texts[0]).unwrap();
    assert!(texts[0].len() <= 300, "{}", texts[0]);
    assert_eq!(lean["date"], "2025-02-05");
    assert_eq!(lean["skipped"], json!([]));
    assert_eq!(lean["skipped_count"], 9);
    let asked: Value = serde_json::from_str(&texts[1]).unwrap();
    assert_eq!(asked, by_text(op, inputs[0], Form::Full));
    assert_eq!(asked["skipped"].as_array().unwrap().len(), 9);
    assert_eq!(asked["skipped"][0]["date"], "2025-01-25");
    assert!(texts[2].contains("\"missing_field\""), "{}", texts[2]);

    let many = vec!["{}"; MAX_BATCH + 1];
    let answers = call_batch("calendar.day", &many);
    assert_eq!(answers.len(), MAX_BATCH + 1);
    assert!(answers.iter().all(|a| {
        a.as_ref()
            .is_err_and(|e| e.code.as_str() == "batch_too_large")
    }));
}
