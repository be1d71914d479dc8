//! thanthien-core: the pure rules core of thanthien (no I/O, no clock; time is always an input).
//!
//! The outside world talks to it through [`api`]: JSON in, JSON out, one function per
//! operation, errors as values with stable codes ([`error`]).
pub mod api;
#[cfg(feature = "procedures")]
pub mod birth_home;
pub mod calendar;
pub mod de;
#[cfg(feature = "procedures")]
pub mod deadline;
pub mod error;
#[cfg(feature = "desk")]
pub mod evaluation;
#[cfg(feature = "letters")]
pub mod letters;
#[cfg(all(feature = "desk", feature = "letters"))]
pub mod report;
pub mod ruleset;
#[cfg(feature = "desk")]
pub mod survey;
pub mod time;
#[cfg(feature = "procedures")]
pub mod units;
