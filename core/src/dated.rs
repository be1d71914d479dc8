//! Effective dating: every rule datum holds from a date and, where the law or the map changed,
//! until one (STYLE.md: `from`/`to`, `source`, `confidence` beside every value). A record is judged
//! by the data in force on its own date: a dossier by its receipt, a letter by its date, a unit
//! by the day asked about.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::time::parse_date;

/// How sure the data is. A calendar entry makes its answers provisional when `low` (a
/// schedule not yet issued); a form, a letter's document, a grievance or a reception rule when
/// anything short of `high` ([`Confidence::provisional`]): it rests on a secondary or recalled
/// reading.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Confidence {
    /// A dated decision or press report of it was seen.
    High,
    /// Derived from a rule, or a single secondary source.
    Med,
    /// Expected or unconfirmed.
    Low,
}

impl Confidence {
    /// Whether an answer resting on a rule or form this sure is provisional: anything short of
    /// `high` (the calendar's days are provisional only when `low`).
    pub fn provisional(self) -> bool {
        self != Confidence::High
    }
}

/// The days a dated entry is in force: from its first day (absent: always) to its last
/// (absent: still in force), both inclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: Option<NaiveDate>,
    /// Last day.
    pub to: Option<NaiveDate>,
}

impl Period {
    /// The period of a data entry (`path` names it): optional first and last days, the last
    /// not before the first (`invalid_ruleset` at `{path}.to`).
    pub fn parse(from: Option<&str>, to: Option<&str>, path: &str) -> Result<Period> {
        let from = from
            .map(|d| parse_date(d, &format!("{path}.from")))
            .transpose()?;
        let to = to
            .map(|d| parse_date(d, &format!("{path}.to")))
            .transpose()?;
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            return Err(Error::ends_before_start(
                format!("{path}.to"),
                &f.to_string(),
                &t.to_string(),
            ));
        }
        Ok(Period { from, to })
    }

    /// Whether the entry is in force on `d`.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }

    /// Whether the entry ended before `d`.
    pub fn ended_before(&self, d: NaiveDate) -> bool {
        self.to.is_some_and(|t| t < d)
    }
}

/// A value with the period it is in force.
#[derive(Clone, Debug, PartialEq)]
pub struct Dated<T> {
    /// When.
    pub period: Period,
    /// What.
    pub value: T,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn a_period_ends_on_or_after_its_start() {
        let d = |s| parse_date(s, "").ok();
        let p = Period::parse(Some("2020-03-23"), Some("2025-06-30"), "u[0]").unwrap();
        assert_eq!((p.from, p.to), (d("2020-03-23"), d("2025-06-30")));
        assert!(p.contains(d("2025-06-30").unwrap()));
        assert!(!p.contains(d("2025-07-01").unwrap()));
        assert!(p.ended_before(d("2025-07-01").unwrap()));
        assert_eq!(
            Period::parse(None, None, "u[0]").unwrap(),
            Period::default()
        );
        let e = Period::parse(Some("2025-07-01"), Some("2025-06-30"), "u[0]").unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InvalidRuleset, "u[0].to")
        );
        assert_eq!(
            e.message_en,
            "Ends (2025-06-30) before it starts (2025-07-01)"
        );
        let e = Period::parse(Some("2025-02-29"), None, "u[0]").unwrap_err();
        assert_eq!(e.path, "u[0].from");
    }
}
