//! The records an evaluation reads besides a dossier's log: what the log does not say of a dossier
//! (TT 01/2018 Art. 13 indicators 2, 3, 4, 6, 7), what a unit reports once for a period
//! (indicators 5, 6, 8, 9), and the period itself.
use serde::{Deserialize, Serialize};

use crate::deadline::DossierInput;

/// One step of a dossier handled by several bodies (indicator 2).
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StepInput {
    /// The body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Its limit.
    pub due_at: String,
    /// When it finished its part (absent while it works).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<String>,
}

/// How the procedure was published (indicator 6).
#[derive(
    Clone, Copy, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PublicationInput {
    /// Posted at the desk.
    pub posted: bool,
    /// Published electronically.
    pub electronic: bool,
    /// Accurate and timely.
    pub accurate: bool,
}

/// What the event log does not say.
#[derive(
    Clone,
    Debug,
    Default,
    Deserialize,
    thanthien_derive::Decode,
    Serialize,
    thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExtraInput {
    /// The officer who handled the dossier (staff classes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    /// Steps of each participating body (indicator 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<StepInput>>,
    /// Contacts needed to complete the dossier, not caused by the citizen (indicator 3; default:
    /// the supplement requests of the log not caused by the citizen, and those caused by the
    /// citizen as `contacts_citizen_fault`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<u32>,
    /// Further contacts, through the citizen's fault (indicator 3: they keep the dossier out of
    /// 0 points, not in 2, TT 01/2018 Art. 13(3)(c); default 0 beside `contacts`, else the log's
    /// supplement requests caused by the citizen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts_citizen_fault: Option<u32>,
    /// Bodies the citizen had to contact, the one-stop desk included, those required by law for
    /// site checks or councils excluded (indicator 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bodies_contacted: Option<u32>,
    /// Publication (indicator 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<PublicationInput>,
    /// Complaints and petitions (phản ánh, kiến nghị) about the staff's harassment or the trouble
    /// they caused on this dossier, except those the competent body concluded were untrue or
    /// slanderous: those awaiting verification count (indicator 7, TT 01/2018 Art. 13(7)(c)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaints: Option<u32>,
    /// Complaints about the staff verified as founded (indicator 7), read when `complaints` is not
    /// given: the score then assumes none awaits verification, and its reason says so. Founded
    /// complaints are among `complaints`: more of them is an `invalid_input`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaints_verified: Option<u32>,
}

/// The period of a unit evaluation: a year, or one of its quarters.
#[derive(
    Clone, Copy, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PeriodInput {
    /// The year.
    pub year: i32,
    /// 1 to 4 for a quarter; absent for the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quarter: Option<u8>,
}

/// What a unit reports once for the period (indicators 5, 6, 8, 9).
#[derive(
    Clone,
    Debug,
    Default,
    Deserialize,
    thanthien_derive::Decode,
    Serialize,
    thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnitFactsInput {
    /// Procedures of the unit (indicator 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedures_total: Option<u32>,
    /// Of which received, appraised and decided (or, at district level, submitted for decision)
    /// at the one-stop desk (indicator 5, 2 points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedures_one_stop: Option<u32>,
    /// Of which received and returned at the desk (indicator 5, 1 point), the procedures NĐ
    /// 61/2018 Art. 14(5)(a),(b) exempts left out of both counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedures_received_at_desk: Option<u32>,
    /// Publication (indicator 6 at unit level; replaces the dossiers' average).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<PublicationInput>,
    /// Feedback and petitions received (indicator 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback_total: Option<u32>,
    /// Of which answered on time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback_on_time: Option<u32>,
    /// Feedback and petitions left protracted ("kéo dài", indicator 8: any gives 0 points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback_protracted: Option<u32>,
    /// Share of procedures offered online at level 3 or 4, % (indicator 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedures_online_pct: Option<f64>,
    /// Share of dossiers received online, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossiers_online_pct: Option<f64>,
    /// Online dossiers returned late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_late: Option<u32>,
    /// Online dossiers left unresolved (indicator 9: any gives 0 points, as a late one does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_unresolved: Option<u32>,
}

/// One dossier of a unit evaluation.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnitDossierInput {
    /// The dossier.
    pub dossier: DossierInput,
    /// What the log does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraInput>,
}
