//! thanthien-core: the pure rules core of thanthien (no I/O, no clock; time is always an input).
//!
//! The outside world talks to it through [`api`]: JSON in, JSON out, one function per
//! operation, errors as values with stable codes ([`error`]). Below it the modules form layers,
//! each using only those above it (ARCHITECTURE.md; `tests/layering.rs` checks it):
//!
//! | row | modules | what they hold |
//! |---|---|---|
//! | leaves | [`error`], [`time`], [`de`], [`text`], [`dated`] | errors and their messages, dates, reading JSON, wording, effective dating |
//! | units, calendar | `units`, [`calendar`] | administrative units by date; the working-day calendar |
//! | deadline | `deadline` | the dossier: records, clock, event log, status, trace |
//! | domains | `letters`, `evaluation`, `birth_home`, `survey` | each its records, data, rules and answers |
//! | report | `report` | the year-end fold over the domains |
//! | ruleset | [`ruleset`] | the domains' override sections composed; one resolver of the rule data |
//! | api | [`api`] | envelopes, the registry of operations, adapters |
pub mod api;
#[cfg(feature = "procedures")]
pub mod birth_home;
pub mod calendar;
pub mod dated;
pub mod de;
#[cfg(feature = "procedures")]
pub mod deadline;
pub mod error;
#[cfg(feature = "desk")]
pub mod evaluation;
#[cfg(feature = "desk")]
pub mod grievance;
#[cfg(feature = "letters")]
pub mod letters;
#[cfg(feature = "desk")]
pub mod reception;
#[cfg(all(feature = "desk", feature = "letters"))]
pub mod report;
pub mod ruleset;
#[cfg(feature = "desk")]
pub mod survey;
pub mod text;
pub mod time;
#[cfg(feature = "procedures")]
pub mod units;
