//! Invariants of `grievance.compute` (issue #15): an extension never brings a deadline forward,
//! and within one law version a case's deadlines are monotone in its receipt (across a change of
//! the law they need not be: acceptance went from 10 to 7 working days on 01/07/2026).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use serde_json::{Value, json};
use thanthien_core::api::call_json;
use thanthien_core::time::format_date;

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 1, 1)
        .unwrap()
        .checked_add_days(Days::new(u64::from(n)))
        .unwrap()
}

fn compute(case: &Value) -> Value {
    let a: Value = serde_json::from_str(&call_json(
        "grievance.compute",
        &json!({ "case": case }).to_string(),
    ))
    .unwrap();
    assert!(a.get("error").is_none(), "{case}: {a}");
    a
}

fn due(a: &Value, step: &str) -> Option<(String, String)> {
    let d = a["deadlines"]
        .as_array()?
        .iter()
        .find(|d| d["step"] == step)?;
    Some((
        d["due"].as_str()?.to_owned(),
        d["source"].as_str()?.to_owned(),
    ))
}

proptest! {
    #[test]
    fn an_extension_never_brings_the_resolution_forward(
        received in 0u32..3000,
        accept_after in 0u32..10,
        gaps in proptest::collection::vec((1u32..40, 1u32..=30), 0..3),
        complexity in prop_oneof![Just("normal"), Just("complex"), Just("especially_complex")],
    ) {
        let r = day(received);
        let accepted = r.checked_add_days(Days::new(u64::from(accept_after))).unwrap();
        let mut events = vec![
            json!({"type": "received", "at": format_date(r)}),
            json!({"type": "accepted", "at": format_date(accepted)}),
        ];
        let mut at = accepted;
        let mut last_due = due(&compute(&json!({"kind": "denunciation", "complexity": complexity, "events": events})), "resolution").unwrap().0;
        for (gap, days) in gaps {
            at = at.checked_add_days(Days::new(u64::from(gap))).unwrap();
            events.push(json!({"type": "extended", "at": format_date(at), "days": days}));
            let a = compute(&json!({"kind": "denunciation", "complexity": complexity, "events": events}));
            let now = due(&a, "resolution").unwrap().0;
            prop_assert!(now >= last_due, "{now} < {last_due} after {events:?}");
            last_due = now;
        }
    }

    /// Luật Tố cáo 2018 Art. 34(2): the `k` days a resolution stood suspended are not counted
    /// in its 30-day period (Art. 30(1)), so an extension decided up to `k` days after the
    /// 30th day is lawful, and one decided more than a fortnight after that (past any move of a
    /// last day off to a working day, Tết included) is not. The suspension ends before the 30th
    /// day, as the log's order requires it to end before the extension.
    #[test]
    fn suspended_days_are_not_counted_against_an_extension(
        received in 0u32..3000,
        suspend_after in 1u32..10,
        k in 1u32..20,
        j in 1u32..40,
    ) {
        let r = day(received);
        let at = |n: u32| format_date(r.checked_add_days(Days::new(u64::from(n))).unwrap());
        let extended_on = |n: u32| compute(&json!({"kind": "denunciation", "complexity": "complex", "events": [
            {"type": "received", "at": at(0)},
            {"type": "accepted", "at": at(0)},
            {"type": "suspended", "at": at(suspend_after)},
            {"type": "resumed", "at": at(suspend_after + k)},
            {"type": "extended", "at": at(n), "days": 30}]}));
        let codes = |a: &Value| a["violations"].as_array().unwrap().iter()
            .map(|v| v["code"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
        let within = extended_on(30 + j.min(k));
        prop_assert!(codes(&within).is_empty(), "{within}");
        let after = extended_on(30 + k + 15 + j);
        prop_assert_eq!(codes(&after), vec!["extension_after_due".to_owned()]);
    }

    #[test]
    fn deadlines_are_monotone_in_receipt_within_a_law(
        first in 0u32..3000,
        later in 0u32..60,
        kind in prop_oneof![Just("complaint"), Just("denunciation"), Just("petition")],
        remote in any::<bool>(),
    ) {
        let (a, b) = (day(first), day(first + later));
        let case = |r: NaiveDate| json!({"kind": kind, "remote_area": remote, "events": [
            {"type": "received", "at": format_date(r)},
            {"type": "accepted", "at": format_date(r)}]});
        let (x, y) = (compute(&case(a)), compute(&case(b)));
        for step in ["acceptance", "transfer", "resolution", "notify_acceptance"] {
            if let (Some((dx, sx)), Some((dy, sy))) = (due(&x, step), due(&y, step))
                && sx == sy
            {
                prop_assert!(dx <= dy, "{step}: {dx} (received {a}) > {dy} (received {b})");
            }
        }
    }
}

proptest! {
    /// The log over a year loses no case: each is counted or listed as not counted, and
    /// every case counted is either closed in the period or open at its end.
    #[test]
    fn the_log_loses_no_case(
        cases in proptest::collection::vec(
            (0u32..900, prop_oneof![Just("complaint"), Just("denunciation"), Just("petition"), Just("rumour")],
             proptest::option::of(0u32..60), proptest::option::of(0u32..90), any::<bool>()),
            0..40),
    ) {
        let list: Vec<Value> = cases.iter().map(|(r, kind, accept, decide, withdraw)| {
            let r = day(*r + 2000);
            let mut events = vec![json!({"type": "received", "at": format_date(r)})];
            if let Some(a) = accept {
                let on = r.checked_add_days(Days::new(u64::from(*a))).unwrap();
                events.push(json!({"type": "accepted", "at": format_date(on)}));
                if let Some(d) = decide {
                    let on = on.checked_add_days(Days::new(u64::from(*d))).unwrap();
                    let kind = if *withdraw { "withdrawn" } else { "decided" };
                    events.push(json!({"type": kind, "at": format_date(on)}));
                }
            }
            json!({"kind": kind, "decision_known_on": format_date(r), "events": events})
        }).collect();
        let input = json!({"unit": "29461", "period": {"year": 2025}, "dossiers": [], "grievances": list});
        let a: Value = serde_json::from_str(&call_json("evaluation.unit", &input.to_string())).unwrap();
        prop_assert!(a.get("error").is_none(), "{a}");
        let log = &a["grievance_log"];
        let counted = log["cases"].as_u64().unwrap();
        let listed = log["not_counted"].as_array().unwrap().len() as u64;
        prop_assert_eq!(counted + listed, cases.len() as u64);
        let sum: u64 = log["kinds"].as_array().unwrap().iter().map(|k| {
            k["closed_on_time"].as_u64().unwrap() + k["closed_late"].as_u64().unwrap() + k["open"].as_u64().unwrap()
        }).sum();
        prop_assert_eq!(sum, counted, "{}", log);
        let eight = a["indicators"].as_array().unwrap().iter().find(|i| i["number"] == 8).unwrap();
        prop_assert!(eight["average"].as_f64().unwrap() <= 2.0);
    }
}
