//! `reception.check`: the reception days held (or planned) against the law, week by week or
//! month by month.
use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Every, ReceptionData, spans};
use crate::calendar::Calendar;
use crate::error::Result;
use crate::time::format_date;
use crate::units::Level;

/// A week or month and what it held.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReceptionSlot {
    /// `week` or `month`.
    pub every: Every,
    /// Its first day.
    pub from: String,
    /// Its last day.
    pub to: String,
    /// Reception days the law requires in it (0 where it has no working day).
    pub required: u32,
    /// Distinct days with a session.
    pub held: u32,
    /// Working days it has in the period.
    pub working_days: u32,
    /// Law and article.
    pub source: String,
}

/// A week or month short of sessions.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReceptionShortfall {
    /// First day in the period.
    pub from: String,
    /// Last day in the period.
    pub to: String,
    /// Days missing.
    pub missing: u32,
    /// In Vietnamese.
    pub text_vi: String,
    /// In English.
    pub text_en: String,
}

/// A session on a day off.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DayOffSession {
    /// The day.
    pub date: String,
    /// Why it is off (`weekend`, `holiday`, …).
    pub kind: String,
}

/// Answer of `reception.check`.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReceptionCheckOutput {
    /// Whether every week or month has its sessions.
    pub meets: bool,
    /// Each week or month.
    pub slots: Vec<ReceptionSlot>,
    /// Those short of sessions.
    pub shortfalls: Vec<ReceptionShortfall>,
    /// Sessions placed on days off (counted, but the office is closed then).
    pub on_days_off: Vec<DayOffSession>,
    /// Days required and held over the period.
    pub required_total: u32,
    /// Distinct days held in the weeks or months judged.
    pub held_total: u32,
    /// A rule rests on a secondary or unread source.
    pub provisional: bool,
    /// The convention used where the law is silent.
    pub conventions: Vec<String>,
    /// ReceptionRule data used.
    pub ruleset_version: String,
}

/// Checks `sessions` (days) for a chairperson at `level` over `[from, to]`.
pub fn check(
    data: &ReceptionData,
    cal: &Calendar,
    level: Level,
    (from, to): (NaiveDate, NaiveDate),
    sessions: &[NaiveDate],
    version: String,
) -> Result<ReceptionCheckOutput> {
    let spans = spans(data, level, from, to)?;
    let (first, last) = match (spans.first(), spans.last()) {
        (Some(f), Some(l)) => (f.from, l.to),
        _ => (from, to),
    };
    let days: BTreeSet<NaiveDate> = sessions
        .iter()
        .copied()
        .filter(|d| (first..=last).contains(d))
        .collect();
    let mut out = ReceptionCheckOutput {
        meets: true,
        slots: Vec::new(),
        shortfalls: Vec::new(),
        on_days_off: Vec::new(),
        required_total: 0,
        held_total: u32::try_from(days.len()).unwrap_or(u32::MAX),
        provisional: false,
        conventions: vec!["no_working_day_no_session".to_owned()],
        ruleset_version: version,
    };
    for span in spans {
        let working = u32::try_from(
            cal.working_days_between(span.from.pred_opt().unwrap_or(span.from), span.to, "period")?
                .max(0),
        )
        .unwrap_or(0);
        let required = span.rule.days.min(working);
        let held = u32::try_from(days.range(span.from..=span.to).count()).unwrap_or(u32::MAX);
        out.provisional |= span.rule.confidence.provisional();
        out.required_total += required;
        if held < required {
            out.meets = false;
            out.shortfalls.push(shortfall(&span, required - held));
        }
        out.slots.push(ReceptionSlot {
            every: span.rule.every,
            from: format_date(span.from),
            to: format_date(span.to),
            required,
            held,
            working_days: working,
            source: span.rule.source.clone(),
        });
    }
    for d in &days {
        let view = cal.day(*d, "sessions")?;
        if !view.working {
            out.on_days_off.push(DayOffSession {
                date: format_date(*d),
                kind: crate::de::encode::to_value(&view.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

fn shortfall(span: &super::Span<'_>, missing: u32) -> ReceptionShortfall {
    let (f, t) = (
        crate::time::format_dmy(span.from),
        crate::time::format_dmy(span.to),
    );
    let (vi, en) = match span.rule.every {
        Every::Week => ("tuần", "week"),
        Every::Month => ("tháng", "month"),
    };
    ReceptionShortfall {
        from: format_date(span.from),
        to: format_date(span.to),
        missing,
        text_vi: format!("Thiếu {missing} ngày tiếp công dân trong {vi} {f}–{t}"),
        text_en: format!("{missing} reception day(s) missing in the {en} {f}–{t}"),
    }
}
