//! Native benchmarks of deadline computation (criterion). Target (issue #3): `deadline.compute`
//! on a 10-event dossier ≤ 2 µs.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // benchmark code

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use thanthien_core::api::{self, deadline::ComputeInput};
use thanthien_core::calendar::Calendar;
use thanthien_core::deadline::catalog::{Catalog, Procedure};
use thanthien_core::deadline::{self, CausedBy, Dossier, Event, EventKind, Options};
use thanthien_core::time::parse_datetime;

/// A 10-event dossier: receipt, a supplement round, a fee pause, a re-appointment, another
/// pause, the result and its return.
const DOSSIER: &str = r#"{"dossier": {"procedure": {"processing_time": {"amount": 5, "unit": "working_days"}, "supplement": "restart", "fees_pause": true}, "channel": "in_person", "events": [
  {"type": "received", "at": "2025-01-20T09:10"},
  {"type": "supplement_requested", "at": "2025-01-21T10:00"},
  {"type": "supplement_received", "at": "2025-02-03T08:30"},
  {"type": "paused", "at": "2025-02-04T10:00", "reason": "fees"},
  {"type": "resumed", "at": "2025-02-05T14:00"},
  {"type": "extended", "at": "2025-02-07T09:00", "new_due_at": "2025-02-14T16:00", "caused_by": "agency", "reason": "xác minh"},
  {"type": "paused", "at": "2025-02-10T09:00", "reason": "fees"},
  {"type": "resumed", "at": "2025-02-11T09:00"},
  {"type": "result_ready", "at": "2025-02-13T15:00"},
  {"type": "returned", "at": "2025-02-14T08:00"}
]}, "explain": false}"#;

fn events() -> Vec<Event> {
    let t = |s: &str| parse_datetime(s, "").unwrap();
    let e = |kind, at: &str| Event {
        kind,
        at: t(at),
        new_due_at: None,
        reason: None,
        caused_by: None,
    };
    vec![
        e(EventKind::Received, "2025-01-20T09:10"),
        e(EventKind::SupplementRequested, "2025-01-21T10:00"),
        e(EventKind::SupplementReceived, "2025-02-03T08:30"),
        Event {
            reason: Some("fees".into()),
            ..e(EventKind::Paused, "2025-02-04T10:00")
        },
        e(EventKind::Resumed, "2025-02-05T14:00"),
        Event {
            new_due_at: Some(t("2025-02-14T16:00")),
            caused_by: Some(CausedBy::Agency),
            ..e(EventKind::Extended, "2025-02-07T09:00")
        },
        Event {
            reason: Some("fees".into()),
            ..e(EventKind::Paused, "2025-02-10T09:00")
        },
        e(EventKind::Resumed, "2025-02-11T09:00"),
        e(EventKind::ResultReady, "2025-02-13T15:00"),
        e(EventKind::Returned, "2025-02-14T08:00"),
    ]
}

fn bench(c: &mut Criterion) {
    let cal = Calendar::default_ref().unwrap();
    let catalog = Catalog::default_ref().unwrap();
    let input: ComputeInput =
        thanthien_core::de::from_value(serde_json::from_str(DOSSIER).unwrap()).unwrap();
    let procedure = Procedure::from_input(input.dossier.procedure.as_ref().unwrap(), "", false)
        .unwrap()
        .1;
    let events = events();
    let dossier = Dossier {
        id: None,
        procedure_code: None,
        procedure: Some(&procedure),
        unit: None,
        channel: None,
        events: &events,
        fee: thanthien_core::deadline::fee::FeeFacts::default(),
    };
    let explained = Options {
        explain: true,
        ..Options::default()
    };
    let first = deadline::compute(cal, catalog, &dossier, Options::default()).unwrap();
    assert_eq!(
        thanthien_core::time::format_datetime(first.due_at),
        "2025-02-17T16:00"
    );

    c.bench_function(
        "native deadline::compute, 10 events, parsed, no trace",
        |b| {
            b.iter(|| {
                deadline::compute(cal, catalog, black_box(&dossier), Options::default()).unwrap()
            })
        },
    );
    c.bench_function(
        "native deadline::compute, 10 events, parsed, with trace",
        |b| b.iter(|| deadline::compute(cal, catalog, black_box(&dossier), explained).unwrap()),
    );
    c.bench_function(
        "native api deadline.compute, typed input (dates as text), no trace",
        |b| b.iter(|| api::deadline::compute(black_box(input.clone())).unwrap()),
    );
    c.bench_function(
        "native api deadline.compute, JSON text in and out, no trace",
        |b| b.iter(|| api::call_json("deadline.compute", black_box(DOSSIER))),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
