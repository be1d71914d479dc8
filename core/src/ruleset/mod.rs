//! An administrator's ruleset composed from the domains' sections, and the one resolver of the
//! rule data a call uses ([`Rules`]): the defaults, or the defaults with the call's ruleset
//! applied, each domain's part built only when asked for and kept for the next calls with the same
//! ruleset; and the version strings every answer
//! reports (`ruleset_version`, [`version`]).
//!
//! The ruleset is one flat object ([`RulesetInput`]); each domain reads its own section through
//! its `with_overrides`: the calendar its schedules, days and office hours; the catalog its
//! procedures and deadline conventions; the home-birth model, the letters their own. Only this
//! module and `api` know the whole of it.
use std::borrow::Cow;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

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
#[cfg(feature = "desk")]
use crate::units::Units;

/// Rule data: the shared defaults, or the defaults with a ruleset applied.
#[derive(Debug)]
pub enum Shared<T: 'static> {
    /// The defaults, built once per process (or wasm instance).
    Default(&'static T),
    /// Built from a call's ruleset, and kept for the next calls with an equal ruleset
    /// ([`Memo`], unless [`keep`] is off).
    Kept(Arc<T>),
}

impl<T> Shared<T> {
    /// The defaults themselves, when no ruleset changed them (answers may borrow from them for
    /// as long as the program runs).
    pub fn as_static(&self) -> Option<&'static T> {
        match self {
            Shared::Default(t) => Some(t),
            Shared::Kept(_) => None,
        }
    }
}

impl Shared<Calendar> {
    /// The data's version as answers report it: borrowed from the defaults (no copy per
    /// answer), copied from a ruleset's calendar.
    pub fn version_text(&self) -> Cow<'static, str> {
        match self.as_static() {
            Some(c) => Cow::Borrowed(c.version()),
            None => Cow::Owned(self.version().to_owned()),
        }
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Shared::Default(t) => t,
            Shared::Kept(t) => t,
        }
    }
}

/// Where errors in a ruleset are reported: under the call's `ruleset` field.
const PATH: &str = "ruleset";

/// How many rulesets each [`Memo`] keeps.
const KEPT: usize = 8;

/// Whether the [`Memo`]s keep anything (on unless [`keep`] turned it off).
static KEEP: AtomicBool = AtomicBool::new(true);

/// Turns keeping the rule data built from rulesets on or off (on at start) for the whole
/// process or instance, and forgets what was kept. A host that meters each call's work (wasm
/// fuel) turns it off: a call then builds what its ruleset needs every time, and what it costs
/// does not depend on the calls before it.
pub fn keep(on: bool) {
    KEEP.store(on, Ordering::Relaxed);
    CALENDARS.forget();
    #[cfg(feature = "procedures")]
    {
        CATALOGS.forget();
        BIRTH_HOME.forget();
    }
    #[cfg(feature = "letters")]
    LETTERS.forget();
    #[cfg(feature = "desk")]
    GRIEVANCE.forget();
}

/// Rule data built from the last few rulesets seen, with the ruleset it was built from: a batch
/// (or a run of calls) under one unit's ruleset builds its calendar, catalog, letters… once, not
/// once a record, and the calendar's year tables are built once too. Only a successful build is
/// kept; a ruleset that differs in any part builds its own. The answer is the one a fresh build
/// gives (the data is a pure function of the ruleset); only the time differs. Not in the browser
/// packages (feature `wasm`), where a page rarely passes a ruleset and comparing and copying
/// rulesets would add 12 KB to every download.
struct Memo<T>(Mutex<Vec<(RulesetInput, Arc<T>)>>);

impl<T> Memo<T> {
    const fn new() -> Self {
        Memo(Mutex::new(Vec::new()))
    }

    /// The data built from `key`: kept from an earlier call, or built now by `build` and kept
    /// (the oldest one leaves when [`KEPT`] are held).
    fn get(&self, key: &RulesetInput, build: impl FnOnce() -> Result<T>) -> Result<Shared<T>> {
        if cfg!(feature = "wasm") || !KEEP.load(Ordering::Relaxed) {
            return build().map(|t| Shared::Kept(Arc::new(t)));
        }
        if let Ok(kept) = self.0.lock()
            && let Some((_, t)) = kept.iter().find(|(k, _)| k == key)
        {
            return Ok(Shared::Kept(Arc::clone(t)));
        }
        let t = Arc::new(build()?);
        if let Ok(mut kept) = self.0.lock() {
            if kept.len() >= KEPT {
                kept.remove(0);
            }
            kept.push((key.clone(), Arc::clone(&t)));
        }
        Ok(Shared::Kept(t))
    }

    fn forget(&self) {
        if let Ok(mut kept) = self.0.lock() {
            kept.clear();
        }
    }
}

static CALENDARS: Memo<Calendar> = Memo::new();
#[cfg(feature = "procedures")]
static CATALOGS: Memo<Catalog> = Memo::new();
#[cfg(feature = "procedures")]
static BIRTH_HOME: Memo<BirthHome> = Memo::new();
#[cfg(feature = "letters")]
static LETTERS: Memo<LetterData> = Memo::new();
#[cfg(feature = "desk")]
static GRIEVANCE: Memo<GrievanceData> = Memo::new();

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
            Some(r) => CALENDARS.get(r, || Calendar::with_overrides(&calendar_section(r), PATH)),
        }
    }

    /// The procedure catalog and the deadline conventions.
    #[cfg(feature = "procedures")]
    pub fn catalog(&self) -> Result<Shared<Catalog>> {
        match self.input {
            None => Catalog::default_ref().map(Shared::Default),
            Some(r) => CATALOGS.get(r, || Catalog::with_overrides(&catalog_section(r), PATH)),
        }
    }

    /// The home birth-registration model's data.
    #[cfg(feature = "procedures")]
    pub fn birth_home(&self) -> Result<Shared<BirthHome>> {
        let data = BirthHome::default_ref()?;
        match self.input.and_then(|r| Some((r, r.birth_home.as_ref()?))) {
            None => Ok(Shared::Default(data)),
            Some((r, b)) => BIRTH_HOME.get(r, || data.with_overrides(b, "ruleset.birth_home")),
        }
    }

    /// The letters' data.
    #[cfg(feature = "letters")]
    pub fn letters(&self) -> Result<Shared<LetterData>> {
        match self.input.and_then(|r| Some((r, r.letters.as_ref()?))) {
            None => LetterData::default_ref().map(Shared::Default),
            Some((r, l)) => LETTERS.get(r, || LetterData::with_overrides(l, "ruleset.letters")),
        }
    }

    /// The periods of complaints, denunciations and petitions, with the unit's own.
    #[cfg(feature = "desk")]
    pub fn grievance(&self) -> Result<Shared<GrievanceData>> {
        let data = GrievanceData::default_ref()?;
        match self.input.and_then(|r| Some((r, r.grievance.as_ref()?))) {
            None => Ok(Shared::Default(data)),
            Some((r, g)) => GRIEVANCE.get(r, || data.with_overrides(g, "ruleset.grievance")),
        }
    }

    /// Runs `f` with the administrative units: the defaults, with those a ruleset adds in
    /// `letters.units` (the one list of units a ruleset extends; the letters and the year-end
    /// report read it too), so that evaluation and reception know the units the letters do. The
    /// ruleset's letters are read whole for it, so an error in them fails the call. The home-birth
    /// model keeps to its own communes and the default units.
    #[cfg(feature = "desk")]
    pub fn with_units<T>(&self, f: impl FnOnce(&Units) -> Result<T>) -> Result<T> {
        #[cfg(feature = "letters")]
        if self
            .input
            .and_then(|r| r.letters.as_ref()?.units.as_ref())
            .is_some()
        {
            return f(self.letters()?.units());
        }
        f(Units::default_ref()?)
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
        deadline: r.deadline.as_deref(),
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

    /// [`deadline`] as answers report it: written once for the defaults (one text for every
    /// answer that uses them), for a ruleset's data each time.
    #[cfg(feature = "procedures")]
    pub fn deadline_text(
        cal: &super::Shared<Calendar>,
        catalog: &super::Shared<Catalog>,
    ) -> std::borrow::Cow<'static, str> {
        use std::borrow::Cow;
        static DEFAULT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        match (cal.as_static(), catalog.as_static()) {
            (Some(c), Some(p)) => Cow::Borrowed(DEFAULT.get_or_init(|| deadline(c, p))),
            _ => Cow::Owned(deadline(cal, catalog)),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// A ruleset that gives `date` (a working Tuesday or Wednesday) off, labelled `label`.
    fn day_off(label: &str, date: &str) -> RulesetInput {
        crate::de::from_value(serde_json::json!({
            "version": label,
            "days_off": [{"date": date, "kind": "day_off", "note": "test"}],
        }))
        .unwrap()
    }

    fn working(rules: &Rules<'_>, date: &str) -> bool {
        let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        rules.calendar().unwrap().is_working(d, "date").unwrap()
    }

    /// The same ruleset, met again, answers from the data built the first time; an equal copy
    /// is the same ruleset; another is built, and the oldest leaves once [`KEPT`] are held. (A
    /// memo of its own: the shared ones serve the tests running beside it.)
    #[cfg(not(feature = "wasm"))]
    #[test]
    fn a_ruleset_met_again_is_not_built_again() {
        let memo: Memo<usize> = Memo::new();
        let built = std::cell::Cell::new(0);
        let get = |r: &RulesetInput| {
            let shared = memo.get(r, || {
                built.set(built.get() + 1);
                Ok(built.get())
            });
            *shared.unwrap()
        };
        let a = day_off("memo-a", "2026-03-03");
        assert_eq!((get(&a), get(&a.clone())), (1, 1));
        let b = day_off("memo-b", "2026-03-03");
        assert_eq!((get(&b), get(&a)), (2, 1));
        for i in 0..KEPT {
            get(&day_off(&format!("memo-{i}"), "2026-03-04"));
        }
        assert_eq!(get(&a), KEPT + 3, "a left when newer ones came");
        let kept = Rules::new(Some(&a)).calendar().unwrap();
        assert!(kept.as_static().is_none());
    }

    /// Rulesets that differ (in a day, or only in their label) each get their own data, however
    /// they alternate and after more of them than are kept.
    #[test]
    fn each_ruleset_gets_its_own_rules() {
        let days = [
            "2026-03-03",
            "2026-03-04",
            "2026-03-10",
            "2026-03-11",
            "2026-03-17",
        ];
        let rulesets: Vec<RulesetInput> = (0..=KEPT + 2)
            .map(|i| day_off(&format!("memo-{i}"), days[i % days.len()]))
            .collect();
        for round in 0..3 {
            for (i, r) in rulesets.iter().enumerate().skip(round) {
                let rules = Rules::new(Some(r));
                for (j, d) in days.iter().enumerate() {
                    assert_eq!(working(&rules, d), j != i % days.len(), "{i} {d}");
                }
                let cal = rules.calendar().unwrap();
                assert!(
                    cal.version().ends_with(&format!("+memo-{i}")),
                    "{}",
                    cal.version()
                );
            }
        }
        assert!(working(&Rules::new(None), "2026-03-03"));
    }
}
