//! Citizens' satisfaction in the SIPAS style (Bộ Nội vụ; DOMAIN.md §5.2, QĐ 491/QĐ-UBND 2020 mục
//! III.1): per question, the share of "satisfied" and "very satisfied" answers among the valid
//! ones; per factor, the weighted mean of its questions' shares; overall, the weighted mean of
//! the factors'. Blank and invalid answers are counted and left out, never guessed.
//!
//! Intervals are 95 %: a question's is Wilson's score interval (sound near 0 and 1 and for small
//! counts); a factor's and the overall index's come from the linearised variance of the weighted
//! mean with each respondent as a cluster, so that one person's answers to several questions are
//! not counted as independent. The questionnaire and its weights are data (`data/survey.toml`).
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};

const SURVEY_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/survey.json"));

/// The 97.5 % point of the standard normal distribution.
const Z: f64 = 1.959_963_984_540_054;

/// The answer scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Questionnaire {
    /// Identifier.
    pub id: String,
    /// Version.
    #[serde(default)]
    pub version: String,
    /// Its method and source.
    #[serde(default)]
    pub source: String,
    /// The scale.
    pub scale: Scale,
    /// The factors.
    #[serde(rename = "factor", alias = "factors")]
    pub factors: Vec<Factor>,
}

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

    /// Refuses a questionnaire that cannot be scored, naming the entry.
    pub fn check(&self, path: &str) -> Result<()> {
        let bad =
            |p: String, vi: String, en: String| Err(Error::new(ErrorCode::InvalidInput, p, vi, en));
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
            || s.max - s.min > 100
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
            if !f.weight.is_finite() || f.weight < 0.0 {
                return bad(
                    format!("{fp}.weight"),
                    "Trọng số phải là số không âm".into(),
                    "A weight must be a number, not negative".into(),
                );
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
                if q.weight.is_some_and(|w| !w.is_finite() || w < 0.0) {
                    return bad(
                        format!("{qp}.weight"),
                        "Trọng số phải là số không âm".into(),
                        "A weight must be a number, not negative".into(),
                    );
                }
                if let Some(first) = seen.insert(q.code.clone(), qp.clone()) {
                    return bad(
                        qp,
                        format!("Mã câu hỏi '{}' trùng với {first}", q.code),
                        format!("Question code '{}' repeats {first}", q.code),
                    );
                }
            }
        }
        Ok(())
    }
}

/// A 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Interval {
    /// Lower bound, 0–1.
    pub low: f64,
    /// Upper bound, 0–1.
    pub high: f64,
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Wilson's score interval for `k` successes in `n` trials.
pub fn wilson(k: u64, n: u64) -> Option<Interval> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z * Z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    Some(Interval {
        low: round4((centre - half).max(0.0)),
        high: round4((centre + half).min(1.0)),
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
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IndexResult {
    /// Code (`overall` for the whole).
    pub code: String,
    /// Name.
    pub name_vi: String,
    /// Weighted mean of the parts' indices, 0–1 (parts without a valid answer left out).
    pub index: Option<f64>,
    /// Its 95 % interval (respondents as clusters).
    pub ci95: Option<Interval>,
    /// Valid answers under it.
    pub valid: u64,
    /// Respondents with a valid answer under it.
    pub respondents: u64,
}

/// A factor with its questions.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    /// Overall.
    pub overall: IndexResult,
}

/// A question with an index: its position, weight, index and valid count.
type Part = (usize, f64, f64, f64);

/// Scores responses (each a map from question code to answer).
pub fn score(
    q: &Questionnaire,
    responses: &[serde_json::Map<String, serde_json::Value>],
) -> Scores {
    let scale = &q.scale;
    let levels = usize::try_from(scale.max - scale.min + 1).unwrap_or(0);
    let known: std::collections::BTreeSet<&str> = q
        .factors
        .iter()
        .flat_map(|f| f.questions.iter().map(|x| x.code.as_str()))
        .collect();
    let mut unknown: BTreeMap<String, u64> = BTreeMap::new();
    // answers[r][factor][question]
    let mut read: Vec<Vec<Vec<Answer>>> = Vec::with_capacity(responses.len());
    let mut empty = 0;
    for r in responses {
        for k in r.keys() {
            if !known.contains(k.as_str()) {
                *unknown.entry(k.clone()).or_default() += 1;
            }
        }
        let row: Vec<Vec<Answer>> = q
            .factors
            .iter()
            .map(|f| {
                f.questions
                    .iter()
                    .map(|x| read_answer(r.get(&x.code), scale))
                    .collect()
            })
            .collect();
        if !row
            .iter()
            .flatten()
            .any(|a| matches!(a, Answer::Valid { .. }))
        {
            empty += 1;
        }
        read.push(row);
    }
    let mut factors = Vec::new();
    // Per factor: p_q and weights, to linearise.
    let mut factor_parts: Vec<Option<(f64, Vec<Part>)>> = Vec::new();
    for (fi, f) in q.factors.iter().enumerate() {
        let mut questions = Vec::new();
        let mut parts = Vec::new();
        for (qi, x) in f.questions.iter().enumerate() {
            let (mut valid, mut sat, mut blank, mut invalid) = (0u64, 0u64, 0u64, 0u64);
            let mut distribution = vec![0u64; levels];
            for row in &read {
                match row.get(fi).and_then(|r| r.get(qi)) {
                    Some(Answer::Valid { level, satisfied }) => {
                        valid += 1;
                        sat += u64::from(*satisfied);
                        if let Some(slot) = usize::try_from(level - scale.min)
                            .ok()
                            .and_then(|i| distribution.get_mut(i))
                        {
                            *slot += 1;
                        }
                    }
                    Some(Answer::Invalid) => invalid += 1,
                    _ => blank += 1,
                }
            }
            let index = (valid > 0).then(|| sat as f64 / valid as f64);
            if let Some(p) = index {
                parts.push((qi, x.weight.unwrap_or(1.0), p, valid as f64));
            }
            questions.push(QuestionResult {
                code: x.code.clone(),
                text_vi: x.text_vi.clone(),
                valid,
                satisfied: sat,
                blank,
                invalid,
                distribution,
                index: index.map(round4),
                ci95: wilson(sat, valid),
            });
        }
        let wsum: f64 = parts.iter().map(|(_, w, _, _)| w).sum();
        let result = if parts.is_empty() || wsum <= 0.0 {
            factor_parts.push(None);
            IndexResult {
                code: f.code.clone(),
                name_vi: f.name_vi.clone(),
                index: None,
                ci95: None,
                valid: 0,
                respondents: 0,
            }
        } else {
            let index: f64 = parts.iter().map(|(_, w, p, _)| w * p).sum::<f64>() / wsum;
            // Each respondent's contribution to the index's deviation.
            let z: Vec<f64> = read
                .iter()
                .map(|row| {
                    parts
                        .iter()
                        .map(|(qi, w, p, n)| match row.get(fi).and_then(|r| r.get(*qi)) {
                            Some(Answer::Valid { satisfied, .. }) => {
                                w / wsum * (f64::from(u8::from(*satisfied)) - p) / n
                            }
                            _ => 0.0,
                        })
                        .sum()
                })
                .collect();
            let respondents = read
                .iter()
                .filter(|row| {
                    row.get(fi)
                        .is_some_and(|r| r.iter().any(|a| matches!(a, Answer::Valid { .. })))
                })
                .count() as u64;
            factor_parts.push(Some((index, parts.clone())));
            IndexResult {
                code: f.code.clone(),
                name_vi: f.name_vi.clone(),
                index: Some(round4(index)),
                ci95: interval(index, &z, respondents),
                valid: parts.iter().map(|(_, _, _, n)| *n as u64).sum(),
                respondents,
            }
        };
        factors.push(FactorResult {
            result,
            weight: f.weight,
            questions,
        });
    }
    // Overall: the weighted mean of the factors with an index.
    let scored: Vec<(usize, f64, f64)> = q
        .factors
        .iter()
        .enumerate()
        .filter_map(|(fi, f)| {
            factor_parts
                .get(fi)
                .and_then(|p| p.as_ref())
                .map(|(idx, _)| (fi, f.weight, *idx))
        })
        .collect();
    let wsum: f64 = scored.iter().map(|(_, w, _)| w).sum();
    let overall = if scored.is_empty() || wsum <= 0.0 {
        IndexResult {
            code: "overall".into(),
            name_vi: "Chỉ số hài lòng chung".into(),
            index: None,
            ci95: None,
            valid: 0,
            respondents: 0,
        }
    } else {
        let index = scored.iter().map(|(_, w, i)| w * i).sum::<f64>() / wsum;
        let z: Vec<f64> = read
            .iter()
            .map(|row| {
                scored
                    .iter()
                    .map(|(fi, fw, _)| {
                        let Some(Some((_, parts))) = factor_parts.get(*fi) else {
                            return 0.0;
                        };
                        let qsum: f64 = parts.iter().map(|(_, w, _, _)| w).sum();
                        parts
                            .iter()
                            .map(
                                |(qi, w, p, n)| match row.get(*fi).and_then(|r| r.get(*qi)) {
                                    Some(Answer::Valid { satisfied, .. }) => {
                                        fw / wsum * w / qsum * (f64::from(u8::from(*satisfied)) - p)
                                            / n
                                    }
                                    _ => 0.0,
                                },
                            )
                            .sum::<f64>()
                    })
                    .sum()
            })
            .collect();
        let respondents = (read.len() as u64).saturating_sub(empty);
        IndexResult {
            code: "overall".into(),
            name_vi: "Chỉ số hài lòng chung".into(),
            index: Some(round4(index)),
            ci95: interval(index, &z, respondents),
            valid: factors.iter().map(|f| f.result.valid).sum(),
            respondents,
        }
    };
    Scores {
        questionnaire: q.id.clone(),
        responses: read.len() as u64,
        empty_responses: empty,
        unknown_questions: unknown,
        factors,
        overall,
    }
}

/// `index ± z·√(Σ zᵢ² · m/(m−1))` over `m` responding clusters, clipped to 0–1.
fn interval(index: f64, z: &[f64], clusters: u64) -> Option<Interval> {
    if clusters < 2 {
        return None;
    }
    let m = clusters as f64;
    let var = z.iter().map(|x| x * x).sum::<f64>() * m / (m - 1.0);
    let half = Z * var.sqrt();
    Some(Interval {
        low: round4((index - half).max(0.0)),
        high: round4((index + half).min(1.0)),
    })
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
