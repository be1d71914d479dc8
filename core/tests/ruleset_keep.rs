//! Keeping the rule data built from rulesets can be turned off (a host metering fuel does): each
//! call then builds its own. Alone in its test binary, since the switch is process-wide. (The
//! browser build, feature `wasm`, keeps nothing.)
#![cfg(not(feature = "wasm"))]
#![allow(clippy::unwrap_used)] // test code: a failed expectation is a failed test
use thanthien_core::api;
use thanthien_core::ruleset::{self, Rules, RulesetInput, Shared};

fn calendar_of(r: &RulesetInput) -> std::sync::Arc<thanthien_core::calendar::Calendar> {
    match Rules::new(Some(r)).calendar().unwrap() {
        Shared::Kept(c) => c,
        Shared::Default(_) => unreachable!("a ruleset gives its own calendar"),
    }
}

#[test]
fn keeping_rulesets_can_be_turned_off_and_on() {
    let r: RulesetInput = serde_json::from_str(r#"{"version":"keep-test"}"#).unwrap();
    let (a, b) = (calendar_of(&r), calendar_of(&r));
    assert!(std::sync::Arc::ptr_eq(&a, &b), "kept by default");
    ruleset::keep(false);
    let (c, d) = (calendar_of(&r), calendar_of(&r));
    assert!(
        !std::sync::Arc::ptr_eq(&c, &d),
        "built for each call when off"
    );
    assert!(
        !std::sync::Arc::ptr_eq(&a, &c),
        "what was kept is forgotten"
    );
    let input = r#"{"date":"2025-01-29","ruleset":{"version":"keep-test"}}"#;
    let answer = api::call_json("calendar.day", input);
    assert!(answer.contains(r#""kind":"holiday""#), "{answer}");
    ruleset::keep(true);
    let (e, f) = (calendar_of(&r), calendar_of(&r));
    assert!(std::sync::Arc::ptr_eq(&e, &f), "kept again when on");
}
