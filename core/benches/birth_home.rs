//! Native benchmarks of the home birth-registration model (criterion, issue #5):
//! `birth_home.assess` on one application, and `birth_home.plan_visits` over 1,000 applications
//! whose 60-day limits spread over the whole period (Tết 2025 inside it).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)] // benchmark code

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use thanthien_core::api::{self, birth_home::AssessInput};

const COMMUNES: [&str; 5] = ["29461", "29462", "29467", "29473", "29479"];

/// The i-th application: births spread over the 60 days before 20/01/2025.
pub fn application(i: usize) -> Value {
    let code = COMMUNES[i % COMMUNES.len()];
    let birth =
        chrono::NaiveDate::from_ymd_opt(2025, 1, 20).unwrap() - chrono::Days::new((i % 60) as u64);
    json!({
        "id": format!("KS-{i:05}"),
        "commune_code": code,
        "child_birth_date": birth.to_string(),
        "application_date": "2025-01-20T08:30",
        "born_in_vietnam": true,
        "child_alive": true,
        "parents": [{"nationality": "VN", "resident_commune_code": code}],
        "documents": ["birth_certificate_paper"],
        "distance_km": (i % 14) as f64 + 0.5,
        "household": {"poor": i.is_multiple_of(5), "ethnic_minority": i.is_multiple_of(3), "remote_hamlet": i.is_multiple_of(7)}
    })
}

fn birth_home(c: &mut Criterion) {
    let one = json!({"application": application(7)});
    let typed: AssessInput = serde_json::from_value(one.clone()).unwrap();
    assert!(api::birth_home::assess(typed.clone()).unwrap().eligible);
    c.bench_function("birth_home.assess (typed)", |b| {
        b.iter(|| api::birth_home::assess(black_box(typed.clone())).unwrap())
    });
    let text = one.to_string();
    c.bench_function("birth_home.assess (JSON text in and out)", |b| {
        b.iter(|| api::call_json("birth_home.assess", black_box(&text)))
    });

    let plan = json!({
        "applications": (0..1_000).map(application).collect::<Vec<_>>(),
        "capacity": 4,
        "from": "2025-01-20",
        "as_of": "2025-01-20T08:00"
    });
    let out = api::call_value("birth_home.plan_visits", plan.clone()).unwrap();
    assert!(out["days"].as_array().unwrap().len() >= 35);
    let mut group = c.benchmark_group("birth_home.plan_visits");
    group.sample_size(20);
    group.bench_function("1,000 applications over the 60-day period", |b| {
        b.iter(|| api::call_value("birth_home.plan_visits", black_box(plan.clone())).unwrap())
    });
    group.finish();
}

criterion_group!(benches, birth_home);
criterion_main!(benches);
