//! The index itself: per question the satisfied share among valid answers with Wilson's
//! interval; per factor and overall the weighted mean of the shares below it, with Wilson's
//! interval at the effective sample size of the linearised variance, each respondent with an
//! answer that weighs in it a cluster (see the module's opening).
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{
    Answer, Factor, FactorResult, IndexResult, Interval, Question, QuestionResult, Questionnaire,
    Scores, read_answer, wilson, wilson_at,
};
use crate::text::{four_decimals, share};

/// A question with an index: its position, weight, index and valid count.
type Part = (usize, f64, f64, f64);

/// The answers read: `read[respondent][factor][question]`.
type Read = Vec<Vec<Vec<Answer>>>;

/// Scores responses (each a map from question code to answer).
pub fn score(q: &Questionnaire, responses: &[Map<String, Value>]) -> Scores {
    let (read, unknown, empty) = read_all(q, responses);
    let mut factors = Vec::new();
    // Per factor: its index and parts, to linearise the overall index.
    let mut factor_parts: Vec<Option<(f64, Vec<Part>)>> = Vec::new();
    for (fi, f) in q.factors.iter().enumerate() {
        let (result, parts) = factor(q, fi, f, &read);
        factor_parts.push(parts);
        factors.push(result);
    }
    let (overall, scored) = overall(q, &read, &factor_parts, &factors, empty);
    Scores {
        factors_scored: Some(scored),
        questionnaire: q.id.clone(),
        responses: read.len() as u64,
        empty_responses: empty,
        unknown_questions: unknown,
        factors,
        overall,
    }
}

/// Every response's answers by factor and question; the unknown question codes counted; how
/// many responses have no valid answer.
fn read_all(
    q: &Questionnaire,
    responses: &[Map<String, Value>],
) -> (Read, BTreeMap<String, u64>, u64) {
    let known: BTreeSet<&str> = q
        .factors
        .iter()
        .flat_map(|f| f.questions.iter().map(|x| x.code.as_str()))
        .collect();
    let mut unknown: BTreeMap<String, u64> = BTreeMap::new();
    let mut read: Read = Vec::with_capacity(responses.len());
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
                    .map(|x| read_answer(r.get(&x.code), &q.scale))
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
    (read, unknown, empty)
}

/// Question `qi` of factor `fi`: its counts, distribution, index and interval.
fn question(
    q: &Questionnaire,
    fi: usize,
    qi: usize,
    x: &Question,
    read: &Read,
) -> (QuestionResult, Option<Part>) {
    let scale = &q.scale;
    let levels = usize::try_from(scale.max - scale.min + 1).unwrap_or(0);
    let (mut valid, mut sat, mut blank, mut invalid) = (0u64, 0u64, 0u64, 0u64);
    let mut distribution = vec![0u64; levels];
    for row in read {
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
    let part = index.map(|p| (qi, x.weight.unwrap_or(1.0), p, valid as f64));
    let result = QuestionResult {
        code: x.code.clone(),
        text_vi: x.text_vi.clone(),
        valid,
        satisfied: sat,
        blank,
        invalid,
        distribution,
        index: share(sat, valid),
        ci95: wilson(sat, valid),
    };
    (result, part)
}

/// Factor `fi`: its questions, and its index as the weighted mean of their shares.
fn factor(
    q: &Questionnaire,
    fi: usize,
    f: &Factor,
    read: &Read,
) -> (FactorResult, Option<(f64, Vec<Part>)>) {
    let mut questions = Vec::new();
    let mut parts = Vec::new();
    for (qi, x) in f.questions.iter().enumerate() {
        let (result, part) = question(q, fi, qi, x, read);
        parts.extend(part);
        questions.push(result);
    }
    let wsum: f64 = parts.iter().map(|(_, w, _, _)| w).sum();
    let (result, kept) = if parts.is_empty() || wsum <= 0.0 {
        (no_index(&f.code, &f.name_vi), None)
    } else {
        let index: f64 = parts.iter().map(|(_, w, p, _)| w * p).sum::<f64>() / wsum;
        // Each respondent's contribution to the index's deviation.
        let z: Vec<f64> = read
            .iter()
            .map(|row| contribution(row, fi, &parts, |w| w / wsum))
            .collect();
        let respondents = read
            .iter()
            .filter(|row| {
                row.get(fi)
                    .is_some_and(|r| r.iter().any(|a| matches!(a, Answer::Valid { .. })))
            })
            .count() as u64;
        let result = IndexResult {
            code: f.code.clone(),
            name_vi: f.name_vi.clone(),
            index: Some(four_decimals(index)),
            ci95: interval(
                index,
                &z,
                clusters(read, [(fi, parts.as_slice())]),
                weighed(&parts),
            ),
            valid: parts.iter().map(|(_, _, _, n)| *n as u64).sum(),
            respondents,
        };
        (result, Some((index, parts)))
    };
    let factor = FactorResult {
        result,
        weight: f.weight,
        questions,
    };
    (factor, kept)
}

/// One respondent's linearised deviation over factor `fi`'s parts, each part weighted by
/// `weight(w)` of its own weight `w` (written as the sums are, so that the figures stay the
/// same to the last bit).
fn contribution(
    row: &[Vec<Answer>],
    fi: usize,
    parts: &[Part],
    weight: impl Fn(f64) -> f64,
) -> f64 {
    parts
        .iter()
        .map(|(qi, w, p, n)| match row.get(fi).and_then(|r| r.get(*qi)) {
            Some(Answer::Valid { satisfied, .. }) => {
                weight(*w) * (f64::from(u8::from(*satisfied)) - p) / n
            }
            _ => 0.0,
        })
        .sum()
}

fn no_index(code: &str, name_vi: &str) -> IndexResult {
    IndexResult {
        code: code.to_owned(),
        name_vi: name_vi.to_owned(),
        index: None,
        ci95: None,
        valid: 0,
        respondents: 0,
    }
}

/// The overall index: the weighted mean of the factors with an index; and how many of them
/// weigh in it (a weight above 0).
fn overall(
    q: &Questionnaire,
    read: &Read,
    factor_parts: &[Option<(f64, Vec<Part>)>],
    factors: &[FactorResult],
    empty: u64,
) -> (IndexResult, u64) {
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
    if scored.is_empty() || wsum <= 0.0 {
        return (no_index("overall", "Chỉ số hài lòng chung"), 0);
    }
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
                    contribution(row, *fi, parts, |w| fw / wsum * w / qsum)
                })
                .sum()
        })
        .collect();
    let respondents = (read.len() as u64).saturating_sub(empty);
    let weighing: Vec<usize> = scored
        .iter()
        .filter(|(_, w, _)| *w > 0.0)
        .map(|(fi, _, _)| *fi)
        .collect();
    let weighing_parts = weighing.iter().filter_map(|fi| {
        factor_parts
            .get(*fi)
            .and_then(|p| p.as_ref())
            .map(|(_, parts)| (*fi, parts.as_slice()))
    });
    let answers = weighing_parts
        .clone()
        .map(|(_, parts)| weighed(parts))
        .sum();
    let result = IndexResult {
        code: "overall".into(),
        name_vi: "Chỉ số hài lòng chung".into(),
        index: Some(four_decimals(index)),
        ci95: interval(index, &z, clusters(read, weighing_parts), answers),
        valid: factors.iter().map(|f| f.result.valid).sum(),
        respondents,
    };
    (result, weighing.len() as u64)
}

/// The valid answers of the parts that weigh in the index (a weight of 0 adds nothing to it).
fn weighed(parts: &[Part]) -> f64 {
    parts
        .iter()
        .filter(|(_, w, _, _)| *w > 0.0)
        .map(|(_, _, _, n)| n)
        .sum()
}

/// The respondents with a valid answer to a part that weighs in an index (factor `fi`'s `parts`
/// for each pair): the clusters of its variance. One whose only answers weigh 0 adds nothing to
/// the index and is not one.
fn clusters<'a>(
    read: &Read,
    parts_of: impl IntoIterator<Item = (usize, &'a [Part])> + Clone,
) -> u64 {
    read.iter()
        .filter(|row| {
            parts_of.clone().into_iter().any(|(fi, parts)| {
                parts.iter().any(|(qi, w, _, _)| {
                    *w > 0.0
                        && matches!(
                            row.get(fi).and_then(|r| r.get(*qi)),
                            Some(Answer::Valid { .. })
                        )
                })
            })
        })
        .count() as u64
}

/// Wilson's interval at the index's effective sample size `p(1−p)/v` (Kish), `v` = `Σ zᵢ²` the
/// linearised variance with each respondent a cluster, at most the valid `answers` that weigh in
/// it: a question alone has its own Wilson interval, and an index every respondent gave alike,
/// whose variance is 0 and says nothing of the sampling error, has the interval of its answers,
/// not one of width 0. None under two `clusters` (respondents with an answer that weighs in
/// it).
fn interval(index: f64, z: &[f64], clusters: u64, answers: f64) -> Option<Interval> {
    if clusters < 2 {
        return None;
    }
    let var = z.iter().map(|x| x * x).sum::<f64>();
    let spread = index * (1.0 - index);
    let n = if var > 0.0 && spread > 0.0 {
        (spread / var).min(answers)
    } else {
        answers
    };
    wilson_at(index, n)
}
