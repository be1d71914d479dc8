//! What the home-birth assessment answers: each criterion with its code and result, the route,
//! the priority score's parts, and where the family lives as the service area sees it.
use crate::deadline::fee::FeeBasis;
use serde::{Deserialize, Serialize};

/// The criteria (the contract's codes, which a commune may name as advisory; written by
/// [`CriterionCode::as_str`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, thanthien_derive::Decode)]
#[serde(rename_all = "snake_case")]
pub enum CriterionCode {
    /// A parent resides in the commune (Art. 13).
    ResidentCommune,
    /// The commune runs the model on the date.
    ProgramCommune,
    /// No foreign element (Art. 35).
    NoForeignElement,
    /// Within the registration period (Art. 15(1)).
    #[serde(rename = "within_60_days")]
    Within60Days,
    /// The papers of Art. 16(1).
    Papers,
    /// No paternity recognition combined (or the commune handles it at home).
    NoPaternityRecognition,
    /// Within the service area.
    ServiceArea,
    /// The child is alive.
    ChildAlive,
}

impl CriterionCode {
    /// Every criterion, in the order answers list them.
    pub const ALL: [CriterionCode; 8] = [
        CriterionCode::ResidentCommune,
        CriterionCode::ProgramCommune,
        CriterionCode::NoForeignElement,
        CriterionCode::Within60Days,
        CriterionCode::Papers,
        CriterionCode::NoPaternityRecognition,
        CriterionCode::ServiceArea,
        CriterionCode::ChildAlive,
    ];

    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            CriterionCode::ResidentCommune => "resident_commune",
            CriterionCode::ProgramCommune => "program_commune",
            CriterionCode::NoForeignElement => "no_foreign_element",
            CriterionCode::Within60Days => "within_60_days",
            CriterionCode::Papers => "papers",
            CriterionCode::NoPaternityRecognition => "no_paternity_recognition",
            CriterionCode::ServiceArea => "service_area",
            CriterionCode::ChildAlive => "child_alive",
        }
    }
}

/// Where a family is served (written by [`Route::as_str`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, thanthien_derive::Decode)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// A home visit.
    HomeVisit,
    /// The one-stop desk.
    Office,
    /// The desk, with care (a child who has died).
    OfficeWithCare,
}

impl Route {
    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            Route::HomeVisit => "home_visit",
            Route::Office => "office",
            Route::OfficeWithCare => "office_with_care",
        }
    }
}

crate::de::encode::write_as_str!(CriterionCode, Route);

/// Result of one criterion.
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
pub enum CriterionResult {
    /// Met.
    Pass,
    /// Not met.
    Fail,
    /// Cannot tell from what was given.
    NeedsInformation,
}

/// One criterion.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Criterion {
    /// Stable code.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub code: CriterionCode,
    /// Result.
    pub result: CriterionResult,
    /// Why, in Vietnamese.
    pub reason_vi: String,
    /// Why, in English.
    pub reason_en: String,
    /// Legal source or the model's data.
    pub source: String,
}

/// One part of the priority score.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoreComponent {
    /// Stable code.
    pub code: String,
    /// Points given.
    pub points: f64,
    /// Points possible.
    pub max: f64,
}

/// Answer of `birth_home.assess`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssessOutput {
    /// Every criterion passes: a home visit is offered.
    pub eligible: bool,
    /// `home_visit`, `office` or `office_with_care` (a child who has died).
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub route: Route,
    /// Each criterion.
    pub criteria: Vec<Criterion>,
    /// What the family should do next, in plain Vietnamese.
    pub next_step_vi: String,
    /// The same in English.
    pub next_step_en: String,
    /// Fee, đồng: 0 when exempt (Luật Hộ tịch Art. 11(1)(a)) or on time (11(1)(b)); absent
    /// when late and no source gives the province's amount (`fee_reason_vi` says who sets it).
    pub fee: Option<u64>,
    /// Source of the fee.
    pub fee_source: String,
    /// `exempt`, `on_time`, `late` or `unknown`.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub fee_basis: FeeBasis,
    /// The fee in words, Vietnamese.
    pub fee_reason_vi: String,
    /// The same in English.
    pub fee_reason_en: String,
    /// Birth + the registration period (60 days, Luật Hộ tịch Art. 15).
    pub registration_deadline: String,
    /// Days from `as_of` to the deadline (negative when past).
    pub days_left: i64,
    /// When the certificate would be ready (same day; next working day after 15:00).
    pub ready_at: String,
    /// Priority 0–100.
    pub score: f64,
    /// Its parts.
    pub score_components: Vec<ScoreComponent>,
    /// The commune's code on the assessment date (after the 2025 reorganisation).
    pub commune_code_on_date: String,
    /// True when a day used comes from an unconfirmed schedule, or when the commune runs the
    /// model only by an assumption of the data (its criterion's source says which).
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

/// Where the family lives, as the service area sees it.
pub struct Place {
    /// The hamlet named and not in the commune's list.
    pub unlisted_hamlet: Option<String>,
    /// Distance to the commune office, given or from the hamlet list.
    pub distance_km: Option<f64>,
    /// In a remote hamlet (said by the family, or by the list).
    pub remote: bool,
}
