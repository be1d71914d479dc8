//! The conventions the engine adopts where the law is silent (DOMAIN.md §10), each named, with
//! its default in `procedures.toml` `[deadline]`, switchable by a ruleset's `deadline` section,
//! and named in every answer (`conventions`):
//! - `convention` (day counting): N working days end at the receipt minute of the Nth day
//!   (`working_hours`, what Mẫu 01 records) or at the close of office of the Nth working day
//!   counted from the next day (`civil_code`: BLDS 2015 Art. 147–148's counting, ending when the
//!   desk closes rather than at the 24:00 of Art. 148(6), since results are returned in office
//!   hours and Mẫu 01 appoints a time in them);
//! - `early`: TT 01/2018 Art. 13(1) gives 2 points when the time taken is "ngắn hơn" the time
//!   allowed: a result on an earlier working day (`earlier_day`) or at any time before the due
//!   time (`before_due_time`);
//! - `apology_lead`: NĐ 61/2018 Art. 19(9) "chậm nhất 01 ngày trước ngày hết hạn": one working day
//!   before at the same clock time (`same_clock_time`) or by the close of the working day before
//!   the due day (`previous_day_close`);
//! - `second_supplement`: Art. 11(2)(c) allows one request to amend or supplement ("chỉ được
//!   yêu cầu sửa đổi, bổ sung một lần"; Art. 15(3): once, at reception); a second request after
//!   appraisal is a `violation` or `allowed`;
//! - `judge_by`: a result is judged against the time the law allows (`statutory`, TT 01/2018
//!   Art. 13(1) "thời gian cho phép theo quy định của pháp luật") or a commune's shorter voluntary
//!   commitment (`commitment`), which is otherwise reported beside it;
//! - `reappointment_counts_late`: a result by a re-appointed time the agency caused still counts
//!   as late (DOMAIN §10.7): TT 01/2018 Art. 13(1) scores the total time against the time the
//!   law allows, which a re-appointment does not move.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::catalog::Convention;
use crate::error::Result;
use crate::time::parse_clock;

/// What "early" means.
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
pub enum Early {
    /// On a working day before the due day.
    EarlierDay,
    /// At any time before the due time.
    BeforeDueTime,
}

impl Early {
    /// TT 01/2018 Art. 13(1)-(2): 2 points when the time taken is shorter than allowed ("ngắn
    /// hơn", in this reading), 1 when it is equal (the result by the due time), 0 when longer.
    pub fn score(self, done: NaiveDateTime, due: NaiveDateTime) -> u8 {
        let early = match self {
            Early::EarlierDay => done.date() < due.date(),
            Early::BeforeDueTime => done < due,
        };
        match (done > due, early) {
            (true, _) => 0,
            (false, true) => 2,
            (false, false) => 1,
        }
    }
}

/// When the apology is due, before the due time.
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
pub enum ApologyLead {
    /// One working day before, at the same clock time.
    SameClockTime,
    /// By the close of the working day before the due day.
    PreviousDayClose,
}

/// What a second supplement request is.
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
pub enum SecondSupplement {
    /// A violation of the guide-once rule.
    Violation,
    /// Allowed.
    Allowed,
}

/// What a result is judged against.
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
pub enum JudgeBy {
    /// The time the law allows (or the procedure's time as the province published it).
    Statutory,
    /// The commune's voluntary commitment.
    Commitment,
}

/// The deadline conventions in force.
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
pub struct Settings {
    /// Day counting.
    pub convention: Convention,
    /// Same-day cut-off, seconds after midnight.
    #[serde(skip)]
    pub same_day_cutoff: u32,
    /// Whether an agency-caused re-appointment counts as late.
    pub reappointment_counts_late: bool,
    /// What "early" means.
    pub early: Early,
    /// When the apology is due.
    pub apology_lead: ApologyLead,
    /// What a second supplement request is.
    pub second_supplement: SecondSupplement,
    /// What a result is judged against.
    pub judge_by: JudgeBy,
    /// Source of the conventions.
    #[serde(rename = "source")]
    pub convention_source: String,
    /// The convention that a log is in time order.
    #[serde(skip)]
    pub order_source: String,
}

/// The `[deadline]` section of `procedures.toml`.
#[derive(Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
pub(super) struct SettingsFile {
    convention: Convention,
    same_day_cutoff: String,
    reappointment_counts_late: bool,
    early: Early,
    apology_lead: ApologyLead,
    second_supplement: SecondSupplement,
    judge_by: JudgeBy,
    convention_source: String,
    order_source: String,
}

/// A ruleset's changes to the deadline conventions.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeadlineSettingsInput {
    /// `working_hours` or `civil_code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub convention: Option<Convention>,
    /// Same-day cut-off, `HH:MM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_day_cutoff: Option<String>,
    /// Whether a result returned by an agency-caused re-appointed time still counts as late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reappointment_counts_late: Option<bool>,
    /// `earlier_day` or `before_due_time`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early: Option<Early>,
    /// `same_clock_time` or `previous_day_close`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apology_lead: Option<ApologyLead>,
    /// `violation` or `allowed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_supplement: Option<SecondSupplement>,
    /// `statutory` or `commitment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judge_by: Option<JudgeBy>,
}

impl Settings {
    /// The data's conventions; `path` names the cut-off in errors.
    pub(super) fn from_file(f: SettingsFile, path: &str) -> Result<Self> {
        Ok(Settings {
            convention: f.convention,
            same_day_cutoff: parse_clock(&f.same_day_cutoff, path)?,
            reappointment_counts_late: f.reappointment_counts_late,
            early: f.early,
            apology_lead: f.apology_lead,
            second_supplement: f.second_supplement,
            judge_by: f.judge_by,
            convention_source: f.convention_source,
            order_source: f.order_source,
        })
    }

    /// A ruleset's choices applied; the source then says the unit chose.
    pub(super) fn apply(&mut self, s: &DeadlineSettingsInput, path: &str) -> Result<()> {
        if let Some(cut) = &s.same_day_cutoff {
            self.same_day_cutoff = parse_clock(cut, &format!("{path}.same_day_cutoff"))?;
        }
        self.convention = s.convention.unwrap_or(self.convention);
        self.reappointment_counts_late = s
            .reappointment_counts_late
            .unwrap_or(self.reappointment_counts_late);
        self.early = s.early.unwrap_or(self.early);
        self.apology_lead = s.apology_lead.unwrap_or(self.apology_lead);
        self.second_supplement = s.second_supplement.unwrap_or(self.second_supplement);
        self.judge_by = s.judge_by.unwrap_or(self.judge_by);
        self.convention_source = format!(
            "{} (bộ quy tắc của đơn vị / the unit's ruleset)",
            self.convention_source
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Early;
    use chrono::NaiveDateTime;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap_or_default()
    }

    /// TT 01/2018 Art. 13(1)-(2) in each reading: after the due time 0, at it 1, earlier 2 by
    /// the day (`earlier_day`) or by the minute (`before_due_time`).
    #[test]
    fn early_scores_each_reading() {
        let due = t("2025-03-05T17:00");
        let cases = [
            ("2025-03-05T17:01", 0, 0),
            ("2025-03-05T17:00", 1, 1),
            ("2025-03-05T16:59", 1, 2),
            ("2025-03-04T17:00", 2, 2),
        ];
        for (done, by_day, by_time) in cases {
            assert_eq!(Early::EarlierDay.score(t(done), due), by_day, "{done}");
            assert_eq!(Early::BeforeDueTime.score(t(done), due), by_time, "{done}");
        }
    }
}
