//! The year-end report's operations (see [`crate::report`]): `report.year_end` in one call,
//! `report.accumulate` and `report.finish` to stream any number of dossiers in chunks with the
//! counters handed back as JSON, and `report.render` for the print-ready HTML.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
#[cfg(feature = "raw-text")]
use serde_json::value::RawValue;

use crate::time::parse_moment_or_day;

use crate::birth_home::report::commune_report;
use crate::error::{Error, Result};
use crate::evaluation::UnitFactsInput;
use crate::report::grievances::GrievanceReport;
use crate::report::{self, Context, ErrorSample, Item, ReportState, Sections, YearEndReport};
use crate::ruleset::{Rules, RulesetInput, version};
use crate::survey::{SurveyInput, score_input};

/// Home-birth registrations for the report.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BirthHomeSection {
    /// As for `birth_home.commune_report`.
    #[cfg_attr(feature = "wasm", tsify(type = "RegistrationInput[]"))]
    pub registrations: Vec<Value>,
}

/// Complaints, denunciations, petitions and reception days for the report.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrievanceSection {
    /// The log (`case` of `grievance.compute` each); indicator 8 is then scored from it.
    #[cfg_attr(feature = "wasm", tsify(type = "CaseInput[]"))]
    pub cases: Vec<Value>,
    /// The chairperson's reception days in the year (`YYYY-MM-DD`), checked against the law for
    /// the unit's level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reception_sessions: Option<Vec<String>>,
}

/// Input of `report.year_end`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Complaints, denunciations, petitions and reception days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grievances: Option<GrievanceSection>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// Input of `report.accumulate`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    pub ruleset: Option<Box<RulesetInput>>,
}

/// A line not passed on.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RejectedLine {
    /// Line number.
    pub line: u64,
    /// Its size in bytes.
    pub bytes: u64,
    /// Why it was not passed on, when not for its size (e.g. the engine could not take it in a
    /// chunk); counted as this error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
}

/// Answer of `report.accumulate`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AccumulateOutput {
    /// The counters with this chunk added.
    pub state: ReportState,
    /// Every record of this chunk that could not be counted, with its line (the state keeps
    /// only the first [`report::MAX_ERROR_SAMPLES`] of the whole report).
    pub errors: Vec<ErrorSample>,
}

/// Input of `report.merge`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MergeInput {
    /// The counters of the first lines.
    pub state: ReportState,
    /// The counters of the lines after them, in order: each counted apart (`report.accumulate`
    /// from no state) over lines that all come after those of the state before it, each call
    /// given the lines' numbers in the whole file (`lines`), which its error samples and its
    /// procedures' `first_line` keep.
    pub later: Vec<ReportState>,
}

/// Answer of `report.merge`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MergeOutput {
    /// The counters of all those lines, as one pass over them would count them.
    pub state: ReportState,
}

/// Input of `report.finish`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Complaints, denunciations, petitions and reception days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grievances: Option<GrievanceSection>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// Input of `report.render`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RenderReportOutput {
    /// The page.
    pub html: String,
}

/// Runs `f` with the report's context and its `ruleset_version`.
fn with_context<T>(
    rules: &Rules<'_>,
    f: impl FnOnce(&Context<'_>, String) -> Result<T>,
) -> Result<T> {
    let (cal, catalog) = (rules.calendar()?, rules.catalog()?);
    let (letters, evaluation) = (rules.letters()?, rules.evaluation()?);
    let version = version::report(&cal, &catalog, evaluation);
    let ctx = Context {
        cal: &cal,
        catalog: &catalog,
        letters: &letters,
        rules: evaluation,
    };
    f(&ctx, version)
}

/// What the report reads besides the dossiers.
struct Extra<'a> {
    surveys: Option<Value>,
    birth_home: Option<BirthHomeSection>,
    unit_facts: Option<&'a UnitFactsInput>,
    grievances: Option<GrievanceSection>,
}

/// The report's sections from the surveys, the home-birth registrations and the grievance log
/// given with it.
fn sections<'a>(
    (unit, year): (&str, i32),
    extra: Extra<'a>,
    rules: &Rules<'_>,
) -> Result<Sections<'a>> {
    let Extra {
        surveys,
        birth_home,
        unit_facts,
        grievances,
    } = extra;
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
    let satisfaction = surveys
        .map(score_input)
        .transpose()
        .map_err(|e| e.within("surveys"))?;
    let birth_home = match birth_home {
        Some(b) => {
            crate::de::check_batch(b.registrations.len(), "registrations")?;
            crate::time::check_year(year, "year")?;
            let (data, cal, catalog) = (rules.birth_home()?, rules.calendar()?, rules.catalog()?);
            let version = version::birth_home(&cal, &catalog, &data);
            let law = (&*cal, &*catalog);
            Some(commune_report(&data, law, b.registrations, year, version)?)
        }
        None => None,
    };
    let grievances = grievances
        .map(|g| grievance_section(rules, (unit, year), g))
        .transpose()?;
    Ok(Sections {
        unit_facts,
        satisfaction,
        birth_home,
        grievances,
    })
}

/// The grievance section of `unit`'s `year`.
fn grievance_section(
    rules: &Rules<'_>,
    (unit, year): (&str, i32),
    g: GrievanceSection,
) -> Result<GrievanceReport> {
    crate::de::check_batch(g.cases.len(), "grievances.cases")?;
    crate::time::check_year(year, "year")?;
    let (from, to) = year_span(year);
    let level = rules.letters()?.unit_on(unit, to).and_then(|u| u.level);
    let sessions = g
        .reception_sessions
        .map(|list| {
            crate::de::check_batch(list.len(), "grievances.reception_sessions")?;
            list.iter()
                .enumerate()
                .map(|(i, s)| {
                    let path = format!("grievances.reception_sessions[{i}]");
                    parse_moment_or_day(s, &path).map(|t| t.date())
                })
                .collect::<Result<Vec<_>>>()
        })
        .transpose()?;
    let (cal, data) = (rules.calendar()?, rules.grievance()?);
    let law = crate::grievance::Law {
        data: &data,
        cal: &cal,
    };
    let sessions = sessions.as_deref().map(|s| (s, level));
    report::grievances::section(&law, (from, to), g.cases, sessions)
}

fn year_span(year: i32) -> (NaiveDate, NaiveDate) {
    let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).unwrap_or_default();
    (day(1, 1), day(12, 31))
}

/// Refuses a unit no data names (`unknown_unit` at `path`): a report of a unit that does not
/// exist would look signed and ranked.
fn known_unit(rules: &Rules<'_>, unit: &str, path: &str) -> Result<()> {
    rules.with_units(|units| units.known(unit, path))
}

fn too_many(n: usize) -> Result<()> {
    crate::de::check_batch(n, "dossiers")
}

/// `report.year_end`.
pub fn year_end(input: YearEndInput) -> Result<YearEndReport> {
    too_many(input.dossiers.len())?;
    let mut state = ReportState::new(&input.unit, input.year)?;
    let rules = Rules::new(input.ruleset.as_deref());
    known_unit(&rules, &input.unit, "unit")?;
    let extra = Extra {
        surveys: input.surveys,
        birth_home: input.birth_home,
        unit_facts: input.unit_facts.as_ref(),
        grievances: input.grievances,
    };
    let sections = sections((&input.unit, input.year), extra, &rules)?;
    with_context(&rules, |ctx, version| {
        for (i, d) in input.dossiers.into_iter().enumerate() {
            let _ = report::add(&mut state, ctx, Item::value(d), i as u64 + 1);
        }
        report::finish(state, ctx, sections, version)
    })
}

/// `report.accumulate`.
pub fn accumulate(input: AccumulateInput) -> Result<AccumulateOutput> {
    let AccumulateInput {
        state,
        unit,
        year,
        dossiers,
        lines,
        rejected,
        ruleset,
    } = input;
    let envelope = Envelope {
        state,
        unit,
        year,
        lines,
        rejected,
        ruleset,
    };
    count(envelope, dossiers.into_iter().map(Item::value).collect())
}

/// `report.accumulate`'s input as the text path reads it: the fields of [`AccumulateInput`],
/// the dossiers kept as their texts.
#[cfg(feature = "raw-text")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccumulateText {
    #[serde(default)]
    state: Option<ReportState>,
    unit: String,
    year: i32,
    dossiers: Vec<Box<RawValue>>,
    #[serde(default)]
    lines: Option<Vec<u64>>,
    #[serde(default)]
    rejected: Option<Vec<RejectedLine>>,
    #[serde(default)]
    ruleset: Option<Box<RulesetInput>>,
}

/// `report.accumulate` on the text path: each dossier read straight from its text into its
/// record ([`Item::text`]) rather than into a JSON value first. An input this way does not take
/// (one the strict reader refuses, or answers with an error) is read the strict way, which
/// answers it as before.
#[cfg(feature = "raw-text")]
pub fn accumulate_text(text: &str) -> Result<AccumulateOutput> {
    let read = crate::de::read_text::<AccumulateText>(text).and_then(|a| {
        let items: Option<Vec<Item>> = a.dossiers.iter().map(|d| Item::text(d.get())).collect();
        items.map(|items| (a, items))
    });
    let Some((a, items)) = read else {
        return accumulate(crate::de::from_text(text)?);
    };
    let envelope = Envelope {
        state: a.state,
        unit: a.unit,
        year: a.year,
        lines: a.lines,
        rejected: a.rejected,
        ruleset: a.ruleset,
    };
    count(envelope, items)
}

/// `report.accumulate` on the text path of a build without `raw-text` (the browser packages):
/// the strict way.
#[cfg(not(feature = "raw-text"))]
pub fn accumulate_text(text: &str) -> Result<AccumulateOutput> {
    accumulate(crate::de::from_text(text)?)
}

/// What `report.accumulate` is given besides its dossiers.
struct Envelope {
    state: Option<ReportState>,
    unit: String,
    year: i32,
    lines: Option<Vec<u64>>,
    rejected: Option<Vec<RejectedLine>>,
    ruleset: Option<Box<RulesetInput>>,
}

/// Counts a chunk's records into the state handed back (a new one for the first chunk).
fn count(input: Envelope, dossiers: Vec<Item>) -> Result<AccumulateOutput> {
    too_many(dossiers.len())?;
    let rules = Rules::new(input.ruleset.as_deref());
    let mut state = match input.state {
        Some(mut s) => {
            s.check()?;
            known_unit(&rules, &s.unit, "state.unit")?;
            s
        }
        None => {
            known_unit(&rules, &input.unit, "unit")?;
            ReportState::new(&input.unit, input.year)?
        }
    };
    let next = state.records + 1;
    let lines = input.lines.unwrap_or_default();
    let dossiers = (dossiers.into_iter().enumerate())
        .map(|(i, d)| (lines.get(i).copied().unwrap_or(next + i as u64), d))
        .collect();
    let refused = (input.rejected.unwrap_or_default().into_iter())
        .map(|r| (r.line, r.bytes, r.error))
        .collect();
    let mut errors = Vec::new();
    with_context(&rules, |ctx, _| {
        errors = report::add_chunk(&mut state, ctx, dossiers, refused);
        Ok(())
    })?;
    Ok(AccumulateOutput { state, errors })
}

/// `report.merge`: states counted apart, for instance on several cores, made one (see
/// [`ReportState::merge`]).
pub fn merge(input: MergeInput) -> Result<MergeOutput> {
    crate::de::check_batch(input.later.len(), "later")?;
    let mut state = input.state;
    state.check()?;
    for (i, mut later) in input.later.into_iter().enumerate() {
        let path = format!("later[{i}]");
        later.check().map_err(|mut e| {
            e.path = match e.path.strip_prefix("state") {
                Some(rest) => format!("{path}{rest}"),
                None => format!("{path}.{}", e.path),
            };
            e
        })?;
        state.merge(later, &path)?;
    }
    state.check()?;
    Ok(MergeOutput { state })
}

/// `report.finish`.
pub fn finish(mut input: FinishInput) -> Result<YearEndReport> {
    input.state.check()?;
    let rules = Rules::new(input.ruleset.as_deref());
    known_unit(&rules, &input.state.unit, "state.unit")?;
    let extra = Extra {
        surveys: input.surveys,
        birth_home: input.birth_home,
        unit_facts: input.unit_facts.as_ref(),
        grievances: input.grievances,
    };
    let sections = sections((&input.state.unit, input.state.year), extra, &rules)?;
    with_context(&rules, |ctx, version| {
        report::finish(input.state, ctx, sections, version)
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

#[cfg(all(test, feature = "raw-text"))]
mod tests {
    use super::*;

    /// A chunk is read with its dossiers kept as texts, a record then read straight from its
    /// text; a broken line (a JSON string) and a key named twice go through the value.
    #[test]
    fn a_chunk_is_read_with_its_dossiers_as_texts() {
        let text = r#"{"unit":"29461","year":2025,"dossiers":[{"dossier":{"procedure_code":"ho_tich.khai_sinh","events":[{"type":"received","at":"2025-03-03T08:00"}]}},"not json"]}"#;
        let a = crate::de::read_text::<AccumulateText>(text);
        let dossiers = a.map(|a| a.dossiers).unwrap_or_default();
        assert_eq!(dossiers.len(), 2);
        let items: Vec<Option<Item>> = dossiers.iter().map(|d| Item::text(d.get())).collect();
        assert!(items[0].as_ref().is_some_and(Item::is_read));
        assert!(items[1].as_ref().is_some_and(|i| !i.is_read()));
        assert!(Item::text(r#"{"dossier":{},"dossier":{}}"#).is_none());
    }
}
