//! thanthien-core: the pure rules core of thanthien (no I/O, no clock; time is always an input).
pub mod calendar;
