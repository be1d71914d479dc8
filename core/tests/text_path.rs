//! The text path (`call_text`, which reads inputs straight from their text and writes the
//! answer without a JSON value) answers exactly as the value path (`call_str`: the strict parser
//! and the path-tracking deserialiser) for any text, well-formed or not; batches answer in the
//! lean form.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code: a failed expectation is a failed test
use proptest::prelude::*;
use serde_json::{Value, json};
use thanthien_core::api::{
    Form, MAX_BATCH, answer_text, answer_to_string, call_batch, call_lines, call_str, call_text,
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

/// A batch's `deadline.compute` answers, for every corpus dossier: without `"explain": true`, the
/// single call's answer with `explain: false` but the procedure and the one-stop rules named by
/// `code` and `from`; with it, the single call's answer whole.
#[cfg(feature = "procedures")]
#[test]
fn deadline_batches_are_lean() {
    let op = "deadline.compute";
    let corpus: Value =
        serde_json::from_str(include_str!("../../tests/conformance/deadline.json")).unwrap();
    let mut seen = [0; 3];
    for case in corpus["cases"].as_array().unwrap() {
        if case["operation"] != op || !case["input"].is_object() {
            continue;
        }
        let text = case["input"].to_string();
        let lean: Value = serde_json::from_str(&answer_text(
            call_batch(op, &[text.as_str()]).pop().unwrap(),
        ))
        .unwrap();
        let asked = case["input"]["explain"] == true;
        let mut single = case["input"].clone();
        single["explain"] = json!(asked);
        let mut want = by_text(op, &single.to_string(), Form::Full);
        if want.get("error").is_some() || asked {
            seen[usize::from(asked)] += 1;
            assert_eq!(lean, want, "{text}");
            continue;
        }
        let full = want.to_string().len();
        for k in ["procedure", "regime"] {
            want[k] = json!({"code": want[k]["code"], "from": want[k]["from"]});
        }
        assert_eq!(lean, want, "{text}");
        let short = lean.to_string().len();
        assert!(short + 900 < full, "{short} of {full} bytes");
        seen[2] += 1;
    }
    assert!(seen[2] >= 20 && seen[0] >= 5, "{seen:?}");
    let asked = r#"{"dossier":{"procedure_code":"ho_tich.khai_sinh","events":[{"type":"received","at":"2025-03-03T08:00"}]},"explain":true}"#;
    let answer: Value =
        serde_json::from_str(&answer_text(call_batch(op, &[asked]).pop().unwrap())).unwrap();
    assert_eq!(answer["procedure"]["name_vi"], "Đăng ký khai sinh");
    assert!(!answer["trace"].as_array().unwrap().is_empty());
}

/// `call_lines` answers line i of its text on line i, exactly as `call_batch` answers input i:
/// a broken, an empty and a `\r`-ended line included (a `\r` is JSON whitespace); past the limit
/// every line is `batch_too_large`.
#[test]
fn lines_answer_as_the_batch_does() {
    let op = "calendar.add_working_days";
    let inputs = [
        r#"{"start":"2025-01-24","days":3}"#,
        r#"{"start":"2025-01-24","days":"x"}"#,
        "",
        r#"{"start":"2025-01-24","days":3,"explain":true}"#,
        r#"{"start":"2025-02-30","days":1}"#,
        "{\"start\":\"2025-01-24\",\"days\":-1}\r",
    ];
    let text = call_lines(op, &inputs.join("\n"));
    let lines: Vec<&str> = text.split('\n').collect();
    assert_eq!(lines.len(), inputs.len());
    let batch: Vec<String> = call_batch(op, &inputs)
        .into_iter()
        .map(answer_text)
        .collect();
    for (line, answer) in lines.iter().zip(&batch) {
        assert_eq!(line, answer);
    }
    assert!(lines[0].starts_with(r#"{"date":"2025-02-05","skipped":[],"skipped_count":9"#));
    assert!(lines[1].contains("\"invalid_input\"") && lines[1].contains("\"path\":\"days\""));
    assert!(lines[2].contains("\"malformed_json\""), "{}", lines[2]);
    assert!(
        lines[4].starts_with(r#"{"error":{"code":"invalid_date""#),
        "{}",
        lines[4]
    );
    assert!(
        lines[5].starts_with(r#"{"date":"2025-01-23""#),
        "{}",
        lines[5]
    );
    let unknown = call_lines("calendar.nothing", "{}\n{}");
    assert_eq!(unknown.matches("\"unknown_operation\"").count(), 2);

    let many = vec!["{}"; MAX_BATCH + 1].join("\n");
    let text = call_lines("calendar.day", &many);
    assert_eq!(text.split('\n').count(), MAX_BATCH + 1);
    assert!(text.split('\n').all(|l| l.contains("\"batch_too_large\"")));
}

/// One change made to one node of a corpus input, written out as text (a key named twice can
/// only be written, not held in a `Value`).
#[derive(Clone, Copy, Debug)]
enum Change {
    /// An object names its first key again, with another value.
    RepeatKey,
    /// An object is written as the array of its values.
    AsArray,
    /// An object gains an unknown field whose value names a key twice.
    UnknownWithRepeat,
    /// An object gains a harmless unknown field.
    Unknown,
    /// An object loses its first key.
    DropKey,
    /// The node becomes `null`, a string, a float or an empty array.
    Null,
    Text,
    Float,
    EmptyArray,
    /// Object keys are written with an escape (`\u0061` for `a`).
    EscapedKeys,
}

fn key_text(k: &str, escaped: bool) -> String {
    let k = serde_json::to_string(k).unwrap();
    if escaped {
        k.replacen('a', "\\u0061", 1)
    } else {
        k
    }
}

/// Writes `v`, making `change` at the `at`-th node in document order.
fn write_changed(v: &Value, at: &mut i64, change: Change, out: &mut String) {
    let here = *at == 0;
    *at -= 1;
    if here {
        match (change, v) {
            (Change::Null, _) => return out.push_str("null"),
            (Change::Text, _) => return out.push_str("\"x\""),
            (Change::Float, _) => return out.push_str("1.5"),
            (Change::EmptyArray, _) => return out.push_str("[]"),
            (Change::AsArray, Value::Object(m)) => {
                let items: Vec<String> = m.values().map(|x| x.to_string()).collect();
                return out.push_str(&format!("[{}]", items.join(",")));
            }
            _ => {}
        }
    }
    match v {
        Value::Object(m) => {
            let mut fields: Vec<String> = Vec::new();
            let escaped = here && matches!(change, Change::EscapedKeys);
            for (i, (k, x)) in m.iter().enumerate() {
                if here && i == 0 && matches!(change, Change::DropKey) {
                    continue;
                }
                let mut s = format!("{}:", key_text(k, escaped));
                write_changed(x, at, change, &mut s);
                fields.push(s);
            }
            if here {
                match (change, m.keys().next()) {
                    (Change::RepeatKey, Some(k)) => {
                        fields.push(format!("{}:null", key_text(k, false)))
                    }
                    (Change::UnknownWithRepeat, _) => fields.push(r#""zz":{"a":1,"a":2}"#.into()),
                    (Change::Unknown, _) => fields.push(r#""zz":[1,{"b":true}]"#.into()),
                    _ => {}
                }
            }
            out.push('{');
            out.push_str(&fields.join(","));
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_changed(x, at, change, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Every input of the conformance corpus, with its operation.
fn corpus() -> &'static [(String, Value)] {
    static CORPUS: std::sync::OnceLock<Vec<(String, Value)>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(read_corpus)
}

fn read_corpus() -> Vec<(String, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let file: Value =
            serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        for case in file["cases"].as_array().unwrap() {
            if let (Some(op), Some(input)) = (case["operation"].as_str(), case.get("input"))
                && thanthien_core::api::OPERATIONS.contains(&op)
            {
                cases.push((op.to_owned(), input.clone()));
            }
        }
    }
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

fn change() -> impl Strategy<Value = Change> {
    prop::sample::select(vec![
        Change::RepeatKey,
        Change::AsArray,
        Change::UnknownWithRepeat,
        Change::Unknown,
        Change::DropKey,
        Change::Null,
        Change::Text,
        Change::Float,
        Change::EmptyArray,
        Change::EscapedKeys,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    /// Any corpus input of any operation, changed at one node (nested records written as
    /// arrays, keys named twice deep inside, unknown fields, wrong types…): the text path reads
    /// exactly what the strict reader reads, and refuses exactly what it refuses.
    #[test]
    fn changed_corpus_inputs_read_alike(case in any::<prop::sample::Index>(), node in 0i64..400, change in change()) {
        let cases = corpus();
        let (op, input) = &cases[case.index(cases.len())];
        let mut text = String::new();
        let mut at = node;
        write_changed(input, &mut at, change, &mut text);
        prop_assert_eq!(by_text(op, &text, Form::Full), by_value(op, &text), "{} {}", op, text);
    }
}

/// Records of the one-stop desk's 2025 data: records, a bare dossier, a broken line.
#[cfg(all(feature = "desk", feature = "letters"))]
fn report_chunk() -> Value {
    let data = include_str!("../../examples/one-stop-desk/dossiers-2025.ndjson");
    let mut dossiers: Vec<Value> = data
        .lines()
        .take(6)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    dossiers.push(dossiers[0]["dossier"].clone());
    dossiers.push(json!("{\"dossier\": not json"));
    json!({"unit": "29461", "year": 2025, "dossiers": dossiers, "lines": [3, 4, 5, 6, 7, 8, 9, 10]})
}

#[cfg(all(feature = "desk", feature = "letters"))]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// `report.accumulate` reads its dossiers one by one from their texts: a chunk changed at
    /// any node (a key named twice inside a dossier, a dossier as an array, wrong types…) is
    /// answered exactly as the strict reader answers it.
    #[test]
    fn changed_report_chunks_read_alike(node in 0i64..600, change in change()) {
        let mut text = String::new();
        let mut at = node;
        write_changed(&report_chunk(), &mut at, change, &mut text);
        let op = "report.accumulate";
        prop_assert_eq!(by_text(op, &text, Form::Full), by_value(op, &text), "{}", text);
    }
}

/// The chunk unchanged: eight records counted, the broken line an error on its line.
#[cfg(all(feature = "desk", feature = "letters"))]
#[test]
fn a_report_chunk_is_counted_from_its_text() {
    let text = report_chunk().to_string();
    let answer = by_text("report.accumulate", &text, Form::Full);
    assert_eq!(answer, by_value("report.accumulate", &text));
    assert_eq!(answer["state"]["records"], 8);
    assert_eq!(answer["errors"][0]["line"], 10);
    assert_eq!(answer["errors"].as_array().unwrap().len(), 1);
}

/// The birth form's page package calls its one operation by its adapter (`call_str_as`)
/// instead of by name: every `birth_home.assess` corpus input, as given and as text that is not
/// JSON, gets the answer `call_str` gives (the JavaScript side is checked by the corpus run
/// through the package).
#[cfg(feature = "procedures")]
#[test]
fn one_operation_by_its_adapter_answers_as_by_name() {
    let assess = thanthien_core::api::birth_home::assess;
    let cases: Vec<_> = corpus()
        .iter()
        .filter(|(op, _)| op == "birth_home.assess")
        .collect();
    assert!(cases.len() > 20, "{} cases", cases.len());
    for (op, input) in cases {
        for text in [input.to_string(), format!("{input}x")] {
            let by_adapter = thanthien_core::api::call_str_as(&text, assess);
            assert_eq!(
                answer_to_string(by_adapter),
                answer_to_string(call_str(op, &text))
            );
        }
    }
}
