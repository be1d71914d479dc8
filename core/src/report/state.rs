//! The report's running counters ([`ReportState`]) and the fold that adds one record to them
//! (the dossier read from it is counted by [`super::dossier`]): received by month and procedure,
//! early / on time / late, processing time, letters owed, the TT 01/2018 indicator sums; a record
//! that cannot be counted is counted as an error, listed with its line, never dropped.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thanthien_derive::Encode;

use crate::calendar::Calendar;
use crate::deadline::DossierInput;
use crate::deadline::catalog::Catalog;
use crate::error::{Error, ErrorCode, Result};
use crate::evaluation::{Evaluation, ExtraInput};
use crate::letters::LetterData;

pub use super::rows::{ProcedureCounts, WorkingMinutes};

/// Errors kept in the state with their line; the rest are counted (and every one is in the
/// answer of the call that met it, [`add`] and [`reject`]).
pub const MAX_ERROR_SAMPLES: usize = 100;
/// Distinct procedures counted one by one; the dossiers of any further procedure are counted
/// together under [`OTHER_PROCEDURES`], so that the state stays within what a call may carry
/// however many inline procedures a file holds.
pub const MAX_PROCEDURES: usize = 500;
/// The key of the procedures counted together past [`MAX_PROCEDURES`].
pub const OTHER_PROCEDURES: &str = "*";
/// Largest counter a state handed back may hold (a trillion dossiers): counters beyond it can
/// only come from an edited state, and sums of them could overflow.
pub const MAX_COUNT: u64 = 1_000_000_000_000;
/// The way this version counts, written into every state it makes: 2 counts the incidents'
/// apologies (NĐ 61/2018 Art. 21) apart from the delay's; 3 counts open, refused and withdrawn as
/// on 31 December (2 counted them as the log ended: a dossier received in the year with its result
/// after it was in no figure, one refused or withdrawn after it counted refused or withdrawn); 4
/// counts the dossiers carried over from earlier years (`carried_over`, `carried_over_open`; 3
/// counted one refused, withdrawn or still open in the year in no figure, its letters with it),
/// and a result ready in the year before a refusal or withdrawal after it among the results (3
/// counted it in no figure); 5 counts the dossiers open on 31 December past their due time
/// (`open_overdue`) and, by procedure, the open, refused and withdrawn (4 counted neither: read
/// as 0, they would be lost from a merge); 6 counts the delay's apology a dossier whose log ends
/// open owes by the year's last second, and no longer credits a commune absorbed in 2025 with
/// its successor's dossiers (5 took an open log's letters as of its last event, so an open
/// dossier past its due time owed none). A
/// state counted another way (a state with no `state_version` was counted the first
/// way, the incidents' among `apologies_owed`) cannot be added to, merged or finished: its sums
/// would mean something else.
pub const STATE_VERSION: u32 = 6;
/// Characters of a procedure's name kept in the state.
pub(super) const MAX_NAME_CHARS: usize = 300;

/// One month's counters.
#[derive(
    Clone, Debug, Default, PartialEq, Serialize, Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// A dossier that could not be counted.
#[derive(Clone, Debug, PartialEq, Serialize, Encode, Deserialize, thanthien_derive::Decode)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Clone, Debug, PartialEq, Serialize, Encode, Deserialize, thanthien_derive::Decode)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(transform = require_state_version))]
pub struct ReportState {
    /// The way it was counted ([`STATE_VERSION`]): required. A state without it was counted the
    /// first way (read as 1, so that it is refused with a message naming its version).
    #[serde(default = "first_state_version")]
    pub state_version: u32,
    /// The unit.
    pub unit: String,
    /// The year.
    pub year: i32,
    /// Records read.
    pub records: u64,
    /// Records counted (received, completed or carried over in the year).
    pub counted: u64,
    /// January to December.
    pub months: Vec<MonthCounts>,
    /// By procedure code.
    pub procedures: BTreeMap<String, ProcedureCounts>,
    /// Dossiers open on 31 December: received in the year, with neither a result nor a refusal
    /// or withdrawal by then.
    pub open: u64,
    /// Refused in the year (received in it or carried over).
    pub refused: u64,
    /// Withdrawn in the year (received in it or carried over).
    pub withdrawn: u64,
    /// Carried over from earlier years (kỳ trước chuyển qua): received before the year, with
    /// neither a result nor a refusal or withdrawal before 1 January. Absent from a state of an
    /// earlier way of counting, which is refused for its `state_version`, not for this field.
    #[serde(default)]
    pub carried_over: u64,
    /// Of the dossiers carried over, those still open on 31 December.
    #[serde(default)]
    pub carried_over_open: u64,
    /// Of `open` and `carried_over_open`, past their due time on 31 December.
    #[serde(default)]
    pub open_overdue: u64,
    /// Apologies owed for a delay (Mẫu 04; NĐ 61/2018 Art. 19(9)).
    pub apologies_owed: u64,
    /// Of which issued (with the re-appointment) by their deadline.
    pub apologies_sent_on_time: u64,
    /// Of which issued after it.
    pub apologies_sent_late: u64,
    /// Apologies for an incident (NĐ 61/2018 Art. 21): a letter of their own, with no new
    /// appointment, whose sending the log does not record. Absent from a state of the first way
    /// of counting, which counted them among `apologies_owed` and is refused for its
    /// `state_version`, not for this field.
    #[serde(default)]
    pub incident_apologies: u64,
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
    /// Records neither received, completed nor carried over in the year.
    pub outside_year: u64,
}

fn first_state_version() -> u32 {
    1
}

/// The schema requires `state_version` and gives it no default: the serde default only lets a
/// state of the first way be read, to be refused by name.
#[cfg(feature = "schema")]
fn require_state_version(schema: &mut schemars::Schema) {
    let field = "state_version";
    if let Some(p) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut(field))
        .and_then(|p| p.as_object_mut())
    {
        p.remove("default");
    }
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let required = obj
        .entry("required")
        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    if let Some(list) = required.as_array_mut()
        && !list.iter().any(|v| v == field)
    {
        list.insert(0, field.into());
    }
}

impl ReportState {
    /// An empty state.
    pub fn new(unit: &str, year: i32) -> Result<Self> {
        crate::time::check_year(year, "year")?;
        Ok(ReportState {
            state_version: STATE_VERSION,
            unit: unit.to_owned(),
            year,
            records: 0,
            counted: 0,
            months: vec![MonthCounts::default(); 12],
            procedures: BTreeMap::new(),
            open: 0,
            refused: 0,
            withdrawn: 0,
            carried_over: 0,
            carried_over_open: 0,
            open_overdue: 0,
            apologies_owed: 0,
            apologies_sent_on_time: 0,
            apologies_sent_late: 0,
            incident_apologies: 0,
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

    /// Checks a state handed back by a caller: the way it was counted, its shape, and every
    /// counter within [`MAX_COUNT`] (an edited state must not make the sums overflow); and
    /// settles each row's `working_days_sum` from its `working_minutes`, never trusting the float
    /// it brings.
    pub fn check(&mut self) -> Result<()> {
        if self.state_version != STATE_VERSION {
            let path = "state.state_version";
            return Err(Error::report_state_version(
                path,
                self.state_version,
                STATE_VERSION,
            ));
        }
        if self.months.len() != 12
            || self.indicator_sums.len() != 10
            || self.error_samples.len() > MAX_ERROR_SAMPLES
            || self.procedures.len() > MAX_PROCEDURES + 1
        {
            return Err(Error::malformed_report_state("state"));
        }
        if let Some(code) = self
            .procedures
            .iter()
            .find_map(|(k, p)| (!p.minutes_well_formed()).then_some(k))
        {
            let path = format!("state.procedures.{code}.working_minutes");
            return Err(Error::malformed_working_minutes(&path));
        }
        self.procedures
            .values_mut()
            .for_each(ProcedureCounts::settle);
        ReportState::new(&self.unit, self.year)?;
        if let Some(path) = self.counter_above(MAX_COUNT) {
            return Err(Error::report_counter_too_large(&path, MAX_COUNT));
        }
        if let Some(path) = self.overdue_above_open() {
            return Err(Error::report_overdue_above_open(&path));
        }
        Ok(())
    }

    /// The path of the first count of open dossiers past due above the open ones it is part of.
    fn overdue_above_open(&self) -> Option<String> {
        if self.open_overdue > self.open + self.carried_over_open {
            return Some("state.open_overdue".to_owned());
        }
        self.procedures
            .iter()
            .find(|(_, p)| p.open_overdue > p.open)
            .map(|(k, _)| format!("state.procedures.{k}.open_overdue"))
    }

    /// The path of the first counter above `max` (or not a finite, non-negative sum).
    fn counter_above(&self, max: u64) -> Option<String> {
        let top = [
            ("records", self.records),
            ("counted", self.counted),
            ("open", self.open),
            ("refused", self.refused),
            ("withdrawn", self.withdrawn),
            ("carried_over", self.carried_over),
            ("carried_over_open", self.carried_over_open),
            ("open_overdue", self.open_overdue),
            ("apologies_owed", self.apologies_owed),
            ("apologies_sent_on_time", self.apologies_sent_on_time),
            ("apologies_sent_late", self.apologies_sent_late),
            ("incident_apologies", self.incident_apologies),
            ("thank_you", self.thank_you),
            ("congratulation", self.congratulation),
            ("condolence", self.condolence),
            ("errors", self.errors),
            ("other_unit", self.other_unit),
            ("outside_year", self.outside_year),
        ];
        let months = self.months.iter().enumerate().flat_map(|(i, m)| {
            [m.received, m.early, m.on_time, m.late].map(|n| (format!("months[{i}]"), n))
        });
        let sums = self
            .indicator_sums
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.map(|n| (format!("indicator_sums[{i}]"), n)));
        let procedures = self.procedures.iter().flat_map(|(k, p)| {
            // Checked after `check` settled the sum: from the minutes when the row has any (any
            // entry past the limit makes the sum pass it too), else the float a row without
            // minutes brings.
            let days = p.working_days_sum;
            let bad = !(days.is_finite() && days >= 0.0 && days <= max as f64);
            let field = if p.working_minutes.is_empty() {
                "working_days_sum"
            } else {
                "working_minutes"
            };
            [
                p.received,
                p.carried_over,
                p.early,
                p.on_time,
                p.late,
                p.open,
                p.open_overdue,
                p.refused,
                p.withdrawn,
                p.commitment_kept,
            ]
            .map(|n| (format!("procedures.{k}"), n))
            .into_iter()
            .chain(bad.then(|| (format!("procedures.{k}.{field}"), u64::MAX)))
        });
        top.into_iter()
            .map(|(k, n)| (k.to_owned(), n))
            .chain(months)
            .chain(sums)
            .chain(procedures)
            .find(|(_, n)| *n > max)
            .map(|(k, _)| format!("state.{k}"))
    }

    /// Counts a record that could not be counted, keeps it among the samples when it is one of
    /// the first by line, whatever order the lines were met in, and gives it back for the
    /// caller's full list.
    fn error(&mut self, line: u64, id: Option<String>, error: Error) -> ErrorSample {
        if error.code != ErrorCode::OtherUnit {
            self.errors += 1;
        }
        let sample = ErrorSample { line, id, error };
        self.keep_sample(sample.clone());
        sample
    }

    /// Keeps `sample` when it is one of the first [`MAX_ERROR_SAMPLES`] by line (after those of
    /// its line already kept).
    pub(super) fn keep_sample(&mut self, sample: ErrorSample) {
        let at = self
            .error_samples
            .partition_point(|s| s.line <= sample.line);
        if at < MAX_ERROR_SAMPLES {
            self.error_samples.insert(at, sample);
            self.error_samples.truncate(MAX_ERROR_SAMPLES);
        }
    }

    /// Whether procedure `code` is counted in its own row: it has one, or there is room for
    /// one (the first [`MAX_PROCEDURES`] met); else it goes to [`OTHER_PROCEDURES`].
    pub(super) fn own_row(&self, code: &str) -> bool {
        self.procedures.len() < MAX_PROCEDURES || self.procedures.contains_key(code)
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
#[derive(Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
struct Record {
    dossier: DossierInput,
    #[serde(default)]
    extra: Option<ExtraInput>,
}

/// A record to count: read straight from its text, or a JSON value [`add`] reads.
pub struct Item(Kind);

enum Kind {
    Read(Box<Record>),
    Value(Value),
}

impl Item {
    /// A record given as a JSON value (or as the text of a broken line, a JSON string).
    pub fn value(value: Value) -> Self {
        Item(Kind::Value(value))
    }

    /// A record given as its JSON text: read straight into a `{"dossier", "extra"?}` record
    /// when it reads as one (the record [`add`] would read from its value), else kept as its
    /// value. `None` when the strict reader refuses the text (a key named twice): it refuses the
    /// whole input that holds it.
    pub fn text(text: &str) -> Option<Self> {
        match crate::de::read_text::<Record>(text) {
            Some(r) => Some(Item(Kind::Read(Box::new(r)))),
            None => crate::de::parse_json(text, "").ok().map(Item::value),
        }
    }

    /// Whether the record was read straight from its text.
    #[cfg(all(test, feature = "raw-text"))]
    pub(crate) fn is_read(&self) -> bool {
        matches!(self.0, Kind::Read(_))
    }
}

/// Adds one record (line `line`, 1-based) to the state. A record may also come as JSON text (a
/// string), so that a host streaming NDJSON can pass a broken line on to be counted. A record
/// that cannot be counted is given back with its error.
pub fn add(
    state: &mut ReportState,
    ctx: &Context<'_>,
    item: Item,
    line: u64,
) -> Option<ErrorSample> {
    let value = match item.0 {
        Kind::Read(r) => {
            state.records += 1;
            return count(state, ctx, r.dossier, r.extra.unwrap_or_default(), line);
        }
        Kind::Value(Value::String(text)) => match crate::de::parse_json(&text, "") {
            Ok(v) => v,
            Err(e) => {
                state.records += 1;
                return Some(state.error(line, None, e));
            }
        },
        Kind::Value(v) => v,
    };
    state.records += 1;
    let is_record = value.get("dossier").is_some();
    let parsed: Result<(DossierInput, ExtraInput)> = if is_record {
        crate::de::from_value::<Record>(value).map(|r| (r.dossier, r.extra.unwrap_or_default()))
    } else {
        crate::de::from_value::<DossierInput>(value).map(|d| (d, ExtraInput::default()))
    };
    match parsed {
        Ok((d, extra)) => count(state, ctx, d, extra, line),
        Err(e) => Some(state.error(line, None, e)),
    }
}

/// Counts a dossier read; gives it back with its error when it cannot be counted.
fn count(
    state: &mut ReportState,
    ctx: &Context<'_>,
    d: DossierInput,
    extra: ExtraInput,
    line: u64,
) -> Option<ErrorSample> {
    let id = d.id.clone();
    super::dossier::add(state, ctx, &d, &extra, line)
        .err()
        .map(|e| state.error(line, id, e))
}

/// Counts a chunk of records in line order: each of `dossiers` at its line, and among them the
/// lines the host could not pass on (`refused`: line, bytes and reason, in line order as the host
/// reads them); the records that could not be counted, in that order.
pub fn add_chunk(
    state: &mut ReportState,
    ctx: &Context<'_>,
    dossiers: Vec<(u64, Item)>,
    refused: Vec<(u64, u64, Option<Error>)>,
) -> Vec<ErrorSample> {
    let mut refused = refused.into_iter().peekable();
    let mut errors = Vec::new();
    for (line, d) in dossiers {
        while let Some((l, bytes, e)) = refused.next_if(|r| r.0 < line) {
            errors.push(reject(state, l, bytes, e));
        }
        errors.extend(add(state, ctx, d, line));
    }
    errors.extend(refused.map(|(l, bytes, e)| reject(state, l, bytes, e)));
    errors
}

/// Counts a line the host could not pass on: larger than a call may carry (`error` absent), or
/// refused for the reason given.
pub fn reject(state: &mut ReportState, line: u64, bytes: u64, error: Option<Error>) -> ErrorSample {
    state.records += 1;
    let error = error.unwrap_or_else(|| Error::line_too_large(line, bytes));
    state.error(line, None, error)
}
