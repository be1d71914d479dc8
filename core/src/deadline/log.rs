//! The shape of an event log, checked before any rule is applied: a `received` event first,
//! nothing dated before it, times never going backwards, not too many events (DOMAIN.md §10.5).
//! Paths are relative to the dossier (`events[3]`).
use chrono::NaiveDateTime;

use super::model::{Event, EventKind, Violation};
use crate::error::{Error, Result};
use crate::time::format_datetime;

/// Most events accepted in one dossier.
pub const MAX_EVENTS: usize = 10_000;

/// Refuses a log of more than [`MAX_EVENTS`] events (`too_many_events` at `events`).
pub fn check_count(n: usize) -> Result<()> {
    if n > MAX_EVENTS {
        return Err(Error::too_many_events("events", n, MAX_EVENTS));
    }
    Ok(())
}

/// The rules a log's shape is checked against, from the data: the receipt rules of the regime in
/// force on the log's first date, and the convention that a log is in time order.
#[derive(Clone, Copy, Debug)]
pub struct LogSources<'a> {
    /// A log needs its receipt.
    pub receipt: &'a str,
    /// Nothing comes before the receipt.
    pub before_receipt: &'a str,
    /// Times never go backwards.
    pub order: &'a str,
}

/// Checks the shape of a log. `strict` turns the first problem into an error; otherwise every
/// problem is returned as a violation (citing `src`) and the offending events are flagged to
/// be skipped.
pub fn check_structure(
    events: &[Event],
    strict: bool,
    src: LogSources<'_>,
) -> Result<(Vec<Violation>, Vec<bool>)> {
    check_count(events.len())?;
    let mut out = Vec::new();
    let mut skip = if strict {
        Vec::new()
    } else {
        vec![false; events.len()]
    };
    let Some(r) = events.iter().position(|e| e.kind == EventKind::Received) else {
        let e = Error::missing_received("events");
        if strict {
            return Err(e);
        }
        out.push(Violation::missing_received(e, src.receipt));
        skip.iter_mut().for_each(|s| *s = true);
        return Ok((out, skip));
    };
    let received_at = events.get(r).map(|e| e.at).unwrap_or(NaiveDateTime::MIN);
    let mut last = received_at;
    for (i, e) in events.iter().enumerate() {
        let path = || format!("events[{i}]");
        let fault = if i < r || e.at < received_at {
            let err = Error::event_before_received(path(), e.kind.as_str(), &format_datetime(e.at));
            let result = matches!(e.kind, EventKind::ResultReady | EventKind::Returned);
            (
                err.clone(),
                Violation::before_receipt(i, result, err, src.before_receipt),
            )
        } else if e.at < last {
            let err =
                Error::events_out_of_order(path(), &format_datetime(e.at), &format_datetime(last));
            (err.clone(), Violation::out_of_order(i, err, src.order))
        } else {
            last = e.at;
            continue;
        };
        if strict {
            return Err(fault.0);
        }
        out.push(fault.1);
        if let Some(s) = skip.get_mut(i) {
            *s = true;
        }
    }
    Ok((out, skip))
}
