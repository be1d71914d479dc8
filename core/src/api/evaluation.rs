//! `evaluation.dossier` and `evaluation.unit`: the TT 01/2018/TT-VPCP indicators of one dossier,
//! and of a unit over a quarter or a year with its rank and its officers' classes (see
//! [`crate::evaluation`] for the rules and the rounding).
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::deadline::{DossierInput, catalog_for, inline_procedure, parse_events};
use crate::api::{MAX_BATCH, NotCounted, calendar_for};
use crate::calendar::Calendar;
use crate::deadline::catalog::Catalog;
use crate::deadline::{self, CausedBy, Computed, Dossier, Event, EventKind, Status};
use crate::error::{Error, ErrorCode, Result};
use crate::evaluation::{Evaluation, average_tenths, count_score, tenths, timeliness};
use crate::ruleset::RulesetInput;
use crate::time::{format_date, format_datetime, format_dmy, parse_datetime};

/// One step of a dossier handled by several bodies (indicator 2).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct StepInput {
    /// The body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Its limit.
    pub due_at: String,
    /// When it finished its part (absent while it works).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<String>,
}

/// How the procedure was published (indicator 6).
#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PublicationInput {
    /// Posted at the desk.
    pub posted: bool,
    /// Published electronically.
    pub electronic: bool,
    /// Accurate and timely.
    pub accurate: bool,
}

/// What the event log does not say.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ExtraInput {
    /// The officer who handled the dossier (staff classes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    /// Steps of each participating body (indicator 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<StepInput>>,
    /// Contacts needed to complete the dossier, not caused by the citizen (indicator 3; default:
    /// the supplement requests of the log not caused by the citizen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<u32>,
    /// Bodies the citizen had to contact, the one-stop desk included, those required by law for
    /// site checks or councils excluded (indicator 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bodies_contacted: Option<u32>,
    /// Publication (indicator 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<PublicationInput>,
    /// Complaints about the staff verified as founded (indicator 7; unfounded ones are ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaints_verified: Option<u32>,
}

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

/// An indicator's score.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LeftOut {
    /// 1 to 9.
    pub number: u8,
    /// Why, in Vietnamese.
    pub reason_vi: String,
    /// Why, in English.
    pub reason_en: String,
}

/// Answer of `evaluation.dossier`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    /// Indicators scored (of 1, 2, 3, 4, 6, 7).
    pub indicators: Vec<IndicatorScore>,
    /// Indicators left out.
    pub left_out: Vec<LeftOut>,
    /// Sum of the scores.
    pub total: u32,
    /// Rule data used.
    pub ruleset_version: String,
}

struct Ctx<'a> {
    rules: &'a Evaluation,
    cal: &'a Calendar,
    catalog: &'a Catalog,
    /// The calendar's and the evaluation data's versions, as answers report them.
    version: String,
}

impl<'a> Ctx<'a> {
    fn new(rules: &'a Evaluation, cal: &'a Calendar, catalog: &'a Catalog) -> Self {
        let version = format!("{} / evaluation {}", cal.rules().version, rules.version);
        Ctx {
            rules,
            cal,
            catalog,
            version,
        }
    }
}

fn source(rules: &Evaluation, n: u8) -> String {
    rules
        .indicator(n)
        .map_or_else(|| rules.source.clone(), |i| i.source.clone())
}

const SCORE_VI: [&str; 3] = ["0 điểm", "1 điểm", "2 điểm"];

/// The indicators of one dossier; error paths are relative to the dossier's record.
fn evaluate(
    ctx: &Ctx<'_>,
    dossier: &DossierInput,
    extra: &ExtraInput,
) -> Result<DossierEvaluation> {
    let events = parse_events(&dossier.events)?;
    let inline = inline_procedure(dossier.procedure.as_ref(), "dossier.procedure")?;
    let c = deadline::compute(
        ctx.cal,
        ctx.catalog,
        &Dossier {
            procedure_code: dossier.procedure_code.as_deref(),
            procedure: inline.as_ref(),
            unit: dossier.unit.as_deref(),
            channel: dossier.channel,
            events: &events,
        },
        None,
        false,
        true,
    )?;
    score_computed(ctx.rules, &c, &events, dossier, extra, ctx.version.clone())
}

/// The indicators of a dossier whose deadline is already computed (the year-end report computes
/// it once for the letters and the evaluation).
pub(crate) fn score_computed(
    rules: &Evaluation,
    c: &Computed<'_>,
    events: &[Event],
    dossier: &DossierInput,
    extra: &ExtraInput,
    ruleset_version: String,
) -> Result<DossierEvaluation> {
    let mut scored = Vec::new();
    let mut left_out = Vec::new();
    let mut score = |n: u8, s: u8, vi: String, en: String| {
        scored.push(IndicatorScore {
            number: n,
            score: s,
            reason_vi: vi,
            reason_en: en,
            source: source(rules, n),
        })
    };
    let mut leave = |n: u8, vi: &str, en: &str| {
        left_out.push(LeftOut {
            number: n,
            reason_vi: vi.to_owned(),
            reason_en: en.to_owned(),
        })
    };
    let when =
        |t: chrono::NaiveDateTime| format!("{} ngày {}", t.format("%H:%M"), format_dmy(t.date()));
    let when_en =
        |t: chrono::NaiveDateTime| format!("{} on {}", t.format("%H:%M"), format_dmy(t.date()));
    // 1: the whole processing time.
    match (c.score, c.completed_at) {
        (Some(s), Some(done)) => score(
            1,
            s,
            format!(
                "Có kết quả lúc {}, hạn {}: {}.",
                when(done),
                when(c.due_at),
                ["quá hạn", "đúng hạn", "trước hạn"]
                    .get(usize::from(s))
                    .copied()
                    .unwrap_or("")
            ),
            format!(
                "Result at {}, due {}: {}.",
                when_en(done),
                when_en(c.due_at),
                ["late", "on time", "early"]
                    .get(usize::from(s))
                    .copied()
                    .unwrap_or("")
            ),
        ),
        _ => leave(1, "Chưa có kết quả.", "No result yet."),
    }
    // 2: each body's step.
    let mut steps = Vec::new();
    for (i, s) in extra.steps.iter().flatten().enumerate() {
        let p = format!("extra.steps[{i}]");
        let due_at = parse_datetime(&s.due_at, &format!("{p}.due_at"))?;
        if let Some(d) = &s.done_at {
            let done = parse_datetime(d, &format!("{p}.done_at"))?;
            steps.push((
                s.unit.clone().unwrap_or_else(|| format!("#{}", i + 1)),
                timeliness(done, due_at),
            ));
        }
    }
    match steps.iter().map(|(_, s)| *s).min() {
        Some(s) => {
            let list = steps
                .iter()
                .map(|(u, s)| {
                    format!(
                        "{u}: {}",
                        SCORE_VI.get(usize::from(*s)).copied().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            score(
                2,
                s,
                format!("Điểm thấp nhất của các bước ({list})."),
                format!("The lowest score of the steps ({list})."),
            )
        }
        None => leave(
            2,
            "Không có bước nào của các cơ quan đã xong.",
            "No finished step of a participating body.",
        ),
    }
    // 3: contacts to complete the dossier.
    let (contacts, from_log) = match extra.contacts {
        Some(n) => (n, false),
        None => (
            u32::try_from(
                events
                    .iter()
                    .filter(|e| {
                        e.kind == EventKind::SupplementRequested
                            && e.caused_by != Some(CausedBy::Citizen)
                    })
                    .count(),
            )
            .unwrap_or(u32::MAX),
            true,
        ),
    };
    score(
        3,
        count_score(contacts),
        format!(
            "{contacts} lần phải liên hệ để hoàn thiện hồ sơ{}.",
            if from_log {
                " (theo các yêu cầu bổ sung trong nhật ký, trừ lỗi của người nộp)"
            } else {
                ""
            }
        ),
        format!(
            "{contacts} contact(s) to complete the dossier{}.",
            if from_log {
                " (the log's supplement requests not caused by the citizen)"
            } else {
                ""
            }
        ),
    );
    // 4: bodies contacted.
    match extra.bodies_contacted {
        Some(n) => score(
            4,
            count_score(n),
            format!("Phải liên hệ {n} cơ quan, đơn vị."),
            format!("{n} bod(ies) contacted."),
        ),
        None => leave(
            4,
            "Không có số cơ quan phải liên hệ.",
            "The number of bodies contacted is not given.",
        ),
    }
    // 6: publication.
    match extra.publication {
        Some(p) => {
            let s = publication_score(p);
            score(6, s, publication_vi(p), publication_en(p))
        }
        None => leave(
            6,
            "Không có thông tin công khai thủ tục.",
            "Publication is not given.",
        ),
    }
    // 7: attitude.
    match (extra.complaints_verified, c.status) {
        (None, _) => leave(7, "Không có thông tin phản ánh về thái độ.", "No information on complaints about attitude."),
        (Some(n), _) if n > 0 => score(
            7,
            0,
            format!("{n} phản ánh về thái độ được xác minh là đúng."),
            format!("{n} complaint(s) about attitude verified as founded."),
        ),
        (Some(_), Status::CompletedEarly) => score(7, 2, "Trả kết quả trước hạn, không có phản ánh.".into(), "Early, no complaint.".into()),
        (Some(_), Status::CompletedOnTime) => score(7, 1, "Trả kết quả đúng hạn, không có phản ánh.".into(), "On time, no complaint.".into()),
        (Some(_), Status::CompletedLate) => score(
            7,
            rules.conventions.late_without_complaint.min(2),
            "Trả kết quả quá hạn, không có phản ánh (Điều 13(7) không quy định: quy ước của bộ quy tắc).".into(),
            "Late, no complaint (not named by Art. 13(7): the ruleset's convention).".into(),
        ),
        (Some(_), _) => leave(7, "Chưa có kết quả.", "No result yet."),
    }
    let total = scored.iter().map(|s| u32::from(s.score)).sum();
    Ok(DossierEvaluation {
        id: dossier.id.clone(),
        unit: dossier.unit.clone(),
        officer: extra.officer.clone(),
        status: c.status,
        completed_at: c.completed_at.map(format_datetime),
        received_at: format_datetime(c.received_at),
        indicators: scored,
        left_out,
        total,
        ruleset_version,
    })
}

fn publication_score(p: PublicationInput) -> u8 {
    match (p.accurate, p.posted, p.electronic) {
        (false, _, _) => 0,
        (true, true, true) => 2,
        (true, true, false) | (true, false, true) => 1,
        (true, false, false) => 0,
    }
}

fn publication_vi(p: PublicationInput) -> String {
    match (p.accurate, p.posted, p.electronic) {
        (false, _, _) => "Công khai không chính xác hoặc không kịp thời.".into(),
        (true, true, true) => "Niêm yết tại nơi tiếp nhận và công khai điện tử.".into(),
        (true, true, false) => "Chỉ niêm yết tại nơi tiếp nhận.".into(),
        (true, false, true) => "Chỉ công khai điện tử.".into(),
        (true, false, false) => "Không công khai.".into(),
    }
}

fn publication_en(p: PublicationInput) -> String {
    match (p.accurate, p.posted, p.electronic) {
        (false, _, _) => "Published inaccurately or late.".into(),
        (true, true, true) => "Posted at the desk and published electronically.".into(),
        (true, true, false) => "Posted at the desk only.".into(),
        (true, false, true) => "Published electronically only.".into(),
        (true, false, false) => "Not published.".into(),
    }
}

/// `evaluation.dossier`.
pub fn dossier(input: DossierEvaluationInput) -> Result<DossierEvaluation> {
    let ruleset = input.ruleset.as_ref();
    let cal = calendar_for(ruleset)?;
    let catalog = catalog_for(ruleset)?;
    let ctx = Ctx::new(Evaluation::default_ref()?, &cal, &catalog);
    evaluate(&ctx, &input.dossier, &input.extra.unwrap_or_default())
}

/// The period of a unit evaluation: a year, or one of its quarters.
#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PeriodInput {
    /// The year.
    pub year: i32,
    /// 1 to 4 for a quarter; absent for the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quarter: Option<u8>,
}

/// What a unit reports once for the period (indicators 5, 6, 8, 9).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UnitFactsInput {
    /// Procedures of the unit (indicator 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedures_total: Option<u32>,
    /// Of which handled end to end at the one-stop desk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedures_one_stop: Option<u32>,
    /// Publication (indicator 6 at unit level; replaces the dossiers' average).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<PublicationInput>,
    /// Feedback and petitions received (indicator 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback_total: Option<u32>,
    /// Of which answered on time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback_on_time: Option<u32>,
    /// Share of procedures offered online at level 3 or 4, % (indicator 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedures_online_pct: Option<f64>,
    /// Share of dossiers received online, %.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossiers_online_pct: Option<f64>,
    /// Online dossiers returned late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_late: Option<u32>,
}

/// One dossier of a unit evaluation.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UnitDossierInput {
    /// The dossier.
    pub dossier: DossierInput,
    /// What the log does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraInput>,
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

/// An indicator of the unit.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PeriodOutput {
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// `2025`, `2025-Q1`.
    pub label: String,
}

/// Answer of `evaluation.unit`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    /// `xuat_sac`, `tot`, `kha`, `trung_binh` or `yeu`.
    pub rank: String,
    /// The rank's name.
    pub rank_vi: String,
    /// Officers' classes.
    pub staff: Vec<OfficerResult>,
    /// Dossiers not counted, and why.
    pub not_counted: Vec<NotCounted>,
    /// Rule data used.
    pub ruleset_version: String,
}

fn period(p: PeriodInput) -> Result<(NaiveDate, NaiveDate, String)> {
    let bad = |vi: String, en: String| Error::new(ErrorCode::InvalidInput, "period", vi, en);
    let (m1, m2, label) = match p.quarter {
        None => (1, 12, p.year.to_string()),
        Some(q @ 1..=4) => (
            3 * u32::from(q) - 2,
            3 * u32::from(q),
            format!("{}-Q{q}", p.year),
        ),
        Some(q) => {
            return Err(bad(
                format!("Quý {q} không có (1–4)"),
                format!("No quarter {q} (1–4)"),
            ));
        }
    };
    crate::time::check_year(p.year, "period.year")?;
    let from = NaiveDate::from_ymd_opt(p.year, m1, 1);
    let to = NaiveDate::from_ymd_opt(if m2 == 12 { p.year + 1 } else { p.year }, m2 % 12 + 1, 1)
        .and_then(|d| d.pred_opt());
    match (from, to) {
        (Some(f), Some(t)) => Ok((f, t, label)),
        _ => Err(bad(
            format!("Không có kỳ {label}"),
            format!("No period {label}"),
        )),
    }
}

/// Sums and counts of each indicator's scores.
pub(crate) type Sums = BTreeMap<u8, (u64, u64)>;

/// Adds a dossier's scores (only the listed indicators, when given).
pub(crate) fn add_scores(sums: &mut Sums, e: &[IndicatorScore], only: Option<&[u8]>) {
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
                        source: source(rules, *n),
                    },
                )
            })
        })
        .collect()
}

/// A unit's indicators, total and rank.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UnitScores {
    /// Indicators with data, by number.
    pub indicators: Vec<UnitIndicator>,
    /// Indicators without data.
    pub left_out: Vec<u8>,
    /// Sum of the indicators' averages.
    pub total: f64,
    /// `xuat_sac`, `tot`, `kha`, `trung_binh` or `yeu`.
    pub rank: String,
    /// The rank's name.
    pub rank_vi: String,
}

/// The unit's scores from the dossiers' sums and the unit's own facts.
pub(crate) fn unit_scores(
    rules: &Evaluation,
    sums: &Sums,
    facts: Option<&UnitFactsInput>,
) -> Result<UnitScores> {
    let mut indicators = averages_of(rules, sums);
    if let Some(f) = facts {
        unit_facts(rules, f, &mut indicators)?;
    }
    let total_tenths: u64 = indicators.values().map(|i| tenths_of(i.average)).sum();
    let rank = rules.rank_of(total_tenths);
    Ok(UnitScores {
        left_out: (1..=9).filter(|k| !indicators.contains_key(k)).collect(),
        indicators: indicators.into_values().collect(),
        total: tenths(total_tenths),
        rank: rank.map(|r| r.code.clone()).unwrap_or_default(),
        rank_vi: rank.map(|r| r.name_vi.clone()).unwrap_or_default(),
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
        source: source(rules, n),
    }
}

fn tenths_of(avg: f64) -> u64 {
    (avg * 10.0).round() as u64
}

fn unit_facts(
    rules: &Evaluation,
    f: &UnitFactsInput,
    out: &mut BTreeMap<u8, UnitIndicator>,
) -> Result<()> {
    let c = &rules.conventions;
    let pct = |x: Option<f64>, field: &str| -> Result<Option<f64>> {
        match x {
            Some(v) if !(0.0..=100.0).contains(&v) || v.is_nan() => Err(Error::new(
                ErrorCode::InvalidInput,
                format!("unit_facts.{field}"),
                format!("Tỷ lệ phải từ 0 đến 100 (đã nhập {v})"),
                format!("A share must be between 0 and 100 (got {v})"),
            )),
            v => Ok(v),
        }
    };
    let part = |k: Option<u32>, n: Option<u32>, field: &str| -> Result<Option<(u32, u32)>> {
        match (k, n) {
            (Some(k), Some(n)) if k > n => Err(Error::new(
                ErrorCode::InvalidInput,
                format!("unit_facts.{field}"),
                format!("{k} lớn hơn tổng {n}"),
                format!("{k} is more than the total {n}"),
            )),
            (Some(k), Some(n)) if n > 0 => Ok(Some((k, n))),
            _ => Ok(None),
        }
    };
    if let Some((k, n)) = part(
        f.procedures_one_stop,
        f.procedures_total,
        "procedures_one_stop",
    )? {
        let share = f64::from(k) * 100.0 / f64::from(n);
        let s = if k == n {
            2
        } else if share >= c.indicator5_one_point_pct {
            1
        } else {
            0
        };
        out.insert(
            5,
            unit_level(
                rules,
                5,
                s,
                format!("{k}/{n} thủ tục giải quyết theo cơ chế một cửa ({share:.1}%)."),
            ),
        );
    }
    if let Some(p) = f.publication {
        out.insert(
            6,
            unit_level(rules, 6, publication_score(p), publication_vi(p)),
        );
    }
    if let Some((k, n)) = part(f.feedback_on_time, f.feedback_total, "feedback_on_time")? {
        let share = f64::from(k) * 100.0 / f64::from(n);
        let s = if k == n {
            2
        } else if 10 * k >= 9 * n {
            1
        } else {
            0
        };
        out.insert(
            8,
            unit_level(
                rules,
                8,
                s,
                format!("{k}/{n} phản ánh, kiến nghị được xử lý đúng hạn ({share:.1}%)."),
            ),
        );
    }
    let procs = pct(f.procedures_online_pct, "procedures_online_pct")?;
    let dossiers = pct(f.dossiers_online_pct, "dossiers_online_pct")?;
    if let (Some(p), Some(d)) = (procs, dossiers) {
        let late = f.online_late.unwrap_or(0);
        let s = if p >= c.indicator9_two_points_procedures_pct
            && d >= c.indicator9_two_points_dossiers_pct
            && late == 0
        {
            2
        } else if d >= c.indicator9_one_point_dossiers_pct {
            1
        } else {
            0
        };
        out.insert(9, unit_level(rules, 9, s, format!("{p}% thủ tục trực tuyến mức 3, 4; {d}% hồ sơ trực tuyến; {late} hồ sơ trực tuyến trễ hạn.")));
    }
    Ok(())
}

/// `evaluation.unit`.
pub fn unit(input: UnitEvaluationInput) -> Result<UnitEvaluation> {
    let n = input.dossiers.len();
    if n > MAX_BATCH {
        return Err(crate::api::batch_too_large(n).at("dossiers"));
    }
    let (from, to, label) = period(input.period)?;
    let ruleset = input.ruleset.as_ref();
    let cal = calendar_for(ruleset)?;
    let catalog = catalog_for(ruleset)?;
    let rules = Evaluation::default_ref()?;
    let ctx = Ctx::new(rules, &cal, &catalog);
    let mut evals = Vec::new();
    let mut not_counted = Vec::new();
    for (i, value) in input.dossiers.into_iter().enumerate() {
        let result = crate::de::from_value::<UnitDossierInput>(value)
            .and_then(|mut d| {
                let extra = d.extra.take().unwrap_or_default();
                let e = evaluate(&ctx, &d.dossier, &extra)?;
                Ok((d, e))
            })
            .map_err(|e| e.within(&format!("dossiers[{i}]")));
        match result {
            Err(e) => not_counted.push(NotCounted {
                index: i,
                id: None,
                reason_code: "invalid_dossier".into(),
                error: Some(e),
            }),
            Ok((d, _)) if d.dossier.unit.as_deref().is_some_and(|u| u != input.unit) => not_counted
                .push(NotCounted {
                    index: i,
                    id: d.dossier.id.clone(),
                    reason_code: "other_unit".into(),
                    error: Some(Error::new(
                        ErrorCode::OtherUnit,
                        format!("dossiers[{i}].dossier.unit"),
                        format!(
                            "Hồ sơ của đơn vị {} không thuộc đơn vị {}",
                            d.dossier.unit.as_deref().unwrap_or_default(),
                            input.unit
                        ),
                        format!(
                            "A dossier of unit {} is not one of unit {}",
                            d.dossier.unit.as_deref().unwrap_or_default(),
                            input.unit
                        ),
                    )),
                }),
            Ok((d, e)) => {
                // A dossier belongs to the period of its result, or of its receipt while open.
                let day = e
                    .completed_at
                    .as_deref()
                    .unwrap_or(&e.received_at)
                    .get(..10)
                    .and_then(|s| s.parse::<NaiveDate>().ok());
                if day.is_some_and(|d| from <= d && d <= to) {
                    evals.push(e);
                } else {
                    not_counted.push(NotCounted {
                        index: i,
                        id: d.dossier.id,
                        reason_code: "outside_period".into(),
                        error: None,
                    });
                }
            }
        }
    }
    let mut sums = Sums::new();
    for e in &evals {
        add_scores(&mut sums, &e.indicators, None);
    }
    let scores = unit_scores(rules, &sums, input.unit_facts.as_ref())?;
    let mut by_officer: BTreeMap<&str, Vec<&DossierEvaluation>> = BTreeMap::new();
    for e in &evals {
        if let Some(o) = e.officer.as_deref() {
            by_officer.entry(o).or_default().push(e);
        }
    }
    let staff = by_officer
        .into_iter()
        .map(|(officer, list)| {
            let ind = averages(rules, &list, Some(&rules.staff.indicators));
            let t: u64 = ind.values().map(|i| tenths_of(i.average)).sum();
            let class = rules.class_of(t);
            OfficerResult {
                officer: officer.to_owned(),
                dossiers: list.len(),
                indicators: ind.into_values().collect(),
                total: tenths(t),
                classification: class.map(|c| c.code.clone()).unwrap_or_default(),
                classification_vi: class.map(|c| c.name_vi.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(UnitEvaluation {
        unit: input.unit,
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
        staff,
        not_counted,
        ruleset_version: ctx.version,
    })
}
