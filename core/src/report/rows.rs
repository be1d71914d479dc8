//! One procedure's row of the report's counters ([`ProcedureCounts`]): what is counted, how a
//! later state's row adds to it, and the working days taken, summed from whole office minutes
//! so that the order of the additions cannot show.
use serde::{Deserialize, Serialize};
use thanthien_derive::Encode;

/// The name of the procedures counted together past
/// [`MAX_PROCEDURES`](super::state::MAX_PROCEDURES).
const OTHER_NAME_VI: &str = "Các thủ tục khác";

/// One procedure's counters.
#[derive(
    Clone, Debug, Default, PartialEq, Serialize, Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProcedureCounts {
    /// Name.
    pub name_vi: String,
    /// Received in the year.
    pub received: u64,
    /// Carried over into the year (kỳ trước chuyển qua). Absent from a state of an earlier way
    /// of counting, which is refused for its `state_version`.
    #[serde(default)]
    pub carried_over: u64,
    /// Results ready in the year, early.
    pub early: u64,
    /// On time.
    pub on_time: u64,
    /// Late.
    pub late: u64,
    /// Open on 31 December (đang giải quyết), received in the year or carried over. With
    /// `refused` and `withdrawn`, the row adds up as the report's totals do: `received` +
    /// `carried_over` = `early` + `on_time` + `late` + `open` + `refused` + `withdrawn`. Absent
    /// from a state of an earlier way of counting, which is refused for its `state_version`.
    #[serde(default)]
    pub open: u64,
    /// Of `open`, past their due time on 31 December (quá hạn), as `deadline.compute` as of the
    /// year's last second gives their status.
    #[serde(default)]
    pub open_overdue: u64,
    /// Refused in the year.
    #[serde(default)]
    pub refused: u64,
    /// Withdrawn in the year.
    #[serde(default)]
    pub withdrawn: u64,
    /// Sum of the working days taken by the results ready in the year: worked out from
    /// `working_minutes` (one division per length of the office day, in its order), so that the
    /// same dossiers give the same sum in whatever order they were counted and merged. A row
    /// without `working_minutes` (an edited state: one from before them is refused for its
    /// `state_version`) keeps the sum it brings, added as a float.
    pub working_days_sum: f64,
    /// Statutory time in working days (absent for calendar-day times).
    pub statutory_working_days: Option<f64>,
    /// The statutory time in words.
    pub statutory_text: String,
    /// Committed time in working days, when the locality set one.
    pub committed_working_days: Option<f64>,
    /// The committed time in words.
    pub committed_text: Option<String>,
    /// Results ready in the year by the commune's commitment, when it has one (TT 01/2018
    /// Art. 13(1) judges by the time the law allows; the commitment is reported beside).
    #[serde(default)]
    pub commitment_kept: u64,
    /// The line of the first dossier counted in this row: a later state's procedures join an
    /// earlier one in the order they were first met ([`ReportState::merge`]).
    #[serde(default)]
    pub first_line: u64,
    /// The office minutes the results ready in the year took, by the length of the office day
    /// they were counted against (the unit's, on the receipt date), in increasing order of it:
    /// whole minutes, which add exactly, where `working_days_sum` is a sum of fractions.
    #[serde(default)]
    pub working_minutes: Vec<WorkingMinutes>,
}

/// Office minutes counted against one length of the office day.
#[derive(
    Clone, Debug, Default, PartialEq, Serialize, Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WorkingMinutes {
    /// The length of the office day, in seconds.
    pub day_seconds: u32,
    /// The office minutes taken, summed.
    pub minutes: u64,
}

impl ProcedureCounts {
    /// The row of the procedures counted together past [`MAX_PROCEDURES`], first met on `line`.
    pub(super) fn other(line: u64) -> Self {
        ProcedureCounts {
            name_vi: OTHER_NAME_VI.to_owned(),
            first_line: line,
            ..ProcedureCounts::default()
        }
    }

    /// Adds the counters of the same row in a later state.
    pub(super) fn add(&mut self, later: &ProcedureCounts) {
        let ProcedureCounts {
            name_vi: _,
            received,
            carried_over,
            early,
            on_time,
            late,
            open,
            open_overdue,
            refused,
            withdrawn,
            working_days_sum,
            statutory_working_days: _,
            statutory_text: _,
            committed_working_days: _,
            committed_text: _,
            commitment_kept,
            first_line: _,
            working_minutes,
        } = later;
        self.received += received;
        self.carried_over += carried_over;
        self.early += early;
        self.on_time += on_time;
        self.late += late;
        self.open += open;
        self.open_overdue += open_overdue;
        self.refused += refused;
        self.withdrawn += withdrawn;
        self.commitment_kept += commitment_kept;
        if self.exact() && later.exact() {
            for w in working_minutes {
                self.add_minutes(w.day_seconds, w.minutes);
            }
        } else {
            self.working_minutes.clear();
            self.working_days_sum += working_days_sum;
        }
    }

    /// Whether `working_days_sum` is the one `working_minutes` gives (a row without
    /// minutes, which only an edited state brings, or merged with one, carries only the float
    /// sum).
    fn exact(&self) -> bool {
        !self.working_minutes.is_empty() || self.working_days_sum == 0.0
    }

    /// Adds `minutes` of office time counted against a day of `day_seconds`, and works the sum
    /// of working days out again from the minutes; to a row that carries only its float sum,
    /// adds their working days to it.
    pub(super) fn add_minutes(&mut self, day_seconds: u32, minutes: u64) {
        if !self.exact() {
            self.working_days_sum += minutes as f64 * 60.0 / f64::from(day_seconds);
            return;
        }
        let list = &mut self.working_minutes;
        match list.binary_search_by_key(&day_seconds, |w| w.day_seconds) {
            Ok(i) => {
                if let Some(w) = list.get_mut(i) {
                    w.minutes = w.minutes.saturating_add(minutes);
                }
            }
            Err(i) => list.insert(
                i,
                WorkingMinutes {
                    day_seconds,
                    minutes,
                },
            ),
        }
        self.settle();
    }

    /// Works `working_days_sum` out again from `working_minutes`, when the row has any (one
    /// division per length of the office day, in increasing order of it, so that the same
    /// minutes always give the same bits): the minutes are what was counted, and a sum read back
    /// from a state's text may be one unit in the last place off (or edited), which would then
    /// show in every merge and report.
    pub(super) fn settle(&mut self) {
        if !self.working_minutes.is_empty() {
            self.working_days_sum = self
                .working_minutes
                .iter()
                .map(|w| w.minutes as f64 * 60.0 / f64::from(w.day_seconds))
                .sum();
        }
    }

    /// Whether `working_minutes` is as a count leaves it: lengths of a day within one day, in
    /// strictly increasing order.
    pub(super) fn minutes_well_formed(&self) -> bool {
        let lengths = self.working_minutes.iter().map(|w| w.day_seconds);
        lengths.clone().all(|s| (1..=86_400).contains(&s))
            && lengths.clone().zip(lengths.skip(1)).all(|(a, b)| a < b)
    }
}
