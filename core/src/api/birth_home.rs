//! The home birth-registration model's operations: `birth_home.assess`, `birth_home.plan_visits`
//! and `birth_home.commune_report`; their envelopes and adapters over [`crate::birth_home`].
use serde::{Deserialize, Serialize};
#[cfg(feature = "desk")]
use serde_json::Value;

use crate::birth_home::BirthHome;
#[cfg(feature = "desk")]
use crate::birth_home::plan::{self, PlanOutput};
use crate::birth_home::record::moment;
#[cfg(feature = "desk")]
use crate::birth_home::report::{self, CommuneReportOutput};
use crate::birth_home::{ApplicationInput, AssessOutput, Context, assess::assess as assess_one};
use crate::error::Result;
use crate::ruleset::{Rules, RulesetInput, Shared, version};

/// Input of `birth_home.assess`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssessInput {
    /// The application.
    pub application: ApplicationInput,
    /// The moment of the assessment (default: the application date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

#[cfg(feature = "desk")]
/// Input of `birth_home.plan_visits`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanInput {
    /// The applications (each as for `birth_home.assess`, with an optional `id`).
    #[cfg_attr(feature = "wasm", tsify(type = "ApplicationInput[]"))]
    pub applications: Vec<Value>,
    /// Visits per working day (default: the model's `visits_per_working_day`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<i64>,
    /// First day of the plan, `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub from: String,
    /// The moment of planning: applications are assessed then, and nothing is placed before it.
    pub as_of: String,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

#[cfg(feature = "desk")]
/// Input of `birth_home.commune_report`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CommuneReportInput {
    /// The registrations.
    #[cfg_attr(feature = "wasm", tsify(type = "RegistrationInput[]"))]
    pub registrations: Vec<Value>,
    /// The year reported.
    pub year: i32,
    /// Administrator overrides (`birth_home.report_weights`, the communes of the model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// Runs `f` with what an assessment needs: the model's data (given, when already resolved),
/// the calendar and the catalog of the call's rules.
fn with_context<T>(
    rules: Rules<'_>,
    data: Option<Shared<BirthHome>>,
    f: impl FnOnce(&Context<'_>) -> Result<T>,
) -> Result<T> {
    let data = match data {
        Some(d) => d,
        None => rules.birth_home()?,
    };
    let (cal, catalog) = (rules.calendar()?, rules.catalog()?);
    f(&Context {
        data: &data,
        cal: &cal,
        catalog: &catalog,
        version: version::birth_home(&cal, &catalog, &data),
    })
}

/// `birth_home.assess`.
pub fn assess(input: AssessInput) -> Result<AssessOutput> {
    with_context(Rules::new(input.ruleset.as_deref()), None, |ctx| {
        let as_of = input
            .as_of
            .as_deref()
            .map(|t| moment(t, "as_of"))
            .transpose()?;
        assess_one(ctx, &input.application, as_of, "application")
    })
}

/// `birth_home.plan_visits`.
#[cfg(feature = "desk")]
pub fn plan_visits(input: PlanInput) -> Result<PlanOutput> {
    plan::check_count(input.applications.len())?;
    let rules = Rules::new(input.ruleset.as_deref());
    let data = rules.birth_home()?;
    let capacity = plan::capacity(input.capacity, &data)?;
    with_context(rules, Some(data), |ctx| {
        let as_of = moment(&input.as_of, "as_of")?;
        let from = crate::time::parse_date(&input.from, "from")?;
        plan::plan(ctx, input.applications, capacity, from, as_of)
    })
}

/// `birth_home.commune_report`.
#[cfg(feature = "desk")]
pub fn commune_report(input: CommuneReportInput) -> Result<CommuneReportOutput> {
    crate::de::check_batch(input.registrations.len(), "registrations")?;
    crate::time::check_year(input.year, "year")?;
    let rules = Rules::new(input.ruleset.as_deref());
    let (data, cal, catalog) = (rules.birth_home()?, rules.calendar()?, rules.catalog()?);
    let version = version::birth_home(&cal, &catalog, &data);
    let law = (&*cal, &*catalog);
    report::commune_report(&data, law, input.registrations, input.year, version)
}
