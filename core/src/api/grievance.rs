//! `grievance.compute`: the deadlines of a complaint, denunciation or petition from its log.
use serde::{Deserialize, Serialize};

use crate::grievance::{self, CaseInput, GrievanceOutput, Law};
#[cfg(feature = "letters")]
use crate::letters::{
    CitizenInput, LetterInput, RenderOutput, UnitInput,
    answer::RenderRequest,
    notice::{self, NoticeCase},
    render::Format,
};
use crate::ruleset::{Rules, RulesetInput};
use crate::time::parse_moment_or_day;

/// Input of `grievance.compute`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrievanceInput {
    /// The case and its log.
    pub case: CaseInput,
    /// The day to judge it on (`YYYY-MM-DD` or a date-time; default: its last event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Administrator overrides (the working calendar, `grievance`: the unit's own periods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// Input of `grievance.notice`.
#[cfg(feature = "letters")]
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrievanceNoticeInput {
    /// The case and its log (its `id` is the notice's reference).
    pub case: CaseInput,
    /// What it is about, in a few words ("về việc …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The notice: `kind` `complaint_acceptance`, `complaint_refusal`,
    /// `denunciation_acceptance` or `denunciation_refusal`; `date` (default: the day the case
    /// was accepted or refused), `number`, `reason` (default: the refusal's note).
    pub letter: LetterInput,
    /// Issuing unit and signer.
    pub unit: UnitInput,
    /// The complainant or denouncer.
    pub citizen: CitizenInput,
    /// `html` (default), `text` or `sms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Print the second-language block under the Vietnamese text (its language tag, e.g. `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_language: Option<String>,
    /// Administrator overrides (the working calendar, the letters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// `grievance.notice`: the notice of acceptance or refusal of a complaint or denunciation.
#[cfg(feature = "letters")]
pub fn notice(input: GrievanceNoticeInput) -> crate::error::Result<RenderOutput> {
    let rules = Rules::new(input.ruleset.as_deref());
    let (cal, data) = (rules.calendar()?, rules.letters()?);
    let answer = compute_with(&rules, &cal, &input.case, None)?;
    let case = NoticeCase {
        input: &input.case,
        answer: &answer,
        subject: input.subject.as_deref(),
    };
    let req = RenderRequest {
        letter: &input.letter,
        unit: &input.unit,
        citizen: &input.citizen,
        format: input.format.unwrap_or(Format::Html),
        second_language: input.second_language.as_deref(),
    };
    notice::notice(
        &data,
        case,
        req,
        crate::ruleset::version::letters(&cal, &data),
    )
}

/// `grievance.compute`.
pub fn compute(input: GrievanceInput) -> crate::error::Result<GrievanceOutput> {
    let as_of = input
        .as_of
        .as_deref()
        .map(|t| parse_moment_or_day(t, "as_of").map(|t| t.date()))
        .transpose()?;
    let rules = Rules::new(input.ruleset.as_deref());
    let cal = rules.calendar()?;
    compute_with(&rules, &cal, &input.case, as_of)
}

/// A case computed on the call's calendar and grievance data.
fn compute_with(
    rules: &Rules<'_>,
    cal: &crate::calendar::Calendar,
    input: &CaseInput,
    as_of: Option<chrono::NaiveDate>,
) -> crate::error::Result<GrievanceOutput> {
    let case = grievance::read(input).map_err(|e| e.within("case"))?;
    let data = rules.grievance()?;
    let version = format!("{} / grievance {}", cal.version(), data.version);
    let law = Law { data: &data, cal };
    grievance::compute(&law, &case, input.id.clone(), as_of, version).map_err(|e| e.within("case"))
}
