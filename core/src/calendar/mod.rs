//! The Vietnamese working-day calendar: lunar dates, statutory holidays by law version, the
//! official yearly schedules, office hours, and working-time arithmetic.
pub mod lunar;
