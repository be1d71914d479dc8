//! The conformance corpus through the component, loaded by the host library under wasmtime;
//! plus the host's promises: batches keep order and length, limits become error answers and the
//! next call works, the typed WIT interface agrees with the JSON one.
use thanthien_conformance::{check_all, load};
use thanthien_host::{Host, Limits};

#[path = "../support/component.rs"]
mod support;
use support::component;

#[test]
fn corpus_component() {
    let Some(path) = component() else { return };
    let host = Host::load(&path, Limits::default()).unwrap();
    assert_eq!(host.package(), "thanthien:rules@0.1.3");
    let (n, failures) = check_all(|op, input| host.call_json(op, input).unwrap());
    assert!(n >= 70);
    assert!(
        failures.is_empty(),
        "{} of {n} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn batch_keeps_order_and_length() {
    let Some(path) = component() else { return };
    let limits = Limits {
        unmetered: true,
        ..Limits::default()
    };
    let host = Host::load(&path, limits).unwrap();
    assert!(
        host.has_unmetered(),
        "the unmetered form of {}",
        path.display()
    );
    let cases = load();
    for op in [
        "calendar.day",
        "calendar.add_working_days",
        "deadline.compute",
        "deadline.check",
        "deadline.preview",
    ] {
        let mut inputs: Vec<String> = cases
            .iter()
            .filter(|c| c.operation == op)
            .map(|c| c.input_text.clone())
            .collect();
        // A broken line in the middle is answered on its own line; the others are untouched.
        let middle = inputs.len() / 2;
        inputs.insert(middle, r#"{"dossier": {"events": [}"#.to_owned());
        let answers = host.call_batch_json(op, &inputs).unwrap();
        assert_eq!(answers.len(), inputs.len());
        assert!(
            answers[middle].contains("\"malformed_json\""),
            "{}",
            answers[middle]
        );
        let lines = host
            .call_lines_json(op, &inputs.join("\n"), inputs.len())
            .unwrap();
        assert_eq!(
            lines,
            answers.join("\n"),
            "{op}: call-lines and call-batch differ"
        );
        let unmetered = host
            .call_lines_unmetered(op, &inputs.join("\n"), inputs.len())
            .unwrap();
        assert_eq!(
            unmetered.as_ref(),
            Some(&lines),
            "{op}: the unmetered form differs"
        );
        let native = thanthien_core::api::call_batch(op, &inputs);
        for ((i, a), n) in inputs.iter().zip(&answers).zip(native) {
            assert_eq!(*a, thanthien_core::api::answer_text(n), "{i}");
            // The operations with a lean batch form are held to it by the core's tests.
            if !["calendar.add_working_days", "deadline.compute"].contains(&op) {
                assert_eq!(*a, host.call_json(op, i).unwrap(), "{i}");
            }
        }
    }
}

/// A batch answers `calendar.add_working_days` in the lean form (no skipped-day list unless a
/// record asks), a single call in full; both give the same date and count. Tết 2025: from Friday
/// 24/01, three working days land on Wednesday 05/02 past the nine days off 25/01–02/02 (Saturday
/// to Sunday, the 2025 schedule in `shared/data`).
#[test]
fn batches_answer_add_working_days_lean() {
    let Some(path) = component() else { return };
    let host = Host::load(&path, Limits::default()).unwrap();
    let inputs = [
        r#"{"start":"2025-01-24","days":3}"#.to_owned(),
        r#"{"start":"2025-01-24","days":3,"explain":true}"#.to_owned(),
    ];
    let batch = host
        .call_batch_json("calendar.add_working_days", &inputs)
        .unwrap();
    let single = host
        .call_json("calendar.add_working_days", &inputs[0])
        .unwrap();
    let [lean, asked, full]: [serde_json::Value; 3] =
        [&batch[0], &batch[1], &single].map(|t| serde_json::from_str(t).unwrap());
    assert!(
        batch[0].len() <= 300,
        "{} bytes: {}",
        batch[0].len(),
        batch[0]
    );
    assert_eq!(lean["date"], "2025-02-05");
    assert_eq!(lean["skipped_count"], 9);
    assert_eq!(lean["skipped"], serde_json::json!([]));
    assert_eq!(lean["skipped_count"], full["skipped_count"]);
    assert_eq!(full["skipped"].as_array().unwrap().len(), 9);
    assert_eq!(asked, full);
}

/// A host on the component with a fuel budget per call (`None` when no component is built).
fn fuel_host(fuel: u64) -> Option<Host> {
    let path = component()?;
    let limits = Limits {
        fuel: Some(fuel),
        ..Limits::default()
    };
    Some(Host::load(&path, limits).unwrap())
}

#[test]
fn fuel_exhaustion_is_an_error_answer_and_the_next_call_works() {
    let Some(host) = fuel_host(1_000_000) else {
        return;
    };
    // A ruleset's own calendar builds its year tables in the call: 205 years exceed 1 M fuel.
    let heavy_input = r#"{"from":"1995-01-01","to":"2199-12-31","ruleset":{"version":"x"}}"#;
    let heavy = host
        .call_json("calendar.working_days_between", heavy_input)
        .unwrap();
    assert!(heavy.contains(r#""code":"resource_limit""#), "{heavy}");
    // The instance the trap discarded is replaced by one warmed up outside the budget: a call
    // that fits warm (a plain day, ~50 k fuel) fits on the new instance too.
    let light = host
        .call_json("calendar.day", r#"{"date":"2025-01-29"}"#)
        .unwrap();
    assert!(light.contains(r#""kind":"holiday""#), "{light}");
    // In a batch, the heavy record fails alone; its neighbours are answered.
    let batch = host
        .call_batch_json(
            "calendar.working_days_between",
            &[
                r#"{"from":"2025-01-01","to":"2025-12-31"}"#.to_owned(),
                heavy_input.to_owned(),
            ],
        )
        .unwrap();
    assert!(batch[0].contains(r#""days":250"#), "{}", batch[0]);
    assert!(batch[1].contains("resource_limit"), "{}", batch[1]);
}

/// Under fuel a call's cost does not depend on the calls before it: the data built from a
/// ruleset is not kept (`keep-rulesets` off), so the year tables earlier calls built under the
/// same ruleset are built again. Kept, the last call would only count days (< 200 k fuel) and fit.
#[test]
fn under_fuel_a_rulesets_data_is_built_for_each_call() {
    let Some(host) = fuel_host(1_000_000) else {
        return;
    };
    let ruleset = r#""ruleset":{"version":"fuel-history"}"#;
    for year in 1995..=2060 {
        let input = format!(r#"{{"from":"{year}-01-01","to":"{year}-12-31",{ruleset}}}"#);
        let answer = host
            .call_json("calendar.working_days_between", &input)
            .unwrap();
        assert!(answer.contains(r#""days":"#), "{year}: {answer}");
    }
    let all = format!(r#"{{"from":"1995-01-01","to":"2060-12-31",{ruleset}}}"#);
    let answer = host
        .call_json("calendar.working_days_between", &all)
        .unwrap();
    assert!(answer.contains(r#""code":"resource_limit""#), "{answer}");
    let plain = r#"{"from":"1995-01-01","to":"2060-12-31"}"#;
    let answer = host
        .call_json("calendar.working_days_between", plain)
        .unwrap();
    assert!(answer.contains(r#""days":16796"#), "{answer}");
}

#[test]
fn memory_cap_is_an_error_answer_and_the_next_call_works() {
    let Some(path) = component() else { return };
    let host = Host::load(
        &path,
        Limits {
            memory_bytes: 5 << 20,
            ..Limits::default()
        },
    )
    .unwrap();
    let huge = format!(
        r#"{{"date":"2025-01-29","padding":"{}"}}"#,
        "x".repeat(5 << 20)
    );
    let answer = host.call_json("calendar.day", &huge).unwrap();
    assert!(answer.contains(r#""code":"resource_limit""#), "{answer}");
    assert!(answer.contains("memory"), "{answer}");
    // A batch too big for the cap as a whole is retried record by record: nothing is lost.
    let big = format!(
        r#"{{"date":"2025-01-29","padding":"{}"}}"#,
        "x".repeat(900_000)
    );
    let answers = host.call_batch_json("calendar.day", &vec![big; 8]).unwrap();
    assert_eq!(answers.len(), 8);
    assert!(
        answers
            .iter()
            .all(|a| a.contains(r#""code":"unknown_field""#)),
        "{}",
        answers[0].chars().take(200).collect::<String>()
    );
    // The instance the trap discarded is replaced by one warmed up outside the budget: a call
    // that fits warm (a plain day, ~50 k fuel) fits on the new instance too.
    let light = host
        .call_json("calendar.day", r#"{"date":"2025-01-29"}"#)
        .unwrap();
    assert!(light.contains(r#""kind":"holiday""#), "{light}");
}

#[test]
fn typed_interface_agrees_with_json() {
    let Some(path) = component() else { return };
    let host = Host::load(&path, Limits::default()).unwrap();
    let typed = host
        .with_instance(|p, s| {
            p.thanthien_rules_calendar().call_add_working_days(
                s,
                &thanthien_host::wit::AddWorkingDaysInput {
                    start: "2025-01-24".into(),
                    days: 3,
                    ruleset: None,
                    explain: None,
                },
            )
        })
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(typed.date, "2025-02-05");
    assert_eq!(typed.skipped_count, 9);
    assert_eq!(typed.skipped[2].kind, thanthien_host::wit::DayKind::Holiday);
    let lunar = host
        .with_instance(|p, s| {
            p.thanthien_rules_calendar().call_lunar_to_solar_batch(
                s,
                &[
                    thanthien_host::wit::LunarToSolarInput {
                        year: 2033,
                        month: 11,
                        day: 1,
                        leap: true,
                        ruleset: None,
                    },
                    thanthien_host::wit::LunarToSolarInput {
                        year: 2025,
                        month: 11,
                        day: 1,
                        leap: true,
                        ruleset: None,
                    },
                ],
            )
        })
        .unwrap()
        .unwrap();
    assert_eq!(lunar[0].as_ref().unwrap().date, "2033-12-22");
    assert_eq!(lunar[1].as_ref().unwrap_err().code, "invalid_leap_month");
    let day = host
        .with_instance(|p, s| {
            p.thanthien_rules_calendar().call_day(
                s,
                &thanthien_host::wit::DayInput {
                    date: "2025-11-26".into(),
                    ruleset: Some(r#"{"days_off":[{"date":"2025-11-26"}]}"#.into()),
                },
            )
        })
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(!day.working_day);
    assert_eq!(day.kind, thanthien_host::wit::DayKind::DayOff);
    let bad = host
        .with_instance(|p, s| {
            p.thanthien_rules_calendar().call_day(
                s,
                &thanthien_host::wit::DayInput {
                    date: "2025-11-26".into(),
                    ruleset: Some("{oops".into()),
                },
            )
        })
        .unwrap()
        .unwrap()
        .unwrap_err();
    assert_eq!(
        (bad.code.as_str(), bad.path.as_str()),
        ("malformed_json", "ruleset")
    );
}

#[test]
fn dates_as_records_agree_with_the_json_answers() {
    use thanthien_host::wit_calendar::{CivilDate, DateOffset};
    let Some(path) = component() else { return };
    let host = Host::load(&path, Limits::default()).unwrap();
    let date = |year, month, day| CivilDate { year, month, day };
    let inputs = [
        // Friday before Tết 2025 + 3: Wednesday 05/02, nine days skipped (hand-worked in the corpus).
        DateOffset {
            start: date(2025, 1, 24),
            days: 3,
        },
        DateOffset {
            start: date(2025, 2, 5),
            days: -3,
        },
        DateOffset {
            start: date(2026, 11, 26),
            days: 0,
        },
        DateOffset {
            start: date(2025, 2, 30),
            days: 1,
        },
        DateOffset {
            start: date(2025, 1, 2),
            days: 100_001,
        },
        DateOffset {
            start: date(1800, 1, 2),
            days: 1,
        },
    ];
    let out = host
        .with_instance(|p, s| {
            p.thanthien_rules_calendar()
                .call_add_working_days_dates(s, &inputs, None)
        })
        .unwrap()
        .unwrap();
    assert_eq!(out.results.len(), inputs.len());
    assert!(out.ruleset_version.starts_with("thanthien-default"));
    for (i, r) in inputs.iter().zip(&out.results).take(3) {
        let json = host
            .call_json(
                "calendar.add_working_days",
                &format!(
                    r#"{{"start":"{}-{:02}-{:02}","days":{},"explain":false}}"#,
                    i.start.year, i.start.month, i.start.day, i.days
                ),
            )
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let r = r.as_ref().unwrap();
        assert_eq!(
            v["date"].as_str().unwrap(),
            format!("{}-{:02}-{:02}", r.date.year, r.date.month, r.date.day)
        );
        assert_eq!(v["skipped_count"].as_u64().unwrap(), r.skipped_count);
        assert_eq!(v["provisional"].as_bool().unwrap(), r.provisional);
    }
    let first = out.results[0].as_ref().unwrap();
    assert_eq!(
        (first.date.month, first.date.day, first.skipped_count),
        (2, 5, 9)
    );
    let codes: Vec<&str> = out.results[3..]
        .iter()
        .map(|r| r.as_ref().unwrap_err().code.as_str())
        .collect();
    assert_eq!(
        codes,
        ["invalid_date", "days_out_of_range", "year_out_of_range"]
    );
    // One ruleset for the batch; a broken one answers every record with its error.
    let off = host
        .with_instance(|p, s| {
            p.thanthien_rules_calendar().call_add_working_days_dates(
                s,
                &inputs[2..3],
                Some(r#"{"days_off":[{"date":"2026-11-27"}]}"#),
            )
        })
        .unwrap()
        .unwrap();
    assert_eq!(off.results[0].as_ref().unwrap().date.day, 26);
    let broken = host
        .with_instance(|p, s| {
            p.thanthien_rules_calendar()
                .call_add_working_days_dates(s, &inputs[..2], Some("{oops"))
        })
        .unwrap()
        .unwrap();
    assert!(
        broken
            .results
            .iter()
            .all(|r| r.as_ref().unwrap_err().code == "malformed_json")
    );
}

#[test]
fn typed_lunar_next_day_and_hours() {
    use thanthien_host::wit::{HoursBetweenInput, NextWorkingDayInput, SolarToLunarInput};
    let Some(path) = component() else { return };
    let host = Host::load(&path, Limits::default()).unwrap();
    let (lunar, next, hours) = host
        .with_instance(|p, s| {
            let c = p.thanthien_rules_calendar();
            let lunar = c.call_solar_to_lunar_batch(
                &mut *s,
                &[
                    SolarToLunarInput {
                        date: "1944-06-20".into(),
                        ruleset: None,
                    },
                    SolarToLunarInput {
                        date: "2025-02-29".into(),
                        ruleset: None,
                    },
                ],
            )?;
            let next = c.call_next_working_day(
                &mut *s,
                &NextWorkingDayInput {
                    date: "2025-01-29".into(),
                    inclusive: None,
                    ruleset: None,
                },
            )?;
            let hours = c.call_working_hours_between(
                s,
                &HoursBetweenInput {
                    from: "2025-01-24T16:50".into(),
                    to: "2025-02-03T16:50".into(),
                    unit: None,
                    ruleset: None,
                },
            )?;
            Ok((lunar, next, hours))
        })
        .unwrap()
        .unwrap();
    let l = lunar[0].as_ref().unwrap();
    assert_eq!((l.year, l.month, l.day, l.leap), (1944, 5, 1, false));
    assert_eq!(lunar[1].as_ref().unwrap_err().code, "invalid_date");
    assert_eq!(next.unwrap().date, "2025-02-03");
    assert_eq!(hours.unwrap().seconds, 8 * 3600);
}

/// A host on the component whose calls may take 20 ms (`None` when no component is built).
fn time_limited_host() -> Option<Host> {
    let path = component()?;
    let limits = Limits {
        time_limit: std::time::Duration::from_millis(20),
        ..Limits::default()
    };
    Some(Host::load(&path, limits).unwrap())
}

/// `working_days_between` records that each build a whole new calendar 1995–2199 (their
/// rulesets force one): twenty of them together take far beyond 20 ms.
fn heavy_records() -> Vec<String> {
    (0..20)
        .map(|i| {
            format!(r#"{{"from":"1995-01-01","to":"2199-12-31","ruleset":{{"version":"v{i}"}}}}"#)
        })
        .collect()
}

#[test]
fn time_limit_is_an_error_answer_and_the_next_call_works() {
    let Some(host) = time_limited_host() else {
        return;
    };
    let heavy = heavy_records();
    let started = std::time::Instant::now();
    let r = host
        .with_instance(|p, s| {
            p.thanthien_rules_json()
                .call_call_batch(s, "calendar.working_days_between", &heavy)
        })
        .unwrap();
    let failure = r.expect_err("the batch must be interrupted");
    assert!(
        matches!(failure, thanthien_host::CallFailure::Time),
        "{failure:?}"
    );
    assert!(failure.to_error().message_en.contains("time limit"));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let light = host
        .call_json(
            "calendar.lunar_to_solar",
            r#"{"year":2033,"month":11,"day":1,"leap":true}"#,
        )
        .unwrap();
    assert!(light.contains(r#""date":"2033-12-22""#), "{light}");
}

/// A chunk of lines that runs out of time as a whole is answered record by record: every line
/// gets its answer, the light ones in full, none lost.
#[test]
fn lines_past_the_time_limit_are_answered_one_by_one() {
    let Some(host) = time_limited_host() else {
        return;
    };
    let light = r#"{"from":"2025-01-24","to":"2025-02-05"}"#.to_owned();
    let mut inputs = heavy_records();
    inputs.insert(0, light.clone());
    inputs.push(light);
    let text = host
        .call_lines_json(
            "calendar.working_days_between",
            &inputs.join("\n"),
            inputs.len(),
        )
        .unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    assert_eq!(lines.len(), inputs.len());
    for line in [lines[0], lines[21]] {
        // 24/01 to 05/02/2025: 3 working days past the Tết days off 25/01–02/02.
        assert!(line.starts_with(r#"{"days":3,"#), "{line}");
    }
}

/// A corpus dossier (JSON) as the typed WIT records, for the cases the typed interface takes.
fn typed_dossier(input: &serde_json::Value) -> Option<thanthien_host::wit_deadline::ComputeInput> {
    use thanthien_host::wit_deadline as w;
    let moment = |v: &serde_json::Value| -> Option<w::Moment> {
        let s = v.as_str()?;
        // Years outside the engine's range too: the typed interface must refuse them as well.
        let t = thanthien_core::time::parse_datetime(s, "")
            .ok()
            .or_else(|| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").ok())?;
        use chrono::{Datelike, Timelike};
        Some(w::Moment {
            year: t.year(),
            month: t.month() as u8,
            day: t.day() as u8,
            hour: t.hour() as u8,
            minute: t.minute() as u8,
            second: t.second() as u8,
        })
    };
    let unit = |v: &serde_json::Value| match v.as_str()? {
        "working_days" => Some(w::TimeUnit::WorkingDays),
        "working_hours" => Some(w::TimeUnit::WorkingHours),
        "calendar_days" => Some(w::TimeUnit::CalendarDays),
        "same_day" => Some(w::TimeUnit::SameDay),
        _ => None,
    };
    let time = |v: &serde_json::Value| -> Option<w::ProcessingTime> {
        Some(w::ProcessingTime {
            amount: v["amount"].as_f64()?,
            unit: unit(&v["unit"])?,
        })
    };
    let d = &input["dossier"];
    let procedure = match d.get("procedure") {
        None => None,
        Some(p) => Some(w::Procedure {
            processing_time: time(&p["processing_time"])?,
            committed_time: p.get("committed_time").and_then(time),
            supplement: if p["supplement"] == "pause" {
                w::SupplementMode::Pause
            } else {
                w::SupplementMode::Restart
            },
            fees_pause: p["fees_pause"].as_bool().unwrap_or(false),
        }),
    };
    let mut events = Vec::new();
    for e in d["events"].as_array()? {
        events.push(w::Event {
            kind: match e["type"].as_str()? {
                "received" => w::EventKind::Received,
                "supplement_requested" => w::EventKind::SupplementRequested,
                "supplement_received" => w::EventKind::SupplementReceived,
                "paused" => w::EventKind::Paused,
                "resumed" => w::EventKind::Resumed,
                "extended" => w::EventKind::Extended,
                "result_ready" => w::EventKind::ResultReady,
                "returned" => w::EventKind::Returned,
                "refused" => w::EventKind::Refused,
                "withdrawn" => w::EventKind::Withdrawn,
                _ => return None,
            },
            at: moment(&e["at"])?,
            new_due_at: e.get("new_due_at").and_then(moment),
            reason: e["reason"].as_str().map(str::to_owned),
            caused_by: match e["caused_by"].as_str() {
                Some("agency") => Some(w::CausedBy::Agency),
                Some("citizen") => Some(w::CausedBy::Citizen),
                Some("force_majeure") => Some(w::CausedBy::ForceMajeure),
                _ => None,
            },
        });
    }
    Some(w::ComputeInput {
        dossier: w::Dossier {
            procedure_code: d["procedure_code"].as_str().map(str::to_owned),
            procedure,
            unit: d["unit"].as_str().map(str::to_owned),
            channel: None,
            events,
        },
        as_of: input.get("as_of").and_then(moment),
        ruleset: input.get("ruleset").map(|r| r.to_string()),
    })
}

#[test]
fn typed_deadline_agrees_with_json() {
    let Some(path) = component() else { return };
    let host = Host::load(&path, Limits::default()).unwrap();
    let fmt = |m: &thanthien_host::wit_deadline::Moment| {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            m.year, m.month, m.day, m.hour, m.minute
        )
    };
    let cases: Vec<_> = load()
        .into_iter()
        .filter(|c| c.operation == "deadline.compute")
        .collect();
    let mut compared = 0;
    let mut inputs = Vec::new();
    let mut wanted = Vec::new();
    for case in &cases {
        let input: serde_json::Value = serde_json::from_str(&case.input_text).unwrap();
        let Some(typed) = typed_dossier(&input) else {
            continue;
        };
        inputs.push(typed);
        wanted.push(case.expected.clone().unwrap());
    }
    let answers = host
        .with_instance(|p, s| p.thanthien_rules_deadline().call_compute_batch(s, &inputs))
        .unwrap()
        .unwrap();
    assert_eq!(answers.len(), inputs.len());
    for (got, want) in answers.iter().zip(&wanted) {
        match (got, want.get("error")) {
            (Ok(o), None) => {
                assert_eq!(fmt(&o.due_at), want["due_at"], "{want}");
                assert_eq!(fmt(&o.appointment_at), want["appointment_at"]);
                assert_eq!(fmt(&o.apology_due_by), want["apology_due_by"]);
                assert_eq!(o.score.map(u64::from), want["score"].as_u64());
                assert_eq!(o.provisional, want["provisional"]);
                assert_eq!(o.regime_code, want["regime"]["code"]);
                assert_eq!(
                    o.violations.len(),
                    want["violations"].as_array().unwrap().len()
                );
                let status = format!("{:?}", o.status);
                assert_eq!(
                    status.rsplit("::").next().unwrap().to_lowercase(),
                    want["status"].as_str().unwrap().replace('_', "")
                );
            }
            (Err(e), Some(w)) => {
                assert_eq!(e.code, w["code"], "{want}");
                assert_eq!(e.path, w["path"], "{want}");
            }
            (got, _) => panic!("typed {got:?} but JSON {want}"),
        }
        compared += 1;
    }
    assert!(compared >= 25, "only {compared} dossiers compared");
}

/// A typed event's impossible or out-of-range moment is refused at its own path, as the JSON
/// one is: the new due time of the second event, then its time of arrival.
#[test]
fn typed_deadline_moments_are_refused_at_their_path() {
    let Some(path) = component() else { return };
    let host = Host::load(&path, Limits::default()).unwrap();
    let input = serde_json::json!({"dossier": {
    "procedure": {"processing_time": {"amount": 5, "unit": "working_days"}},
    "events": [
        {"type": "received", "at": "2025-03-03T09:00"},
        {"type": "extended", "at": "2025-03-05T09:00", "new_due_at": "2025-03-14T16:00",
         "caused_by": "agency"}
    ]}});
    let base = typed_dossier(&input).unwrap();
    let bad = |edit: &dyn Fn(&mut thanthien_host::wit_deadline::Event)| {
        let mut d = base.clone();
        edit(&mut d.dossier.events[1]);
        d
    };
    let inputs = vec![
        bad(&|e| e.new_due_at.as_mut().unwrap().day = 30), // 30 March exists: answered
        bad(&|e| e.new_due_at.as_mut().unwrap().month = 2), // 14 February: before the event
        bad(&|e| {
            let m = e.new_due_at.as_mut().unwrap();
            (m.month, m.day) = (2, 30);
        }),
        bad(&|e| e.new_due_at.as_mut().unwrap().year = 1899),
        bad(&|e| e.at.day = 31 + 1),
    ];
    let answers = host
        .with_instance(|p, s| p.thanthien_rules_deadline().call_compute_batch(s, &inputs))
        .unwrap()
        .unwrap();
    let got: Vec<(String, String)> = answers
        .iter()
        .map(|a| match a {
            Ok(_) => ("ok".to_owned(), String::new()),
            Err(e) => (e.code.clone(), e.path.clone()),
        })
        .collect();
    let at = |code: &str, path: &str| (code.to_owned(), path.to_owned());
    assert_eq!(got[0], at("ok", ""));
    assert_eq!(
        got[2],
        at("invalid_datetime", "dossier.events[1].new_due_at")
    );
    assert_eq!(
        got[3],
        at("year_out_of_range", "dossier.events[1].new_due_at")
    );
    assert_eq!(got[4], at("invalid_datetime", "dossier.events[1].at"));
    // The same inputs as JSON give the same codes and paths.
    for (typed, (field, text)) in got.iter().zip([
        ("new_due_at", "2025-03-30T16:00"),
        ("new_due_at", "2025-02-14T16:00"),
        ("new_due_at", "2025-02-30T16:00"),
        ("new_due_at", "1899-03-14T16:00"),
        ("at", "2025-03-32T09:00"),
    ]) {
        let mut json = input.clone();
        json["dossier"]["events"][1][field] = text.into();
        let answer: serde_json::Value = serde_json::from_str(
            &host
                .call_json("deadline.compute", &json.to_string())
                .unwrap(),
        )
        .unwrap();
        let want = match answer.get("error") {
            None => at("ok", ""),
            Some(e) => at(e["code"].as_str().unwrap(), e["path"].as_str().unwrap()),
        };
        assert_eq!(*typed, want, "{text}");
    }
}

/// A corpus case (JSON) of `grievance.compute` as the typed WIT records, when it is expressible
/// (a malformed date or an unknown kind is not).
fn typed_grievance(
    input: &serde_json::Value,
) -> Option<thanthien_host::wit_grievance::ComputeInput> {
    use thanthien_host::wit_calendar::CivilDate;
    use thanthien_host::wit_grievance as w;
    let date = |v: &serde_json::Value| -> Option<CivilDate> {
        let s = v.as_str()?;
        let mut parts = s.get(..10)?.split('-');
        Some(CivilDate {
            year: parts.next()?.parse().ok()?,
            month: parts.next()?.parse().ok()?,
            day: parts.next()?.parse().ok()?,
        })
    };
    let c = &input["case"];
    let mut events = Vec::new();
    for e in c["events"].as_array()? {
        events.push(w::Event {
            kind: match e["type"].as_str()? {
                "received" => w::EventKind::Received,
                "transferred" => w::EventKind::Transferred,
                "accepted" => w::EventKind::Accepted,
                "refused" => w::EventKind::Refused,
                "extended" => w::EventKind::Extended,
                "suspended" => w::EventKind::Suspended,
                "resumed" => w::EventKind::Resumed,
                "decided" => w::EventKind::Decided,
                "decision_sent" => w::EventKind::DecisionSent,
                "withdrawn" => w::EventKind::Withdrawn,
                _ => return None,
            },
            at: date(&e["at"])?,
            days: e["days"].as_u64().map(|d| d as u32),
            note: e["note"].as_str().map(str::to_owned),
        });
    }
    let optional = |key: &str| match c.get(key) {
        None => Some(None),
        Some(v) => date(v).map(Some),
    };
    Some(w::ComputeInput {
        case: w::GrievanceCase {
            id: c["id"].as_str().map(str::to_owned),
            kind: match c["kind"].as_str()? {
                "complaint" => w::Kind::Complaint,
                "denunciation" => w::Kind::Denunciation,
                "petition" => w::Kind::Petition,
                _ => return None,
            },
            instance: c["instance"].as_u64().map(|i| i as u8),
            remote_area: c["remote_area"].as_bool().unwrap_or(false),
            complexity: match c["complexity"].as_str() {
                None | Some("normal") => w::Complexity::Normal,
                Some("complex") => w::Complexity::Complex,
                Some("especially_complex") => w::Complexity::EspeciallyComplex,
                _ => return None,
            },
            several_places: c["several_places"].as_bool().unwrap_or(false),
            decision_known_on: optional("decision_known_on")?,
            first_result_on: optional("first_result_on")?,
            obstacle_days: c["obstacle_days"].as_u64().unwrap_or(0) as u32,
            events,
        },
        as_of: match input.get("as_of") {
            None => None,
            Some(v) => Some(date(v)?),
        },
        ruleset: input.get("ruleset").map(|r| r.to_string()),
    })
}

#[test]
fn typed_grievance_agrees_with_json() {
    let Some(path) = component() else { return };
    let host = Host::load(&path, Limits::default()).unwrap();
    let fmt = |d: &thanthien_host::wit_calendar::CivilDate| {
        format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
    };
    let mut inputs = Vec::new();
    let mut wanted = Vec::new();
    for case in load()
        .into_iter()
        .filter(|c| c.operation == "grievance.compute")
    {
        let input: serde_json::Value = serde_json::from_str(&case.input_text).unwrap();
        if let Some(typed) = typed_grievance(&input) {
            inputs.push(typed);
            wanted.push(case.expected.clone().unwrap());
        }
    }
    let answers = host
        .with_instance(|p, s| p.thanthien_rules_grievance().call_compute_batch(s, &inputs))
        .unwrap()
        .unwrap();
    assert_eq!(answers.len(), inputs.len());
    for (got, want) in answers.iter().zip(&wanted) {
        match (got, want.get("error")) {
            (Ok(o), None) => {
                assert_eq!(fmt(&o.received), want["received"], "{want}");
                assert_eq!(fmt(&o.as_of), want["as_of"]);
                assert_eq!(o.provisional, want["provisional"]);
                let deadlines = want["deadlines"].as_array().unwrap();
                assert_eq!(o.deadlines.len(), deadlines.len());
                for (d, w) in o.deadlines.iter().zip(deadlines) {
                    assert_eq!(d.due.as_ref().map(fmt).as_deref(), w["due"].as_str(), "{w}");
                    assert_eq!(d.met, w["met"].as_bool());
                    assert_eq!(u64::from(d.added_days), w["added_days"].as_u64().unwrap());
                }
                let codes: Vec<&str> = o.violations.iter().map(|v| v.code.as_str()).collect();
                let want_codes: Vec<&str> = want["violations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v["code"].as_str().unwrap())
                    .collect();
                assert_eq!(codes, want_codes);
                let status = format!("{:?}", o.status);
                assert_eq!(
                    status.rsplit("::").next().unwrap().to_lowercase(),
                    want["status"].as_str().unwrap().replace('_', "")
                );
            }
            (Err(e), Some(w)) => {
                assert_eq!(e.code, w["code"]);
                assert_eq!(e.path, w["path"]);
            }
            (got, _) => panic!("typed {got:?} but JSON {want}"),
        }
    }
    assert!(inputs.len() >= 25, "only {} cases compared", inputs.len());
}
