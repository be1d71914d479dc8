//! The records the home-birth model reads: a family's application (parents, papers, household)
//! and a registered birth for the commune report; and the one reading of their dates.
use serde::{Deserialize, Serialize};

#[cfg(feature = "desk")]
use crate::error::Result;

/// A parent.
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
pub struct ParentInput {
    /// Nationality (`VN`, `VNM`, `Việt Nam`, `Vietnam` or `Vietnamese` for Vietnamese).
    pub nationality: String,
    /// Commune of residence (GSO code before 01/07/2025).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_commune_code: Option<String>,
    /// A Vietnamese citizen settled abroad (công dân Việt Nam định cư ở nước ngoài): the birth
    /// then has a foreign element (Luật Hộ tịch Art. 35(1)(b), (c)). False by default.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub settled_abroad: bool,
}

/// The household's circumstances (all optional, false by default).
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
pub struct HouseholdInput {
    /// Poor household (hộ nghèo): registration is free (Luật Hộ tịch Art. 11(1)(a)).
    #[serde(default)]
    pub poor: bool,
    /// A family with meritorious service to the revolution (gia đình có công với cách mạng):
    /// registration is free (Art. 11(1)(a)).
    #[serde(default)]
    pub meritorious_service: bool,
    /// Near-poor household (hộ cận nghèo).
    #[serde(default)]
    pub near_poor: bool,
    /// A member with a disability.
    #[serde(default)]
    pub disability: bool,
    /// Single parent.
    #[serde(default)]
    pub single_parent: bool,
    /// Ethnic minority (e.g. Khmer).
    #[serde(default)]
    pub ethnic_minority: bool,
    /// Lives in a remote hamlet.
    #[serde(default)]
    pub remote_hamlet: bool,
    /// The mother is recovering from the birth.
    #[serde(default)]
    pub postpartum_mother: bool,
    /// Residence and health-insurance registration asked for together.
    #[serde(default)]
    pub bundled_registration: bool,
}

/// An application.
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
pub struct ApplicationInput {
    /// The caller's reference for the application (echoed in plans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Commune applied to (GSO code before 01/07/2025, e.g. 29461 = thị trấn Trà Cú).
    pub commune_code: String,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub child_birth_date: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (Vietnam time).
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::DateOrMoment"))]
    pub application_date: String,
    /// Born in Vietnam.
    pub born_in_vietnam: bool,
    /// The child is alive.
    pub child_alive: bool,
    /// Parents.
    pub parents: Vec<ParentInput>,
    /// Papers at hand: `birth_certificate_paper`, `witness_statement`, `commitment`.
    #[serde(default)]
    pub documents: Vec<String>,
    /// Paternity or maternity recognition combined with the registration.
    #[serde(default)]
    pub paternity_recognition: bool,
    /// Household circumstances.
    #[serde(default)]
    pub household: HouseholdInput,
    /// Hamlet of residence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hamlet: Option<String>,
    /// Distance from the commune office, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// The child has a disability: registration is free (Luật Hộ tịch Art. 11(1)(a)).
    #[serde(default)]
    pub child_disability: bool,
}

/// One registered birth.
#[cfg(feature = "desk")]
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegistrationInput {
    /// The caller's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Registering commune (GSO code before 01/07/2025, new code after).
    pub commune_code: String,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub child_birth_date: String,
    /// When the family applied (default: the certificate's date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_date: Option<String>,
    /// When the certificate was issued.
    pub certificate_date: String,
    /// The certificate was handed over at home.
    pub served_at_home: bool,
    /// Letters sent to the family (congratulation, thank-you, apology).
    #[serde(default)]
    pub letters_sent: u32,
}

pub use crate::time::parse_moment_or_day as moment;

/// The day of [`moment`].
#[cfg(feature = "desk")]
pub fn day(text: &str, path: &str) -> Result<chrono::NaiveDate> {
    moment(text, path).map(|t| t.date())
}
