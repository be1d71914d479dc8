//! A unit's evaluation over a quarter or a year (TT 01/2018/TT-VPCP Art. 14–15): the dossiers'
//! indicators averaged (exact tenths, half up), the unit-level indicators from its facts (5, 6, 8,
//! 9), the total and rank, and each officer's class. A dossier counts in the period of its result,
//! or of its receipt while open; one that cannot be read, of another unit or of another period is
//! listed with why, never dropped.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Scoring;
use super::dossier::{Context, DossierEvaluation, IndicatorScore, evaluate, publication_score};
use super::record::{PeriodInput, UnitDossierInput, UnitFactsInput};
use super::texts;
use super::{Evaluation, average_tenths, tenths};
use crate::error::{Error, NotCounted, Result};
use crate::grievance::GrievanceLogSummary;
use crate::time::format_date;
use crate::units::Level;
use crate::units::Units;

/// An indicator of the unit.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnitIndicator {
    /// 1 to 9.
    pub number: u8,
    /// Name.
    pub name_vi: String,
    /// `dossier` (averaged over dossiers) or `unit` (scored once).
    pub level: String,
    /// Average rounded to one decimal (or the unit's score).
    pub average: f64,
    /// Sum of the dossiers' scores (the unit's score for a unit-level indicator).
    pub sum: u64,
    /// Dossiers scored (1 for a unit-level indicator).
    pub count: u64,
    /// Why, for a unit-level indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_vi: Option<String>,
    /// Legal source.
    pub source: String,
}

/// An officer's class.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OfficerResult {
    /// The officer.
    pub officer: String,
    /// Dossiers handled.
    pub dossiers: usize,
    /// Averages of the staff indicators (1, 2, 3, 4, 7) with data.
    pub indicators: Vec<UnitIndicator>,
    /// Their sum.
    pub total: f64,
    /// Class code.
    pub classification: String,
    /// Class name.
    pub classification_vi: String,
}

/// The period as dates.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PeriodOutput {
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// `2025`, `2025-Q1`.
    pub label: String,
}

/// Answer of `evaluation.unit`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnitEvaluation {
    /// The unit.
    pub unit: String,
    /// The period.
    pub period: PeriodOutput,
    /// Dossiers counted.
    pub dossiers_counted: usize,
    /// Indicators with data, by number.
    pub indicators: Vec<UnitIndicator>,
    /// Indicators without data.
    pub left_out: Vec<u8>,
    /// Sum of the indicators' averages.
    pub total: f64,
    /// `xuat_sac`, `tot`, `kha`, `trung_binh` or `yeu` (TT 01/2018 Art. 15(3)(b));
    /// `chua_xep_hang` when no indicator has the information to be scored (Art. 15(4)(b)).
    pub rank: String,
    /// The rank's name.
    pub rank_vi: String,
    /// Officers' classes.
    pub staff: Vec<OfficerResult>,
    /// The text the period is scored under (provisional outside its dates).
    pub scoring: Scoring,
    /// Dossiers not counted, and why.
    pub not_counted: Vec<NotCounted>,
    /// The grievance log over the period, when one was given (indicator 8 is scored from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grievance_log: Option<GrievanceLogSummary>,
    /// Rule data used.
    pub ruleset_version: String,
}

/// The first and last days of a period and its label (`2025`, `2025-Q1`); errors at `period`.
pub fn period(p: PeriodInput) -> Result<(NaiveDate, NaiveDate, String)> {
    let (m1, m2, label) = match p.quarter {
        None => (1, 12, p.year.to_string()),
        Some(q @ 1..=4) => (
            3 * u32::from(q) - 2,
            3 * u32::from(q),
            format!("{}-Q{q}", p.year),
        ),
        Some(q) => return Err(Error::no_quarter("period", q)),
    };
    crate::time::check_year(p.year, "period.year")?;
    let from = NaiveDate::from_ymd_opt(p.year, m1, 1);
    let to = NaiveDate::from_ymd_opt(if m2 == 12 { p.year + 1 } else { p.year }, m2 % 12 + 1, 1)
        .and_then(|d| d.pred_opt());
    match (from, to) {
        (Some(f), Some(t)) => Ok((f, t, label)),
        _ => Err(Error::no_period("period", &label)),
    }
}

/// Sums and counts of each indicator's scores.
pub type Sums = BTreeMap<u8, (u64, u64)>;

/// Adds a dossier's scores (only the listed indicators, when given).
pub fn add_scores(sums: &mut Sums, e: &[IndicatorScore], only: Option<&[u8]>) {
    for s in e {
        if only.is_some_and(|o| !o.contains(&s.number)) {
            continue;
        }
        let a = sums.entry(s.number).or_insert((0, 0));
        a.0 += u64::from(s.score);
        a.1 += 1;
    }
}

fn averages(
    rules: &Evaluation,
    evals: &[&DossierEvaluation],
    only: Option<&[u8]>,
) -> BTreeMap<u8, UnitIndicator> {
    let mut sums = Sums::new();
    for e in evals {
        add_scores(&mut sums, &e.indicators, only);
    }
    averages_of(rules, &sums)
}

fn averages_of(rules: &Evaluation, sums: &Sums) -> BTreeMap<u8, UnitIndicator> {
    sums.iter()
        .filter_map(|(n, (sum, count))| {
            average_tenths(*sum, *count).map(|t| {
                (
                    *n,
                    UnitIndicator {
                        number: *n,
                        name_vi: rules
                            .indicator(*n)
                            .map(|i| i.name_vi.clone())
                            .unwrap_or_default(),
                        level: "dossier".into(),
                        average: tenths(t),
                        sum: *sum,
                        count: *count,
                        reason_vi: None,
                        source: rules.source_of(*n),
                    },
                )
            })
        })
        .collect()
}

/// A unit's indicators, total and rank.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnitScores {
    /// Indicators with data, by number.
    pub indicators: Vec<UnitIndicator>,
    /// Indicators without data.
    pub left_out: Vec<u8>,
    /// Sum of the indicators' averages.
    pub total: f64,
    /// `xuat_sac`, `tot`, `kha`, `trung_binh` or `yeu` (TT 01/2018 Art. 15(3)(b));
    /// `chua_xep_hang` when no indicator has the information to be scored (Art. 15(4)(b)).
    pub rank: String,
    /// The rank's name.
    pub rank_vi: String,
    /// The text the period is scored under (provisional outside its dates).
    pub scoring: Scoring,
}

/// The unit's scores from the dossiers' sums and the unit's own facts; `level` is the unit's
/// administrative level on the period.
pub fn unit_scores(
    rules: &Evaluation,
    sums: &Sums,
    facts: Option<&UnitFactsInput>,
    (level, from, to): (Option<Level>, NaiveDate, NaiveDate),
) -> Result<UnitScores> {
    let mut indicators = averages_of(rules, sums);
    if let Some(f) = facts {
        unit_facts(rules, f, level, &mut indicators)?;
    }
    let total_tenths: u64 = indicators.values().map(|i| tenths_of(i.average)).sum();
    let (rank, rank_vi) = rules.rank_of(total_tenths, indicators.len());
    Ok(UnitScores {
        left_out: (1..=9).filter(|k| !indicators.contains_key(k)).collect(),
        indicators: indicators.into_values().collect(),
        total: tenths(total_tenths),
        rank,
        rank_vi,
        scoring: rules.scoring(from, to),
    })
}

fn unit_level(rules: &Evaluation, n: u8, s: u8, vi: String) -> UnitIndicator {
    UnitIndicator {
        number: n,
        name_vi: rules
            .indicator(n)
            .map(|i| i.name_vi.clone())
            .unwrap_or_default(),
        level: "unit".into(),
        average: f64::from(s),
        sum: u64::from(s),
        count: 1,
        reason_vi: Some(vi),
        source: rules.source_of(n),
    }
}

fn tenths_of(avg: f64) -> u64 {
    (avg * 10.0).round() as u64
}

fn pct(x: Option<f64>, field: &str) -> Result<Option<f64>> {
    match x {
        Some(v) if !(0.0..=100.0).contains(&v) || v.is_nan() => Err(Error::share_outside(
            format!("unit_facts.{field}"),
            &v.to_string(),
        )),
        v => Ok(v),
    }
}

/// A part `k` of a total `n`, both given; refused when larger than the total.
fn part(k: Option<u32>, n: Option<u32>, field: &str) -> Result<Option<(u32, u32)>> {
    match (k, n) {
        (Some(k), Some(n)) if k > n => {
            Err(Error::part_above_total(format!("unit_facts.{field}"), k, n))
        }
        (Some(k), Some(n)) => Ok(Some((k, n))),
        _ => Ok(None),
    }
}

/// The unit-level indicators from the unit's facts (Art. 13(5), (6), (8), (9)); `level` is the
/// unit's administrative level, which sets indicator 5's share.
fn unit_facts(
    rules: &Evaluation,
    f: &UnitFactsInput,
    level: Option<Level>,
    out: &mut BTreeMap<u8, UnitIndicator>,
) -> Result<()> {
    if let Some((s, vi)) = indicator5(rules, f, level)? {
        out.insert(5, unit_level(rules, 5, s, vi));
    }
    if let Some(p) = f.publication {
        out.insert(
            6,
            unit_level(rules, 6, publication_score(p), texts::publication(p).0),
        );
    }
    if let Some((s, vi)) = indicator8(f)? {
        out.insert(8, unit_level(rules, 8, s, vi));
    }
    if let Some((s, vi)) = indicator9(rules, f)? {
        out.insert(9, unit_level(rules, 9, s, vi));
    }
    Ok(())
}

/// Indicator 5 (Art. 13(5)): 2 points when the desk receives, appraises and decides at least
/// the level's share of the procedures; else 1 point when every procedure is received and
/// returned at the desk, 0 below. Not scored without the unit's level or, below the 2-point
/// share, without the count received at the desk.
fn indicator5(
    rules: &Evaluation,
    f: &UnitFactsInput,
    level: Option<Level>,
) -> Result<Option<(u8, String)>> {
    let Some((k, n)) = part(
        f.procedures_one_stop,
        f.procedures_total,
        "procedures_one_stop",
    )?
    .filter(|(_, n)| *n > 0) else {
        return Ok(None);
    };
    let at_desk = part(
        f.procedures_received_at_desk,
        f.procedures_total,
        "procedures_received_at_desk",
    )?;
    let bands = &rules.conventions.indicator5_two_points_pct;
    let Some(need) = level.map(|l| match l {
        Level::Province => bands.province,
        Level::District => bands.district,
        Level::Commune => bands.commune,
    }) else {
        return Ok(None);
    };
    let share = f64::from(k) * 100.0 / f64::from(n);
    let score = if share >= need {
        2
    } else {
        match at_desk {
            Some((r, t)) if r == t => 1,
            Some(_) => 0,
            None => return Ok(None),
        }
    };
    Ok(Some((score, texts::one_stop(k, n, share, need, at_desk))))
}

/// Indicator 8 (Art. 13(8)): 2 points with no petition, or all handled on time, and none
/// protracted; 1 point with at least 90 % on time and none protracted; 0 otherwise, and with any
/// protracted petition ("hoặc có phản ánh, kiến nghị kéo dài", Art. 13(8)(c)), even when none was
/// received in the period or their count is not given.
fn indicator8(f: &UnitFactsInput) -> Result<Option<(u8, String)>> {
    let protracted = f.feedback_protracted.unwrap_or(0);
    let Some((k, n)) = part(f.feedback_on_time, f.feedback_total, "feedback_on_time")? else {
        return Ok(match (f.feedback_total, protracted) {
            (Some(0), 0) => Some((2, texts::no_feedback(f.feedback_protracted))),
            (Some(0), _) => Some((0, texts::no_feedback(f.feedback_protracted))),
            (_, p) if p > 0 => Some((0, texts::protracted_only(p))),
            _ => None,
        });
    };
    let score = if protracted > 0 {
        0
    } else if k == n {
        2
    } else if 10 * u64::from(k) >= 9 * u64::from(n) {
        1
    } else {
        0
    };
    let share = if n > 0 {
        f64::from(k) * 100.0 / f64::from(n)
    } else {
        100.0
    };
    Ok(Some((
        score,
        texts::feedback(k, n, share, f.feedback_protracted),
    )))
}

/// Indicator 9 (Art. 13(9)): 2 points with the procedure and dossier shares of band (a); 1 point
/// with online services deployed and at least band (b)'s dossier share; any online dossier late
/// or unresolved gives 0.
fn indicator9(rules: &Evaluation, f: &UnitFactsInput) -> Result<Option<(u8, String)>> {
    let c = &rules.conventions;
    let procs = pct(f.procedures_online_pct, "procedures_online_pct")?;
    let dossiers = pct(f.dossiers_online_pct, "dossiers_online_pct")?;
    let (Some(p), Some(d)) = (procs, dossiers) else {
        return Ok(None);
    };
    let late = f.online_late.unwrap_or(0);
    let unresolved = f.online_unresolved.unwrap_or(0);
    let score = if late > 0 || unresolved > 0 || p <= 0.0 || d < c.indicator9_one_point_dossiers_pct
    {
        0
    } else if p >= c.indicator9_two_points_procedures_pct {
        if d >= c.indicator9_two_points_dossiers_pct {
            2
        } else {
            1
        }
    } else if d >= c.indicator9_two_points_dossiers_pct {
        c.indicator9_gap_points.min(2)
    } else {
        1
    };
    Ok(Some((
        score,
        texts::online(p, d, late, f.online_unresolved),
    )))
}

/// The first and last days of the period evaluated, and its label.
pub type Period = (NaiveDate, NaiveDate, String);

/// A unit's evaluation over `period` from its dossiers (`{dossier, extra?}` each) and the facts
/// it reports once; `units` are the call's (the defaults with a ruleset's).
pub fn evaluate_unit(
    ctx: &Context<'_>,
    (units, unit): (&Units, String),
    (from, to, label): Period,
    dossiers: Vec<Value>,
    (facts, log): (Option<&UnitFactsInput>, Option<GrievanceLogSummary>),
) -> Result<UnitEvaluation> {
    let mut evals = Vec::new();
    let mut not_counted = Vec::new();
    for (i, value) in dossiers.into_iter().enumerate() {
        match counted(ctx, (units, &unit), (from, to), value, i) {
            Counted::Yes(e) => evals.push(*e),
            Counted::No(n) => not_counted.push(n),
        }
    }
    let mut sums = Sums::new();
    for e in &evals {
        add_scores(&mut sums, &e.indicators, None);
    }
    let level = units.unit_on(&unit, to).and_then(|u| u.level);
    let overlay = log
        .as_ref()
        .map(|l| super::petitions::facts_from_log(ctx.rules, facts, l));
    let mut scores = unit_scores(
        ctx.rules,
        &sums,
        overlay.as_ref().or(facts),
        (level, from, to),
    )?;
    if log.is_some() {
        super::petitions::mark_from_log(&mut scores);
    }
    Ok(UnitEvaluation {
        unit,
        period: PeriodOutput {
            from: format_date(from),
            to: format_date(to),
            label,
        },
        dossiers_counted: evals.len(),
        indicators: scores.indicators,
        left_out: scores.left_out,
        total: scores.total,
        rank: scores.rank,
        rank_vi: scores.rank_vi,
        scoring: scores.scoring,
        staff: staff(ctx.rules, &evals),
        not_counted,
        grievance_log: log,
        ruleset_version: ctx.version.clone(),
    })
}

/// A dossier of a unit evaluation, counted or not.
enum Counted {
    Yes(Box<DossierEvaluation>),
    No(NotCounted),
}

/// Dossier `i` evaluated, or why it is not counted: a dossier of another unit than `unit`
/// (a commune it absorbed counts for it, `Units::counts_for`), or one outside
/// the period.
fn counted(
    ctx: &Context<'_>,
    (units, unit): (&Units, &str),
    (from, to): (NaiveDate, NaiveDate),
    value: Value,
    i: usize,
) -> Counted {
    let not = |id, reason_code: &str, error| NotCounted {
        index: i,
        id,
        reason_code: reason_code.into(),
        error,
    };
    let read = crate::de::from_value::<UnitDossierInput>(value).and_then(|mut d| {
        let extra = d.extra.take().unwrap_or_default();
        let e = evaluate(ctx, &d.dossier, &extra)?;
        Ok((d, e))
    });
    let (d, e) = match read {
        Ok(x) => x,
        Err(e) => {
            let error = e.within(&format!("dossiers[{i}]"));
            return Counted::No(not(None, "invalid_dossier", Some(error)));
        }
    };
    let other = d.dossier.unit.as_deref();
    if let Some(other) = other.filter(|u| !units.counts_for(u, unit, to)) {
        let path = format!("dossiers[{i}].dossier.unit");
        let error = Error::other_unit(path, other, unit);
        return Counted::No(not(d.dossier.id.clone(), "other_unit", Some(error)));
    }
    // A dossier belongs to the period of its result, or of its receipt while open.
    let day = e
        .completed_at
        .as_deref()
        .unwrap_or(&e.received_at)
        .get(..10)
        .and_then(crate::time::date_of_text);
    if day.is_some_and(|d| from <= d && d <= to) {
        Counted::Yes(Box::new(e))
    } else {
        Counted::No(not(d.dossier.id, "outside_period", None))
    }
}

/// Each officer's averages of the staff indicators, total and class (Art. 15).
fn staff(rules: &Evaluation, evals: &[DossierEvaluation]) -> Vec<OfficerResult> {
    let mut by_officer: BTreeMap<&str, Vec<&DossierEvaluation>> = BTreeMap::new();
    for e in evals {
        if let Some(o) = e.officer.as_deref() {
            by_officer.entry(o).or_default().push(e);
        }
    }
    by_officer
        .into_iter()
        .map(|(officer, list)| {
            let ind = averages(rules, &list, Some(&rules.staff.indicators));
            let t: u64 = ind.values().map(|i| tenths_of(i.average)).sum();
            let (classification, classification_vi) = rules.class_of(t, ind.len());
            OfficerResult {
                officer: officer.to_owned(),
                dossiers: list.len(),
                indicators: ind.into_values().collect(),
                total: tenths(t),
                classification,
                classification_vi,
            }
        })
        .collect()
}
