//! The year-end report's operations (see [`crate::report`]): `report.year_end` in one call,
//! `report.accumulate` and `report.finish` to stream any number of dossiers in chunks with the
//! counters handed back as JSON, and `report.render` for the print-ready HTML.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::birth_home::report::{CommuneReportInput, CommuneReportOutput, commune_report};
use crate::api::deadline::catalog_for;
use crate::api::evaluation::UnitFactsInput;
use crate::api::letters::letter_data;
use crate::api::survey::{SurveyInput, SurveyOutput, score};
use crate::api::{MAX_BATCH, calendar_for};
use crate::error::Result;
use crate::evaluation::Evaluation;
use crate::report::{self, Context, ReportState, YearEndReport};
use crate::ruleset::RulesetInput;

/// Home-birth registrations for the report.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct BirthHomeSection {
    /// As for `birth_home.commune_report`.
    #[cfg_attr(feature = "wasm", tsify(type = "RegistrationInput[]"))]
    pub registrations: Vec<Value>,
}

/// Input of `report.year_end`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct YearEndInput {
    /// The unit's code.
    pub unit: String,
    /// The year.
    pub year: i32,
    /// Its dossiers (`{dossier, extra?}` or bare dossiers).
    #[cfg_attr(feature = "wasm", tsify(type = "unknown[]"))]
    pub dossiers: Vec<Value>,
    /// Satisfaction surveys: the responses (`[{"answers": …}]`, scored with the default
    /// questionnaire), or `{"questionnaire"?, "responses"}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown[] | SurveyInput"))]
    pub surveys: Option<Value>,
    /// Home-birth registrations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_home: Option<BirthHomeSection>,
    /// What the unit reports once (TT 01/2018 indicators 5, 6, 8, 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_facts: Option<UnitFactsInput>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// Input of `report.accumulate`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AccumulateInput {
    /// The counters so far (absent for the first chunk).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ReportState>,
    /// The unit's code (first chunk).
    pub unit: String,
    /// The year (first chunk).
    pub year: i32,
    /// This chunk's dossiers.
    #[cfg_attr(feature = "wasm", tsify(type = "unknown[]"))]
    pub dossiers: Vec<Value>,
    /// Line number of each dossier (default: the records read so far + 1, + 2, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<u64>>,
    /// Lines the caller could not pass on (too large), counted as errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<Vec<RejectedLine>>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// A line not passed on.
#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RejectedLine {
    /// Line number.
    pub line: u64,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Answer of `report.accumulate`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AccumulateOutput {
    /// The counters with this chunk added.
    pub state: ReportState,
}

/// Input of `report.finish`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct FinishInput {
    /// The counters.
    pub state: ReportState,
    /// Satisfaction surveys: responses, or `{"questionnaire"?, "responses"}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown[] | SurveyInput"))]
    pub surveys: Option<Value>,
    /// Home-birth registrations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_home: Option<BirthHomeSection>,
    /// What the unit reports once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_facts: Option<UnitFactsInput>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// Input of `report.render`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RenderReportInput {
    /// The report (`report.year_end` or `report.finish`).
    pub report: YearEndReport,
    /// Document number (blank to write by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Place and date line (default: the unit's place, the year, day and month blank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_line: Option<String>,
    /// Signer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
}

/// Answer of `report.render`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RenderReportOutput {
    /// The page.
    pub html: String,
}

fn with_context<T>(
    ruleset: Option<&RulesetInput>,
    f: impl FnOnce(&Context<'_>) -> Result<T>,
) -> Result<T> {
    let cal = calendar_for(ruleset)?;
    let catalog = catalog_for(ruleset)?;
    let letters = letter_data(ruleset)?;
    let ctx = Context {
        cal: &cal,
        catalog: &catalog,
        letters: &letters,
        rules: Evaluation::default_ref()?,
    };
    f(&ctx)
}

fn sections(
    year: i32,
    surveys: Option<Value>,
    birth_home: Option<BirthHomeSection>,
    ruleset: Option<&RulesetInput>,
) -> Result<(Option<SurveyOutput>, Option<CommuneReportOutput>)> {
    let surveys = surveys
        .map(|v| match v {
            Value::Array(responses) => Ok(SurveyInput {
                questionnaire: None,
                responses,
            }),
            v => crate::de::from_value::<SurveyInput>(v),
        })
        .transpose()
        .map_err(|e| e.within("surveys"))?;
    let s = surveys
        .map(score)
        .transpose()
        .map_err(|e| e.within("surveys"))?;
    let b = birth_home
        .map(|b| {
            commune_report(CommuneReportInput {
                registrations: b.registrations,
                year,
                ruleset: ruleset.cloned(),
            })
        })
        .transpose()?;
    Ok((s, b))
}

fn too_many(n: usize) -> Result<()> {
    if n > MAX_BATCH {
        return Err(crate::api::batch_too_large(n).at("dossiers"));
    }
    Ok(())
}

/// `report.year_end`.
pub fn year_end(input: YearEndInput) -> Result<YearEndReport> {
    too_many(input.dossiers.len())?;
    let mut state = ReportState::new(&input.unit, input.year)?;
    let ruleset = input.ruleset.as_ref();
    let (satisfaction, birth_home) =
        sections(input.year, input.surveys, input.birth_home, ruleset)?;
    with_context(ruleset, |ctx| {
        for (i, d) in input.dossiers.into_iter().enumerate() {
            report::add(&mut state, ctx, d, i as u64 + 1);
        }
        report::finish(
            &state,
            ctx,
            input.unit_facts.as_ref(),
            satisfaction,
            birth_home,
        )
    })
}

/// `report.accumulate`.
pub fn accumulate(input: AccumulateInput) -> Result<AccumulateOutput> {
    too_many(input.dossiers.len())?;
    let mut state = match input.state {
        Some(s) => {
            s.check()?;
            s
        }
        None => ReportState::new(&input.unit, input.year)?,
    };
    let next = state.records + 1;
    let lines = input.lines.unwrap_or_default();
    with_context(input.ruleset.as_ref(), |ctx| {
        for (i, d) in input.dossiers.into_iter().enumerate() {
            let line = lines.get(i).copied().unwrap_or(next + i as u64);
            report::add(&mut state, ctx, d, line);
        }
        Ok(())
    })?;
    for r in input.rejected.unwrap_or_default() {
        report::reject(&mut state, r.line, r.bytes);
    }
    Ok(AccumulateOutput { state })
}

/// `report.finish`.
pub fn finish(input: FinishInput) -> Result<YearEndReport> {
    let ruleset = input.ruleset.as_ref();
    let (satisfaction, birth_home) =
        sections(input.state.year, input.surveys, input.birth_home, ruleset)?;
    with_context(ruleset, |ctx| {
        report::finish(
            &input.state,
            ctx,
            input.unit_facts.as_ref(),
            satisfaction,
            birth_home,
        )
    })
}

/// `report.render`.
pub fn render(input: RenderReportInput) -> Result<RenderReportOutput> {
    Ok(RenderReportOutput {
        html: report::html::render(
            &input.report,
            input.number.as_deref(),
            input.date_line.as_deref(),
            input.signer.as_deref(),
        )?,
    })
}
