//! Citizen reception (tiếp công dân): whether a schedule of reception days meets the law for the
//! chairperson of a unit's People's Committee (`reception.check`), and a schedule that does
//! (`reception.plan`), on the working calendar. The frequencies are data by level and date
//! (`data/reception.toml`, Luật Tiếp công dân 2013 Art. 12(5), 13(5), 15(2)(d)).
//!
//! Each week (Monday to Sunday) or calendar month touching the period is judged whole, by the
//! rule in force on its first day in the period: a session in the part of an edge week outside
//! the period counts for it, and a plan places one there when that is where the weekday falls. A
//! week or month with no working day needs no session (a convention: the law is silent on Tết
//! weeks; named in the answer).
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::dated::Confidence;
use crate::error::{Error, Result};
use crate::units::Level;

mod check;
mod plan;

pub use check::{DayOffSession, ReceptionCheckOutput, ReceptionShortfall, ReceptionSlot, check};
pub use plan::{PlannedSession, ReceptionPlanOutput, plan};

const RECEPTION_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/reception.json"));

/// The span a frequency counts in.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Every {
    /// Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
}

/// One frequency of the law.
#[derive(Clone, Debug, Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
pub struct ReceptionRule {
    /// The level of the unit whose chairperson receives.
    pub level: Level,
    /// In force from.
    pub from: NaiveDate,
    /// Until (absent: still in force).
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// Week or month.
    pub every: Every,
    /// Least reception days in each.
    pub days: u32,
    /// Law and article.
    pub source: String,
    /// How sure the datum is.
    pub confidence: Confidence,
}

/// Every frequency, by level and date.
#[derive(Clone, Debug, Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
pub struct ReceptionData {
    /// Version of the data.
    pub version: String,
    /// The rules.
    pub rule: Vec<ReceptionRule>,
}

impl ReceptionData {
    /// The engine's data, read once.
    pub fn default_ref() -> Result<&'static ReceptionData> {
        static DEFAULT: OnceLock<Result<ReceptionData>> = OnceLock::new();
        crate::de::shared(&DEFAULT, || {
            crate::de::from_data("reception.toml", RECEPTION_JSON)
        })
    }

    /// The rule for `level` in force on `d`.
    pub fn rule(&self, level: Level, d: NaiveDate) -> Option<&ReceptionRule> {
        self.rule
            .iter()
            .filter(|r| r.level == level && r.from <= d && r.to.is_none_or(|t| d <= t))
            .max_by_key(|r| r.from)
    }
}

/// A week or month touching the period, and its rule.
pub struct Span<'a> {
    /// Its first day.
    pub from: NaiveDate,
    /// Its last day.
    pub to: NaiveDate,
    /// The rule in force on `from`.
    pub rule: &'a ReceptionRule,
}

/// The weeks or months touching `[from, to]`, whole; `unit_not_in_force` at `level` where the
/// level has no rule (the district after 30/06/2025).
pub fn spans(
    data: &ReceptionData,
    level: Level,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Span<'_>>> {
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let rule = data.rule(level, day).ok_or_else(|| no_level(level, day))?;
        let (first, last) = match rule.every {
            Every::Week => {
                let back = day.weekday().num_days_from_monday();
                let monday = day - chrono::Days::new(u64::from(back));
                (monday, monday + chrono::Days::new(6))
            }
            Every::Month => (day.with_day(1).unwrap_or(day), last_of_month(day)),
        };
        out.push(Span {
            from: first,
            to: last,
            rule,
        });
        match last.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    Ok(out)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// The contract name of a level.
pub fn level_name(level: Level) -> &'static str {
    match level {
        Level::Commune => "commune",
        Level::District => "district",
        Level::Province => "province",
    }
}

fn no_level(level: Level, d: NaiveDate) -> Error {
    Error::level_not_in_force("level", level_name(level), &crate::time::format_date(d))
}

/// Refuses a period that ends before it starts or spans more than [`MAX_DAYS`].
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(Error::period_backwards(
            "period.to",
            &crate::time::format_date(from),
            &crate::time::format_date(to),
        ));
    }
    if (to - from).num_days() > MAX_DAYS {
        return Err(Error::period_too_long("period", MAX_DAYS));
    }
    Ok(())
}

/// Longest period checked or planned at once: ten years.
pub const MAX_DAYS: i64 = 3660;
