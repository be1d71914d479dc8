//! `reception.plan`: reception days on a chosen weekday that meet the law, each moved to the
//! next working day of its week or month when it falls on a day off, and the notice a unit posts.
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::{ReceptionData, Span, check, spans};
use crate::calendar::Calendar;
use crate::error::Result;
use crate::time::{format_date, format_dmy, weekday_name_vi};
use crate::units::Level;

/// One planned reception day.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlannedSession {
    /// The day.
    pub date: String,
    /// The weekday it replaces, when that was a day off.
    pub moved_from: Option<String>,
}

/// Answer of `reception.plan`.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReceptionPlanOutput {
    /// The reception days.
    pub sessions: Vec<PlannedSession>,
    /// The plan checked against the law (`meets` is true unless a week or month has fewer
    /// working days than the law asks for).
    pub check: check::ReceptionCheckOutput,
    /// The notice a unit posts (NĐ 154/2026 Art. 29(1)(d): the schedule is posted publicly).
    pub notice_vi: String,
}

/// Plans reception days for a chairperson at `level` over `[from, to]` on `weekday`.
pub fn plan(
    data: &ReceptionData,
    cal: &Calendar,
    level: Level,
    period: (NaiveDate, NaiveDate),
    weekday: Weekday,
    unit_name: Option<&str>,
    version: String,
) -> Result<ReceptionPlanOutput> {
    let mut sessions = Vec::new();
    for span in spans(data, level, period.0, period.1)? {
        sessions.extend(in_span(cal, &span, weekday)?);
    }
    let days: Vec<NaiveDate> = sessions.iter().map(|(d, _)| *d).collect();
    let checked = check::check(data, cal, level, period, &days, version)?;
    let notice_vi = notice(unit_name, period, &sessions);
    Ok(ReceptionPlanOutput {
        sessions: sessions
            .into_iter()
            .map(|(d, moved)| PlannedSession {
                date: format_date(d),
                moved_from: moved.map(format_date),
            })
            .collect(),
        check: checked,
        notice_vi,
    })
}

/// The span's reception days: its `weekday`s spread over it, each a day off moved to the next
/// working day of the span (else the one before), then any working day to make up the number.
fn in_span(
    cal: &Calendar,
    span: &Span<'_>,
    weekday: Weekday,
) -> Result<Vec<(NaiveDate, Option<NaiveDate>)>> {
    let all: Vec<NaiveDate> = span
        .from
        .iter_days()
        .take_while(|d| *d <= span.to)
        .collect();
    let mut working = Vec::new();
    for d in &all {
        if cal.is_working(*d, "period")? {
            working.push(*d);
        }
    }
    let need = usize::try_from(span.rule.days)
        .unwrap_or(0)
        .min(working.len());
    let candidates: Vec<NaiveDate> = all
        .iter()
        .copied()
        .filter(|d| d.weekday() == weekday)
        .collect();
    let mut out: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    let spread = (0..need).filter_map(|i| candidates.get(i * candidates.len() / need));
    for &c in spread {
        let taken = |d: &NaiveDate, out: &Vec<(NaiveDate, Option<NaiveDate>)>| {
            out.iter().any(|(x, _)| x == d)
        };
        let pick = working
            .iter()
            .find(|d| **d >= c && !taken(d, &out))
            .or_else(|| working.iter().rev().find(|d| **d < c && !taken(d, &out)));
        if let Some(d) = pick {
            out.push((*d, (*d != c).then_some(c)));
        }
    }
    for d in &working {
        if out.len() >= need {
            break;
        }
        if !out.iter().any(|(x, _)| x == d) {
            out.push((*d, None));
        }
    }
    out.sort();
    Ok(out)
}

fn notice(
    unit: Option<&str>,
    (from, to): (NaiveDate, NaiveDate),
    s: &[(NaiveDate, Option<NaiveDate>)],
) -> String {
    let body = match unit {
        Some(u) if u.starts_with("Ủy ban nhân dân") => u.to_owned(),
        Some(u) => format!("Ủy ban nhân dân {u}"),
        None => "Ủy ban nhân dân …".to_owned(),
    };
    let mut text = format!(
        "THÔNG BÁO\nLịch tiếp công dân định kỳ của Chủ tịch {body}\nTừ ngày {} đến ngày {}\n\n",
        format_dmy(from),
        format_dmy(to)
    );
    for (d, moved) in s {
        text.push_str(&format!(
            "- {}, ngày {}",
            weekday_name_vi(*d),
            format_dmy(*d)
        ));
        if let Some(m) = moved {
            text.push_str(&format!(
                " (thay cho {}, ngày {}, là ngày nghỉ)",
                weekday_name_vi(*m),
                format_dmy(*m)
            ));
        }
        text.push('\n');
    }
    text.push_str(
        "\nĐịa điểm: trụ sở Ủy ban nhân dân. Công dân đến đúng lịch trên để được tiếp.\n",
    );
    text
}
