//! A dossier's computation from end to end: the log's shape checked ([`super::log`]), the
//! regime and procedure in force on the receipt date, the events folded in order
//! ([`super::fold`]), the result judged ([`super::status`]).
use chrono::NaiveDateTime;

use super::catalog::Catalog;
use super::clock::Clock;
use super::code::{self, CodeProblem};
use super::fee::{FeeFacts, fee_of};
use super::fold::Fold;
use super::log::check_structure;
use super::model::{Dossier, Violation, ViolationCode};
use super::outcome::Computed;
use super::status;
use crate::calendar::Calendar;
use crate::error::{Error, Result};

/// How a computation runs.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The moment the status is wanted for (default: the last event).
    pub as_of: Option<NaiveDateTime>,
    /// Write the trace and list the skipped days.
    pub explain: bool,
    /// A malformed log is an error (`deadline.compute`); otherwise its problems are violations
    /// and the rest is computed (`deadline.check`).
    pub strict: bool,
}

impl Default for Options {
    /// Strict, without explanation, as of the last event: what the reports and letters need
    /// (the report takes a dossier still open on 31 December, or one whose result a later
    /// closing would hide, as of that day's last second).
    fn default() -> Self {
        Options {
            as_of: None,
            explain: false,
            strict: true,
        }
    }
}

/// Computes a dossier's deadlines and status (DOMAIN.md §10.4–10.7).
pub fn compute<'a>(
    cal: &Calendar,
    catalog: &'a Catalog,
    dossier: &Dossier<'a>,
    opts: Options,
) -> Result<Computed<'a>> {
    let first = dossier.events.first().map(|e| e.at.date());
    let sources = catalog.log_sources(first);
    let (violations, skip) = check_structure(dossier.events, opts.strict, sources)?;
    let kept = || {
        dossier
            .events
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip.get(*i).copied().unwrap_or(false))
    };
    let Some((_, received)) = kept().next() else {
        return Err(Error::missing_received("events"));
    };
    let receipt_date = received.at.date();
    let regime = catalog.regime_on(receipt_date, "events[0].at")?;
    let procedure = match (dossier.procedure, dossier.procedure_code) {
        (Some(p), _) => p,
        (None, Some(code)) => catalog.procedure_on(code, receipt_date, "procedure_code")?,
        (None, None) => return Err(Error::missing_procedure("")),
    };
    let as_of = opts
        .as_of
        .unwrap_or_else(|| kept().next_back().map_or(received.at, |(_, e)| e.at));
    let clock = Clock {
        cal,
        catalog,
        unit: dossier.unit,
    };
    let mut fold = Fold::begin(clock, regime, procedure, received.at, opts.explain)?;
    fold.violations = violations;
    if let (Some(src), Some(id)) = (&regime.dossier_code_source, dossier.id) {
        let problem = match code::check(id, receipt_date) {
            Some(CodeProblem::Malformed) => Some(ViolationCode::DossierCodeMalformed),
            Some(CodeProblem::OtherDate) => Some(ViolationCode::DossierCodeOtherDate),
            None => None,
        };
        if let Some(c) = problem {
            fold.violations.push(Violation::dossier_code(c, src, id));
        }
    }
    for (i, e) in kept().skip(1) {
        if e.at > as_of {
            break;
        }
        fold.event(i, e)?;
    }
    let facts = FeeFacts {
        registered: Some(receipt_date),
        ..dossier.fee
    };
    let fee = fee_of(procedure, cal, &facts);
    let settings = &catalog.settings;
    status::finish(fold, received.at, as_of, (opts.explain, fee, settings))
}
