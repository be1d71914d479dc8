//! The commune report (`birth_home.commune_report`): the model's results for a year, per commune and for the program,
//! as the year-end report to the district asks (QĐ 491/QĐ-UBND 2020 mục III.4; the measures are
//! those such models are judged by, DOMAIN.md §3.1: births registered, the share registered within
//! the 60 days of Luật Hộ tịch Art. 15(1), the share handed over at home, the median days from
//! birth to certificate, the letters sent), and a composite score with weights from data.
//!
//! A registration counts in the year of its certificate. Communes are reported under the unit in
//! force on 31 December of the year, so a 2025 report gathers the old communes under the new ones
//! (DOMAIN.md §6.2). A registration counts for the program when its commune ran the model on the
//! certificate's date. Registrations of other years are listed, not counted; unreadable ones are
//! listed with their error: none is dropped.
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::BirthHome;
use super::law::Law;
use super::record::{RegistrationInput, day};
use crate::calendar::Calendar;
use crate::deadline::catalog::Catalog;
use crate::error::{Error, NotCounted, Result};
use crate::text::share;
use crate::time::parse_date;

/// One part of the composite score.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CompositePart {
    /// `on_time_share`, `home_share` or `speed`.
    pub code: String,
    /// Points given.
    pub points: f64,
    /// Points possible.
    pub max: f64,
}

/// The results of a commune or of the program.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Results {
    /// Births registered in the year.
    pub births_registered: usize,
    /// Of which applied for within the period (60 days).
    pub within_60_days: usize,
    /// Their share, 0–1 (four decimals; absent when no birth).
    pub share_within_60_days: Option<f64>,
    /// Certificates handed over at home.
    pub served_at_home: usize,
    /// Their share, 0–1.
    pub share_served_at_home: Option<f64>,
    /// Median days from birth to certificate.
    pub median_days_to_certificate: Option<f64>,
    /// Letters sent.
    pub letters_sent: u64,
    /// Composite score 0–100 (one decimal; absent when no birth).
    pub composite_score: Option<f64>,
    /// Its parts.
    pub composite_components: Vec<CompositePart>,
}

/// A commune's results.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CommuneResults {
    /// The commune on 31 December of the year.
    pub commune_code: String,
    /// The codes its registrations carried (old communes before 01/07/2025).
    pub codes_reported: Vec<String>,
    /// Registrations counted for the program (the commune ran the model that day).
    pub program_registrations: usize,
    /// Its figures.
    #[serde(flatten)]
    pub results: Results,
}

/// Answer of `birth_home.commune_report`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CommuneReportOutput {
    /// The year.
    pub year: i32,
    /// Per commune, by code.
    pub communes: Vec<CommuneResults>,
    /// The registrations of communes running the model.
    pub program: Results,
    /// Every registration counted.
    pub all: Results,
    /// Registrations read.
    pub registrations: usize,
    /// Those not counted, and why.
    pub not_counted: Vec<NotCounted>,
    /// Rule data used.
    pub ruleset_version: String,
}

struct Row {
    days_to_certificate: i64,
    on_time: bool,
    at_home: bool,
    letters: u32,
}

fn results(rows: &[&Row], data: &BirthHome, period_days: u32) -> Results {
    let n = rows.len();
    let on_time = rows.iter().filter(|r| r.on_time).count();
    let at_home = rows.iter().filter(|r| r.at_home).count();
    let of_all = |k: usize| share(k as u64, n as u64);
    let mut days: Vec<i64> = rows.iter().map(|r| r.days_to_certificate).collect();
    days.sort_unstable();
    let median = match n {
        0 => None,
        _ if n % 2 == 1 => days.get(n / 2).map(|d| *d as f64),
        _ => match (days.get(n / 2 - 1), days.get(n / 2)) {
            (Some(a), Some(b)) => Some((*a + *b) as f64 / 2.0),
            _ => None,
        },
    };
    let w = &data.report_weights;
    let period = f64::from(period_days.max(1));
    let parts = [
        ("on_time_share", w.on_time_share, of_all(on_time)),
        ("home_share", w.home_share, of_all(at_home)),
        (
            "speed",
            w.speed,
            median.map(|m| (1.0 - m / period).clamp(0.0, 1.0)),
        ),
    ];
    let round = |x: f64| (x * 10.0).round() / 10.0;
    Results {
        births_registered: n,
        within_60_days: on_time,
        share_within_60_days: of_all(on_time),
        served_at_home: at_home,
        share_served_at_home: of_all(at_home),
        median_days_to_certificate: median,
        letters_sent: rows.iter().map(|r| u64::from(r.letters)).sum(),
        composite_score: (n > 0).then(|| {
            round(
                parts
                    .iter()
                    .map(|(_, w, f)| w * f.unwrap_or(0.0))
                    .sum::<f64>(),
            )
        }),
        composite_components: parts
            .iter()
            .map(|(code, w, f)| CompositePart {
                code: (*code).to_owned(),
                points: round(w * f.unwrap_or(0.0)),
                max: *w,
            })
            .collect(),
    }
}

fn read(
    value: Value,
    i: usize,
    data: &BirthHome,
    (cal, law): (&Calendar, &Law<'_>),
) -> Result<(RegistrationInput, NaiveDate, Row)> {
    let base = format!("registrations[{i}]");
    let r: RegistrationInput = crate::de::from_value(value).map_err(|e| e.within(&base))?;
    let birth = parse_date(&r.child_birth_date, &format!("{base}.child_birth_date"))?;
    let issued = day(&r.certificate_date, &format!("{base}.certificate_date"))?;
    let applied = match &r.application_date {
        Some(a) => day(a, &format!("{base}.application_date"))?,
        None => issued,
    };
    if birth.year() < crate::time::FIRST_YEAR || birth > applied || applied > issued {
        return Err(Error::registration_dates(format!(
            "{base}.child_birth_date"
        )));
    }
    if !data.knows(&r.commune_code) {
        return Err(Error::unknown_commune(
            format!("{base}.commune_code"),
            &r.commune_code,
        ));
    }
    let on_time = applied <= law.period_end(cal, birth).day;
    let row = Row {
        days_to_certificate: (issued - birth).num_days(),
        on_time,
        at_home: r.served_at_home,
        letters: r.letters_sent,
    };
    Ok((r, issued, row))
}

/// The model's results for `year` from its registrations (each read here, so that a broken one
/// is listed, never fatal).
pub fn commune_report(
    data: &BirthHome,
    (cal, catalog): (&Calendar, &Catalog),
    registrations: Vec<Value>,
    year: i32,
    ruleset_version: String,
) -> Result<CommuneReportOutput> {
    let n = registrations.len();
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let law = data.law(catalog, year_end, "year")?;
    let days = law.period.days;
    let mut not_counted = Vec::new();
    let mut rows: Vec<(String, String, bool, Row)> = Vec::new();
    for (i, value) in registrations.into_iter().enumerate() {
        match read(value, i, data, (cal, &law)) {
            Err(e) => not_counted.push(NotCounted {
                index: i,
                id: None,
                reason_code: "invalid_registration".into(),
                error: Some(e),
            }),
            Ok((r, issued, _)) if issued.year() != year => not_counted.push(NotCounted {
                index: i,
                id: r.id,
                reason_code: "other_year".into(),
                error: None,
            }),
            Ok((r, issued, row)) => {
                let in_program = data.running(&r.commune_code, issued).is_some();
                rows.push((
                    data.code_on(&r.commune_code, year_end),
                    r.commune_code,
                    in_program,
                    row,
                ));
            }
        }
    }
    let program: Vec<&Row> = rows.iter().filter(|r| r.2).map(|r| &r.3).collect();
    let all: Vec<&Row> = rows.iter().map(|r| &r.3).collect();
    Ok(CommuneReportOutput {
        year,
        communes: communes(&rows, data, days),
        program: results(&program, data, days),
        all: results(&all, data, days),
        registrations: n,
        not_counted,
        ruleset_version,
    })
}

/// Each commune's results, under its code on 31 December.
fn communes(
    rows: &[(String, String, bool, Row)],
    data: &BirthHome,
    days: u32,
) -> Vec<CommuneResults> {
    let mut by_commune: BTreeMap<&str, Vec<&(String, String, bool, Row)>> = BTreeMap::new();
    for r in rows {
        by_commune.entry(r.0.as_str()).or_default().push(r);
    }
    by_commune
        .into_iter()
        .map(|(code, list)| {
            let mut codes: Vec<String> = list.iter().map(|r| r.1.clone()).collect();
            codes.sort();
            codes.dedup();
            let counted: Vec<&Row> = list.iter().map(|r| &r.3).collect();
            CommuneResults {
                commune_code: code.to_owned(),
                codes_reported: codes,
                program_registrations: list.iter().filter(|r| r.2).count(),
                results: results(&counted, data, days),
            }
        })
        .collect()
}
