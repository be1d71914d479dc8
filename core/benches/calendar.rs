//! Native benchmarks of the calendar (criterion). Targets (issue #2): add-working-days ≤ 100 ns.
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark code

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use thanthien_core::api;
use thanthien_core::calendar::Calendar;
use thanthien_core::calendar::lunar::{jdn_from_ymd, solar_to_lunar_jdn};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn calendar(c: &mut Criterion) {
    let cal = Calendar::default_ref().unwrap();
    // Build the year tables once, as a long-running host would have them.
    cal.working_days_between(date(1995, 1, 1), date(2199, 12, 31), "")
        .unwrap();
    let start = date(2025, 1, 24);
    c.bench_function("native add_working_days +3 across Tết 2025", |b| {
        b.iter(|| {
            cal.add_working_days(black_box(start), black_box(3), "")
                .unwrap()
        })
    });
    c.bench_function("native add_working_days +250 (across a year end)", |b| {
        b.iter(|| {
            cal.add_working_days(black_box(date(2025, 6, 2)), black_box(250), "")
                .unwrap()
        })
    });
    c.bench_function("native working_days_between one year", |b| {
        b.iter(|| {
            cal.working_days_between(
                black_box(date(2025, 1, 1)),
                black_box(date(2025, 12, 31)),
                "",
            )
            .unwrap()
        })
    });
    c.bench_function("native is_working (calendar.day core)", |b| {
        b.iter(|| cal.day(black_box(date(2025, 1, 29)), "").unwrap())
    });
    let j = jdn_from_ymd(2025, 1, 29);
    c.bench_function("native solar_to_lunar", |b| {
        b.iter(|| solar_to_lunar_jdn(black_box(j), 2025).unwrap())
    });
    c.bench_function("api calendar.day (JSON text in and out)", |b| {
        b.iter(|| api::call_json("calendar.day", black_box(r#"{"date":"2025-01-29"}"#)))
    });
    c.bench_function("api calendar.add_working_days explain=false (JSON)", |b| {
        b.iter(|| {
            api::call_json(
                "calendar.add_working_days",
                black_box(r#"{"start":"2025-01-24","days":3,"explain":false}"#),
            )
        })
    });
    c.bench_function("api calendar.working_days_between (JSON)", |b| {
        b.iter(|| {
            api::call_json(
                "calendar.working_days_between",
                black_box(r#"{"from":"2025-01-01","to":"2025-12-31"}"#),
            )
        })
    });
    c.bench_function("api calendar.next_working_day (JSON)", |b| {
        b.iter(|| {
            api::call_json(
                "calendar.next_working_day",
                black_box(r#"{"date":"2025-01-25"}"#),
            )
        })
    });
    c.bench_function(
        "api batch of 1,000 calendar.add_working_days (lean, JSON)",
        |b| {
            let lines: Vec<String> = (0..1000)
                .map(|i| {
                    format!(
                        r#"{{"start":"2025-01-{:02}","days":{}}}"#,
                        i % 28 + 1,
                        i % 30
                    )
                })
                .collect();
            b.iter(|| api::call_batch("calendar.add_working_days", black_box(&lines)))
        },
    );
}

criterion_group!(benches, calendar);
criterion_main!(benches);
