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
//! time and the evaluation; an open dossier by its receipt, as `evaluation.unit`). A dossier that
//! cannot be computed is counted as an error and listed (the first [`MAX_ERROR_SAMPLES`]), never
//! dropped.
pub mod charts;
pub mod html;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::deadline::{DossierInput, inline_procedure, parse_events};
use crate::api::evaluation::{
    ExtraInput, Sums, UnitFactsInput, UnitScores, add_scores, score_computed, unit_scores,
};
use crate::api::letters::circumstances;
use crate::calendar::Calendar;
use crate::deadline::catalog::{Catalog, ProcessingTime, TimeUnit};
use crate::deadline::{self, Dossier, EventKind, Status, time_words};
use crate::error::{Error, ErrorCode, Result};
use crate::evaluation::Evaluation;
use crate::letters::select::select;
use crate::letters::{LetterData, LetterKind};

/// Errors kept in the state with their line; the rest are counted.
pub const MAX_ERROR_SAMPLES: usize = 100;

/// One month's counters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct MonthCounts {
    /// Received that month.
    pub received: u64,
    /// Results ready that month, early.
    pub early: u64,
    /// On time.
    pub on_time: u64,
    /// Late.
    pub late: u64,
}

/// One procedure's counters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ProcedureCounts {
    /// Name.
    pub name_vi: String,
    /// Received in the year.
    pub received: u64,
    /// Results ready in the year, early.
    pub early: u64,
    /// On time.
    pub on_time: u64,
    /// Late.
    pub late: u64,
    /// Sum of the working days taken by the results ready in the year.
    pub working_days_sum: f64,
    /// Statutory time in working days (absent for calendar-day times).
    pub statutory_working_days: Option<f64>,
    /// The statutory time in words.
    pub statutory_text: String,
    /// Committed time in working days, when the locality set one.
    pub committed_working_days: Option<f64>,
    /// The committed time in words.
    pub committed_text: Option<String>,
}

/// A dossier that could not be counted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ErrorSample {
    /// Line (1-based) or position in the input.
    pub line: u64,
    /// Dossier code, when readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The error.
    pub error: Error,
}

/// The report's running counters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ReportState {
    /// The unit.
    pub unit: String,
    /// The year.
    pub year: i32,
    /// Records read.
    pub records: u64,
    /// Records counted (received or completed in the year).
    pub counted: u64,
    /// January to December.
    pub months: Vec<MonthCounts>,
    /// By procedure code.
    pub procedures: BTreeMap<String, ProcedureCounts>,
    /// Dossiers still open at their last event.
    pub open: u64,
    /// Refused.
    pub refused: u64,
    /// Withdrawn.
    pub withdrawn: u64,
    /// Apologies owed (Mẫu 04; NĐ 61/2018 Art. 19(5), Art. 21).
    pub apologies_owed: u64,
    /// Of which issued (with the re-appointment) by their deadline.
    pub apologies_sent_on_time: u64,
    /// Of which issued after it.
    pub apologies_sent_late: u64,
    /// Thank-you letters.
    pub thank_you: u64,
    /// Congratulation letters.
    pub congratulation: u64,
    /// Condolence letters.
    pub condolence: u64,
    /// Sum and count of each indicator's scores, indexed by its number (0 unused).
    pub indicator_sums: Vec<[u64; 2]>,
    /// Records that could not be computed.
    pub errors: u64,
    /// The first of them.
    pub error_samples: Vec<ErrorSample>,
    /// Records of another unit.
    pub other_unit: u64,
    /// Records neither received nor completed in the year.
    pub outside_year: u64,
}

impl ReportState {
    /// An empty state.
    pub fn new(unit: &str, year: i32) -> Result<Self> {
        crate::time::check_year(year, "year")?;
        Ok(ReportState {
            unit: unit.to_owned(),
            year,
            records: 0,
            counted: 0,
            months: vec![MonthCounts::default(); 12],
            procedures: BTreeMap::new(),
            open: 0,
            refused: 0,
            withdrawn: 0,
            apologies_owed: 0,
            apologies_sent_on_time: 0,
            apologies_sent_late: 0,
            thank_you: 0,
            congratulation: 0,
            condolence: 0,
            indicator_sums: vec![[0, 0]; 10],
            errors: 0,
            error_samples: Vec::new(),
            other_unit: 0,
            outside_year: 0,
        })
    }

    /// Checks a state handed back by a caller.
    pub fn check(&self) -> Result<()> {
        if self.months.len() != 12 || self.indicator_sums.len() != 10 {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "state",
                "Trạng thái báo cáo không đúng cấu trúc (12 tháng, 10 chỉ số)",
                "The report state is malformed (12 months, 10 indicators)",
            ));
        }
        ReportState::new(&self.unit, self.year).map(|_| ())
    }

    fn error(&mut self, line: u64, id: Option<String>, error: Error) {
        if error.code != ErrorCode::OtherUnit {
            self.errors += 1;
        }
        if self.error_samples.len() < MAX_ERROR_SAMPLES {
            self.error_samples.push(ErrorSample { line, id, error });
        }
    }
}

/// What a fold needs besides the state, built once.
pub struct Context<'a> {
    /// Working calendar.
    pub cal: &'a Calendar,
    /// Procedures.
    pub catalog: &'a Catalog,
    /// Letters.
    pub letters: &'a LetterData,
    /// Evaluation rules.
    pub rules: &'a Evaluation,
}

/// A record: `{"dossier": …, "extra": …}` or a bare dossier.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    dossier: DossierInput,
    #[serde(default)]
    extra: Option<ExtraInput>,
}

fn working_days(t: ProcessingTime, day_minutes: f64) -> Option<f64> {
    match t.unit {
        TimeUnit::WorkingDays => Some(t.amount),
        TimeUnit::WorkingHours => (day_minutes > 0.0).then(|| t.amount * 60.0 / day_minutes),
        TimeUnit::SameDay => Some(1.0),
        TimeUnit::CalendarDays => None,
    }
}

/// Adds one record (line `line`, 1-based) to the state. A record may also come as JSON text (a
/// string), so that a host streaming NDJSON can pass a broken line on to be counted.
pub fn add(state: &mut ReportState, ctx: &Context<'_>, value: Value, line: u64) {
    let value = match value {
        Value::String(text) => match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                state.records += 1;
                return state.error(line, None, crate::api::malformed(&e.to_string()));
            }
        },
        v => v,
    };
    state.records += 1;
    let is_record = value.get("dossier").is_some();
    let parsed: Result<(DossierInput, ExtraInput)> = if is_record {
        crate::de::from_value::<Record>(value).map(|r| (r.dossier, r.extra.unwrap_or_default()))
    } else {
        crate::de::from_value::<DossierInput>(value).map(|d| (d, ExtraInput::default()))
    };
    let (d, extra) = match parsed {
        Ok(x) => x,
        Err(e) => return state.error(line, None, e),
    };
    if let Err(e) = add_dossier(state, ctx, &d, &extra) {
        let id = d.id.clone();
        state.error(line, id, e);
    }
}

/// Counts a line the host could not pass on (larger than a call may carry).
pub fn reject(state: &mut ReportState, line: u64, bytes: u64) {
    state.records += 1;
    state.error(
        line,
        None,
        Error::new(
            ErrorCode::InputTooLarge,
            "",
            format!("Dòng {line} quá lớn ({bytes} byte)"),
            format!("Line {line} is too large ({bytes} bytes)"),
        ),
    );
}

/// Whether two unit codes stand for the same unit at the end of the year (the old communes
/// under the new one that absorbed them).
fn same_unit(ctx: &Context<'_>, a: &str, b: &str, year_end: NaiveDate) -> bool {
    a == b
        || match (
            ctx.letters.unit_on(a, year_end),
            ctx.letters.unit_on(b, year_end),
        ) {
            (Some(x), Some(y)) => x.code == y.code,
            _ => false,
        }
}

fn add_dossier(
    state: &mut ReportState,
    ctx: &Context<'_>,
    d: &DossierInput,
    extra: &ExtraInput,
) -> Result<()> {
    let year_end = NaiveDate::from_ymd_opt(state.year, 12, 31).unwrap_or_default();
    if d.unit
        .as_deref()
        .is_some_and(|u| !same_unit(ctx, u, &state.unit, year_end))
    {
        state.other_unit += 1;
        return Err(Error::new(
            ErrorCode::OtherUnit,
            "dossier.unit",
            format!(
                "Hồ sơ của đơn vị {} không thuộc đơn vị {}",
                d.unit.as_deref().unwrap_or_default(),
                state.unit
            ),
            format!(
                "A dossier of unit {} is not one of unit {}",
                d.unit.as_deref().unwrap_or_default(),
                state.unit
            ),
        ));
    }
    let events = parse_events(&d.events)?;
    let inline = inline_procedure(d.procedure.as_ref(), "dossier.procedure")?;
    let c = deadline::compute(
        ctx.cal,
        ctx.catalog,
        &Dossier {
            procedure_code: d.procedure_code.as_deref(),
            procedure: inline.as_ref(),
            unit: d.unit.as_deref(),
            channel: d.channel,
            events: &events,
        },
        None,
        false,
        true,
    )?;
    let year = state.year;
    let received = c.received_at.date();
    let completed = c.completed_at.map(|t| t.date());
    let in_year = |x: NaiveDate| x.year() == year;
    let received_in = in_year(received);
    let completed_in = completed.is_some_and(in_year);
    if !received_in && !completed_in {
        state.outside_year += 1;
        return Ok(());
    }
    state.counted += 1;
    let day_minutes = ctx
        .cal
        .day_seconds(d.unit.as_deref(), received)
        .map_or(0.0, |s| s as f64 / 60.0);
    let p = c.procedure;
    let entry = state
        .procedures
        .entry(p.code.clone())
        .or_insert_with(|| ProcedureCounts {
            name_vi: p.name_vi.clone(),
            statutory_working_days: working_days(p.processing_time, day_minutes),
            statutory_text: time_words(p.processing_time).0,
            committed_working_days: p.committed_time.and_then(|t| working_days(t, day_minutes)),
            committed_text: p.committed_time.map(|t| time_words(t).0),
            ..ProcedureCounts::default()
        });
    let month = |x: NaiveDate| usize::try_from(x.month0()).unwrap_or(0);
    if received_in {
        entry.received += 1;
        if let Some(m) = state.months.get_mut(month(received)) {
            m.received += 1;
        }
    }
    match c.status {
        Status::Refused => state.refused += 1,
        Status::Withdrawn => state.withdrawn += 1,
        Status::CompletedEarly | Status::CompletedOnTime | Status::CompletedLate => {}
        _ => state.open += 1,
    }
    if let (true, Some(done)) = (completed_in, completed) {
        let m = state.months.get_mut(month(done));
        let (early, on_time, late) = match c.status {
            Status::CompletedEarly => (1, 0, 0),
            Status::CompletedOnTime => (0, 1, 0),
            Status::CompletedLate => (0, 0, 1),
            _ => (0, 0, 0),
        };
        if let Some(m) = m {
            m.early += early;
            m.on_time += on_time;
            m.late += late;
        }
        entry.early += early;
        entry.on_time += on_time;
        entry.late += late;
        if early + on_time + late > 0 && day_minutes > 0.0 {
            entry.working_days_sum += c.elapsed_working_minutes as f64 / day_minutes;
        }
    }
    // Letters whose trigger falls in the year.
    let (owed, _) = select(
        ctx.letters,
        ctx.cal,
        &c,
        &events,
        circumstances(d, &c),
        c.as_of,
    )?;
    for o in owed.iter().filter(|o| o.trigger_at.year() == year) {
        match o.kind {
            LetterKind::Apology => {
                state.apologies_owed += 1;
                let issued = o
                    .event_index
                    .and_then(|i| events.get(i))
                    .filter(|e| e.kind == EventKind::Extended);
                match issued {
                    Some(e) if e.at <= o.send_by => state.apologies_sent_on_time += 1,
                    Some(_) => state.apologies_sent_late += 1,
                    None => {}
                }
            }
            LetterKind::ThankYou => state.thank_you += 1,
            LetterKind::Congratulation => state.congratulation += 1,
            LetterKind::Condolence => state.condolence += 1,
            _ => {}
        }
    }
    // TT 01/2018: the dossier counts in the year of its result, or of its receipt while open.
    let evaluated_in = completed.map_or(received_in, in_year);
    if evaluated_in {
        let e = score_computed(ctx.rules, &c, &events, d, extra, String::new())?;
        let mut sums = Sums::new();
        add_scores(&mut sums, &e.indicators, None);
        for (n, (sum, count)) in sums {
            if let Some(slot) = state.indicator_sums.get_mut(usize::from(n)) {
                slot[0] += sum;
                slot[1] += count;
            }
        }
    }
    Ok(())
}

/// Early, on time and late with the on-time share.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
        on_time_share: (completed > 0)
            .then(|| ((early + on_time) as f64 / completed as f64 * 10_000.0).round() / 10_000.0),
    }
}

/// A month of the report.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ProcedureReport {
    /// Code.
    pub code: String,
    /// Name.
    pub name_vi: String,
    /// Received.
    pub received: u64,
    /// Results ready.
    #[serde(flatten)]
    pub results: Timeliness,
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
}

/// Letters of the year.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LettersReport {
    /// Apologies owed.
    pub apologies_owed: u64,
    /// Issued by their deadline.
    pub apologies_sent_on_time: u64,
    /// Issued after it.
    pub apologies_sent_late: u64,
    /// Owed and not recorded as issued.
    pub apologies_not_recorded: u64,
    /// Thank-you letters.
    pub thank_you: u64,
    /// Congratulation letters.
    pub congratulation: u64,
    /// Condolence letters.
    pub condolence: u64,
}

/// The unit as printed.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    /// Open at their last event.
    pub open: u64,
    /// Refused.
    pub refused: u64,
    /// Withdrawn.
    pub withdrawn: u64,
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
    pub satisfaction: Option<crate::api::survey::SurveyOutput>,
    /// Home birth registration (when given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_home: Option<crate::api::birth_home::report::CommuneReportOutput>,
    /// Names of the communes of the home-birth section, by code, on 31 December.
    #[serde(default)]
    pub commune_names: BTreeMap<String, String>,
    /// Records that could not be computed.
    pub errors: u64,
    /// The first of them.
    pub error_samples: Vec<ErrorSample>,
    /// Records of another unit.
    pub other_unit: u64,
    /// Records of other years.
    pub outside_year: u64,
    /// Rule data used.
    pub ruleset_version: String,
}

/// Turns the counters into the report.
pub fn finish(
    state: &ReportState,
    ctx: &Context<'_>,
    unit_facts: Option<&UnitFactsInput>,
    satisfaction: Option<crate::api::survey::SurveyOutput>,
    birth_home: Option<crate::api::birth_home::report::CommuneReportOutput>,
) -> Result<YearEndReport> {
    state.check()?;
    let year_end = NaiveDate::from_ymd_opt(state.year, 12, 31).unwrap_or_default();
    let unit = match ctx.letters.unit_on(&state.unit, year_end) {
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
    };
    let mut sums = Sums::new();
    for (n, [sum, count]) in state.indicator_sums.iter().enumerate() {
        if *count > 0 {
            sums.insert(u8::try_from(n).unwrap_or(0), (*sum, *count));
        }
    }
    let evaluation = unit_scores(ctx.rules, &sums, unit_facts)?;
    let (e, o, l) = state.months.iter().fold((0, 0, 0), |(e, o, l), m| {
        (e + m.early, o + m.on_time, l + m.late)
    });
    let one_decimal = |x: f64| (x * 10.0).round() / 10.0;
    let commune_names = birth_home
        .iter()
        .flat_map(|b| b.communes.iter())
        .filter_map(|c| {
            ctx.letters
                .unit_on(&c.commune_code, year_end)
                .map(|u| (c.commune_code.clone(), u.name.clone()))
        })
        .collect();
    Ok(YearEndReport {
        unit,
        year: state.year,
        records: state.records,
        received: state.months.iter().map(|m| m.received).sum(),
        results: timeliness(e, o, l),
        open: state.open,
        refused: state.refused,
        withdrawn: state.withdrawn,
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
        procedures: state
            .procedures
            .iter()
            .map(|(code, p)| {
                let done = p.early + p.on_time + p.late;
                ProcedureReport {
                    code: code.clone(),
                    name_vi: p.name_vi.clone(),
                    received: p.received,
                    results: timeliness(p.early, p.on_time, p.late),
                    average_working_days: (done > 0)
                        .then(|| one_decimal(p.working_days_sum / done as f64)),
                    statutory_working_days: p.statutory_working_days,
                    statutory_text: p.statutory_text.clone(),
                    committed_working_days: p.committed_working_days,
                    committed_text: p.committed_text.clone(),
                }
            })
            .collect(),
        letters: LettersReport {
            apologies_owed: state.apologies_owed,
            apologies_sent_on_time: state.apologies_sent_on_time,
            apologies_sent_late: state.apologies_sent_late,
            apologies_not_recorded: state
                .apologies_owed
                .saturating_sub(state.apologies_sent_on_time + state.apologies_sent_late),
            thank_you: state.thank_you,
            congratulation: state.congratulation,
            condolence: state.condolence,
        },
        evaluation,
        satisfaction,
        birth_home,
        commune_names,
        errors: state.errors,
        error_samples: state.error_samples.clone(),
        other_unit: state.other_unit,
        outside_year: state.outside_year,
        ruleset_version: format!(
            "{} / procedures {} / evaluation {}",
            ctx.cal.rules().version,
            ctx.catalog.version,
            ctx.rules.version
        ),
    })
}
