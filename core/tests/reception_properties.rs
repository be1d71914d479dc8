//! A reception plan always meets the law it is planned for (issue #15): whatever the period,
//! weekday and level, `reception.check` of `reception.plan`'s days finds no week or month short.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // test code
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use serde_json::{Value, json};
use thanthien_core::api::call_json;
use thanthien_core::time::format_date;

fn call(op: &str, input: &Value) -> Value {
    serde_json::from_str(&call_json(op, &input.to_string())).unwrap()
}

proptest! {
    #[test]
    fn a_plan_meets_the_law(
        start in 0u32..5000,
        length in 0u32..120,
        weekday in prop_oneof![Just("monday"), Just("wednesday"), Just("thursday"), Just("friday"), Just("saturday")],
        level in prop_oneof![Just("commune"), Just("province")],
    ) {
        let from = NaiveDate::from_ymd_opt(2014, 7, 1).unwrap() + Days::new(u64::from(start));
        let to = from + Days::new(u64::from(length));
        let period = json!({"from": format_date(from), "to": format_date(to)});
        let plan = call("reception.plan", &json!({"level": level, "period": period, "weekday": weekday}));
        prop_assert!(plan.get("error").is_none(), "{plan}");
        let sessions: Vec<Value> = plan["sessions"].as_array().unwrap().iter().map(|s| s["date"].clone()).collect();
        let check = call("reception.check", &json!({"level": level, "period": period, "sessions": sessions}));
        prop_assert_eq!(&check["meets"], &json!(true), "{}", check);
        prop_assert_eq!(&check, &plan["check"]);
    }
}
