//! What a computation finds ([`Computed`], times as values) and the JSON answer written from it
//! ([`Outcome`]).
use std::borrow::Cow;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::catalog::{Convention, Procedure, ProcessingTime, Regime};
use super::conventions::Settings;
use super::fee::Fee;
use super::model::{CausedBy, ClockState, Status, Step, Violation, ViolationCode};
use crate::calendar::SkippedDay;
use crate::time::Stamp;

/// The one re-appointment, when there is one.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reappointment {
    /// When it was sent.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub sent_at: Stamp,
    /// The new due time.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub new_due_at: Stamp,
    /// The due time it replaced.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub previous_due_at: Stamp,
    /// Sent by the apology deadline.
    pub in_time: bool,
    /// Who caused the delay.
    pub caused_by: CausedBy,
    /// Reason given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The lawful extension, when there is one.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LawfulExtensionOut {
    /// When it was decided.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub at: Stamp,
    /// The due time before it.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub previous_due_at: Stamp,
    /// The due time after it.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub new_due_at: Stamp,
    /// The case the law names, in Vietnamese.
    pub when_vi: String,
    /// The same in English.
    pub when_en: String,
    /// The article.
    pub source: String,
}

/// A procedure version or the one-stop rules, named by code and the date the version took effect:
/// the catalog (and a single call) gives them in full.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Named {
    /// The code (`ho_tich.khai_sinh`, `inline`, `nd118_2025`).
    pub code: String,
    /// The first receipt date of the version applied.
    pub from: String,
}

/// The procedure or the one-stop rules applied: written out in full (a single call), or named
/// (a batch's lean answer, see `api::deadline::compute_lean`).
#[derive(Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "{T}OrNamed"))]
pub enum Shown<'a, T: Clone> {
    /// Every field.
    Full(Cow<'a, T>),
    /// Code and version date.
    Named(Named),
}

impl<T: Clone> Shown<'_, T> {
    /// A procedure version or the one-stop rules named by `code` and `from` only.
    pub fn name(code: &str, from: &str) -> Self {
        Shown::Named(Named {
            code: code.to_owned(),
            from: from.to_owned(),
        })
    }
}

/// Everything computed for a dossier. The procedure and the rules are borrowed from the catalog
/// (the engine allocates only what it computes).
#[derive(Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Outcome<'a> {
    /// The procedure version applied.
    #[cfg_attr(feature = "wasm", tsify(type = "Procedure | Named"))]
    pub procedure: Shown<'a, Procedure>,
    /// The one-stop rules applied (those in force on the receipt date).
    #[cfg_attr(feature = "wasm", tsify(type = "Regime | Named"))]
    pub regime: Shown<'a, Regime>,
    /// Arithmetic convention.
    pub convention: Convention,
    /// First receipt.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub received_at: Stamp,
    /// When the clock (last) started.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub clock_started_at: Stamp,
    /// The appointment written on the receipt slip (Mẫu 01), from the last (re)start.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub appointment_at: Stamp,
    /// The due time by the statutory time (equal to the appointment without a committed time).
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub statutory_due_at: Stamp,
    /// The current due time: after pauses and a re-appointment.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub due_at: Stamp,
    /// The latest time to send the apology and new appointment (1 working day before the due
    /// time the dossier had before a re-appointment the agency caused, or the one a re-appointment
    /// the citizen caused set).
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub apology_due_by: Stamp,
    /// The re-appointment, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reappointment: Option<Reappointment>,
    /// The lawful extension, if any (not a delay: no apology, no lost point).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lawful_extension: Option<LawfulExtensionOut>,
    /// When the result was ready (or returned, without a `result_ready` event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub completed_at: Option<Stamp>,
    /// The moment the status is given for.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub as_of: Stamp,
    /// Status at `as_of`.
    pub status: Status,
    /// The clock at `as_of`.
    pub clock: ClockState,
    /// TT 01/2018 Art. 13 indicator 1: 2 early, 1 on time, 0 late; absent while unknown.
    pub score: Option<u8>,
    /// Whether the result came within the statutory time (when a committed time is shorter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_statutory_time: Option<bool>,
    /// The due time the result is judged against: the time the law allows (default) or the
    /// commune's commitment (`conventions.judge_by`).
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub judged_against_at: Stamp,
    /// Whether the result came by the commune's voluntary commitment, reported beside the
    /// judgement when the procedure has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment_met: Option<bool>,
    /// The conventions in force where the law is silent, by name.
    #[cfg_attr(feature = "wasm", tsify(type = "Settings"))]
    pub conventions: Cow<'a, Settings>,
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
    /// What the dossier pays and why (Luật Hộ tịch Art. 11 for civil status; by page for copy
    /// certification; else the catalog's amount); `amount_vnd` absent when no source gives it.
    pub fee: Fee,
    /// Rule data used.
    pub ruleset_version: Cow<'static, str>,
}

/// A re-appointment, with its times.
#[derive(Clone, Copy, Debug, PartialEq)]
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

/// A lawful extension, with its times.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LawfulExtensionAt {
    /// When it was decided.
    pub at: NaiveDateTime,
    /// The due time before it.
    pub previous_due_at: NaiveDateTime,
    /// The due time after it.
    pub new_due_at: NaiveDateTime,
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
    /// The agency's own re-appointment in force, if any (a later one the citizen caused may
    /// follow it).
    pub agency_reappointment: Option<ReappointmentAt<'a>>,
    /// The lawful extension, if any.
    pub lawful_extension: Option<LawfulExtensionAt>,
    /// The due time the result is judged against (the `judge_by` convention).
    pub judged_against_at: NaiveDateTime,
    /// Whether the result came by the commune's voluntary commitment, when there is one.
    pub commitment_met: Option<bool>,
    /// Whether the period gives a day's notice before it ends (an apology can come before).
    pub has_notice: bool,
    /// The conventions in force.
    pub conventions: &'a Settings,
    /// When the result was ready.
    pub completed_at: Option<NaiveDateTime>,
    /// When the dossier was refused or withdrawn, if it was.
    pub closed_at: Option<NaiveDateTime>,
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
    /// The fee.
    pub fee: Fee,
}

impl<'a> Outcome<'a> {
    /// The JSON answer for a computation; `procedure` and `regime` are given by the caller, in
    /// full (owned or longer-lived copies) or named, and so are the `conventions`, which must be
    /// the computation's own (`c.conventions`, the catalog's settings), borrowed for as long as
    /// the answer lives or copied.
    pub fn new(
        c: Computed<'_>,
        (procedure, regime): (Shown<'a, Procedure>, Shown<'a, Regime>),
        conventions: Cow<'a, Settings>,
        ruleset_version: Cow<'static, str>,
    ) -> Self {
        let lawful_extension = lawful_out(&c);
        Outcome {
            procedure,
            regime,
            convention: c.convention,
            received_at: Stamp(c.received_at),
            clock_started_at: Stamp(c.clock_started_at),
            appointment_at: Stamp(c.appointment_at),
            statutory_due_at: Stamp(c.statutory_due_at),
            due_at: Stamp(c.due_at),
            apology_due_by: Stamp(c.apology_due_by),
            reappointment: c.reappointment.map(|r| Reappointment {
                sent_at: Stamp(r.sent_at),
                new_due_at: Stamp(r.new_due_at),
                previous_due_at: Stamp(r.previous_due_at),
                in_time: r.in_time,
                caused_by: r.caused_by,
                reason: r.reason.map(str::to_owned),
            }),
            lawful_extension,
            completed_at: c.completed_at.map(Stamp),
            as_of: Stamp(c.as_of),
            status: c.status,
            clock: c.clock,
            score: c.score,
            within_statutory_time: c.within_statutory_time,
            judged_against_at: Stamp(c.judged_against_at),
            commitment_met: c.commitment_met,
            conventions,
            elapsed_working_minutes: c.elapsed_working_minutes,
            remaining_working_minutes: c.remaining_working_minutes,
            provisional: c.provisional,
            violations: c.violations,
            trace: c.trace,
            skipped_days: c.skipped_days,
            fee: c.fee,
            ruleset_version,
        }
    }
}

/// The lawful extension written out, with the case and article of the procedure's law.
fn lawful_out(c: &Computed<'_>) -> Option<LawfulExtensionOut> {
    let (x, rule) = (c.lawful_extension?, c.procedure.lawful_extension.as_ref()?);
    Some(LawfulExtensionOut {
        at: Stamp(x.at),
        previous_due_at: Stamp(x.previous_due_at),
        new_due_at: Stamp(x.new_due_at),
        when_vi: rule.when_vi.clone(),
        when_en: rule.when_en.clone(),
        source: rule.source.clone(),
    })
}

/// Whether a period of `time` whose clock started at `start` leaves a day's notice before its
/// due time: NĐ 61/2018 Art. 19(9) has the apology sent "chậm nhất 01 ngày trước ngày hết hạn",
/// which a period of one working day or less (a same-day matter among them, even one received
/// after the cut-off and due the next day) cannot give. Such a dossier is never "at risk": its
/// apology is owed when it is late.
pub(super) fn has_notice(
    time: &ProcessingTime,
    extended: bool,
    apology_due_by: NaiveDateTime,
    start: NaiveDateTime,
) -> bool {
    (time.longer_than_a_day() || extended) && apology_due_by > start
}

impl Computed<'_> {
    /// Whether the period left a day's notice before its due time ([`has_notice`]).
    pub fn apology_lead(&self) -> bool {
        self.has_notice
    }

    /// When the apology for lateness is due: the apology deadline, or the due time itself for a
    /// period without a day's notice.
    pub fn apology_send_by(&self) -> NaiveDateTime {
        if self.apology_lead() {
            self.apology_due_by
        } else {
            self.due_at
        }
    }

    /// Why each of a log's `n` events was left out of the computation, if it was
    /// ([`ViolationCode::voids_event`]): one pass over the violations.
    pub fn refusals(&self, n: usize) -> Vec<Option<ViolationCode>> {
        let mut out = vec![None; n];
        for v in self.violations.iter().filter(|v| v.code.voids_event()) {
            if let Some(slot) = v.event_index.and_then(|i| out.get_mut(i)) {
                slot.get_or_insert(v.code);
            }
        }
        out
    }
}
