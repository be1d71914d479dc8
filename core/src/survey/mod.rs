//! Citizens' satisfaction in the SIPAS style (Bộ Nội vụ; DOMAIN.md §5.2, QĐ 491/QĐ-UBND 2020 mục
//! III.1): per question, the share of "satisfied" and "very satisfied" answers among the valid
//! ones; per factor, the weighted mean of its questions' shares; overall, the weighted mean of
//! the factors'. Blank and invalid answers are counted and left out, never guessed.
//!
//! Intervals are 95 %: a question's is Wilson's score interval (sound near 0 and 1 and for small
//! counts); a factor's and the overall index's are Wilson's too, at the effective sample size
//! (Kish) that the linearised variance of the weighted mean gives with each respondent who has a
//! valid answer that weighs in it (a weight above 0) as a cluster (so that one person's answers
//! to several questions are not counted as independent), at most the valid answers that weigh in
//! it. The questionnaire and its weights are data
//! (`data/survey.toml`).
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::four_decimals;

mod index;
mod responses;
pub use index::score;
pub use responses::{InvalidResponse, SurveyInput, SurveyOutput, score_input};

const SURVEY_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/survey.json"));

/// The 97.5 % point of the standard normal distribution.
const Z: f64 = 1.959_963_984_540_054;

/// The answer scale.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Scale {
    /// Lowest answer.
    pub min: i64,
    /// Highest answer.
    pub max: i64,
    /// Answers at or above it are "satisfied".
    pub satisfied_from: i64,
    /// Labels of the answers, lowest first.
    #[serde(default)]
    pub labels: Vec<String>,
}

/// A question.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Question {
    /// Stable code, the key of the answers.
    pub code: String,
    /// The question in Vietnamese.
    pub text_vi: String,
    /// Weight within its factor (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// A factor.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Factor {
    /// Stable code.
    pub code: String,
    /// Name in Vietnamese.
    pub name_vi: String,
    /// Weight in the overall index.
    pub weight: f64,
    /// Its questions.
    pub questions: Vec<Question>,
}

/// A questionnaire.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Questionnaire {
    /// Identifier.
    pub id: String,
    /// Version.
    #[serde(default)]
    pub version: String,
    /// Its method and source.
    #[serde(default)]
    pub source: String,
    /// Whether its questions, scale or weights rest on a recalled or secondary source (`source`
    /// says which): its index is then not an official one, and its answers say so.
    #[serde(default)]
    pub provisional: bool,
    /// Why, in Vietnamese, for the report's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisional_reason_vi: Option<String>,
    /// The scale.
    pub scale: Scale,
    /// The factors (`factors` in JSON; `[[factor]]` tables in the TOML data).
    #[serde(rename = "factor", alias = "factors")]
    #[cfg_attr(feature = "schema", schemars(rename = "factors"))]
    pub factors: Vec<Factor>,
}

/// Largest weight of a factor or a question: weights are relative, and sums of weights near
/// `f64::MAX` overflow into an index of 0.
pub const MAX_WEIGHT: f64 = 1e6;

impl Questionnaire {
    /// The default five-factor questionnaire.
    pub fn default_ref() -> Result<&'static Questionnaire> {
        static DEFAULT: OnceLock<Result<Questionnaire>> = OnceLock::new();
        crate::de::shared(&DEFAULT, || {
            let q: Questionnaire = crate::de::from_data("survey.toml", SURVEY_JSON)?;
            q.check("")
                .map_err(|e| crate::de::internal("survey.toml", e))?;
            Ok(q)
        })
    }

    /// Refuses a questionnaire that cannot be scored, naming the entry: weights outside 0 to
    /// [`MAX_WEIGHT`] (sums of larger ones overflow into a wrong index), or all 0.
    pub fn check(&self, path: &str) -> Result<()> {
        let bad = |p: String, vi: String, en: String| Err(Error::questionnaire(p, vi, en));
        let negative = |p: String| {
            bad(
                p,
                format!("Trọng số phải là một số từ 0 đến {MAX_WEIGHT}"),
                format!("A weight must be a number from 0 to {MAX_WEIGHT}"),
            )
        };
        let all_zero = |p: String| {
            bad(
                p,
                "Mọi trọng số đều bằng 0: không tính được chỉ số".into(),
                "Every weight is 0: no index can be computed".into(),
            )
        };
        let weight_ok = |w: f64| w.is_finite() && (0.0..=MAX_WEIGHT).contains(&w);
        let at = |f: &str| {
            if path.is_empty() {
                f.to_owned()
            } else {
                format!("{path}.{f}")
            }
        };
        let s = &self.scale;
        if s.min >= s.max
            || s.satisfied_from <= s.min
            || s.satisfied_from > s.max
            || s.max.checked_sub(s.min).is_none_or(|d| d > 100)
        {
            return bad(
                at("scale"),
                "Thang điểm phải có min < satisfied_from ≤ max (tối đa 101 mức)".into(),
                "The scale needs min < satisfied_from ≤ max (at most 101 levels)".into(),
            );
        }
        if self.factors.is_empty() {
            return bad(
                at("factors"),
                "Bảng hỏi không có nhóm tiêu chí nào".into(),
                "The questionnaire has no factor".into(),
            );
        }
        let mut seen = BTreeMap::new();
        for (i, f) in self.factors.iter().enumerate() {
            let fp = at(&format!("factors[{i}]"));
            if !weight_ok(f.weight) {
                return negative(format!("{fp}.weight"));
            }
            if f.questions.is_empty() {
                return bad(
                    format!("{fp}.questions"),
                    format!("Nhóm '{}' không có câu hỏi", f.code),
                    format!("Factor '{}' has no question", f.code),
                );
            }
            for (j, q) in f.questions.iter().enumerate() {
                let qp = format!("{fp}.questions[{j}]");
                if q.weight.is_some_and(|w| !weight_ok(w)) {
                    return negative(format!("{qp}.weight"));
                }
                if let Some(first) = seen.insert(q.code.clone(), qp.clone()) {
                    return bad(
                        qp,
                        format!("Mã câu hỏi '{}' trùng với {first}", q.code),
                        format!("Question code '{}' repeats {first}", q.code),
                    );
                }
            }
            if f.questions.iter().all(|q| q.weight == Some(0.0)) {
                return all_zero(format!("{fp}.questions"));
            }
        }
        if self.factors.iter().all(|f| f.weight == 0.0) {
            return all_zero(at("factors"));
        }
        Ok(())
    }
}

/// A 95 % interval.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Interval {
    /// Lower bound, 0–1.
    pub low: f64,
    /// Upper bound, 0–1.
    pub high: f64,
}

/// Wilson's score interval for `k` successes in `n` trials.
pub fn wilson(k: u64, n: u64) -> Option<Interval> {
    if n == 0 {
        return None;
    }
    wilson_at(k as f64 / n as f64, n as f64)
}

/// Wilson's score interval of a share `p` of `n` answers, `n` a count or an effective one.
fn wilson_at(p: f64, n: f64) -> Option<Interval> {
    if n.is_nan() || n <= 0.0 {
        return None;
    }
    let z2 = Z * Z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    Some(Interval {
        low: four_decimals((centre - half).max(0.0)),
        high: four_decimals((centre + half).min(1.0)),
    })
}

/// How one answer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// No answer.
    Blank,
    /// Not a whole number of the scale.
    Invalid,
    /// A valid answer: the level chosen, and whether it counts as satisfied.
    Valid {
        /// The level on the scale.
        level: i64,
        /// At or above the scale's `satisfied_from`.
        satisfied: bool,
    },
}

/// Reads one answer against the scale.
pub fn read_answer(v: Option<&serde_json::Value>, scale: &Scale) -> Answer {
    match v {
        None | Some(serde_json::Value::Null) => Answer::Blank,
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Answer::Blank,
        Some(serde_json::Value::Number(n)) => match n.as_i64() {
            Some(x) if (scale.min..=scale.max).contains(&x) => Answer::Valid {
                level: x,
                satisfied: x >= scale.satisfied_from,
            },
            _ => Answer::Invalid,
        },
        Some(_) => Answer::Invalid,
    }
}

/// A question's result.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuestionResult {
    /// Code.
    pub code: String,
    /// The question.
    pub text_vi: String,
    /// Valid answers.
    pub valid: u64,
    /// Of which satisfied or very satisfied.
    pub satisfied: u64,
    /// Blank answers (left out).
    pub blank: u64,
    /// Invalid answers (left out).
    pub invalid: u64,
    /// Counts of each answer of the scale, lowest first.
    pub distribution: Vec<u64>,
    /// Satisfied share, 0–1 (absent without a valid answer).
    pub index: Option<f64>,
    /// Its 95 % interval (Wilson).
    pub ci95: Option<Interval>,
}

/// A factor's or the overall result.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndexResult {
    /// Code (`overall` for the whole).
    pub code: String,
    /// Name.
    pub name_vi: String,
    /// Weighted mean of the parts' indices, 0–1 (parts without a valid answer left out).
    pub index: Option<f64>,
    /// Its 95 % interval: Wilson's at the effective sample size of the linearised variance (each
    /// respondent with a valid answer that weighs in it a cluster), at most the valid answers
    /// that weigh in it; none under two such clusters.
    pub ci95: Option<Interval>,
    /// Valid answers under it.
    pub valid: u64,
    /// Respondents with a valid answer under it, answers of weight 0 included (so not always
    /// the clusters of `ci95`, which count only answers that weigh).
    pub respondents: u64,
}

/// A factor with its questions.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FactorResult {
    /// The factor's index.
    #[serde(flatten)]
    pub result: IndexResult,
    /// Weight.
    pub weight: f64,
    /// Its questions.
    pub questions: Vec<QuestionResult>,
}

/// The scores of a set of responses.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Scores {
    /// The questionnaire's id.
    pub questionnaire: String,
    /// Responses read.
    pub responses: u64,
    /// Responses without any valid answer.
    pub empty_responses: u64,
    /// Answers to codes the questionnaire does not have (left out).
    pub unknown_questions: BTreeMap<String, u64>,
    /// Per factor.
    pub factors: Vec<FactorResult>,
    /// Overall: the weighted mean of the factors with an index, so of fewer than all of them
    /// when a factor has no valid answer (DOMAIN.md §5.2 means all five).
    pub overall: IndexResult,
    /// The factors with an index and a weight above 0, which `overall` averages; absent from an
    /// answer saved by an earlier version.
    #[serde(default)]
    pub factors_scored: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_a_worked_value() {
        // 8 of 10, z² = 3.8415: centre (0.8 + 0.19207) / 1.38415 = 0.71673, half-width
        // 1.96 × √(0.016 + 0.0096) / 1.38415 = 0.22657: 0.4902–0.9433.
        let i = wilson(8, 10).unwrap();
        assert_eq!((i.low, i.high), (0.4902, 0.9433));
        assert_eq!(wilson(0, 0), None);
        let all = wilson(5, 5).unwrap();
        assert_eq!(all.high, 1.0);
    }

    #[test]
    fn the_default_questionnaire_loads() {
        let q = Questionnaire::default_ref().unwrap();
        assert_eq!(q.factors.len(), 5);
        assert_eq!(
            q.factors.iter().map(|f| f.questions.len()).sum::<usize>(),
            16
        );
    }
}
