//! The scoring text a period is scored under. TT 01/2018/TT-VPCP details NĐ 61/2018/NĐ-CP,
//! which NĐ 118/2025/NĐ-CP replaced on 01/07/2025; no newer scoring text is loaded, so a period
//! reaching outside the dates a loaded text governs is scored under the nearest one, as a
//! provisional answer with the reason (`evaluation.toml` `[[instrument]]`).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Evaluation;
use crate::time::format_dmy as dmy;

/// A scoring text and the dates it governs.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Stable code.
    pub code: String,
    /// Its name.
    pub name_vi: String,
    /// First day it governs.
    pub from: NaiveDate,
    /// Last day it governs, when it lapsed.
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// Why it lapsed, in Vietnamese.
    #[serde(default)]
    pub lapsed_vi: Option<String>,
    /// The same in English.
    #[serde(default)]
    pub lapsed_en: Option<String>,
    /// The source of its dates.
    pub source: String,
}

/// The text an answer is scored under.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Scoring {
    /// The instrument's code (`tt01_2018`).
    pub instrument: String,
    /// Its name.
    pub name_vi: String,
    /// The source of its dates.
    pub source: String,
    /// True when the period reaches outside the dates it governs.
    pub provisional: bool,
    /// Why, in Vietnamese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_vi: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
}

impl Instrument {
    fn covers(&self, d: NaiveDate) -> bool {
        self.from <= d && self.to.is_none_or(|t| d <= t)
    }
}

impl Evaluation {
    /// The text the days `from` to `to` are scored under: the one governing them all, else the
    /// last one starting by `to` (or the first), provisional with the reason.
    pub fn scoring(&self, from: NaiveDate, to: NaiveDate) -> Scoring {
        self.scoring_explained(from, to, true)
    }

    /// [`Evaluation::scoring`], with the provisional reason's texts only when `explain` (a
    /// report sums the scores and never shows them).
    pub fn scoring_explained(&self, from: NaiveDate, to: NaiveDate, explain: bool) -> Scoring {
        let list = &self.instrument;
        if let Some(i) = list.iter().find(|i| i.covers(from) && i.covers(to)) {
            return scoring(i, false, None);
        }
        let nearest = list
            .iter()
            .rev()
            .find(|i| i.from <= to)
            .or_else(|| list.first());
        match nearest {
            Some(i) if !explain => scoring(i, true, None),
            Some(i) => {
                let (gone_vi, gone_en) = match (&i.lapsed_vi, &i.lapsed_en) {
                    (Some(v), Some(e)) => (format!(" ({v})"), format!(" ({e})")),
                    _ => (String::new(), String::new()),
                };
                let span = match i.to {
                    Some(t) => format!("{}–{}", dmy(i.from), dmy(t)),
                    None => format!("{}–", dmy(i.from)),
                };
                let vi = format!(
                    "Kỳ {}–{} vượt ngoài thời gian {} điều chỉnh ({span}){gone_vi}; chưa có văn bản chấm điểm khác: tạm chấm theo {}.",
                    dmy(from),
                    dmy(to),
                    i.name_vi,
                    i.name_vi
                );
                let en = format!(
                    "The period {}–{} reaches outside the dates {} governs ({span}){gone_en}; no other scoring text is loaded: scored under it, provisionally.",
                    dmy(from),
                    dmy(to),
                    i.name_vi
                );
                scoring(i, true, Some((vi, en)))
            }
            None => Scoring {
                instrument: String::new(),
                name_vi: String::new(),
                source: self.source.clone(),
                provisional: true,
                reason_vi: Some("Không có văn bản chấm điểm trong dữ liệu.".into()),
                reason_en: Some("No scoring text in the data.".into()),
            },
        }
    }
}

fn scoring(i: &Instrument, provisional: bool, reason: Option<(String, String)>) -> Scoring {
    let (reason_vi, reason_en) = reason.unzip();
    Scoring {
        instrument: i.code.clone(),
        name_vi: i.name_vi.clone(),
        source: i.source.clone(),
        provisional,
        reason_vi,
        reason_en,
    }
}
