//! `evaluation.dossier` and `evaluation.unit`: their envelopes and adapters over
//! [`crate::evaluation`] (the TT 01/2018/TT-VPCP indicators, ranks and rounding).
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::deadline::DossierInput;
use crate::error::Result;
use crate::evaluation::unit::{evaluate_unit, period};
use crate::evaluation::{
    Context, DossierEvaluation, ExtraInput, PeriodInput, UnitEvaluation, UnitFactsInput,
    dossier::evaluate,
};
use crate::grievance::{self, GrievanceLogSummary, Law};
use crate::ruleset::{Rules, RulesetInput, version};

/// Input of `evaluation.dossier`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DossierEvaluationInput {
    /// The dossier, as for `deadline.compute`.
    pub dossier: DossierInput,
    /// What the log does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraInput>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// Input of `evaluation.unit`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnitEvaluationInput {
    /// The unit's code.
    pub unit: String,
    /// The quarter or the year.
    pub period: PeriodInput,
    /// Its dossiers (`{dossier, extra?}` each).
    #[cfg_attr(feature = "wasm", tsify(type = "UnitDossierInput[]"))]
    pub dossiers: Vec<Value>,
    /// What the unit reports once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_facts: Option<UnitFactsInput>,
    /// The unit's log of complaints, denunciations and petitions (`case` of `grievance.compute`
    /// each): indicator 8 is then scored from it, not from `unit_facts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "CaseInput[]"))]
    pub grievances: Option<Vec<Value>>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// The log of `cases` over `[from, to]` on the call's calendar.
pub(crate) fn grievance_log(
    rules: &Rules<'_>,
    cases: Option<Vec<Value>>,
    span: (chrono::NaiveDate, chrono::NaiveDate),
) -> Result<Option<GrievanceLogSummary>> {
    let Some(cases) = cases else { return Ok(None) };
    crate::de::check_batch(cases.len(), "grievances")?;
    let (cal, data) = (rules.calendar()?, rules.grievance()?);
    let law = Law {
        data: &data,
        cal: &cal,
    };
    Ok(Some(grievance::summarize(
        &law,
        (cases, "grievances"),
        span,
    )))
}

/// Runs `f` with what scoring needs, from the call's rules.
fn with_context<T>(rules: Rules<'_>, f: impl FnOnce(&Context<'_>) -> Result<T>) -> Result<T> {
    let (cal, catalog, evaluation) = (rules.calendar()?, rules.catalog()?, rules.evaluation()?);
    f(&Context {
        cal: &cal,
        catalog: &catalog,
        rules: evaluation,
        version: version::evaluation(&cal, evaluation),
    })
}

/// `evaluation.dossier`.
pub fn dossier(input: DossierEvaluationInput) -> Result<DossierEvaluation> {
    let extra = input.extra.unwrap_or_default();
    with_context(Rules::new(input.ruleset.as_deref()), |ctx| {
        evaluate(ctx, &input.dossier, &extra)
    })
}

/// `evaluation.unit`.
pub fn unit(input: UnitEvaluationInput) -> Result<UnitEvaluation> {
    crate::de::check_batch(input.dossiers.len(), "dossiers")?;
    let rules = Rules::new(input.ruleset.as_deref());
    rules.with_units(|units| {
        units.known(&input.unit, "unit")?;
        let period = period(input.period)?;
        let facts = input.unit_facts.as_ref();
        let log = grievance_log(&rules, input.grievances, (period.0, period.1))?;
        with_context(rules, |ctx| {
            let unit = (units, input.unit);
            evaluate_unit(ctx, unit, period, input.dossiers, (facts, log))
        })
    })
}
