//! Processing deadlines of administrative procedures, computed from a dossier's event log.
//!
//! The deadline is a function of the log, never of mutable fields (DOMAIN.md §10.5). The rules
//! in force on the receipt date govern the dossier ([`catalog::Regime`]): NĐ 61/2018 before
//! 01/07/2025, NĐ 118/2025 from then. What the engine computes:
//! - **clock start**: receipt inside office hours, else the next opening, online submissions
//!   included (DOMAIN §1.5, §10.4);
//! - **due time** by the procedure's time and the convention in force (§10.4): working hours
//!   (default, to the minute as Mẫu 01 records it) or civil code (BLDS 2015 Art. 147–148);
//!   same-day procedures with the 15:00 cut-off (Luật Hộ tịch Art. 5(3));
//! - **supplements**: the period restarts from zero when the complete dossier arrives
//!   (NĐ 61/2018 Art. 19(4)), or pauses, per procedure; **pauses** (fees, per procedure) stop
//!   the clock and never bring the due time forward;
//! - **one re-appointment** (Art. 19(9)), the **apology deadline** (1 working day before the due
//!   time), and the status and TT 01/2018 Art. 13 indicator-1 score (2 / 1 / 0).
//!
//! Every decision is recorded in a trace in Vietnamese and English with its source. Problems in
//! the log that do not stop the computation are reported as violations, never dropped.
use std::borrow::Cow;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use crate::api::calendar::SkippedDay;
use crate::calendar::Calendar;
use crate::error::{Error, ErrorCode, Result};
use crate::time::{
    amount_text, format_date, format_datetime, format_dmy as dmy, weekday_name, weekday_name_vi,
};

pub mod catalog;

use catalog::{Catalog, Convention, Procedure, ProcessingTime, Regime, SupplementMode, TimeUnit};

/// Most events accepted in one dossier.
pub const MAX_EVENTS: usize = 10_000;
/// Most skipped days listed in a trace.
pub const MAX_SKIPPED_LISTED: usize = 60;

/// What happened to a dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum EventKind {
    /// The dossier was received (a complete one starts the clock).
    Received,
    /// The agency asked the citizen to supplement the dossier (Mẫu 02).
    SupplementRequested,
    /// The complete dossier came back.
    SupplementReceived,
    /// The clock stopped (with a reason, e.g. `fees`).
    Paused,
    /// The clock runs again.
    Resumed,
    /// A re-appointment with a new due time (Mẫu 04).
    Extended,
    /// The result is ready.
    ResultReady,
    /// The result was handed to the citizen.
    Returned,
    /// The agency refused the dossier.
    Refused,
    /// The citizen withdrew the dossier.
    Withdrawn,
    /// A staff-side incident (`reason`: `lost` or `wrong_result`, NĐ 61/2018 Art. 21); no effect
    /// on the clock.
    Incident,
    /// The citizen gave feedback or took part in a dialogue; no effect on the clock.
    Feedback,
}

/// Who caused a delay.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum CausedBy {
    /// The agency: an apology is owed.
    Agency,
    /// The citizen.
    Citizen,
    /// Force majeure.
    ForceMajeure,
}

/// How the dossier was submitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Channel {
    /// At the one-stop desk.
    InPerson,
    /// By public postal service.
    Postal,
    /// Through the public service portal.
    Online,
}

/// A dossier's status at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Status {
    /// Running, paused or waiting for a supplement, before the apology deadline.
    InProgress,
    /// Past the apology deadline without a result or a re-appointment.
    AtRisk,
    /// Past the due time without a result.
    Overdue,
    /// Result on a working day before the due day.
    CompletedEarly,
    /// Result on the due day by the due time.
    CompletedOnTime,
    /// Result after the due time (or by an agency-caused re-appointed time, by convention).
    CompletedLate,
    /// Refused.
    Refused,
    /// Withdrawn.
    Withdrawn,
}

/// The state of the processing clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ClockState {
    /// Counting.
    Running,
    /// Stopped by a pause.
    Paused,
    /// Stopped until the complete dossier arrives.
    WaitingForSupplement,
    /// Stopped for good (result, refusal or withdrawal).
    Stopped,
}

/// One event, parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Type.
    pub kind: EventKind,
    /// When, Vietnam time.
    pub at: NaiveDateTime,
    /// New due time of a re-appointment.
    pub new_due_at: Option<NaiveDateTime>,
    /// Reason (pause, re-appointment).
    pub reason: Option<String>,
    /// Who caused a re-appointment.
    pub caused_by: Option<CausedBy>,
}

/// A dossier, parsed: the procedure version is resolved from its receipt date.
#[derive(Clone, Debug)]
pub struct Dossier<'a> {
    /// Catalog code, when not inline.
    pub procedure_code: Option<&'a str>,
    /// Inline procedure.
    pub procedure: Option<&'a Procedure>,
    /// Unit (office hours).
    pub unit: Option<&'a str>,
    /// Channel.
    pub channel: Option<Channel>,
    /// Events in log order.
    pub events: &'a [Event],
}

/// A rule the log breaks, reported as data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Violation {
    /// Stable code.
    pub code: String,
    /// Index of the event in the log, when one is at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_index: Option<usize>,
    /// In Vietnamese.
    pub text_vi: String,
    /// In English.
    pub text_en: String,
    /// The rule broken.
    pub source: String,
}

/// One step of the explanation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Step {
    /// Stable code of the step (`clock_start`, `due`, `restart`, `pause`, …).
    pub step: String,
    /// The moment it concerns, Vietnam time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Legal source or convention.
    pub source: String,
    /// In Vietnamese.
    pub text_vi: String,
    /// In English.
    pub text_en: String,
}

/// The one re-appointment, when there is one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Reappointment {
    /// When it was sent.
    pub sent_at: String,
    /// The new due time.
    pub new_due_at: String,
    /// The due time it replaced.
    pub previous_due_at: String,
    /// Sent by the apology deadline.
    pub in_time: bool,
    /// Who caused the delay.
    pub caused_by: CausedBy,
    /// Reason given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Everything computed for a dossier. The procedure and the rules are borrowed from the catalog
/// (the engine allocates only what it computes).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Outcome<'a> {
    /// The procedure version applied.
    #[cfg_attr(feature = "wasm", tsify(type = "Procedure"))]
    pub procedure: Cow<'a, Procedure>,
    /// The one-stop rules applied (those in force on the receipt date).
    #[cfg_attr(feature = "wasm", tsify(type = "Regime"))]
    pub regime: Cow<'a, Regime>,
    /// Arithmetic convention.
    pub convention: Convention,
    /// First receipt.
    pub received_at: String,
    /// When the clock (last) started.
    pub clock_started_at: String,
    /// The appointment written on the receipt slip (Mẫu 01), from the last (re)start.
    pub appointment_at: String,
    /// The due time by the statutory time (equal to the appointment without a committed time).
    pub statutory_due_at: String,
    /// The current due time: after pauses and a re-appointment.
    pub due_at: String,
    /// The latest time to send the apology and new appointment (1 working day before the due
    /// time the dossier had before any re-appointment).
    pub apology_due_by: String,
    /// The re-appointment, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reappointment: Option<Reappointment>,
    /// When the result was ready (or returned, without a `result_ready` event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// The moment the status is given for.
    pub as_of: String,
    /// Status at `as_of`.
    pub status: Status,
    /// The clock at `as_of`.
    pub clock: ClockState,
    /// TT 01/2018 Art. 13 indicator 1: 2 early, 1 on time, 0 late; absent while unknown.
    pub score: Option<u8>,
    /// Whether the result came within the statutory time (when a committed time is shorter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_statutory_time: Option<bool>,
    /// Office minutes counted since the clock (last) started, up to `as_of` or the result.
    pub elapsed_working_minutes: i64,
    /// Office minutes left at `as_of` (negative when overdue); absent once stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_working_minutes: Option<i64>,
    /// True when any day used comes from an unconfirmed schedule.
    pub provisional: bool,
    /// Rules the log breaks.
    pub violations: Vec<Violation>,
    /// Each step with its rule (empty with `explain: false`).
    pub trace: Vec<Step>,
    /// Non-working days between the clock start and the due day, with their reasons.
    pub skipped_days: Vec<SkippedDay>,
    /// Rule data used.
    pub ruleset_version: String,
}

/// A re-appointment, with its times.
#[derive(Clone, Debug, PartialEq)]
pub struct ReappointmentAt<'a> {
    /// When it was sent.
    pub sent_at: NaiveDateTime,
    /// The new due time.
    pub new_due_at: NaiveDateTime,
    /// The due time it replaced.
    pub previous_due_at: NaiveDateTime,
    /// Sent by the apology deadline.
    pub in_time: bool,
    /// Who caused the delay.
    pub caused_by: CausedBy,
    /// Reason given.
    pub reason: Option<&'a str>,
}

/// What [`compute`] finds, with times as values (the JSON answer, [`Outcome`], writes them out).
#[derive(Clone, Debug)]
pub struct Computed<'a> {
    /// The procedure version applied.
    pub procedure: &'a Procedure,
    /// The one-stop rules applied.
    pub regime: &'a Regime,
    /// Arithmetic convention.
    pub convention: Convention,
    /// First receipt.
    pub received_at: NaiveDateTime,
    /// When the clock (last) started.
    pub clock_started_at: NaiveDateTime,
    /// The appointment on the receipt slip.
    pub appointment_at: NaiveDateTime,
    /// The due time by the statutory time.
    pub statutory_due_at: NaiveDateTime,
    /// The current due time.
    pub due_at: NaiveDateTime,
    /// The apology deadline.
    pub apology_due_by: NaiveDateTime,
    /// The re-appointment, if any.
    pub reappointment: Option<ReappointmentAt<'a>>,
    /// When the result was ready.
    pub completed_at: Option<NaiveDateTime>,
    /// The moment of the status.
    pub as_of: NaiveDateTime,
    /// Status.
    pub status: Status,
    /// Clock state.
    pub clock: ClockState,
    /// Indicator-1 score.
    pub score: Option<u8>,
    /// Within the statutory time.
    pub within_statutory_time: Option<bool>,
    /// Office minutes elapsed.
    pub elapsed_working_minutes: i64,
    /// Office minutes left.
    pub remaining_working_minutes: Option<i64>,
    /// Rests on unconfirmed days.
    pub provisional: bool,
    /// Violations.
    pub violations: Vec<Violation>,
    /// Trace.
    pub trace: Vec<Step>,
    /// Skipped days.
    pub skipped_days: Vec<SkippedDay>,
}

impl<'a> Outcome<'a> {
    /// The JSON answer for a computation; `procedure` and `regime` are given by the caller so
    /// that it can hand over owned or longer-lived copies.
    pub fn new(
        c: Computed<'_>,
        procedure: Cow<'a, Procedure>,
        regime: Cow<'a, Regime>,
        ruleset_version: String,
    ) -> Self {
        Outcome {
            procedure,
            regime,
            convention: c.convention,
            received_at: format_datetime(c.received_at),
            clock_started_at: format_datetime(c.clock_started_at),
            appointment_at: format_datetime(c.appointment_at),
            statutory_due_at: format_datetime(c.statutory_due_at),
            due_at: format_datetime(c.due_at),
            apology_due_by: format_datetime(c.apology_due_by),
            reappointment: c.reappointment.map(|r| Reappointment {
                sent_at: format_datetime(r.sent_at),
                new_due_at: format_datetime(r.new_due_at),
                previous_due_at: format_datetime(r.previous_due_at),
                in_time: r.in_time,
                caused_by: r.caused_by,
                reason: r.reason.map(str::to_owned),
            }),
            completed_at: c.completed_at.map(format_datetime),
            as_of: format_datetime(c.as_of),
            status: c.status,
            clock: c.clock,
            score: c.score,
            within_statutory_time: c.within_statutory_time,
            elapsed_working_minutes: c.elapsed_working_minutes,
            remaining_working_minutes: c.remaining_working_minutes,
            provisional: c.provisional,
            violations: c.violations,
            trace: c.trace,
            skipped_days: c.skipped_days,
            ruleset_version,
        }
    }
}

/// Time arithmetic for one unit under one convention.
struct Clock<'a> {
    cal: &'a Calendar,
    catalog: &'a Catalog,
    unit: Option<&'a str>,
}

fn at_secs(d: NaiveDate, secs: u32) -> NaiveDateTime {
    d.and_time(
        NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0)
            .unwrap_or(NaiveTime::MIN),
    )
}

fn secs_of(t: NaiveDateTime) -> u32 {
    t.time().num_seconds_from_midnight()
}

/// `HH:MM Thứ X, DD/MM/YYYY`, as a slip writes it.
pub fn words_vi(t: NaiveDateTime) -> String {
    format!(
        "{:02}:{:02} {}, {}",
        t.hour(),
        t.minute(),
        weekday_name_vi(t.date()),
        dmy(t.date())
    )
}

/// `HH:MM on Weekday DD/MM/YYYY`.
pub fn words_en(t: NaiveDateTime) -> String {
    let day = weekday_name(t.date());
    let mut chars = day.chars();
    let day: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
        .collect();
    format!(
        "{:02}:{:02} on {day} {}",
        t.hour(),
        t.minute(),
        dmy(t.date())
    )
}

impl Clock<'_> {
    fn hours(&self, d: NaiveDate) -> (u32, u32, i64) {
        self.cal
            .rules()
            .office_hours_on(self.unit, d)
            .and_then(|o| {
                Some((
                    o.sessions.first()?.0,
                    o.sessions.last()?.1,
                    i64::from(o.day_seconds()),
                ))
            })
            .unwrap_or((0, 86_400, 86_400))
    }

    fn close(&self, d: NaiveDate) -> NaiveDateTime {
        at_secs(d, self.hours(d).1)
    }

    fn settings(&self) -> &catalog::Settings {
        &self.catalog.settings
    }

    /// Clock start and due time of a period `t` starting from an arrival at `at`.
    fn period(
        &self,
        at: NaiveDateTime,
        t: ProcessingTime,
    ) -> Result<(NaiveDateTime, NaiveDateTime)> {
        let cal = self.cal;
        let start = cal.clock_start(at, self.unit, "dossier.events")?;
        let due = match (t.unit, self.settings().convention) {
            (TimeUnit::WorkingDays, Convention::WorkingHours) => {
                let secs = (t.amount * self.hours(start.date()).2 as f64).round() as i64;
                cal.add_working_seconds(start, secs, self.unit, "dossier.events")?
            }
            (TimeUnit::WorkingHours, _) => {
                let secs = (t.amount * 3600.0).round() as i64;
                cal.add_working_seconds(start, secs, self.unit, "dossier.events")?
            }
            (TimeUnit::WorkingDays, Convention::CivilCode) => {
                let days = t.amount.ceil() as i64;
                self.close(cal.add_working_days(at.date(), days, "dossier.events")?)
            }
            (TimeUnit::CalendarDays, _) => {
                let last = at
                    .date()
                    .checked_add_days(Days::new(t.amount as u64))
                    .unwrap_or(at.date());
                self.close(cal.next_working_day(last, true, "dossier.events")?)
            }
            (TimeUnit::SameDay, _) => {
                if secs_of(start) <= self.settings().same_day_cutoff {
                    self.close(start.date())
                } else {
                    self.close(cal.add_working_days(start.date(), 1, "dossier.events")?)
                }
            }
        };
        Ok((start, due))
    }

    /// One working day before `due`: the previous working day at the same clock time, kept
    /// within that day's office hours (NĐ 61/2018 Art. 19(9); DOMAIN §10.6).
    fn apology_by(&self, due: NaiveDateTime) -> Result<NaiveDateTime> {
        let prev = self
            .cal
            .add_working_days(due.date(), -1, "dossier.events")?;
        let (open, close, _) = self.hours(prev);
        Ok(at_secs(prev, secs_of(due).clamp(open, close)))
    }

    /// `due` moved by a pause from `from` to `to`: the office time left at `from` counted again
    /// from `to` (working hours), or the working days of the pause added (civil code). Never
    /// earlier than `due`.
    fn shift(
        &self,
        due: NaiveDateTime,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<NaiveDateTime> {
        if from >= due || to <= from {
            return Ok(due);
        }
        let moved = match self.settings().convention {
            Convention::WorkingHours => {
                let left =
                    self.cal
                        .working_seconds_between(from, due, self.unit, "dossier.events")?;
                self.cal
                    .add_working_seconds(to, left, self.unit, "dossier.events")?
            }
            Convention::CivilCode => {
                let k = self
                    .cal
                    .working_days_between(from.date(), to.date(), "dossier.events")?;
                self.close(self.cal.add_working_days(due.date(), k, "dossier.events")?)
            }
        };
        Ok(moved.max(due))
    }

    fn working_secs(&self, from: NaiveDateTime, to: NaiveDateTime) -> Result<i64> {
        self.cal
            .working_seconds_between(from, to, self.unit, "dossier.events")
    }
}

/// A processing time in words, Vietnamese and English (`3 ngày làm việc`, `3 working days`).
pub fn time_words(t: ProcessingTime) -> (String, String) {
    let n = amount_text(t.amount);
    match t.unit {
        TimeUnit::WorkingDays => (format!("{n} ngày làm việc"), format!("{n} working days")),
        TimeUnit::WorkingHours => (format!("{n} giờ làm việc"), format!("{n} working hours")),
        TimeUnit::CalendarDays => (format!("{n} ngày"), format!("{n} calendar days")),
        TimeUnit::SameDay => ("trong ngày".to_owned(), "the same day".to_owned()),
    }
}

/// Builds the trace only when asked, so that computing without it stays cheap.
struct Trace {
    on: bool,
    steps: Vec<Step>,
}

impl Trace {
    fn push(
        &mut self,
        step: &str,
        at: Option<NaiveDateTime>,
        source: &str,
        text: impl FnOnce() -> (String, String),
    ) {
        if self.on {
            let (text_vi, text_en) = text();
            self.steps.push(Step {
                step: step.to_owned(),
                at: at.map(format_datetime),
                source: source.to_owned(),
                text_vi,
                text_en,
            });
        }
    }
}

fn violation(code: &str, i: Option<usize>, source: &str, vi: String, en: String) -> Violation {
    Violation {
        code: code.to_owned(),
        event_index: i,
        text_vi: vi,
        text_en: en,
        source: source.to_owned(),
    }
}

/// Checks the shape of a log: a `received` event first, nothing before it, times never going
/// backwards, not too many events. `strict` turns the first problem into an error; otherwise
/// every problem is returned and the offending events are flagged to be skipped.
pub fn check_structure(events: &[Event], strict: bool) -> Result<(Vec<Violation>, Vec<bool>)> {
    if events.len() > MAX_EVENTS {
        return Err(Error::new(
            ErrorCode::TooManyEvents,
            "dossier.events",
            format!("Hồ sơ có {} sự kiện; tối đa {MAX_EVENTS}", events.len()),
            format!(
                "The dossier has {} events; at most {MAX_EVENTS}",
                events.len()
            ),
        ));
    }
    let mut out = Vec::new();
    let mut skip = if strict {
        Vec::new()
    } else {
        vec![false; events.len()]
    };
    let first_received = events.iter().position(|e| e.kind == EventKind::Received);
    let Some(r) = first_received else {
        let e = Error::new(
            ErrorCode::MissingReceived,
            "dossier.events",
            "Nhật ký hồ sơ không có sự kiện 'received' (tiếp nhận)",
            "The event log has no 'received' event",
        );
        if strict {
            return Err(e);
        }
        out.push(violation(
            "missing_received",
            None,
            "NĐ 61/2018 Điều 17",
            e.message_vi,
            e.message_en,
        ));
        skip.iter_mut().for_each(|s| *s = true);
        return Ok((out, skip));
    };
    let received_at = events.get(r).map(|e| e.at).unwrap_or(NaiveDateTime::MIN);
    let mut last = received_at;
    for (i, e) in events.iter().enumerate() {
        let path = || format!("dossier.events[{i}]");
        let before = i < r || e.at < received_at;
        if before {
            let result = matches!(e.kind, EventKind::ResultReady | EventKind::Returned);
            let err = Error::new(
                ErrorCode::EventBeforeReceived,
                path(),
                format!(
                    "Sự kiện '{}' lúc {} trước khi tiếp nhận hồ sơ",
                    kind_name(e.kind),
                    format_datetime(e.at)
                ),
                format!(
                    "Event '{}' at {} comes before the dossier was received",
                    kind_name(e.kind),
                    format_datetime(e.at)
                ),
            );
            if strict {
                return Err(err);
            }
            let code = if result {
                "result_before_receipt"
            } else {
                "event_before_received"
            };
            out.push(violation(
                code,
                Some(i),
                "NĐ 61/2018 Điều 17, 20",
                err.message_vi,
                err.message_en,
            ));
            if let Some(s) = skip.get_mut(i) {
                *s = true;
            }
            continue;
        }
        if e.at < last {
            let err = Error::new(
                ErrorCode::EventsOutOfOrder,
                path(),
                format!(
                    "Sự kiện lúc {} sớm hơn sự kiện trước đó ({})",
                    format_datetime(e.at),
                    format_datetime(last)
                ),
                format!(
                    "Event at {} is earlier than the event before it ({})",
                    format_datetime(e.at),
                    format_datetime(last)
                ),
            );
            if strict {
                return Err(err);
            }
            out.push(violation(
                "events_out_of_order",
                Some(i),
                "Quy ước DOMAIN §10.5 (nhật ký theo thứ tự thời gian)",
                err.message_vi,
                err.message_en,
            ));
            if let Some(s) = skip.get_mut(i) {
                *s = true;
            }
            continue;
        }
        last = e.at;
    }
    Ok((out, skip))
}

fn kind_name(k: EventKind) -> &'static str {
    match k {
        EventKind::Received => "received",
        EventKind::SupplementRequested => "supplement_requested",
        EventKind::SupplementReceived => "supplement_received",
        EventKind::Paused => "paused",
        EventKind::Resumed => "resumed",
        EventKind::Extended => "extended",
        EventKind::ResultReady => "result_ready",
        EventKind::Returned => "returned",
        EventKind::Refused => "refused",
        EventKind::Withdrawn => "withdrawn",
        EventKind::Incident => "incident",
        EventKind::Feedback => "feedback",
    }
}

enum Phase {
    Running,
    Paused(NaiveDateTime),
    Waiting,
    Stopped,
}

/// Computes a dossier's deadlines and status at `as_of` (default: its last event).
/// `strict`: a malformed log is an error (`deadline.compute`); otherwise its problems are
/// violations and the rest is computed (`deadline.check`).
pub fn compute<'a>(
    cal: &Calendar,
    catalog: &'a Catalog,
    dossier: &Dossier<'a>,
    as_of: Option<NaiveDateTime>,
    explain: bool,
    strict: bool,
) -> Result<Computed<'a>> {
    let (mut violations, skip) = check_structure(dossier.events, strict)?;
    let events = || {
        dossier
            .events
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip.get(*i).copied().unwrap_or(false))
    };
    let Some((_, received)) = events().next() else {
        return Err(Error::new(
            ErrorCode::MissingReceived,
            "dossier.events",
            "Nhật ký hồ sơ không có sự kiện 'received' (tiếp nhận)",
            "The event log has no 'received' event",
        ));
    };
    let receipt_date = received.at.date();
    let regime = catalog.regime_on(receipt_date, "dossier.events[0].at")?;
    let procedure = match (dossier.procedure, dossier.procedure_code) {
        (Some(p), _) => p,
        (None, Some(code)) => catalog.procedure_on(code, receipt_date, "dossier.procedure_code")?,
        (None, None) => {
            return Err(Error::new(
                ErrorCode::MissingField,
                "dossier",
                "Thiếu trường bắt buộc: procedure_code hoặc procedure",
                "missing field `procedure_code` or `procedure`",
            ));
        }
    };
    let as_of = as_of.unwrap_or_else(|| events().next_back().map_or(received.at, |(_, e)| e.at));
    let clock = Clock {
        cal,
        catalog,
        unit: dossier.unit,
    };
    let settings = &catalog.settings;
    let mut trace = Trace {
        on: explain,
        steps: Vec::new(),
    };
    trace.push("regime", Some(received.at), &regime.name_vi, || {
        (
            format!(
                "Áp dụng quy định đang có hiệu lực vào ngày tiếp nhận {}: {}",
                dmy(receipt_date),
                regime.name_vi
            ),
            format!(
                "The rules in force on the receipt date {} apply: {}",
                dmy(receipt_date),
                regime.name_en
            ),
        )
    });
    let time = procedure.appointment_time();
    let committed = procedure.committed_time.is_some();
    let (mut start, mut due) = clock.period(received.at, time)?;
    let mut statutory_due = if committed {
        clock.period(received.at, procedure.processing_time)?.1
    } else {
        due
    };
    let mut appointment = due;
    let explain_start = |trace: &mut Trace,
                         at: NaiveDateTime,
                         start: NaiveDateTime,
                         due: NaiveDateTime,
                         restart: bool| {
        let (step, what_vi, what_en) = if restart {
            (
                "restart",
                "Nhận đủ hồ sơ bổ sung; thời hạn tính lại từ đầu",
                "Complete dossier received; the period restarts from zero",
            )
        } else {
            ("clock_start", "Tiếp nhận hồ sơ", "Dossier received")
        };
        let source = if restart {
            &regime.supplement_source
        } else {
            &regime.clock_start_source
        };
        trace.push(step, Some(at), source, || {
            let moved = start != at;
            (
                format!(
                    "{what_vi} lúc {}{}.",
                    words_vi(at),
                    if moved {
                        format!("; ngoài giờ làm việc nên tính từ {}", words_vi(start))
                    } else {
                        String::new()
                    }
                ),
                format!(
                    "{what_en} at {}{}.",
                    words_en(at),
                    if moved {
                        format!(
                            "; outside office hours, so counted from {}",
                            words_en(start)
                        )
                    } else {
                        String::new()
                    }
                ),
            )
        });
        let src = if time.unit == TimeUnit::SameDay {
            settings.same_day_source.as_str()
        } else {
            procedure.source.as_str()
        };
        trace.push("due", Some(due), src, || {
            let (tv, te) = time_words(time);
            (
                format!(
                    "Thời hạn giải quyết {tv} ({}): hẹn trả kết quả lúc {}.",
                    convention_vi(settings.convention, time.unit),
                    words_vi(due)
                ),
                format!(
                    "Processing time {te} ({}): result due at {}.",
                    convention_en(settings.convention, time.unit),
                    words_en(due)
                ),
            )
        });
    };
    explain_start(&mut trace, received.at, start, due, false);

    let mut phase = Phase::Running;
    let mut run_since = Some(start);
    let mut elapsed: i64 = 0;
    let mut supplements = 0u32;
    let mut reappointment: Option<ReappointmentAt<'a>> = None;
    let mut extensions = 0u32;
    let mut completed: Option<NaiveDateTime> = None;
    let mut closed: Option<(EventKind, NaiveDateTime)> = None;

    for (i, e) in events().skip(1) {
        if e.at > as_of {
            break;
        }
        let t = e.at;
        if matches!(e.kind, EventKind::Incident | EventKind::Feedback) {
            continue;
        }
        if let Some((k, _)) = closed {
            violations.push(violation(
                "event_after_closure",
                Some(i),
                &regime.result_source,
                format!(
                    "Sự kiện '{}' sau khi hồ sơ đã kết thúc ({}); bỏ qua",
                    kind_name(e.kind),
                    kind_name(k)
                ),
                format!(
                    "Event '{}' after the dossier was closed ({}); ignored",
                    kind_name(e.kind),
                    kind_name(k)
                ),
            ));
            continue;
        }
        let stop = |run_since: &mut Option<NaiveDateTime>, elapsed: &mut i64| -> Result<()> {
            if let Some(s) = run_since.take() {
                *elapsed += clock.working_secs(s, t)?.max(0);
            }
            Ok(())
        };
        let pause_like = |kind: EventKind| {
            kind == EventKind::Paused
                || (procedure.supplement == SupplementMode::Pause
                    && kind == EventKind::SupplementRequested)
        };
        let resume_like = |kind: EventKind| {
            kind == EventKind::Resumed
                || (procedure.supplement == SupplementMode::Pause
                    && kind == EventKind::SupplementReceived)
        };
        match e.kind {
            EventKind::Received => violations.push(violation(
                "duplicate_received",
                Some(i),
                &regime.clock_start_source,
                "Hồ sơ được tiếp nhận lần thứ hai; bỏ qua".to_owned(),
                "The dossier is received a second time; ignored".to_owned(),
            )),
            k if k == EventKind::SupplementRequested || pause_like(k) => {
                if completed.is_some() {
                    violations.push(violation(
                        "event_after_result",
                        Some(i),
                        &regime.result_source,
                        format!("Sự kiện '{}' sau khi đã có kết quả; bỏ qua", kind_name(k)),
                        format!(
                            "Event '{}' after the result was ready; ignored",
                            kind_name(k)
                        ),
                    ));
                    continue;
                }
                if k == EventKind::SupplementRequested {
                    supplements += 1;
                    if supplements > 1 {
                        violations.push(violation("second_supplement_request", Some(i), &regime.supplement_once_source,
                            "Yêu cầu bổ sung hồ sơ lần thứ hai: chỉ được hướng dẫn bổ sung một lần".to_owned(),
                            "A second supplement request: the citizen must be guided to supplement once".to_owned()));
                    }
                    let limit = i64::from(regime.supplement_within_working_days);
                    let late = match settings.convention {
                        Convention::WorkingHours => {
                            clock.working_secs(start, t)? > limit * clock.hours(start.date()).2
                        }
                        Convention::CivilCode => {
                            cal.working_days_between(start.date(), t.date(), "dossier.events")?
                                > limit
                        }
                    };
                    if late {
                        violations.push(violation("supplement_request_late", Some(i), &regime.supplement_source,
                            format!("Yêu cầu bổ sung gửi sau {limit} ngày làm việc kể từ khi tiếp nhận"),
                            format!("Supplement request sent more than {limit} working days after receipt")));
                    }
                }
                if k == EventKind::Paused
                    && e.reason.as_deref() == Some("fees")
                    && !procedure.fees_pause
                {
                    violations.push(violation("pause_not_allowed", Some(i), &regime.pause_source,
                        "Thủ tục này không dừng thời hạn khi chờ nộp phí; không tính tạm dừng".to_owned(),
                        "This procedure's clock does not stop while waiting for fees; pause not counted".to_owned()));
                    continue;
                }
                match phase {
                    Phase::Running => {
                        if t >= due {
                            if k == EventKind::SupplementRequested {
                                violations.push(violation(
                                    "supplement_request_after_due",
                                    Some(i),
                                    &regime.supplement_source,
                                    "Yêu cầu bổ sung sau khi đã hết thời hạn giải quyết".to_owned(),
                                    "Supplement requested after the processing period ended"
                                        .to_owned(),
                                ));
                            } else {
                                violations.push(violation(
                                    "pause_after_due",
                                    Some(i),
                                    &regime.pause_source,
                                    "Tạm dừng sau khi đã quá hạn: không làm thay đổi thời hạn"
                                        .to_owned(),
                                    "Pause after the due time: it does not move the due time"
                                        .to_owned(),
                                ));
                            }
                        }
                        stop(&mut run_since, &mut elapsed)?;
                        let waiting = k == EventKind::SupplementRequested
                            && procedure.supplement == SupplementMode::Restart;
                        phase = if waiting {
                            Phase::Waiting
                        } else {
                            Phase::Paused(t)
                        };
                        let (step, vi, en, src) = if waiting {
                            (
                                "supplement_requested",
                                "Yêu cầu bổ sung hồ sơ (Mẫu 02): thời hạn dừng và sẽ tính lại từ đầu khi nhận đủ",
                                "Supplement requested (Mẫu 02): the clock stops and restarts from zero on the complete dossier",
                                regime.supplement_source.as_str(),
                            )
                        } else {
                            (
                                "pause",
                                "Tạm dừng tính thời hạn",
                                "Clock paused",
                                regime.pause_source.as_str(),
                            )
                        };
                        let reason = e.reason.as_deref().unwrap_or_default();
                        trace.push(step, Some(t), src, || {
                            (
                                format!("{vi} ({reason}) lúc {}.", words_vi(t)),
                                format!("{en} ({reason}) at {}.", words_en(t)),
                            )
                        });
                    }
                    _ => violations.push(violation(
                        "already_stopped",
                        Some(i),
                        &regime.pause_source,
                        format!("Sự kiện '{}' khi thời hạn đã dừng; bỏ qua", kind_name(k)),
                        format!(
                            "Event '{}' while the clock is already stopped; ignored",
                            kind_name(k)
                        ),
                    )),
                }
            }
            k if k == EventKind::SupplementReceived || resume_like(k) => match phase {
                Phase::Waiting if k == EventKind::SupplementReceived => {
                    let (s, d) = clock.period(t, time)?;
                    let sd = if committed {
                        clock.period(t, procedure.processing_time)?.1
                    } else {
                        d
                    };
                    start = s;
                    due = d;
                    statutory_due = sd;
                    appointment = d;
                    if reappointment.take().is_some() {
                        trace.push("reappointment_void", Some(t), &regime.supplement_source, || {
                            ("Lần hẹn lại trước đó không còn tác dụng vì thời hạn tính lại từ đầu.".to_owned(),
                             "The earlier re-appointment lapses: the period restarts from zero.".to_owned())
                        });
                    }
                    elapsed = 0;
                    run_since = Some(s);
                    phase = Phase::Running;
                    explain_start(&mut trace, t, s, d, true);
                }
                Phase::Paused(p) if resume_like(k) => {
                    let before = due;
                    due = clock.shift(due, p, t)?;
                    statutory_due = if committed {
                        clock.shift(statutory_due, p, t)?
                    } else if reappointment.is_none() {
                        due
                    } else {
                        clock.shift(statutory_due, p, t)?
                    };
                    run_since = Some(cal.clock_start(t, dossier.unit, "dossier.events")?);
                    phase = Phase::Running;
                    trace.push("resume", Some(t), &regime.pause_source, || {
                        (
                            format!(
                                "Tiếp tục tính thời hạn lúc {}; hạn giải quyết {} → {}.",
                                words_vi(t),
                                words_vi(before),
                                words_vi(due)
                            ),
                            format!(
                                "Clock resumes at {}; due time {} → {}.",
                                words_en(t),
                                words_en(before),
                                words_en(due)
                            ),
                        )
                    });
                }
                _ => violations.push(violation(
                    if k == EventKind::SupplementReceived {
                        "supplement_received_without_request"
                    } else {
                        "resume_without_pause"
                    },
                    Some(i),
                    &regime.pause_source,
                    format!(
                        "Sự kiện '{}' khi không có yêu cầu bổ sung hoặc tạm dừng tương ứng; bỏ qua",
                        kind_name(k)
                    ),
                    format!(
                        "Event '{}' without a matching supplement request or pause; ignored",
                        kind_name(k)
                    ),
                )),
            },
            EventKind::Extended => {
                let caused = e.caused_by.unwrap_or(CausedBy::Agency);
                let Some(new_due) = e.new_due_at else {
                    continue;
                };
                extensions += 1;
                if extensions > regime.max_reappointments {
                    violations.push(violation(
                        "second_reappointment",
                        Some(i),
                        &regime.apology_source,
                        "Hẹn lại lần thứ hai: chỉ được hẹn lại một lần; không chấp nhận".to_owned(),
                        "A second re-appointment: only one is allowed; not accepted".to_owned(),
                    ));
                    trace.push("reappointment_refused", Some(t), &regime.apology_source, || {
                        ("Hẹn lại lần thứ hai không được chấp nhận; hạn giải quyết giữ nguyên.".to_owned(),
                         "The second re-appointment is not accepted; the due time stands.".to_owned())
                    });
                    continue;
                }
                if new_due <= due {
                    violations.push(violation(
                        "reappointment_not_later",
                        Some(i),
                        &regime.apology_source,
                        "Thời hạn hẹn lại không muộn hơn thời hạn hiện tại; bỏ qua".to_owned(),
                        "The re-appointed time is not later than the current due time; ignored"
                            .to_owned(),
                    ));
                    continue;
                }
                let deadline = clock.apology_by(due)?;
                let in_time = t <= deadline;
                if !in_time && caused == CausedBy::Agency {
                    violations.push(violation(
                        "reappointment_after_apology_deadline",
                        Some(i),
                        &regime.apology_source,
                        format!(
                            "Phiếu xin lỗi và hẹn lại gửi lúc {}, sau hạn {}",
                            words_vi(t),
                            words_vi(deadline)
                        ),
                        format!(
                            "Apology and re-appointment sent at {}, after the deadline {}",
                            words_en(t),
                            words_en(deadline)
                        ),
                    ));
                }
                let previous = due;
                due = new_due;
                reappointment = Some(ReappointmentAt {
                    sent_at: t,
                    new_due_at: new_due,
                    previous_due_at: previous,
                    in_time,
                    caused_by: caused,
                    reason: e.reason.as_deref(),
                });
                trace.push("reappointment", Some(t), &regime.apology_source, || {
                    (
                        format!(
                            "Hẹn lại ngày trả kết quả ({}): {} → {}; {}.",
                            regime.apology_form,
                            words_vi(previous),
                            words_vi(new_due),
                            if in_time {
                                "gửi đúng hạn (trước 1 ngày làm việc)"
                            } else {
                                "gửi muộn hơn hạn xin lỗi"
                            }
                        ),
                        format!(
                            "Re-appointment ({}): {} → {}; {}.",
                            regime.apology_form,
                            words_en(previous),
                            words_en(new_due),
                            if in_time {
                                "sent in time (1 working day before)"
                            } else {
                                "sent after the apology deadline"
                            }
                        ),
                    )
                });
            }
            EventKind::ResultReady
            | EventKind::Returned
            | EventKind::Refused
            | EventKind::Withdrawn => {
                stop(&mut run_since, &mut elapsed)?;
                phase = Phase::Stopped;
                match e.kind {
                    EventKind::ResultReady | EventKind::Returned => {
                        if completed.is_none() {
                            completed = Some(t);
                        }
                        if e.kind == EventKind::Returned {
                            closed = Some((e.kind, t));
                        }
                    }
                    EventKind::Refused => {
                        if t > due {
                            violations.push(violation(
                                "refusal_after_processing_period",
                                Some(i),
                                &regime.refusal_source,
                                format!(
                                    "Từ chối lúc {}, sau thời hạn giải quyết {}",
                                    words_vi(t),
                                    words_vi(due)
                                ),
                                format!(
                                    "Refused at {}, after the processing period ended at {}",
                                    words_en(t),
                                    words_en(due)
                                ),
                            ));
                        }
                        closed = Some((e.kind, t));
                    }
                    _ => closed = Some((e.kind, t)),
                }
            }
            // Pauses, resumptions and supplements are all matched by the guarded arms above.
            _ => {}
        }
    }

    if let Some(s) = run_since
        && as_of > s
    {
        elapsed += clock.working_secs(s, as_of)?;
    }
    let agency_reappointed = reappointment
        .as_ref()
        .is_some_and(|r| r.caused_by == CausedBy::Agency);
    let original_due = reappointment.as_ref().map_or(due, |r| r.previous_due_at);
    let apology_due_by = clock.apology_by(original_due)?;
    let judge_against = if agency_reappointed && settings.reappointment_counts_late {
        original_due
    } else {
        due
    };
    let (status, score, clock_state) = match closed {
        Some((EventKind::Refused, _)) => (Status::Refused, None, ClockState::Stopped),
        Some((EventKind::Withdrawn, _)) => (Status::Withdrawn, None, ClockState::Stopped),
        _ => match (completed, &phase) {
            (Some(c), _) => {
                let s = if c > judge_against {
                    (Status::CompletedLate, Some(0))
                } else if c.date() < judge_against.date() {
                    (Status::CompletedEarly, Some(2))
                } else {
                    (Status::CompletedOnTime, Some(1))
                };
                (s.0, s.1, ClockState::Stopped)
            }
            (None, Phase::Waiting) => (Status::InProgress, None, ClockState::WaitingForSupplement),
            (None, Phase::Paused(_)) => (Status::InProgress, None, ClockState::Paused),
            (None, _) => {
                if as_of > due {
                    (Status::Overdue, Some(0), ClockState::Running)
                } else if as_of > apology_due_by && reappointment.is_none() {
                    (Status::AtRisk, None, ClockState::Running)
                } else {
                    (Status::InProgress, None, ClockState::Running)
                }
            }
        },
    };
    if let Some(c) = completed {
        let s = status;
        let late_by_convention = agency_reappointed && settings.reappointment_counts_late;
        trace.push("result", Some(c), &regime.result_source, || {
            let (vi, en) = match s {
                Status::CompletedEarly => ("trước hạn (2 điểm)", "early (2 points)"),
                Status::CompletedOnTime => ("đúng hạn (1 điểm)", "on time (1 point)"),
                _ => ("quá hạn (0 điểm)", "late (0 points)"),
            };
            let conv = if late_by_convention {
                (" Hồ sơ đã hẹn lại do lỗi cơ quan được tính là quá hạn (quy ước DOMAIN §10.7).", " A dossier re-appointed through the agency's fault counts as late (DOMAIN §10.7).")
            } else {
                ("", "")
            };
            (
                format!("Có kết quả lúc {}: {vi} so với hạn {}.{}", words_vi(c), words_vi(judge_against), conv.0),
                format!("Result at {}: {en} against the due time {}.{}", words_en(c), words_en(judge_against), conv.1),
            )
        });
    }
    let remaining = match (&phase, completed) {
        (Phase::Running, None) => Some(clock.working_secs(as_of, due)?),
        (Phase::Paused(p), None) => Some(clock.working_secs(*p, due)?.max(0)),
        _ => None,
    };
    let last_day = due.max(statutory_due).max(apology_due_by).date();
    let provisional = cal.provisional_between(receipt_date, last_day, "dossier.events")?;
    let skipped_days = if explain {
        cal.skipped_days(
            start.date(),
            due.date(),
            MAX_SKIPPED_LISTED,
            "dossier.events",
        )?
        .0
        .into_iter()
        .map(|(d, v)| SkippedDay {
            date: format_date(d),
            kind: v.kind,
            reasons: v.reasons,
        })
        .collect()
    } else {
        Vec::new()
    };
    if explain && time.unit != TimeUnit::SameDay {
        trace.push("apology_deadline", Some(apology_due_by), &regime.apology_source, || {
            (
                format!("Nếu trễ hạn do lỗi cơ quan, phải gửi {} trước {} (1 ngày làm việc trước hạn).", regime.apology_form, words_vi(apology_due_by)),
                format!("If late through the agency's fault, the apology ({}) must go out by {} (1 working day before the due time).", regime.apology_form, words_en(apology_due_by)),
            )
        });
    }
    Ok(Computed {
        procedure,
        regime,
        convention: settings.convention,
        received_at: received.at,
        clock_started_at: start,
        appointment_at: appointment,
        statutory_due_at: statutory_due,
        due_at: due,
        apology_due_by,
        reappointment,
        completed_at: completed,
        as_of,
        status,
        clock: clock_state,
        score,
        within_statutory_time: completed.map(|c| c <= statutory_due),
        elapsed_working_minutes: elapsed / 60,
        remaining_working_minutes: remaining.map(|r| r / 60),
        provisional,
        violations,
        trace: trace.steps,
        skipped_days,
    })
}

fn convention_vi(c: Convention, u: TimeUnit) -> &'static str {
    match (u, c) {
        (TimeUnit::SameDay, _) => "nhận sau giờ chốt thì trả ngày làm việc tiếp theo",
        (TimeUnit::CalendarDays, _) => {
            "ngày cuối không phải ngày làm việc thì lùi sang ngày làm việc tiếp theo"
        }
        (TimeUnit::WorkingHours, _) | (_, Convention::WorkingHours) => {
            "chỉ tính trong giờ làm việc"
        }
        (_, Convention::CivilCode) => {
            "tính từ ngày hôm sau, hết hạn khi hết giờ làm việc ngày cuối"
        }
    }
}

fn convention_en(c: Convention, u: TimeUnit) -> &'static str {
    match (u, c) {
        (TimeUnit::SameDay, _) => "received after the cut-off: the next working day",
        (TimeUnit::CalendarDays, _) => "a last day that is not a working day moves to the next one",
        (TimeUnit::WorkingHours, _) | (_, Convention::WorkingHours) => {
            "counted in office hours only"
        }
        (_, Convention::CivilCode) => {
            "counted from the next day, ending at the close of the last day"
        }
    }
}
