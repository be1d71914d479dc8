//! Inputs at the edges of their types, from the boundary sweep of issue #14: each one once
//! panicked (or was accepted when it should not be). Every answer must be a typed error with a
//! stable code and the path of the field the caller sent, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code: a failed expectation is a failed test
use serde_json::{Value, json};
use thanthien_core::api::call_json;

fn answer(op: &str, input: &Value) -> Value {
    let text = input.to_string();
    let out = std::panic::catch_unwind(|| call_json(op, &text))
        .unwrap_or_else(|_| panic!("{op} panicked on {text:.300}"));
    serde_json::from_str(&out).expect("an answer is JSON")
}

fn error(op: &str, input: &Value) -> (String, String) {
    let a = answer(op, input);
    let e = a
        .get("error")
        .unwrap_or_else(|| panic!("{op}: no error in {a:.400}"));
    (
        e["code"].as_str().unwrap().to_owned(),
        e["path"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn add_working_days_at_i64_min() {
    let (code, path) = error(
        "calendar.add_working_days",
        &json!({"start": "2025-01-02", "days": i64::MIN}),
    );
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("days_out_of_range", "days")
    );
}

/// Working days counted past either end of the calendar's years are refused, one day as
/// several, with the field that carried them.
#[test]
fn one_working_day_past_the_ends_of_the_years() {
    for (start, days) in [("2199-12-31", 1), ("2199-12-31", 2), ("1995-01-02", -1)] {
        let (code, path) = error(
            "calendar.add_working_days",
            &json!({"start": start, "days": days}),
        );
        assert_eq!(
            (code.as_str(), path.as_str()),
            ("year_out_of_range", "days"),
            "{start} {days}"
        );
    }
}

fn unit_input(facts: Value) -> Value {
    json!({
        "unit": "29461",
        "period": {"year": 2025},
        "dossiers": [],
        "unit_facts": facts,
    })
}

#[test]
fn unit_facts_at_u32_max() {
    let max = u32::MAX;
    for facts in [
        json!({"feedback_total": 2147483647, "feedback_on_time": 2147483647}),
        json!({"feedback_total": max, "feedback_on_time": max - 1}),
        json!({"procedures_total": max, "procedures_one_stop": max, "procedures_received_at_desk": max}),
        json!({"online_late": max, "online_unresolved": max, "feedback_protracted": max}),
        json!({"procedures_online_pct": 1e308, "dossiers_online_pct": -1e308}),
    ] {
        let a = answer("evaluation.unit", &unit_input(facts.clone()));
        assert!(
            a.get("error").is_none() || a["error"]["code"] == "invalid_input",
            "{facts}: {a:.300}"
        );
    }
}

#[test]
fn survey_scale_at_i64_edges() {
    for (min, max) in [(i64::MIN, 5), (1, i64::MAX), (i64::MIN, i64::MAX)] {
        let input = json!({
            "questionnaire": {"id": "q", "scale": {"min": min, "max": max, "satisfied_from": 4},
                "factors": [{"code": "f", "name_vi": "N", "weight": 1,
                    "questions": [{"code": "q1", "text_vi": "C"}]}]},
            "responses": [{"id": "r", "answers": {"q1": 4}}]
        });
        let (code, path) = error("survey.score", &input);
        assert_eq!(
            (code.as_str(), path.as_str()),
            ("invalid_input", "questionnaire.scale")
        );
    }
}

fn empty_state() -> Value {
    let a = answer(
        "report.accumulate",
        &json!({"unit": "29461", "year": 2025, "dossiers": []}),
    );
    a["state"].clone()
}

#[test]
fn edited_report_state_is_refused() {
    for (field, value) in [
        ("records", json!(u64::MAX)),
        ("errors", json!(u64::MAX)),
        (
            "months",
            json!(vec![
                json!({"received": u64::MAX, "early": u64::MAX, "on_time": 1, "late": 1});
                12
            ]),
        ),
        ("indicator_sums", json!(vec![[u64::MAX, u64::MAX]; 10])),
        ("state_version", json!(1)),
        ("state_version", json!(2)),
        ("state_version", json!(3)),
        ("state_version", json!(4)),
        ("state_version", json!(5)),
        ("state_version", json!(7)),
        ("open_overdue", json!(u64::MAX)),
        ("open_overdue", json!(1)),
        ("state_version", Value::Null),
    ] {
        let mut state = empty_state();
        assert_eq!(state["state_version"], 6);
        match value {
            Value::Null => drop(state.as_object_mut().unwrap().remove(field)),
            value => state[field] = value,
        }
        for op in ["report.finish", "report.accumulate"] {
            let input = json!({"state": state, "unit": "29461", "year": 2025, "dossiers": []});
            let input = if op == "report.finish" {
                json!({"state": state})
            } else {
                input
            };
            let (code, path) = error(op, &input);
            assert_eq!(code, "invalid_input", "{op} {field}");
            assert!(
                path.starts_with(&format!("state.{field}")),
                "{op} {field}: {path}"
            );
        }
    }
}

/// A row's counters edited past what a count gives: above the limit, or more open dossiers past
/// due than open, in the row or overall.
#[test]
fn edited_procedure_row_is_refused() {
    let open = json!({"procedure_code": "ho_tich.nhan_cha_me_con", "unit": "29461",
        "events": [{"type": "received", "at": "2025-12-01T08:00"}]});
    let counted = answer(
        "report.accumulate",
        &json!({"unit": "29461", "year": 2025, "dossiers": [open]}),
    );
    let state = &counted["state"];
    let row = "procedures.ho_tich.nhan_cha_me_con";
    assert_eq!(state["open_overdue"], 1, "open and past due on 31 December");
    assert_eq!(state["procedures"]["ho_tich.nhan_cha_me_con"]["open"], 1);
    for (field, value, path) in [
        ("open", u64::MAX, row.to_owned()),
        ("open_overdue", u64::MAX, row.to_owned()),
        ("refused", u64::MAX, row.to_owned()),
        ("withdrawn", u64::MAX, row.to_owned()),
        ("open_overdue", 2, format!("{row}.open_overdue")),
        ("open", 0, format!("{row}.open_overdue")),
    ] {
        let mut edited = state.clone();
        edited["procedures"]["ho_tich.nhan_cha_me_con"][field] = json!(value);
        let (code, at) = error("report.finish", &json!({"state": edited}));
        assert_eq!(
            (code.as_str(), at),
            ("invalid_input", format!("state.{path}"))
        );
    }
    let mut later = state.clone();
    later["procedures"]["ho_tich.nhan_cha_me_con"]["open_overdue"] = json!(2);
    let (code, at) = error("report.merge", &json!({"state": state, "later": [later]}));
    assert_eq!(
        (code.as_str(), at.as_str()),
        (
            "invalid_input",
            "later[0].procedures.ho_tich.nhan_cha_me_con.open_overdue"
        )
    );
    let finished = answer("report.finish", &json!({"state": state}));
    assert_eq!(finished["open_overdue"], 1);
}

#[test]
fn report_of_an_unknown_unit_is_refused() {
    let (code, path) = error(
        "report.accumulate",
        &json!({"unit": "nope", "year": 2025, "dossiers": []}),
    );
    assert_eq!((code.as_str(), path.as_str()), ("unknown_unit", "unit"));
    let (code, _) = error(
        "report.year_end",
        &json!({"unit": "nope", "year": 2025, "dossiers": []}),
    );
    assert_eq!(code, "unknown_unit");
    let mut state = empty_state();
    state["unit"] = json!("nope");
    let (code, path) = error("report.finish", &json!({"state": state}));
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("unknown_unit", "state.unit")
    );
}

#[test]
fn report_state_stays_bounded_with_many_procedures() {
    let dossier = |i: usize| {
        json!({"dossier": {"id": format!("D{i}"), "unit": "29461",
            "procedure": {"code": format!("P{i}"), "name_vi": "x".repeat(2000),
                "processing_time": {"amount": 3, "unit": "working_days"}},
            "events": [{"type": "received", "at": "2025-03-03T08:00"}]}})
    };
    let mut state = Value::Null;
    for chunk in 0..6 {
        let dossiers: Vec<Value> = (chunk * 200..chunk * 200 + 200).map(dossier).collect();
        let mut input = json!({"unit": "29461", "year": 2025, "dossiers": dossiers});
        if !state.is_null() {
            input["state"] = state;
        }
        let a = answer("report.accumulate", &input);
        assert!(a.get("error").is_none(), "{a:.300}");
        state = a["state"].clone();
    }
    let procedures = state["procedures"].as_object().unwrap();
    assert_eq!(procedures.len(), 501);
    assert_eq!(procedures["*"]["received"], 700);
    assert!(
        state.to_string().len() < 400_000,
        "{}",
        state.to_string().len()
    );
    let a = answer("report.finish", &json!({"state": state}));
    assert_eq!(a["received"], 1200, "{a:.300}");
}

#[test]
fn duplicate_keys_are_refused_where_they_are() {
    let (code, path) = error_text(
        "calendar.day",
        r#"{"date":"2025-01-01","date":"2025-01-02"}"#,
    );
    assert_eq!((code.as_str(), path.as_str()), ("duplicate_key", "date"));
    let text = r#"{"dossier":{"procedure_code":"x","events":[{"type":"received","at":"2025-01-02T08:00"},
        {"type":"returned","at":"2025-01-03T08:00","at":"2025-01-04T08:00"}]}}"#;
    let (code, path) = error_text("deadline.compute", text);
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("duplicate_key", "dossier.events[1].at")
    );
    // The same key in two objects is no duplicate.
    let a = call_json("calendar.day", r#"{"date":"2025-01-01","ruleset":{}}"#);
    assert!(!a.contains("error"), "{a}");
}

fn error_text(op: &str, text: &str) -> (String, String) {
    let a: Value = serde_json::from_str(&call_json(op, text)).unwrap();
    (
        a["error"]["code"].as_str().unwrap_or("none").to_owned(),
        a["error"]["path"].as_str().unwrap_or_default().to_owned(),
    )
}

#[test]
fn messages_quote_a_short_prefix_of_a_bad_value() {
    let long = "9".repeat(500_000);
    for (op, input) in [
        ("calendar.day", json!({"date": long})),
        ("calendar.day", json!({"date": 5, long.clone(): 1})),
        (
            "deadline.compute",
            json!({"dossier": {"procedure_code": long, "events": []}}),
        ),
        ("calendar.day", json!({"date": [long]})),
    ] {
        let text = call_json(op, &input.to_string());
        assert!(text.contains("\"error\""), "{text:.200}");
        assert!(
            text.len() < 2_000,
            "{op}: {} bytes: {text:.300}",
            text.len()
        );
    }
    let text = call_json(&long, "{}");
    assert!(
        text.len() < 2_000,
        "unknown operation: {} bytes",
        text.len()
    );
}

#[test]
fn errors_point_at_the_field_sent() {
    let dossier = json!({"procedure_code": "ho_tich.khai_sinh",
        "events": [{"type": "received", "at": "2025-03-03T08:00"}]});
    let (code, path) = error(
        "deadline.compute",
        &json!({"dossier": dossier, "as_of": "9999-01-01T08:00"}),
    );
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("year_out_of_range", "as_of")
    );
    let (code, path) = error(
        "deadline.preview",
        &json!({"submitted_at": "2025-03-03T08:00"}),
    );
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("missing_field", "procedure")
    );
}

/// A thank-you letter whose Vietnamese body is the caller's own template `body`.
fn thank_you_with_body(body: &str) -> Value {
    json!({
        "dossier": {"events": [{"at": "2025-06-26T09:00", "type": "received"},
            {"at": "2025-06-26T10:30", "type": "returned"}],
            "id": "X-1", "procedure_code": "ho_tich.khai_sinh", "unit": "29461"},
        "letter": {"date": "2025-06-30", "kind": "thank_you"},
        "citizen": {"name": "A"},
        "unit": {"code": "29461", "signer_name": "B", "signer_title": "Chủ tịch"},
        "ruleset": {"letters": {"templates": [{"kind": "thank_you", "body_vi": body,
            "body_en": "Thanks.", "sms": "Cam on."}]}}
    })
}

#[test]
fn template_errors_point_at_the_template_sent() {
    let input = thank_you_with_body;
    for body in [
        "{{ citizen.name ",
        "{% for x in %}",
        "{{ citizen.name | nope }}",
        "{% include 'x' %}",
    ] {
        let (code, path) = error("letters.render", &input(body));
        assert_eq!(code, "invalid_template", "{body}");
        assert_eq!(path, "ruleset.letters.templates[0].body_vi", "{body}");
    }
}

/// A ruleset's own template may not write more than 256 KiB nor loop for long: the 5.7 KB
/// request that produced a 23 MB letter, and one that spun for the whole time limit.
#[test]
fn templates_that_explode_or_spin_are_stopped() {
    let input = thank_you_with_body;
    let nest = |depth: usize, inner: &str| {
        let open = "{% for i in [0,1,2,3,4,5,6,7,8,9] %}".repeat(depth);
        format!("{open}{inner}{}", "{% endfor %}".repeat(depth))
    };
    let explode = nest(5, &"x".repeat(30));
    let spin = nest(7, "");
    for body in [&explode, &spin] {
        let (code, path) = error("letters.render", &input(body));
        assert_eq!(code, "template_limit", "{body}");
        assert_eq!(path, "ruleset.letters.templates[0].body_vi");
    }
    let ok = answer("letters.render", &input("Cảm ơn {{ citizen.name }}."));
    assert!(ok.to_string().contains("Cảm ơn A."), "{ok:.400}");
}

#[test]
fn survey_weights_that_would_give_a_wrong_index_are_refused() {
    let q = |w1: f64, w2: f64, qw: Option<f64>| {
        let mut q1 = json!({"code": "q1", "text_vi": "C"});
        if let Some(w) = qw {
            q1["weight"] = json!(w);
        }
        json!({
            "questionnaire": {"id": "q", "scale": {"min": 1, "max": 5, "satisfied_from": 4},
                "factors": [
                    {"code": "f1", "name_vi": "N", "weight": w1, "questions": [q1]},
                    {"code": "f2", "name_vi": "M", "weight": w2,
                        "questions": [{"code": "q2", "text_vi": "D"}]}]},
            "responses": [{"id": "r", "answers": {"q1": 4, "q2": 5}}]
        })
    };
    for (input, want) in [
        (q(1e308, 1e308, None), "questionnaire.factors[0].weight"),
        (q(0.0, 0.0, None), "questionnaire.factors"),
        (q(1.0, 1.0, Some(0.0)), "questionnaire.factors[0].questions"),
        (
            q(1.0, 1.0, Some(1e300)),
            "questionnaire.factors[0].questions[0].weight",
        ),
    ] {
        let (code, path) = error("survey.score", &input);
        assert_eq!((code.as_str(), path.as_str()), ("invalid_input", want));
    }
    let a = answer("survey.score", &q(1e6, 1.0, Some(1e6)));
    assert!(a.get("error").is_none(), "{a:.300}");
}

#[test]
fn every_date_field_is_in_range() {
    let events = json!([{"type": "received", "at": "2025-03-03T08:00"},
        {"type": "returned", "at": "2025-03-04T08:00"},
        {"type": "feedback", "at": "9999-03-04T08:00"}]);
    let (code, path) = error(
        "deadline.check",
        &json!({"dossier": {"procedure_code": "ho_tich.khai_sinh", "events": events}}),
    );
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("year_out_of_range", "dossier.events[2].at")
    );
    for year in ["0000", "9999"] {
        let input = json!({"dossier": {"procedure_code": "ho_tich.khai_sinh", "events": [
                {"type": "received", "at": "2025-03-03T08:00"},
                {"type": "returned", "at": "2025-03-04T08:00"}]},
            "extra": {"steps": [{"due_at": format!("{year}-01-01T08:00"),
                "done_at": "2025-03-03T09:00"}]}});
        let (code, path) = error("evaluation.dossier", &input);
        assert_eq!(code, "year_out_of_range", "{year}");
        assert_eq!(path, "extra.steps[0].due_at", "{year}");
    }
}

#[test]
fn the_office_hours_used_are_named() {
    let a = answer(
        "calendar.add_working_hours",
        &json!({"start": "2025-03-03T08:00", "hours": 2, "unit": "nope"}),
    );
    assert_eq!(a["office_hours_unit"], "*", "{a}");
    let a = answer(
        "calendar.working_hours_between",
        &json!({"from": "2025-03-03T08:00", "to": "2025-03-04T08:00"}),
    );
    assert_eq!(a["office_hours_unit"], "*", "{a}");
}

#[test]
fn an_evaluation_of_an_unknown_unit_is_refused() {
    let input = json!({"unit": "nope", "period": {"year": 2025}, "dossiers": []});
    let (code, path) = error("evaluation.unit", &input);
    assert_eq!((code.as_str(), path.as_str()), ("unknown_unit", "unit"));
}
