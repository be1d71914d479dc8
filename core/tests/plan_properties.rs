//! Properties of `birth_home.plan_visits` over random applications around Tết 2025 and the
//! 2025 reorganisation: never over capacity, never a day off, never after a child's limit, every
//! application accounted for, and everyone served when a schedule serving everyone exists.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use serde_json::{Value, json};
use thanthien_core::api::call_value;
use thanthien_core::calendar::Calendar;

const COMMUNES: [&str; 4] = ["29461", "29462", "29470", "vl.tra_cu"];

fn application(i: usize, commune: usize, age: u64, paper: bool, poor: bool) -> Value {
    let code = COMMUNES[commune % COMMUNES.len()];
    let as_of = NaiveDate::from_ymd_opt(2025, 1, 20).unwrap();
    let birth = as_of - Days::new(age);
    json!({
        "id": format!("a{i}"),
        "commune_code": code,
        "child_birth_date": birth.to_string(),
        "application_date": "2025-01-20",
        "born_in_vietnam": true,
        "child_alive": true,
        "parents": [{"nationality": "VN", "resident_commune_code": code}],
        "documents": if paper { vec!["birth_certificate_paper"] } else { vec![] },
        "distance_km": 3.0,
        "household": {"poor": poor}
    })
}

fn plan(apps: &[Value], capacity: i64) -> Value {
    call_value(
        "birth_home.plan_visits",
        json!({
            "applications": apps, "capacity": capacity, "from": "2025-01-20", "as_of": "2025-01-20T08:00",
            // After QĐ 491's period (01–12/2020) the model runs only where a commune continues it.
            "ruleset": {"birth_home": {"continuation": true}}
        }),
    )
    .unwrap()
}

fn date(v: &Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn the_plan_keeps_its_rules(
        raw in prop::collection::vec((0usize..4, 0u64..70, prop::bool::weighted(0.9), any::<bool>()), 0..40),
        capacity in 0i64..4,
    ) {
        let apps: Vec<Value> = raw
            .iter()
            .enumerate()
            .map(|(i, (c, age, paper, poor))| application(i, *c, *age, *paper, *poor))
            .collect();
        let out = plan(&apps, capacity);
        let cal = Calendar::default_ref().unwrap();
        let visits = out["visits"].as_array().unwrap();
        let unserved = out["unserved"].as_array().unwrap();
        // Every application once, served or not.
        let mut seen: Vec<u64> = visits
            .iter()
            .chain(unserved)
            .map(|v| v["index"].as_u64().unwrap())
            .collect();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..apps.len() as u64).collect::<Vec<_>>());
        let mut per_day = std::collections::BTreeMap::new();
        for v in visits {
            let d = date(&v["date"]);
            prop_assert!(cal.is_working(d, "").unwrap(), "visit on a day off: {d}");
            prop_assert!(d <= date(&v["registration_deadline"]));
            prop_assert!(d >= NaiveDate::from_ymd_opt(2025, 1, 20).unwrap());
            *per_day.entry(d).or_insert(0i64) += 1;
        }
        prop_assert!(per_day.values().all(|k| *k <= capacity));
        // With room for everyone, nobody eligible is left out for lack of capacity.
        let eligible = apps.len() - unserved.iter().filter(|u| u["reason_code"] != "capacity").count();
        let room: i64 = out["days"].as_array().unwrap().len() as i64 * capacity;
        if capacity > 0 && (eligible as i64) <= capacity {
            prop_assert!(unserved.iter().all(|u| u["reason_code"] != "capacity"), "room {room}");
        }
    }

    #[test]
    fn the_same_input_gives_the_same_plan(
        raw in prop::collection::vec((0usize..4, 0u64..62, any::<bool>()), 0..30),
    ) {
        let apps: Vec<Value> = raw
            .iter()
            .enumerate()
            .map(|(i, (c, age, poor))| application(i, *c, *age, true, *poor))
            .collect();
        prop_assert_eq!(plan(&apps, 1), plan(&apps, 1));
    }
}

#[test]
fn capacity_goes_to_the_neediest_and_the_rest_are_told_why() {
    // Born 2024-11-22: limit 2025-01-21. From Monday 20/01/2025, one visit a day, two days left
    // (20 and 21 January): three families, the poor one must be among the two served.
    let apps = [
        application(0, 0, 59, true, false),
        application(1, 0, 59, true, true),
        application(2, 0, 59, true, false),
    ];
    let out = plan(&apps, 1);
    let served: Vec<u64> = out["visits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["index"].as_u64().unwrap())
        .collect();
    assert_eq!(served, vec![1, 0]);
    assert_eq!(out["visits"][0]["date"], "2025-01-20");
    assert_eq!(out["visits"][1]["date"], "2025-01-21");
    assert_eq!(out["unserved"][0]["index"], 2);
    assert_eq!(out["unserved"][0]["reason_code"], "capacity");
}

#[test]
fn a_plan_of_too_many_applications_is_refused_quickly() {
    let apps: Vec<Value> = (0..100_000)
        .map(|i| application(i, 0, 10, true, false))
        .collect();
    let e = call_value(
        "birth_home.plan_visits",
        json!({"applications": apps, "from": "2025-01-20", "as_of": "2025-01-20"}),
    )
    .unwrap_err();
    assert_eq!(e.code.as_str(), "too_many_applications");
}

#[test]
fn the_largest_plan_allowed_is_bounded() {
    // 10,000 applications, the most one plan takes, with 4 visits a day: 4 × the working days
    // up to the last limit are served, the rest are told why.
    let apps: Vec<Value> = (0..10_000)
        .map(|i| application(i, i % 3, (i % 60) as u64, true, i % 7 == 0))
        .collect();
    let out = plan(&apps, 4);
    let days = out["days"].as_array().unwrap().len();
    assert_eq!(out["served"].as_u64().unwrap() as usize, 4 * days);
    assert_eq!(
        out["visits"].as_array().unwrap().len() + out["unserved"].as_array().unwrap().len(),
        10_000
    );
}
