//! `survey.score`: a satisfaction index from survey responses (see [`crate::survey`]).
use crate::error::Result;
use crate::survey::{SurveyInput, SurveyOutput, score_input};

/// `survey.score`.
pub fn score(input: SurveyInput) -> Result<SurveyOutput> {
    score_input(input)
}
