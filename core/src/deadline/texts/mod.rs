//! Every sentence the deadline rules write: the trace of a computation and the violations of an
//! event log, in Vietnamese and English, each with the rule it applies: [`trace`] and
//! [`violations`] are the files a lawyer reviews; the state machine ([`super::fold`]) only says
//! which sentence applies and when. Sources come from the data (`procedures.toml`'s regimes)
//! wherever the law differs by date; the three written in [`violations`] are the structural
//! checks of every log.
mod trace;
mod violations;

pub(in crate::deadline) use trace::*;

use super::catalog::{ProcessingTime, TimeUnit};
use super::model::{Violation, ViolationCode};
use crate::text::amount_text;

fn violation(
    code: ViolationCode,
    i: Option<usize>,
    source: &str,
    vi: String,
    en: String,
) -> Violation {
    Violation {
        code,
        event_index: i,
        text_vi: vi,
        text_en: en,
        source: source.to_owned(),
    }
}

/// A processing time in words, Vietnamese and English (`3 ngày làm việc`, `3 working days`).
pub fn time_words(t: ProcessingTime) -> (String, String) {
    let n = amount_text(t.amount);
    match t.unit {
        TimeUnit::WorkingDays => (format!("{n} ngày làm việc"), format!("{n} working days")),
        TimeUnit::WorkingHours => (format!("{n} giờ làm việc"), format!("{n} working hours")),
        TimeUnit::CalendarDays => (format!("{n} ngày"), format!("{n} calendar days")),
        TimeUnit::SameDay => ("trong ngày".to_owned(), "the same day".to_owned()),
    }
}
