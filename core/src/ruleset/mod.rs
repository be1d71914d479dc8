//! An administrator's ruleset composed from the domains' sections, and the one resolver of the
//! rule data a call uses ([`Rules`]): the defaults, or the defaults with the call's ruleset
//! applied, each domain's part built only when asked for; and the version strings every answer
//! reports (`ruleset_version`, [`version`]).
//!
//! The ruleset is one flat object ([`RulesetInput`]); each domain reads its own section through
//! its `with_overrides`: the calendar its schedules, days and office hours; the catalog its
//! procedures and deadline conventions; the home-birth model, the letters their own. Only this
//! module and `api` know the whole of it.
use std::ops::Deref;

mod input;
pub use input::RulesetInput;

#[cfg(feature = "procedures")]
use crate::birth_home::BirthHome;
use crate::calendar::{Calendar, CalendarInput};
#[cfg(feature = "procedures")]
use crate::deadline::catalog::{Catalog, CatalogInput};
use crate::error::Result;
#[cfg(feature = "desk")]
use crate::evaluation::Evaluation;
#[cfg(feature = "desk")]
use crate::grievance::GrievanceData;
#[cfg(feature = "letters")]
use crate::letters::LetterData;

/// Rule data: the shared defaults, or a copy with a ruleset applied.
#[derive(Debug)]
pub enum Shared<T: 'static> {
    /// The defaults, built once per process (or wasm instance).
    Default(&'static T),
    /// Built for this call.
    Owned(Box<T>),
}

impl<T> Shared<T> {
    /// The defaults themselves, when no ruleset changed them (answers may borrow from them for
    /// as long as the program runs).
    pub fn as_static(&self) -> Option<&'static T> {
        match self {
            Shared::Default(t) => Some(t),
            Shared::Owned(_) => None,
        }
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Shared::Default(t) => t,
            Shared::Owned(t) => t,
        }
    }
}

/// Where errors in a ruleset are reported: under the call's `ruleset` field.
const PATH: &str = "ruleset";

/// The rule data of one call (or one batch): each part built from the defaults and the call's
/// ruleset when asked for (callers ask once and keep it).
#[derive(Clone, Copy, Debug, Default)]
pub struct Rules<'r> {
    input: Option<&'r RulesetInput>,
}

impl<'r> Rules<'r> {
    /// The rules of a call with this ruleset (or none).
    pub fn new(input: Option<&'r RulesetInput>) -> Self {
        Rules { input }
    }

    /// The working calendar. Any ruleset gives a calendar of its own, labelled with it.
    pub fn calendar(&self) -> Result<Shared<Calendar>> {
        match self.input {
            None => Calendar::default_ref().map(Shared::Default),
            Some(r) => Calendar::with_overrides(&calendar_section(r), PATH)
                .map(|c| Shared::Owned(Box::new(c))),
        }
    }

    /// The procedure catalog and the deadline conventions.
    #[cfg(feature = "procedures")]
    pub fn catalog(&self) -> Result<Shared<Catalog>> {
        match self.input {
            None => Catalog::default_ref().map(Shared::Default),
            Some(r) => Catalog::with_overrides(&catalog_section(r), PATH)
                .map(|c| Shared::Owned(Box::new(c))),
        }
    }

    /// The home birth-registration model's data.
    #[cfg(feature = "procedures")]
    pub fn birth_home(&self) -> Result<Shared<BirthHome>> {
        let data = BirthHome::default_ref()?;
        match self.input.and_then(|r| r.birth_home.as_ref()) {
            None => Ok(Shared::Default(data)),
            Some(b) => data
                .with_overrides(b, "ruleset.birth_home")
                .map(|d| Shared::Owned(Box::new(d))),
        }
    }

    /// The letters' data.
    #[cfg(feature = "letters")]
    pub fn letters(&self) -> Result<Shared<LetterData>> {
        match self.input.and_then(|r| r.letters.as_ref()) {
            None => LetterData::default_ref().map(Shared::Default),
            Some(l) => {
                LetterData::with_overrides(l, "ruleset.letters").map(|d| Shared::Owned(Box::new(d)))
            }
        }
    }

    /// The periods of complaints, denunciations and petitions, with the unit's own.
    #[cfg(feature = "desk")]
    pub fn grievance(&self) -> Result<Shared<GrievanceData>> {
        let data = GrievanceData::default_ref()?;
        match self.input.and_then(|r| r.grievance.as_ref()) {
            None => Ok(Shared::Default(data)),
            Some(g) => data
                .with_overrides(g, "ruleset.grievance")
                .map(|d| Shared::Owned(Box::new(d))),
        }
    }

    /// The TT 01/2018 evaluation rules (no ruleset section changes them).
    #[cfg(feature = "desk")]
    pub fn evaluation(&self) -> Result<&'static Evaluation> {
        Evaluation::default_ref()
    }
}

/// The ruleset's calendar section.
fn calendar_section(r: &RulesetInput) -> CalendarInput<'_> {
    CalendarInput {
        label: r.version.as_deref(),
        schedules: r.schedules.as_ref(),
        days_off: r.days_off.as_deref().unwrap_or_default(),
        working_days: r.working_days.as_deref().unwrap_or_default(),
        office_hours: r.office_hours.as_deref().unwrap_or_default(),
    }
}

/// The ruleset's catalog section.
#[cfg(feature = "procedures")]
fn catalog_section(r: &RulesetInput) -> CatalogInput<'_> {
    CatalogInput {
        label: r.version.as_deref(),
        procedures: r.procedures.as_deref().unwrap_or_default(),
        deadline: r.deadline.as_ref(),
    }
}

/// The `ruleset_version` of each kind of answer: the versions of the data it used, in one place.
pub mod version {
    #[cfg(feature = "procedures")]
    use crate::birth_home::BirthHome;
    #[cfg(feature = "procedures")]
    use crate::calendar::Calendar;
    #[cfg(feature = "procedures")]
    use crate::deadline::catalog::Catalog;
    #[cfg(feature = "desk")]
    use crate::evaluation::Evaluation;
    #[cfg(feature = "letters")]
    use crate::letters::LetterData;

    /// Calendar and procedures (`deadline.*`).
    #[cfg(feature = "procedures")]
    pub fn deadline(cal: &Calendar, catalog: &Catalog) -> String {
        [cal.version(), " / procedures ", &catalog.version].concat()
    }

    /// Calendar, procedures (the birth registration's period and fee) and the home-birth model
    /// (`birth_home.*`).
    #[cfg(feature = "procedures")]
    pub fn birth_home(cal: &Calendar, catalog: &Catalog, data: &BirthHome) -> String {
        [
            cal.version(),
            " / procedures ",
            &catalog.version,
            " / birth_home ",
            &data.version,
        ]
        .concat()
    }

    /// Calendar and the evaluation rules (`evaluation.*`).
    #[cfg(feature = "desk")]
    pub fn evaluation(cal: &Calendar, rules: &Evaluation) -> String {
        format!("{} / evaluation {}", cal.version(), rules.version)
    }

    /// Calendar and letters (`letters.*`).
    #[cfg(feature = "letters")]
    pub fn letters(cal: &Calendar, data: &LetterData) -> String {
        [cal.version(), " / ", &data.version].concat()
    }

    /// Calendar, procedures and evaluation (`report.*`).
    #[cfg(all(feature = "desk", feature = "letters"))]
    pub fn report(cal: &Calendar, catalog: &Catalog, rules: &Evaluation) -> String {
        format!(
            "{} / procedures {} / evaluation {}",
            cal.version(),
            catalog.version,
            rules.version
        )
    }
}
