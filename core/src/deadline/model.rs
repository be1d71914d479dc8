//! The dossier as the deadline rules see it: what happened (events), who caused a delay, how it
//! was submitted, its status and clock, and the codes of the violations and trace steps the
//! engine reports. The codes' snake_case names are the contract (README, "Deadlines").
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::catalog::Procedure;
use super::fee::FeeFacts;

/// What happened to a dossier.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum EventKind {
    /// The dossier was received (a complete one starts the clock).
    Received,
    /// The agency asked the citizen to supplement the dossier (Mẫu 02).
    SupplementRequested,
    /// The supplement came back: the complete dossier, or, where the procedure's supplement only
    /// pauses the clock, what resumes it.
    SupplementReceived,
    /// The clock stopped (with a reason, e.g. `fees`).
    Paused,
    /// The clock runs again.
    Resumed,
    /// A re-appointment with a new due time (Mẫu 04).
    Extended,
    /// A longer period the procedure's law allows in a named case (verification, many
    /// documents): the due time moves without an apology; `new_due_at` may set a shorter one,
    /// and `reason` `written_agreement` a longer one where the law allows it.
    LawfulExtension,
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
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum CausedBy {
    /// The agency: an apology is owed.
    Agency,
    /// The citizen.
    Citizen,
    /// Force majeure.
    ForceMajeure,
}

/// How the dossier was submitted.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Channel {
    /// At the one-stop desk.
    InPerson,
    /// By public postal service.
    Postal,
    /// Through the public service portal.
    Online,
}

/// A dossier's status at a moment.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

impl Event {
    /// Who caused it: the agency unless the log says otherwise (a re-appointment is the agency's
    /// own delay by default, NĐ 61/2018 Art. 19(9)).
    pub fn caused(&self) -> CausedBy {
        self.caused_by.unwrap_or(CausedBy::Agency)
    }
}

/// A dossier, parsed: the procedure version is resolved from its receipt date.
#[derive(Clone, Debug)]
pub struct Dossier<'a> {
    /// The dossier code, when given.
    pub id: Option<&'a str>,
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
    /// What its fee depends on (the registration date is the receipt's).
    pub fee: FeeFacts,
}

/// A rule the log breaks, reported as data.
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
pub struct Violation {
    /// Stable code.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub code: ViolationCode,
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
pub struct Step {
    /// Stable code of the step (`clock_start`, `due`, `restart`, `pause`, …).
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub step: StepCode,
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

impl EventKind {
    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Received => "received",
            EventKind::SupplementRequested => "supplement_requested",
            EventKind::SupplementReceived => "supplement_received",
            EventKind::Paused => "paused",
            EventKind::Resumed => "resumed",
            EventKind::Extended => "extended",
            EventKind::LawfulExtension => "lawful_extension",
            EventKind::ResultReady => "result_ready",
            EventKind::Returned => "returned",
            EventKind::Refused => "refused",
            EventKind::Withdrawn => "withdrawn",
            EventKind::Incident => "incident",
            EventKind::Feedback => "feedback",
        }
    }
}

/// The rules an event log can break (the contract's violation codes, written by
/// [`ViolationCode::as_str`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, thanthien_derive::Decode)]
#[serde(rename_all = "snake_case")]
pub enum ViolationCode {
    /// No `received` event.
    MissingReceived,
    /// A result dated before the receipt.
    ResultBeforeReceipt,
    /// Another event dated before the receipt.
    EventBeforeReceived,
    /// An event earlier than the one before it.
    EventsOutOfOrder,
    /// An event after the dossier was returned, refused or withdrawn.
    EventAfterClosure,
    /// A second `received`.
    DuplicateReceived,
    /// A supplement request or pause after the result.
    EventAfterResult,
    /// A second supplement request ("chỉ được yêu cầu sửa đổi, bổ sung một lần", NĐ 61/2018
    /// Art. 11(2)(c)).
    SecondSupplementRequest,
    /// A supplement request after its period.
    SupplementRequestLate,
    /// A pause for fees where fees do not stop the clock.
    PauseNotAllowed,
    /// A supplement request after the due time.
    SupplementRequestAfterDue,
    /// A pause after the due time.
    PauseAfterDue,
    /// A stop while the clock is already stopped.
    AlreadyStopped,
    /// A supplement received without a request.
    SupplementReceivedWithoutRequest,
    /// A resumption without a pause.
    ResumeWithoutPause,
    /// A second re-appointment (one allowed, Art. 19(9)).
    SecondReappointment,
    /// A re-appointment not later than the due time.
    ReappointmentNotLater,
    /// An agency-caused re-appointment after the apology deadline.
    ReappointmentAfterApologyDeadline,
    /// A refusal after the processing period.
    RefusalAfterProcessingPeriod,
    /// A lawful extension for a procedure whose law allows none.
    NoLawfulExtension,
    /// A second lawful extension.
    SecondLawfulExtension,
    /// A lawful extension after the due time.
    LawfulExtensionAfterDue,
    /// A lawful extension beyond what the law allows.
    LawfulExtensionTooLong,
    /// A dossier code not in the structure of TT 01/2018 Art. 19(1).
    DossierCodeMalformed,
    /// A dossier code whose date is not the receipt date.
    DossierCodeOtherDate,
}

impl ViolationCode {
    /// Whether the event at fault was left out of the computation (a refused re-appointment, a
    /// pause where the clock cannot stop, an event after the result or out of place): nothing
    /// follows from it, not even a letter.
    pub fn voids_event(self) -> bool {
        match self {
            ViolationCode::EventBeforeReceived
            | ViolationCode::ResultBeforeReceipt
            | ViolationCode::EventsOutOfOrder
            | ViolationCode::EventAfterClosure
            | ViolationCode::DuplicateReceived
            | ViolationCode::EventAfterResult
            | ViolationCode::PauseNotAllowed
            | ViolationCode::AlreadyStopped
            | ViolationCode::SupplementReceivedWithoutRequest
            | ViolationCode::ResumeWithoutPause
            | ViolationCode::SecondReappointment
            | ViolationCode::ReappointmentNotLater
            | ViolationCode::NoLawfulExtension
            | ViolationCode::SecondLawfulExtension
            | ViolationCode::LawfulExtensionAfterDue => true,
            // Reported, the event still taking effect (or no event at fault).
            ViolationCode::MissingReceived
            | ViolationCode::SecondSupplementRequest
            | ViolationCode::SupplementRequestLate
            | ViolationCode::SupplementRequestAfterDue
            | ViolationCode::PauseAfterDue
            | ViolationCode::ReappointmentAfterApologyDeadline
            | ViolationCode::RefusalAfterProcessingPeriod
            | ViolationCode::LawfulExtensionTooLong
            | ViolationCode::DossierCodeMalformed
            | ViolationCode::DossierCodeOtherDate => false,
        }
    }

    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            ViolationCode::MissingReceived => "missing_received",
            ViolationCode::ResultBeforeReceipt => "result_before_receipt",
            ViolationCode::EventBeforeReceived => "event_before_received",
            ViolationCode::EventsOutOfOrder => "events_out_of_order",
            ViolationCode::EventAfterClosure => "event_after_closure",
            ViolationCode::DuplicateReceived => "duplicate_received",
            ViolationCode::EventAfterResult => "event_after_result",
            ViolationCode::SecondSupplementRequest => "second_supplement_request",
            ViolationCode::SupplementRequestLate => "supplement_request_late",
            ViolationCode::PauseNotAllowed => "pause_not_allowed",
            ViolationCode::SupplementRequestAfterDue => "supplement_request_after_due",
            ViolationCode::PauseAfterDue => "pause_after_due",
            ViolationCode::AlreadyStopped => "already_stopped",
            ViolationCode::SupplementReceivedWithoutRequest => {
                "supplement_received_without_request"
            }
            ViolationCode::ResumeWithoutPause => "resume_without_pause",
            ViolationCode::SecondReappointment => "second_reappointment",
            ViolationCode::ReappointmentNotLater => "reappointment_not_later",
            ViolationCode::ReappointmentAfterApologyDeadline => {
                "reappointment_after_apology_deadline"
            }
            ViolationCode::RefusalAfterProcessingPeriod => "refusal_after_processing_period",
            ViolationCode::NoLawfulExtension => "no_lawful_extension",
            ViolationCode::SecondLawfulExtension => "second_lawful_extension",
            ViolationCode::LawfulExtensionAfterDue => "lawful_extension_after_due",
            ViolationCode::LawfulExtensionTooLong => "lawful_extension_too_long",
            ViolationCode::DossierCodeMalformed => "dossier_code_malformed",
            ViolationCode::DossierCodeOtherDate => "dossier_code_other_date",
        }
    }
}

/// The steps a trace explains (the contract's step codes, written by [`StepCode::as_str`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, thanthien_derive::Decode)]
#[serde(rename_all = "snake_case")]
pub enum StepCode {
    /// The one-stop rules in force on the receipt date.
    Regime,
    /// Receipt and the start of the clock.
    ClockStart,
    /// The due time.
    Due,
    /// The period restarting on the complete dossier.
    Restart,
    /// A supplement request stopping the clock.
    SupplementRequested,
    /// A pause.
    Pause,
    /// A re-appointment lapsing with a restart.
    ReappointmentVoid,
    /// The clock running again.
    Resume,
    /// A second re-appointment refused.
    ReappointmentRefused,
    /// The re-appointment.
    Reappointment,
    /// A lawful extension of the period.
    LawfulExtension,
    /// The result, judged against the due time.
    Result,
    /// The apology deadline.
    ApologyDeadline,
}

impl StepCode {
    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            StepCode::Regime => "regime",
            StepCode::ClockStart => "clock_start",
            StepCode::Due => "due",
            StepCode::Restart => "restart",
            StepCode::SupplementRequested => "supplement_requested",
            StepCode::Pause => "pause",
            StepCode::ReappointmentVoid => "reappointment_void",
            StepCode::Resume => "resume",
            StepCode::ReappointmentRefused => "reappointment_refused",
            StepCode::Reappointment => "reappointment",
            StepCode::LawfulExtension => "lawful_extension",
            StepCode::Result => "result",
            StepCode::ApologyDeadline => "apology_deadline",
        }
    }
}

// The codes are written as their contract names (a string each, as the serde names read).
crate::de::encode::write_as_str!(ViolationCode, StepCode);
