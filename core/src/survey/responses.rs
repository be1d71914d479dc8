//! A set of responses as callers give them (`{"questionnaire"?, "responses"}`), read into the
//! answers [`super::score`] scores, with the responses that cannot be read listed.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Questionnaire, Scores, score as score_responses};
use crate::error::Result;

/// Input of `survey.score`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SurveyInput {
    /// The questionnaire (default: the five-factor questionnaire of `data/survey.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire: Option<Questionnaire>,
    /// Responses, each `{"id"?, "answers": {question code: 1–5 or null}}`.
    #[cfg_attr(
        feature = "wasm",
        tsify(type = "{id?: string, answers: Record<string, number | null>}[]")
    )]
    pub responses: Vec<Value>,
}

/// A response that could not be read at all.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InvalidResponse {
    /// Position in the input.
    pub index: usize,
    /// Why, in Vietnamese.
    pub reason_vi: String,
    /// Why, in English.
    pub reason_en: String,
}

/// Answer of `survey.score`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SurveyOutput {
    /// The scores.
    #[serde(flatten)]
    pub scores: Scores,
    /// Responses that are not `{"answers": {...}}` (left out, listed).
    pub invalid_responses: Vec<InvalidResponse>,
    /// The questionnaire's source.
    pub source: String,
    /// The questionnaire rests on a recalled or secondary source (the default one does: its
    /// questions, threshold and weights are not read in the annex of QĐ 1001/QĐ-BNV); absent
    /// from an answer saved by an earlier version (read as false).
    #[serde(default)]
    pub provisional: bool,
    /// Why, in Vietnamese (the questionnaire's), when it is provisional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisional_reason_vi: Option<String>,
}

/// The index of a set of responses (`survey.score`, and the year-end report's surveys): each
/// response read here, one that is not `{"answers": {...}}` listed, never guessed.
pub fn score_input(input: SurveyInput) -> Result<SurveyOutput> {
    let n = input.responses.len();
    crate::de::check_batch(n, "responses")?;
    let owned;
    let q = match &input.questionnaire {
        Some(q) => {
            q.check("questionnaire")?;
            owned = q.clone();
            &owned
        }
        None => Questionnaire::default_ref()?,
    };
    let mut answers = Vec::with_capacity(n);
    let mut invalid = Vec::new();
    for (i, r) in input.responses.into_iter().enumerate() {
        match r {
            Value::Object(mut o) => match o.remove("answers") {
                Some(Value::Object(a)) => answers.push(a),
                _ => invalid.push(InvalidResponse {
                    index: i,
                    reason_vi: "Phiếu không có mục 'answers' dạng đối tượng".into(),
                    reason_en: "The response has no 'answers' object".into(),
                }),
            },
            _ => invalid.push(InvalidResponse {
                index: i,
                reason_vi: "Phiếu không phải đối tượng JSON".into(),
                reason_en: "The response is not a JSON object".into(),
            }),
        }
    }
    Ok(SurveyOutput {
        scores: score_responses(q, &answers),
        invalid_responses: invalid,
        source: q.source.clone(),
        provisional: q.provisional,
        provisional_reason_vi: q
            .provisional
            .then(|| q.provisional_reason_vi.clone())
            .flatten(),
    })
}
