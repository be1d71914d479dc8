//! The indicators of one dossier (TT 01/2018/TT-VPCP Art. 13, scored per dossier by Art. 14:
//! 1, 2, 3, 4, 6 and 7), each 2 / 1 / 0 with its reason and source; an indicator without data is
//! left out, never scored zero.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::record::{ExtraInput, PublicationInput};
use super::texts::{self, Texts};
use super::{Evaluation, Scoring, contacts_score, count_score};
use crate::calendar::Calendar;
use crate::deadline::catalog::Catalog;
use crate::deadline::conventions::Early;
use crate::deadline::{CausedBy, Computed, DossierInput, Event, EventKind, Options, Status};
use crate::error::{Error, Result};
use crate::time::{format_datetime, parse_datetime};

/// An indicator's score.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndicatorScore {
    /// 1 to 9.
    pub number: u8,
    /// 2, 1 or 0.
    pub score: u8,
    /// Why, in Vietnamese.
    pub reason_vi: String,
    /// Why, in English.
    pub reason_en: String,
    /// Legal source.
    pub source: String,
}

/// An indicator left out for want of data.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LeftOut {
    /// 1 to 9.
    pub number: u8,
    /// Why, in Vietnamese.
    pub reason_vi: String,
    /// Why, in English.
    pub reason_en: String,
}

/// Answer of `evaluation.dossier`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DossierEvaluation {
    /// Dossier code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Officer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    /// The dossier's status (as `deadline.compute`).
    pub status: Status,
    /// When the result was ready, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// When it was received.
    pub received_at: String,
    /// The text it is scored under: the one governing its receipt and result dates
    /// (provisional outside them).
    pub scoring: Scoring,
    /// Indicators scored (of 1, 2, 3, 4, 6, 7).
    pub indicators: Vec<IndicatorScore>,
    /// Indicators left out.
    pub left_out: Vec<LeftOut>,
    /// Sum of the scores.
    pub total: u32,
    /// Rule data used.
    pub ruleset_version: String,
}

/// What scoring a dossier needs besides the dossier.
pub struct Context<'a> {
    /// The evaluation rules.
    pub rules: &'a Evaluation,
    /// The working calendar.
    pub cal: &'a Calendar,
    /// The procedures.
    pub catalog: &'a Catalog,
    /// The versions answers report.
    pub version: String,
}

/// The indicators of one dossier; error paths are relative to its record (`dossier.events[1]`,
/// `extra.steps[0].due_at`).
pub fn evaluate(
    ctx: &Context<'_>,
    dossier: &DossierInput,
    extra: &ExtraInput,
) -> Result<DossierEvaluation> {
    let read = dossier.read().map_err(|e| e.within("dossier"))?;
    let c = read
        .compute(ctx.cal, ctx.catalog, Options::default())
        .map_err(|e| e.within("dossier"))?;
    score(
        ctx.rules,
        &c,
        &read.events,
        dossier,
        extra,
        ctx.version.clone(),
    )
}

/// The scores gathered, with their reasons and sources when `reasons` is set.
struct Scores<'r> {
    rules: &'r Evaluation,
    reasons: bool,
    scored: Vec<IndicatorScore>,
    left_out: Vec<LeftOut>,
}

impl Scores<'_> {
    fn texts(&self, texts: impl FnOnce() -> Texts) -> Texts {
        if self.reasons {
            texts()
        } else {
            Texts::default()
        }
    }

    fn score(&mut self, number: u8, score: u8, texts: impl FnOnce() -> Texts) {
        let (reason_vi, reason_en) = self.texts(texts);
        let source = if self.reasons {
            self.rules.source_of(number)
        } else {
            String::new()
        };
        self.scored.push(IndicatorScore {
            number,
            score,
            reason_vi,
            reason_en,
            source,
        });
    }

    fn leave(&mut self, number: u8, texts: impl FnOnce() -> Texts) {
        let (reason_vi, reason_en) = self.texts(texts);
        self.left_out.push(LeftOut {
            number,
            reason_vi,
            reason_en,
        });
    }
}

/// The indicators of a dossier whose deadline is already computed, with their reasons and
/// sources.
pub fn score(
    rules: &Evaluation,
    c: &Computed<'_>,
    events: &[Event],
    dossier: &DossierInput,
    extra: &ExtraInput,
    ruleset_version: String,
) -> Result<DossierEvaluation> {
    gather(rules, c, (events, dossier, extra), ruleset_version, true)
}

/// The indicators' scores alone, reasons and sources left empty: the year-end report computes
/// each dossier's deadline once for the letters and the evaluation, and sums only the scores.
pub fn scores_only(
    rules: &Evaluation,
    c: &Computed<'_>,
    events: &[Event],
    dossier: &DossierInput,
    extra: &ExtraInput,
) -> Result<DossierEvaluation> {
    gather(rules, c, (events, dossier, extra), String::new(), false)
}

fn gather(
    rules: &Evaluation,
    c: &Computed<'_>,
    (events, dossier, extra): (&[Event], &DossierInput, &ExtraInput),
    ruleset_version: String,
    reasons: bool,
) -> Result<DossierEvaluation> {
    let mut s = Scores {
        rules,
        reasons,
        scored: Vec::new(),
        left_out: Vec::new(),
    };
    result(&mut s, c);
    steps(&mut s, extra, c.conventions.early)?;
    contacts(&mut s, events, extra, c);
    match extra.bodies_contacted {
        Some(n) => s.score(4, count_score(n), || texts::bodies(n)),
        None => s.leave(4, texts::no_bodies),
    }
    match extra.publication {
        Some(p) => s.score(6, publication_score(p), || texts::publication(p)),
        None => s.leave(6, texts::no_publication),
    }
    attitude(&mut s, extra, c.status)?;
    let total = s.scored.iter().map(|x| u32::from(x.score)).sum();
    Ok(DossierEvaluation {
        id: dossier.id.clone(),
        unit: dossier.unit.clone(),
        officer: extra.officer.clone(),
        status: c.status,
        completed_at: c.completed_at.map(format_datetime),
        received_at: format_datetime(c.received_at),
        scoring: rules.scoring_explained(
            c.received_at.date(),
            c.completed_at.unwrap_or(c.as_of).date(),
            reasons,
        ),
        indicators: s.scored,
        left_out: s.left_out,
        total,
        ruleset_version,
    })
}

/// Indicator 1: the whole processing time (the deadline's own score).
fn result(s: &mut Scores<'_>, c: &Computed<'_>) {
    match (c.score, c.completed_at) {
        (Some(x), Some(done)) => s.score(1, x, || texts::result(done, c.due_at, x)),
        _ => s.leave(1, texts::no_result),
    }
}

/// Indicator 2: the lowest score of the participating bodies' steps, each judged as indicator 1
/// is (the `early` convention).
fn steps(s: &mut Scores<'_>, extra: &ExtraInput, early: Early) -> Result<()> {
    let mut steps = Vec::new();
    for (i, step) in extra.steps.iter().flatten().enumerate() {
        let p = format!("extra.steps[{i}]");
        let due_at: NaiveDateTime = parse_datetime(&step.due_at, &format!("{p}.due_at"))?;
        if let Some(d) = &step.done_at {
            let done = parse_datetime(d, &format!("{p}.done_at"))?;
            let unit = step.unit.clone().unwrap_or_else(|| format!("#{}", i + 1));
            steps.push((unit, early.score(done, due_at)));
        }
    }
    match steps.iter().map(|(_, x)| *x).min() {
        Some(x) => s.score(2, x, || texts::steps(&steps)),
        None => s.leave(2, texts::no_steps),
    }
    Ok(())
}

/// Indicator 3: the contacts needed to complete the dossier, given or counted from the log's
/// supplement requests up to `as_of` that the deadline took, those through the citizen's fault
/// apart ([`contacts_score`]).
fn contacts(s: &mut Scores<'_>, events: &[Event], extra: &ExtraInput, c: &Computed<'_>) {
    let refused = c.refusals(events.len());
    let count = |citizen: bool| {
        let n = events
            .iter()
            .enumerate()
            .filter(|(i, e)| e.at <= c.as_of && refused.get(*i).is_some_and(Option::is_none))
            .filter(|(_, e)| e.kind == EventKind::SupplementRequested)
            .filter(|(_, e)| (e.caused_by == Some(CausedBy::Citizen)) == citizen)
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    let from_log = extra.contacts.is_none();
    let own = extra.contacts.unwrap_or_else(|| count(false));
    let citizen = match extra.contacts_citizen_fault {
        Some(n) => n,
        None if from_log => count(true),
        None => 0,
    };
    s.score(3, contacts_score(own, citizen), || {
        texts::contacts(own, citizen, from_log)
    });
}

/// Indicator 7: attitude, from the complaints about the staff (TT 01/2018 Art. 13(7): any
/// complaint gives 0 unless concluded untrue or slanderous) and the result.
fn attitude(s: &mut Scores<'_>, extra: &ExtraInput, status: Status) -> Result<()> {
    let (n, verified_only) = match (extra.complaints, extra.complaints_verified) {
        (Some(n), Some(v)) if v > n => {
            let path = "extra.complaints_verified".to_owned();
            return Err(Error::part_above_total(path, v, n));
        }
        (Some(n), _) => (n, false),
        (None, Some(n)) => (n, true),
        (None, None) => {
            s.leave(7, texts::no_complaint_data);
            return Ok(());
        }
    };
    if n > 0 {
        s.score(7, 0, || texts::complaints(n, verified_only));
        return Ok(());
    }
    let late = s.rules.conventions.late_without_complaint.min(2);
    let (score, text): (u8, fn() -> Texts) = match status {
        Status::CompletedEarly => (2, texts::early_no_complaint),
        Status::CompletedOnTime => (1, texts::on_time_no_complaint),
        Status::CompletedLate => (late, texts::late_no_complaint),
        _ => {
            s.leave(7, texts::no_result);
            return Ok(());
        }
    };
    s.score(7, score, || texts::no_complaint(text(), verified_only));
    Ok(())
}

/// Indicator 6: posted and published electronically (2), one of them (1), neither or
/// inaccurately (0).
pub fn publication_score(p: PublicationInput) -> u8 {
    match (p.accurate, p.posted, p.electronic) {
        (false, _, _) => 0,
        (true, true, true) => 2,
        (true, true, false) | (true, false, true) => 1,
        (true, false, false) => 0,
    }
}
