//! Processing deadlines of administrative procedures, computed from a dossier's event log.
//!
//! The deadline is a function of the log, never of mutable fields (DOMAIN.md §10.5). The rules
//! in force on the receipt date govern the dossier ([`catalog::Regime`]): NĐ 61/2018 before
//! 01/07/2025, NĐ 118/2025 from then. What the engine computes:
//! - **clock start**: receipt inside office hours, else the next opening, online submissions
//!   included (DOMAIN §1.5, §10.4);
//! - **due time** by the procedure's time and the convention in force (§10.4): working hours
//!   (default, to the minute as Mẫu 01 records it) or civil code (BLDS 2015 Art. 147–148);
//!   same-day procedures with the 15:00 cut-off (Luật Hộ tịch Art. 5(3));
//! - **supplements**: the period restarts from zero when the complete dossier arrives
//!   (NĐ 61/2018 Art. 19(4)), or pauses, per procedure; **pauses** (fees, per procedure) stop
//!   the clock and never bring the due time forward;
//! - **one re-appointment** (Art. 19(9)), the **apology deadline** (1 working day before the due
//!   time), and the status and TT 01/2018 Art. 13 indicator-1 score (2 / 1 / 0).
//!
//! Every decision is recorded in a trace in Vietnamese and English with its source. Problems in
//! the log that do not stop the computation are reported as violations, never dropped.
pub mod catalog;
mod clock;
pub mod code;
mod compute;
pub mod conventions;
pub mod fee;
mod fold;
pub mod log;
pub mod model;
pub mod outcome;
pub mod preview;
pub mod record;
mod status;
pub mod texts;
mod transitions;

pub use compute::{Options, compute};
pub use log::{MAX_EVENTS, check_structure};
pub use model::{
    CausedBy, Channel, ClockState, Dossier, Event, EventKind, Status, Step, StepCode, Violation,
    ViolationCode,
};
pub use outcome::{Computed, Named, Outcome, Reappointment, ReappointmentAt, Shown};
pub use record::{DossierInput, EventInput, ReadDossier};
pub use status::MAX_SKIPPED_LISTED;
pub use texts::time_words;
