//! When a result would be due if a citizen submitted a dossier now, in words for a form: the
//! same computation as a received dossier's (its clock start, due time and the days off on the
//! way), written for the citizen.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::catalog::{Catalog, Procedure};
use super::compute::{Options, compute};
use super::model::{Dossier, Event, EventKind};
use super::outcome::Computed;
use crate::calendar::{Calendar, SkippedDay};
use crate::error::Result;
use crate::text::{words_en, words_vi};
use crate::time::format_datetime;

/// Answer of `deadline.preview`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PreviewOutput {
    /// The procedure version that would apply.
    pub procedure: Procedure,
    /// Submission time, Vietnam time.
    pub submitted_at: String,
    /// When the processing clock would start.
    pub clock_starts_at: String,
    /// When the result would be due (the appointment).
    pub due_at: String,
    /// The due time by the statutory time.
    pub statutory_due_at: String,
    /// In words a citizen understands, Vietnamese.
    pub text_vi: String,
    /// The same in English.
    pub text_en: String,
    /// Days off on the way.
    pub skipped_days: Vec<SkippedDay>,
    /// True when a day used comes from an unconfirmed schedule.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

/// The preview of `dossier` (its procedure, unit and channel; its events are ignored) submitted
/// at `submitted`. Errors name the dossier's fields (`events[0].at` for the submission).
pub fn preview(
    cal: &Calendar,
    catalog: &Catalog,
    dossier: &Dossier<'_>,
    submitted: NaiveDateTime,
    ruleset_version: String,
) -> Result<PreviewOutput> {
    let events = [Event {
        kind: EventKind::Received,
        at: submitted,
        new_due_at: None,
        reason: None,
        caused_by: None,
    }];
    let dossier = Dossier {
        events: &events,
        ..dossier.clone()
    };
    let opts = Options {
        explain: true,
        ..Options::default()
    };
    let c = compute(cal, catalog, &dossier, opts)?;
    let (text_vi, text_en) = words(&c, submitted);
    Ok(PreviewOutput {
        procedure: c.procedure.clone(),
        submitted_at: format_datetime(submitted),
        clock_starts_at: format_datetime(c.clock_started_at),
        due_at: format_datetime(c.due_at),
        statutory_due_at: format_datetime(c.statutory_due_at),
        text_vi,
        text_en,
        skipped_days: c.skipped_days,
        provisional: c.provisional,
        ruleset_version,
    })
}

/// The first reason of each day off on the way, each once, in order.
fn days_off<'c>(
    days: &'c [SkippedDay],
    text: impl Fn(&'c crate::calendar::Reason) -> &'c str,
) -> Vec<&'c str> {
    let mut uniq: Vec<&str> = Vec::new();
    for r in days.iter().filter_map(|d| d.reasons.first().map(&text)) {
        if !uniq.contains(&r) {
            uniq.push(r);
        }
    }
    uniq
}

/// The preview in words, Vietnamese and English.
fn words(c: &Computed<'_>, submitted: NaiveDateTime) -> (String, String) {
    let (start, due) = (c.clock_started_at, c.due_at);
    let mut text_vi = format!("Nếu nộp hồ sơ lúc {}, ", words_vi(submitted));
    let mut text_en = format!("If you submit at {}, ", words_en(submitted));
    if start != submitted {
        text_vi.push_str(&format!(
            "hồ sơ được tính từ {} (ngoài giờ làm việc), ",
            words_vi(start)
        ));
        text_en.push_str(&format!(
            "processing starts at {} (outside office hours), ",
            words_en(start)
        ));
    }
    text_vi.push_str(&format!("kết quả dự kiến có trước {}.", words_vi(due)));
    text_en.push_str(&format!("the result is expected by {}.", words_en(due)));
    let (offs_vi, offs_en) = (
        days_off(&c.skipped_days, |r| r.text_vi.as_str()),
        days_off(&c.skipped_days, |r| r.text_en.as_str()),
    );
    if !offs_vi.is_empty() {
        text_vi.push_str(&format!(
            " Không tính các ngày nghỉ: {}.",
            offs_vi.join("; ")
        ));
        text_en.push_str(&format!(" Days off not counted: {}.", offs_en.join("; ")));
    }
    if c.provisional {
        text_vi.push_str(
            " Lịch nghỉ năm này chưa được công bố chính thức nên ngày hẹn có thể thay đổi.",
        );
        text_en.push_str(
            " This year's official days off are not confirmed yet, so the date may change.",
        );
    }
    (text_vi, text_en)
}
