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
use crate::ruleset::{Rules, RulesetInput};

/// Input of `evaluation.dossier`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DossierEvaluationInput {
    /// The dossier, as for `deadline.compute`.
    pub dossier: DossierInput,
    /// What the log does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraInput>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// Input of `evaluation.unit`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// What scoring needs, from the call's rules.
fn context<'r>(rules: &'r Rules<'_>) -> Result<Context<'r>> {
    Ok(Context {
        cal: rules.calendar()?,
        catalog: rules.catalog()?,
        rules: rules.evaluation()?,
        version: rules.evaluation_version()?,
    })
}

/// `evaluation.dossier`.
pub fn dossier(input: DossierEvaluationInput) -> Result<DossierEvaluation> {
    let rules = Rules::new(input.ruleset.as_ref());
    let ctx = context(&rules)?;
    evaluate(&ctx, &input.dossier, &input.extra.unwrap_or_default())
}

/// `evaluation.unit`.
pub fn unit(input: UnitEvaluationInput) -> Result<UnitEvaluation> {
    crate::de::check_batch(input.dossiers.len(), "dossiers")?;
    let period = period(input.period)?;
    let rules = Rules::new(input.ruleset.as_ref());
    let ctx = context(&rules)?;
    let facts = input.unit_facts.as_ref();
    evaluate_unit(&ctx, input.unit, period, input.dossiers, facts)
}
