//! `grievance.compute`: the deadlines of a complaint, denunciation or petition from its log.
use serde::{Deserialize, Serialize};

use crate::grievance::{self, CaseInput, GrievanceData, GrievanceOutput, Law};
use crate::ruleset::{Rules, RulesetInput};
use crate::time::parse_moment_or_day;

/// Input of `grievance.compute`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct GrievanceInput {
    /// The case and its log.
    pub case: CaseInput,
    /// The day to judge it on (`YYYY-MM-DD` or a date-time; default: its last event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Administrator overrides (the working calendar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// `grievance.compute`.
pub fn compute(input: GrievanceInput) -> crate::error::Result<GrievanceOutput> {
    let case = grievance::read(&input.case).map_err(|e| e.within("case"))?;
    let as_of = input
        .as_of
        .as_deref()
        .map(|t| parse_moment_or_day(t, "as_of").map(|t| t.date()))
        .transpose()?;
    let rules = Rules::new(input.ruleset.as_ref());
    let cal = rules.calendar()?;
    let data = GrievanceData::default_ref()?;
    let version = format!("{} / grievance {}", cal.version(), data.version);
    let law = Law { data, cal: &cal };
    grievance::compute(&law, &case, input.case.id.clone(), as_of, version)
        .map_err(|e| e.within("case"))
}
