//! Invariants of deadline computation (issue #3): the due time is never earlier than receipt
//! plus the processing time in office time, a pause never brings it forward, any prefix of a
//! log computes without panicking, and the score agrees with the due time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use proptest::prelude::*;
use thanthien_core::api::deadline::{CheckInput, ComputeInput, compute};
use thanthien_core::calendar::Calendar;
use thanthien_core::deadline::catalog::{ProcedureInput, ProcessingTime, TimeUnit};
use thanthien_core::deadline::{CausedBy, EventKind, Status};
use thanthien_core::deadline::{DossierInput, EventInput};
use thanthien_core::time::format_datetime;

fn cal() -> &'static Calendar {
    Calendar::default_ref().unwrap()
}

/// A moment between July 2018 (NĐ 61/2018 in force) and 2027, to the minute.
fn moment(day: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2018, 7, 1)
        .unwrap()
        .checked_add_days(Days::new(u64::from(day)))
        .unwrap()
        .and_time(NaiveTime::from_num_seconds_from_midnight_opt(minute * 60, 0).unwrap())
}

fn event(kind: EventKind, at: NaiveDateTime) -> EventInput {
    EventInput {
        kind,
        at: format_datetime(at),
        new_due_at: None,
        reason: None,
        caused_by: None,
        note: None,
    }
}

fn dossier(amount: f64, unit: TimeUnit, events: Vec<EventInput>) -> DossierInput {
    DossierInput {
        procedure: Some(ProcedureInput {
            processing_time: Some(ProcessingTime { amount, unit }),
            fees_pause: Some(true),
            ..ProcedureInput::default()
        }),
        events,
        ..DossierInput::default()
    }
}

fn due_of(d: DossierInput) -> NaiveDateTime {
    let o = compute(ComputeInput {
        dossier: d,
        as_of: None,
        explain: Some(false),
        ruleset: None,
    })
    .unwrap();
    o.due_at.0
}

const DAY_SECS: i64 = 8 * 3600;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn due_is_receipt_plus_the_processing_time(day in 0u32..3_200, minute in 0u32..1_440, n in 1u32..30, hours in prop::bool::ANY) {
        let received = moment(day, minute);
        let (amount, unit, secs) = if hours {
            (f64::from(n), TimeUnit::WorkingHours, i64::from(n) * 3600)
        } else {
            (f64::from(n), TimeUnit::WorkingDays, i64::from(n) * DAY_SECS)
        };
        let due = due_of(dossier(amount, unit, vec![event(EventKind::Received, received)]));
        prop_assert!(due > received);
        prop_assert_eq!(cal().working_seconds_between(received, due, None, "").unwrap(), secs);
    }

    #[test]
    fn a_pause_never_brings_the_due_time_forward(
        day in 0u32..3_200, minute in 0u32..1_440, n in 1u32..15,
        pause_after in 0u32..20_000, length in 0u32..20_000,
    ) {
        let received = moment(day, minute);
        let paused = received + chrono::Duration::minutes(i64::from(pause_after));
        let resumed = paused + chrono::Duration::minutes(i64::from(length));
        let plain = due_of(dossier(f64::from(n), TimeUnit::WorkingDays, vec![event(EventKind::Received, received)]));
        let mut pause = event(EventKind::Paused, paused);
        pause.reason = Some("fees".to_owned());
        let with_pause = due_of(dossier(
            f64::from(n),
            TimeUnit::WorkingDays,
            vec![event(EventKind::Received, received), pause, event(EventKind::Resumed, resumed)],
        ));
        prop_assert!(with_pause >= plain, "{with_pause} < {plain}");
    }

    #[test]
    fn every_prefix_of_a_log_computes_without_panicking(
        day in 0u32..3_200, minute in 0u32..1_440,
        steps in prop::collection::vec((0usize..10, 0u32..5_000), 0..12),
    ) {
        let received = moment(day, minute);
        let kinds = [
            EventKind::SupplementRequested, EventKind::SupplementReceived, EventKind::Paused,
            EventKind::Resumed, EventKind::Extended, EventKind::ResultReady, EventKind::Returned,
            EventKind::Refused, EventKind::Withdrawn, EventKind::Received,
        ];
        let mut t = received;
        let mut events = vec![event(EventKind::Received, received)];
        for (k, gap) in steps {
            t += chrono::Duration::minutes(i64::from(gap));
            let mut e = event(kinds[k], t);
            if kinds[k] == EventKind::Extended {
                e.new_due_at = Some(format_datetime(t + chrono::Duration::days(7)));
                e.caused_by = Some(CausedBy::Agency);
            }
            events.push(e);
        }
        for len in 0..=events.len() {
            let d = dossier(3.0, TimeUnit::WorkingDays, events[..len].to_vec());
            let answer = compute(ComputeInput { dossier: d.clone(), as_of: None, explain: Some(true), ruleset: None });
            prop_assert_eq!(answer.is_err(), len == 0);
            let check = thanthien_core::api::deadline::check(CheckInput { dossier: d, ruleset: None }).unwrap();
            prop_assert_eq!(check.valid, answer.map(|o| o.violations.is_empty()).unwrap_or(false));
        }
    }

    #[test]
    fn the_score_agrees_with_the_due_time(day in 0u32..3_200, minute in 0u32..1_440, n in 1u32..10, after in 0u32..30_000) {
        let received = moment(day, minute);
        let result = received + chrono::Duration::minutes(i64::from(after));
        let o = compute(ComputeInput {
            dossier: dossier(f64::from(n), TimeUnit::WorkingDays, vec![event(EventKind::Received, received), event(EventKind::ResultReady, result)]),
            as_of: None,
            explain: Some(false),
            ruleset: None,
        }).unwrap();
        let due = o.due_at.0;
        let (status, score) = if result > due {
            (Status::CompletedLate, 0)
        } else if result.date() < due.date() {
            (Status::CompletedEarly, 2)
        } else {
            (Status::CompletedOnTime, 1)
        };
        prop_assert_eq!(o.status, status);
        prop_assert_eq!(o.score, Some(score));
    }
}

#[test]
fn more_than_ten_thousand_events_is_a_typed_error() {
    let received = moment(2_000, 600);
    let mut events = vec![event(EventKind::Received, received)];
    events.extend(
        (0..10_000).map(|i| event(EventKind::Paused, received + chrono::Duration::minutes(i))),
    );
    let e = compute(ComputeInput {
        dossier: dossier(3.0, TimeUnit::WorkingDays, events),
        as_of: None,
        explain: Some(false),
        ruleset: None,
    })
    .unwrap_err();
    assert_eq!(e.code.as_str(), "too_many_events");
    assert_eq!(e.path, "dossier.events");
}
