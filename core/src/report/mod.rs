//! The year-end report of a unit (QĐ 491/QĐ-UBND 2020 mục III.4: every unit evaluates its year
//! and reports to the district by 20 December): dossiers received, early / on-time / late by
//! month and by procedure, apologies owed and sent on time, thank-you and congratulation letters,
//! processing time against the statutory and the committed time, the TT 01/2018 rank, the
//! satisfaction index and the home-birth results.
//!
//! The figures are a fold over the dossiers: [`ReportState`] holds only counters (by month, by
//! procedure, by indicator) and the first errors, so a million dossiers stream through in bounded
//! memory, a chunk at a time, with the state handed back and forth as JSON (`report.accumulate`),
//! then [`finish`] turns it into the report. A dossier counts in the year it was received (for
//! "received") and in the year its result was ready (for early / on time / late, the processing
//! time and the evaluation; an open dossier by its receipt, as `evaluation.unit`); one received
//! before the year and still open on 1 January is carried over into it (its result, refusal or
//! withdrawal in the year, or its being open at the end, and its letters of the year). A dossier
//! that cannot be computed is counted as an error and listed (the first [`MAX_ERROR_SAMPLES`]),
//! never dropped.
pub mod charts;
mod dossier;
pub mod grievances;
pub mod html;
mod merge;
mod rows;
mod state;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use state::{
    Context, ErrorSample, Item, MAX_ERROR_SAMPLES, MonthCounts, ProcedureCounts, ReportState,
    WorkingMinutes, add, add_chunk, reject,
};

use crate::birth_home::report::CommuneReportOutput;
use crate::error::Result;
use crate::evaluation::petitions::{facts_from_log, mark_from_log};
use crate::evaluation::unit::unit_scores;
use crate::evaluation::{Sums, UnitFactsInput, UnitScores};
use crate::survey::SurveyOutput;
use crate::text::share;
use grievances::GrievanceReport;

/// Early, on time and late with the on-time share.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Timeliness {
    /// Early.
    pub early: u64,
    /// On time.
    pub on_time: u64,
    /// Late.
    pub late: u64,
    /// Early + on time + late.
    pub completed: u64,
    /// (Early + on time) / completed, 0–1 (four decimals; absent without a result).
    pub on_time_share: Option<f64>,
}

fn timeliness(early: u64, on_time: u64, late: u64) -> Timeliness {
    let completed = early + on_time + late;
    Timeliness {
        early,
        on_time,
        late,
        completed,
        on_time_share: share(early + on_time, completed),
    }
}

/// The rate of NĐ 61/2018 Art. 30(2)(c), "tỷ lệ hồ sơ giải quyết thủ tục hành chính đúng hạn
/// trên tổng số hồ sơ tiếp nhận": results by the due time (early ones included, as in
/// [`Timeliness::on_time_share`]) over the dossiers received in the year and carried over into it
/// (the one-stop statistics' "số hồ sơ nhận giải quyết", whose "Tổng số" takes in "Từ kỳ trước"
/// in Biểu số 06/VPCP/KSTT of TT 01/2020/TT-VPCP as one-stop software reproduces the form [S]; the
/// decree does not say how a dossier received in an earlier period counts, and some provincial
/// portals count "đã tiếp nhận" without it: this is the report's reading).
fn on_time_of_received(results: &Timeliness, received: u64, carried_over: u64) -> Option<f64> {
    share(results.early + results.on_time, received + carried_over)
}

/// A month of the report.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MonthReport {
    /// 1 to 12.
    pub month: u32,
    /// Received.
    pub received: u64,
    /// Results ready.
    #[serde(flatten)]
    pub results: Timeliness,
}

/// A procedure of the report.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProcedureReport {
    /// Code.
    pub code: String,
    /// Name.
    pub name_vi: String,
    /// Received.
    pub received: u64,
    /// Carried over into the year (kỳ trước chuyển qua); absent from a report saved by an
    /// earlier version.
    #[serde(default)]
    pub carried_over: u64,
    /// Results ready.
    #[serde(flatten)]
    pub results: Timeliness,
    /// NĐ 61/2018 Art. 30(2)(c)'s rate: results by the due time over `received` +
    /// `carried_over`, 0–1 (four decimals; absent when both are 0, and from a report saved by
    /// an earlier version).
    #[serde(default)]
    pub on_time_share_of_received: Option<f64>,
    /// Open on 31 December (đang giải quyết), received in the year or carried over; with
    /// `refused` and `withdrawn`, the row adds up: `received` + `carried_over` = `completed` +
    /// `open` + `refused` + `withdrawn`. The columns are those of the one-stop software's periodic
    /// statistics (đang giải quyết: trong hạn, quá hạn); the reporting form that sets them was not
    /// read in a legal text [R]. Absent from a report saved by an earlier version (read as 0).
    #[serde(default)]
    pub open: u64,
    /// Of `open`, past their due time on 31 December.
    #[serde(default)]
    pub open_overdue: u64,
    /// Refused in the year.
    #[serde(default)]
    pub refused: u64,
    /// Withdrawn in the year.
    #[serde(default)]
    pub withdrawn: u64,
    /// Average working days taken (one decimal).
    pub average_working_days: Option<f64>,
    /// Statutory time in working days.
    pub statutory_working_days: Option<f64>,
    /// In words.
    pub statutory_text: String,
    /// Committed time in working days.
    pub committed_working_days: Option<f64>,
    /// In words.
    pub committed_text: Option<String>,
    /// Results ready by the commitment, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment_kept: Option<u64>,
}

/// Letters of the year.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LettersReport {
    /// Apologies owed for a delay (Mẫu 04, NĐ 61/2018 Art. 19(9)).
    pub apologies_owed: u64,
    /// Issued by their deadline.
    pub apologies_sent_on_time: u64,
    /// Issued after it.
    pub apologies_sent_late: u64,
    /// Owed and not recorded as issued.
    pub apologies_not_recorded: u64,
    /// Apologies for an incident: a dossier lost, misplaced or damaged, or a wrong result
    /// (NĐ 61/2018 Art. 21); letters of their own, not counted among the apologies above.
    #[serde(default)]
    pub incident_apologies: u64,
    /// Thank-you letters.
    pub thank_you: u64,
    /// Congratulation letters.
    pub congratulation: u64,
    /// Condolence letters.
    pub condolence: u64,
}

/// The unit as printed.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnitHeader {
    /// Code.
    pub code: String,
    /// The issuing body, upper case (NĐ 30/2020).
    pub issuer: String,
    /// The body above it.
    pub parent: String,
    /// Name in running text.
    pub name: String,
    /// Place of the date line.
    pub place: String,
}

/// Answer of `report.year_end` and `report.finish`.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearEndReport {
    /// The unit on 31 December (its successor after the 2025 reorganisation).
    pub unit: UnitHeader,
    /// The year.
    pub year: i32,
    /// Records read.
    pub records: u64,
    /// Dossiers received in the year.
    pub received: u64,
    /// Results ready in the year.
    pub results: Timeliness,
    /// NĐ 61/2018 Art. 30(2)(c)'s rate, "tỷ lệ hồ sơ giải quyết thủ tục hành chính đúng hạn trên
    /// tổng số hồ sơ tiếp nhận": results by the due time (early ones included) over `received` +
    /// `carried_over`, 0–1 (four decimals). `results.on_time_share` divides by the results
    /// instead. Counting the dossiers carried over among those received is the report's reading,
    /// as "Số hồ sơ nhận giải quyết – Tổng số" takes in "Từ kỳ trước" in TT 01/2020/TT-VPCP's
    /// Biểu số 06/VPCP/KSTT as one-stop software reproduces it [S]. Absent when nothing was
    /// received or carried over, and from a report saved by an earlier version.
    #[serde(default)]
    pub on_time_share_of_received: Option<f64>,
    /// Open on 31 December: received in the year, with neither a result nor a refusal or
    /// withdrawal by then.
    pub open: u64,
    /// Refused in the year (received in it or carried over).
    pub refused: u64,
    /// Withdrawn in the year (received in it or carried over).
    pub withdrawn: u64,
    /// Carried over from earlier years (kỳ trước chuyển qua): received before the year, with
    /// neither a result nor a refusal or withdrawal before 1 January. The column is that of the
    /// one-stop software's periodic statistics; the reporting form that sets it was not read in a
    /// legal text [R], and the year's cut is the report's own definition. Each ends the year in one
    /// of `results`, `refused` or `withdrawn` (by its status on 31 December) or in
    /// `carried_over_open`, as a dossier received in the year ends it in one of `results`,
    /// `refused`, `withdrawn` or `open`: `received` + `carried_over` = `results.completed` +
    /// `open` + `carried_over_open` + `refused` + `withdrawn`. Absent from a report saved by an
    /// earlier version (read as 0 by `report.render`).
    #[serde(default)]
    pub carried_over: u64,
    /// Of the dossiers carried over, those still open on 31 December (not in `open`).
    #[serde(default)]
    pub carried_over_open: u64,
    /// Of `open` and `carried_over_open`, past their due time on 31 December (quá hạn), as
    /// `deadline.compute` as of the year's last second gives their status; the rest are within
    /// it (trong hạn). Absent from a report saved by an earlier version (read as 0).
    #[serde(default)]
    pub open_overdue: u64,
    /// By month.
    pub months: Vec<MonthReport>,
    /// By procedure.
    pub procedures: Vec<ProcedureReport>,
    /// Letters.
    pub letters: LettersReport,
    /// TT 01/2018 indicators, total and rank.
    pub evaluation: UnitScores,
    /// Satisfaction (when surveys were given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<SurveyOutput>,
    /// Home birth registration (when given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_home: Option<CommuneReportOutput>,
    /// Complaints, denunciations, petitions and reception days (when the log was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grievances: Option<GrievanceReport>,
    /// Names of the communes of the home-birth section, by code, on 31 December.
    #[serde(default)]
    pub commune_names: BTreeMap<String, String>,
    /// Records that could not be computed.
    pub errors: u64,
    /// The first of them.
    pub error_samples: Vec<ErrorSample>,
    /// Records of another unit.
    pub other_unit: u64,
    /// Records of other years: neither received, completed nor carried over in the year.
    pub outside_year: u64,
    /// Rule data used.
    pub ruleset_version: String,
}

/// The sections of the report that come from other inputs than the dossiers.
#[derive(Clone, Debug, Default)]
pub struct Sections<'a> {
    /// What the unit reports once (TT 01/2018 indicators 5, 6, 8, 9).
    pub unit_facts: Option<&'a UnitFactsInput>,
    /// The satisfaction index.
    pub satisfaction: Option<SurveyOutput>,
    /// The home-birth results.
    pub birth_home: Option<CommuneReportOutput>,
    /// Complaints, denunciations, petitions and reception days.
    pub grievances: Option<GrievanceReport>,
}

/// Turns the counters into the report.
pub fn finish(
    mut state: ReportState,
    ctx: &Context<'_>,
    sections: Sections<'_>,
    ruleset_version: String,
) -> Result<YearEndReport> {
    state.check()?;
    let state = &state;
    let year_end = NaiveDate::from_ymd_opt(state.year, 12, 31).unwrap_or_default();
    let mut sums = Sums::new();
    for (n, [sum, count]) in state.indicator_sums.iter().enumerate() {
        if *count > 0 {
            sums.insert(u8::try_from(n).unwrap_or(0), (*sum, *count));
        }
    }
    let level = ctx
        .letters
        .unit_on(&state.unit, year_end)
        .and_then(|u| u.level);
    let year_start = NaiveDate::from_ymd_opt(state.year, 1, 1).unwrap_or_default();
    let period = (level, year_start, year_end);
    let log = sections.grievances.as_ref().map(|g| &g.log);
    let overlay = log.map(|l| facts_from_log(ctx.rules, sections.unit_facts, l));
    let facts = overlay.as_ref().or(sections.unit_facts);
    let mut evaluation = unit_scores(ctx.rules, &sums, facts, period)?;
    if log.is_some() {
        mark_from_log(&mut evaluation);
    }
    let (e, o, l) = state.months.iter().fold((0, 0, 0), |(e, o, l), m| {
        (e + m.early, o + m.on_time, l + m.late)
    });
    let commune_names = sections
        .birth_home
        .iter()
        .flat_map(|b| b.communes.iter())
        .filter_map(|c| {
            ctx.letters
                .unit_on(&c.commune_code, year_end)
                .map(|u| (c.commune_code.clone(), u.name.clone()))
        })
        .collect();
    let received = state.months.iter().map(|m| m.received).sum();
    let results = timeliness(e, o, l);
    Ok(YearEndReport {
        unit: unit_header(state, ctx, year_end),
        year: state.year,
        records: state.records,
        received,
        on_time_share_of_received: on_time_of_received(&results, received, state.carried_over),
        results,
        open: state.open,
        refused: state.refused,
        withdrawn: state.withdrawn,
        carried_over: state.carried_over,
        carried_over_open: state.carried_over_open,
        open_overdue: state.open_overdue,
        months: state
            .months
            .iter()
            .zip(1..)
            .map(|(m, k)| MonthReport {
                month: k,
                received: m.received,
                results: timeliness(m.early, m.on_time, m.late),
            })
            .collect(),
        procedures: procedures(state),
        letters: letters(state),
        evaluation,
        satisfaction: sections.satisfaction,
        birth_home: sections.birth_home,
        grievances: sections.grievances,
        commune_names,
        errors: state.errors,
        error_samples: state.error_samples.clone(),
        other_unit: state.other_unit,
        outside_year: state.outside_year,
        ruleset_version,
    })
}

/// The unit as printed on 31 December (its successor after the 2025 reorganisation).
fn unit_header(state: &ReportState, ctx: &Context<'_>, year_end: NaiveDate) -> UnitHeader {
    match ctx.letters.unit_on(&state.unit, year_end) {
        Some(u) => UnitHeader {
            code: u.code.clone(),
            issuer: u.issuer.clone(),
            parent: u.parent.clone(),
            name: u.name.clone(),
            place: u.place.clone(),
        },
        None => UnitHeader {
            code: state.unit.clone(),
            issuer: format!("ĐƠN VỊ {}", state.unit),
            parent: String::new(),
            name: format!("đơn vị {}", state.unit),
            place: String::new(),
        },
    }
}

/// Each procedure's figures, with its average working days (one decimal, half away from zero,
/// judged on the average to nine decimals, so that an exact tie such as 1.55, which a binary
/// fraction may hold as 1.5499…, rounds up).
fn procedures(state: &ReportState) -> Vec<ProcedureReport> {
    let one_decimal = |x: f64| ((x * 1e9).round() / 1e8).round() / 10.0;
    state
        .procedures
        .iter()
        .map(|(code, p)| {
            let done = p.early + p.on_time + p.late;
            let results = timeliness(p.early, p.on_time, p.late);
            ProcedureReport {
                code: code.clone(),
                name_vi: p.name_vi.clone(),
                received: p.received,
                carried_over: p.carried_over,
                on_time_share_of_received: on_time_of_received(
                    &results,
                    p.received,
                    p.carried_over,
                ),
                results,
                open: p.open,
                open_overdue: p.open_overdue,
                refused: p.refused,
                withdrawn: p.withdrawn,
                average_working_days: (done > 0)
                    .then(|| one_decimal(p.working_days_sum / done as f64)),
                statutory_working_days: p.statutory_working_days,
                statutory_text: p.statutory_text.clone(),
                committed_working_days: p.committed_working_days,
                committed_text: p.committed_text.clone(),
                commitment_kept: p.committed_text.as_ref().map(|_| p.commitment_kept),
            }
        })
        .collect()
}

fn letters(state: &ReportState) -> LettersReport {
    LettersReport {
        apologies_owed: state.apologies_owed,
        apologies_sent_on_time: state.apologies_sent_on_time,
        apologies_sent_late: state.apologies_sent_late,
        apologies_not_recorded: state
            .apologies_owed
            .saturating_sub(state.apologies_sent_on_time + state.apologies_sent_late),
        incident_apologies: state.incident_apologies,
        thank_you: state.thank_you,
        congratulation: state.congratulation,
        condolence: state.condolence,
    }
}
