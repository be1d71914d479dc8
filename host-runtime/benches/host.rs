//! Benchmarks through the host: one call and a batch of 10,000 add-working-days through the
//! component (typed WIT records and JSON), beside the same work done natively, with the
//! per-record ratio component/native printed from the same run.
//! Targets: a component batch of 10,000 add-working-days ≤ 3 ms end to end (issue #2); a
//! component batch of 10,000 dossiers through `deadline.compute` ≤ 50 ms (issue #3); 10,000
//! grievance cases through the typed batch (issue #15, no target: measured).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // benchmark code

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use thanthien_core::api::calendar as cal;
use thanthien_host::{
    Host, Limits, default_component_path, wit, wit_calendar, wit_deadline, wit_grievance,
};

fn component() -> PathBuf {
    default_component_path().expect("set THANTHIEN_COMPONENT or run `cargo xtask build` first")
}

/// 10,000 inputs: every start date from 2025-01-01 on, a few working days ahead.
fn starts() -> Vec<(String, i64)> {
    let first = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    (0..10_000u64)
        .map(|i| {
            let d = first.checked_add_days(chrono::Days::new(i % 700)).unwrap();
            (d.format("%Y-%m-%d").to_string(), (i % 10) as i64 + 1)
        })
        .collect()
}

fn typed_inputs() -> Vec<wit::AddWorkingDaysInput> {
    starts()
        .into_iter()
        .map(|(start, days)| wit::AddWorkingDaysInput {
            start,
            days,
            ruleset: None,
            explain: Some(false),
        })
        .collect()
}

fn json_inputs() -> Vec<String> {
    starts()
        .into_iter()
        .map(|(s, d)| format!(r#"{{"start":"{s}","days":{d},"explain":false}}"#))
        .collect()
}

fn native_batch(inputs: &[(String, i64)]) {
    for (start, days) in inputs {
        let input = cal::AddWorkingDaysInput {
            start: start.clone(),
            days: *days,
            ruleset: None,
            explain: Some(false),
        };
        black_box(cal::add_working_days(input).unwrap());
    }
}

fn time_per_iter(f: &mut dyn FnMut(), n: u32) -> Duration {
    f();
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed() / n
}

fn host(c: &mut Criterion) {
    let host = Host::load(&component(), Limits::default()).unwrap();
    let typed = typed_inputs();
    let json = json_inputs();
    let one = r#"{"start":"2025-01-24","days":3}"#;

    c.bench_function("component one call calendar.add_working_days (JSON)", |b| {
        b.iter(|| {
            host.call_json("calendar.add_working_days", black_box(one))
                .unwrap()
        })
    });
    let mut group = c.benchmark_group("batch 10000 add-working-days");
    group.sample_size(10);
    group.bench_function("component typed add-working-days-batch", |b| {
        b.iter(|| {
            host.with_instance(|p, s| {
                p.thanthien_rules_calendar()
                    .call_add_working_days_batch(s, black_box(&typed))
            })
            .unwrap()
            .unwrap()
        })
    });
    group.bench_function("component json call-batch", |b| {
        b.iter(|| {
            host.call_batch_json("calendar.add_working_days", black_box(&json))
                .unwrap()
        })
    });
    let dated: Vec<wit_calendar::DateOffset> = starts()
        .into_iter()
        .map(|(start, days)| {
            let d: chrono::NaiveDate = start.parse().unwrap();
            wit_calendar::DateOffset {
                start: wit_calendar::CivilDate {
                    year: chrono::Datelike::year(&d),
                    month: chrono::Datelike::month(&d) as u8,
                    day: chrono::Datelike::day(&d) as u8,
                },
                days,
            }
        })
        .collect();
    group.bench_function("component typed add-working-days-dates", |b| {
        b.iter(|| {
            host.with_instance(|p, s| {
                p.thanthien_rules_calendar()
                    .call_add_working_days_dates(s, black_box(&dated), None)
            })
            .unwrap()
            .unwrap()
        })
    });
    let native_inputs = starts();
    group.bench_function("native (same inputs, same api)", |b| {
        b.iter(|| native_batch(&native_inputs))
    });
    group.finish();

    // 10,000 dossiers of 10 events each (the native benchmark's dossier, shifted by day).
    let dossiers: Vec<String> = (0..10_000)
        .map(|i| {
            let day = 3 + (i % 20);
            format!(
                r#"{{"dossier": {{"procedure": {{"processing_time": {{"amount": 5, "unit": "working_days"}}, "fees_pause": true}}, "events": [
                {{"type": "received", "at": "2025-03-{day:02}T09:10"}},
                {{"type": "supplement_requested", "at": "2025-03-{day:02}T10:00"}},
                {{"type": "supplement_received", "at": "2025-04-{day:02}T08:30"}},
                {{"type": "paused", "at": "2025-04-{day:02}T10:00", "reason": "fees"}},
                {{"type": "resumed", "at": "2025-04-{day:02}T14:00"}},
                {{"type": "extended", "at": "2025-04-{day:02}T15:00", "new_due_at": "2025-05-{day:02}T16:00", "caused_by": "agency"}},
                {{"type": "paused", "at": "2025-04-{day:02}T15:30", "reason": "fees"}},
                {{"type": "resumed", "at": "2025-04-{day:02}T16:00"}},
                {{"type": "result_ready", "at": "2025-05-{day:02}T15:00"}},
                {{"type": "returned", "at": "2025-05-{day:02}T16:30"}}]}}, "explain": false}}"#
            )
        })
        .collect();
    for d in dossiers.iter().take(3) {
        let a = host.call_json("deadline.compute", d).unwrap();
        assert!(a.contains("\"status\""), "{a}");
    }
    let typed_dossiers: Vec<wit_deadline::ComputeInput> = (0..10_000u32)
        .map(|i| {
            use wit_deadline::{CausedBy, Event, EventKind as K, Moment};
            let day = (3 + i % 20) as u8;
            let m = |month: u8, hour: u8, minute: u8| Moment {
                year: 2025,
                month,
                day,
                hour,
                minute,
                second: 0,
            };
            let e = |kind, at| Event {
                kind,
                at,
                new_due_at: None,
                reason: None,
                caused_by: None,
            };
            let fees = |at| Event {
                reason: Some("fees".to_owned()),
                ..e(K::Paused, at)
            };
            wit_deadline::ComputeInput {
                dossier: wit_deadline::Dossier {
                    procedure_code: None,
                    procedure: Some(wit_deadline::Procedure {
                        processing_time: wit_deadline::ProcessingTime {
                            amount: 5.0,
                            unit: wit_deadline::TimeUnit::WorkingDays,
                        },
                        committed_time: None,
                        supplement: wit_deadline::SupplementMode::Restart,
                        fees_pause: true,
                    }),
                    unit: None,
                    channel: None,
                    events: vec![
                        e(K::Received, m(3, 9, 10)),
                        e(K::SupplementRequested, m(3, 10, 0)),
                        e(K::SupplementReceived, m(4, 8, 30)),
                        fees(m(4, 10, 0)),
                        e(K::Resumed, m(4, 14, 0)),
                        Event {
                            new_due_at: Some(m(5, 16, 0)),
                            caused_by: Some(CausedBy::Agency),
                            ..e(K::Extended, m(4, 15, 0))
                        },
                        fees(m(4, 15, 30)),
                        e(K::Resumed, m(4, 16, 0)),
                        e(K::ResultReady, m(5, 15, 0)),
                        e(K::Returned, m(5, 16, 30)),
                    ],
                },
                as_of: None,
                ruleset: None,
            }
        })
        .collect();
    let typed_answers = host
        .with_instance(|p, s| {
            p.thanthien_rules_deadline()
                .call_compute_batch(s, &typed_dossiers)
        })
        .unwrap()
        .unwrap();
    assert!(typed_answers.iter().all(|a| a.is_ok()));
    let mut group = c.benchmark_group("batch 10000 dossiers deadline.compute");
    group.sample_size(10);
    group.bench_function("component typed compute-batch", |b| {
        b.iter(|| {
            host.with_instance(|p, s| {
                p.thanthien_rules_deadline()
                    .call_compute_batch(s, black_box(&typed_dossiers))
            })
            .unwrap()
            .unwrap()
        })
    });
    group.bench_function("component json call-batch", |b| {
        b.iter(|| {
            host.call_batch_json("deadline.compute", black_box(&dossiers))
                .unwrap()
        })
    });
    group.bench_function("native (same JSON, same api)", |b| {
        b.iter(|| {
            for d in &dossiers {
                black_box(thanthien_core::api::call_json("deadline.compute", d));
            }
        })
    });
    group.finish();

    // Letters (issue #4): select for 10,000 dossiers, render 1,000 HTML letters, JSON batches.
    let letter_dossier = |i: usize| {
        let day = 3 + i % 20;
        match i % 3 {
            0 => format!(
                r#"{{"procedure_code":"ho_tich.khai_sinh","id":"H59-{i:05}","unit":"29461","events":[{{"type":"received","at":"2025-03-{day:02}T09:00"}},{{"type":"returned","at":"2025-03-{day:02}T10:30"}}]}}"#
            ),
            1 => format!(
                r#"{{"procedure_code":"ho_tich.nhan_cha_me_con","id":"H59-{i:05}","unit":"29461","events":[{{"type":"received","at":"2025-03-{day:02}T08:00"}},{{"type":"extended","at":"2025-03-{day:02}T15:00","new_due_at":"2025-04-10T16:00","reason":"Chờ xác minh","caused_by":"agency"}},{{"type":"result_ready","at":"2025-04-09T10:00"}},{{"type":"returned","at":"2025-04-10T09:00"}}]}}"#
            ),
            _ => format!(
                r#"{{"procedure_code":"ho_tich.khai_tu","id":"H59-{i:05}","unit":"29461","events":[{{"type":"received","at":"2025-03-{day:02}T09:00"}},{{"type":"returned","at":"2025-03-{day:02}T10:00"}}]}}"#
            ),
        }
    };
    let selects: Vec<String> = (0..10_000)
        .map(|i| format!(r#"{{"dossier":{}}}"#, letter_dossier(i)))
        .collect();
    let kinds = ["thank_you", "apology", "condolence"];
    let renders: Vec<String> = (0..1_000)
        .map(|i| {
            format!(
                r#"{{"letter":{{"kind":"{}","number":{},"date":"2025-04-11"}},"unit":{{"code":"29461","signer_name":"Nguyễn Văn An","signer_title":"CHỦ TỊCH","signer_prefix":"TM. ỦY BAN NHÂN DÂN"}},"citizen":{{"name":"Thạch Thị Sa Rươne"}},"dossier":{},"format":"html"}}"#,
                kinds[i % 3],
                i % 99 + 1,
                letter_dossier(i)
            )
        })
        .collect();
    let rendered = host
        .call_batch_json("letters.render", &renders[..3])
        .unwrap();
    assert!(
        rendered.iter().all(|r| r.contains("\"content\"")),
        "{rendered:?}"
    );
    let mut group = c.benchmark_group("letters through the component (JSON call-batch)");
    group.sample_size(10);
    group.bench_function("letters.select, 10,000 dossiers", |b| {
        b.iter(|| {
            host.call_batch_json("letters.select", black_box(&selects))
                .unwrap()
        })
    });
    group.bench_function("letters.render, 1,000 HTML letters", |b| {
        b.iter(|| {
            host.call_batch_json("letters.render", black_box(&renders))
                .unwrap()
        })
    });
    group.finish();

    // The home birth-registration model through the component (issue #5).
    let application = |i: usize| {
        let code = ["29461", "29462", "29467", "29473", "29479"][i % 5];
        let day = 1 + i % 31;
        format!(
            r#"{{"id":"KS-{i:05}","commune_code":"{code}","child_birth_date":"2024-12-{day:02}","application_date":"2025-01-20T08:30","born_in_vietnam":true,"child_alive":true,"parents":[{{"nationality":"VN","resident_commune_code":"{code}"}}],"documents":["birth_certificate_paper"],"distance_km":{},"household":{{"poor":{}}}}}"#,
            i % 14,
            i.is_multiple_of(5)
        )
    };
    let assess = format!(r#"{{"application":{}}}"#, application(7));
    let apps: Vec<String> = (0..1_000).map(application).collect();
    let plan = format!(
        r#"{{"applications":[{}],"capacity":4,"from":"2025-01-20","as_of":"2025-01-20T08:00"}}"#,
        apps.join(",")
    );
    let planned = host.call_json("birth_home.plan_visits", &plan).unwrap();
    assert!(planned.contains("\"visits\""), "{planned}");
    let mut group = c.benchmark_group("birth_home through the component (JSON)");
    group.sample_size(20);
    group.bench_function("birth_home.assess, one call", |b| {
        b.iter(|| {
            host.call_json("birth_home.assess", black_box(&assess))
                .unwrap()
        })
    });
    group.bench_function("birth_home.plan_visits, 1,000 applications", |b| {
        b.iter(|| {
            host.call_json("birth_home.plan_visits", black_box(&plan))
                .unwrap()
        })
    });
    group.finish();

    grievances(c, &host);

    let comp = time_per_iter(
        &mut || {
            host.with_instance(|p, s| {
                p.thanthien_rules_calendar()
                    .call_add_working_days_batch(s, &typed)
            })
            .unwrap()
            .unwrap();
        },
        10,
    );
    let native = time_per_iter(&mut || native_batch(&native_inputs), 10);
    println!(
        "ratio component/native per record (typed batch of 10,000): {:.1} ({:?} vs {:?} per batch)",
        comp.as_secs_f64() / native.as_secs_f64(),
        comp,
        native
    );
}

/// 10,000 grievance cases (issue #15): complaints, denunciations (with an extension) and
/// petitions received through 2025, through the typed `grievance` batch and the JSON batch.
fn grievances(c: &mut Criterion, host: &Host) {
    use wit_calendar::CivilDate;
    use wit_grievance::{Complexity, ComputeInput, Event, EventKind as K, GrievanceCase, Kind};
    let first = chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap();
    let date = |d: chrono::NaiveDate| {
        use chrono::Datelike;
        CivilDate {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
        }
    };
    let cases: Vec<(Kind, chrono::NaiveDate)> = (0..10_000u64)
        .map(|i| {
            let kind = [Kind::Complaint, Kind::Denunciation, Kind::Petition][(i % 3) as usize];
            (kind, first + chrono::Days::new(i % 330))
        })
        .collect();
    let typed: Vec<ComputeInput> = cases
        .iter()
        .map(|(kind, d)| {
            let e = |kind, after: u64, days| Event {
                kind,
                at: date(*d + chrono::Days::new(after)),
                days,
                note: None,
            };
            let mut events = vec![e(K::Received, 0, None), e(K::Accepted, 5, None)];
            if *kind == Kind::Denunciation {
                events.push(e(K::Extended, 20, Some(30)));
            }
            events.push(e(K::Decided, 40, None));
            events.push(e(K::DecisionSent, 43, None));
            ComputeInput {
                case: GrievanceCase {
                    id: None,
                    kind: *kind,
                    instance: None,
                    remote_area: false,
                    complexity: if *kind == Kind::Denunciation {
                        Complexity::Complex
                    } else {
                        Complexity::Normal
                    },
                    several_places: false,
                    decision_known_on: (*kind == Kind::Complaint)
                        .then(|| date(*d - chrono::Days::new(20))),
                    first_result_on: None,
                    obstacle_days: 0,
                    events,
                },
                as_of: None,
                ruleset: None,
            }
        })
        .collect();
    let json: Vec<String> = typed
        .iter()
        .map(|i| {
            let t = |d: &CivilDate| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
            let events: Vec<String> = i
                .case
                .events
                .iter()
                .map(|e| {
                    let kind = match e.kind {
                        K::Received => "received",
                        K::Accepted => "accepted",
                        K::Extended => "extended",
                        K::Decided => "decided",
                        _ => "decision_sent",
                    };
                    let days = e
                        .days
                        .map(|d| format!(r#","days":{d}"#))
                        .unwrap_or_default();
                    format!(r#"{{"type":"{kind}","at":"{}"{days}}}"#, t(&e.at))
                })
                .collect();
            let (kind, extra) = match i.case.kind {
                Kind::Complaint => (
                    "complaint",
                    format!(
                        r#","decision_known_on":"{}""#,
                        t(i.case.decision_known_on.as_ref().unwrap())
                    ),
                ),
                Kind::Denunciation => ("denunciation", r#","complexity":"complex""#.to_owned()),
                Kind::Petition => ("petition", String::new()),
            };
            format!(
                r#"{{"case":{{"kind":"{kind}"{extra},"events":[{}]}}}}"#,
                events.join(",")
            )
        })
        .collect();
    let answers = host
        .with_instance(|p, s| p.thanthien_rules_grievance().call_compute_batch(s, &typed))
        .unwrap()
        .unwrap();
    assert!(
        answers.iter().all(|a| a.is_ok()),
        "{:?}",
        answers.iter().find(|a| a.is_err())
    );
    let json_answers = host.call_batch_json("grievance.compute", &json).unwrap();
    assert!(json_answers.iter().all(|a| a.contains("\"status\"")));
    let mut group = c.benchmark_group("batch 10000 cases grievance.compute");
    group.sample_size(10);
    group.bench_function("component typed compute-batch", |b| {
        b.iter(|| {
            host.with_instance(|p, s| {
                p.thanthien_rules_grievance()
                    .call_compute_batch(s, black_box(&typed))
            })
            .unwrap()
            .unwrap()
        })
    });
    group.bench_function("component json call-batch", |b| {
        b.iter(|| {
            host.call_batch_json("grievance.compute", black_box(&json))
                .unwrap()
        })
    });
    group.bench_function("native (same JSON, same api)", |b| {
        b.iter(|| {
            for j in &json {
                black_box(thanthien_core::api::call_json("grievance.compute", j));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, host);
criterion_main!(benches);
