//! Which office hours apply to a unit on a date (DOMAIN.md §10.3): the unit's own entry in force
//! then, else the default `*` one. Looked up through an index built once per calendar, since one
//! deadline's computation asks it some fifty times.
use chrono::NaiveDate;

use super::data::OfficeHours;

/// The office hours of a calendar's data by unit, each unit's entries in order of `from` (those
/// with the same `from` in their order in the data).
#[derive(Debug, Default)]
pub(super) struct HoursIndex {
    /// The default entries (`*`), as positions in the data.
    default: Vec<usize>,
    /// Each unit with entries of its own.
    own: Vec<(String, Vec<usize>)>,
    /// The dates on which some entry comes into force, in order, once each.
    changes: Vec<NaiveDate>,
}

impl HoursIndex {
    /// The index of `all`, built by insertion (a few entries; a sort would add its code to
    /// every browser package).
    pub(super) fn new(all: &[OfficeHours]) -> Self {
        let mut index = HoursIndex::default();
        for (i, o) in all.iter().enumerate() {
            let Some(list) = index.list_mut(&o.unit) else {
                continue;
            };
            // After every entry of the same or an earlier date: those of one date in data order.
            let at = list.partition_point(|&j| all.get(j).is_some_and(|p| p.from <= o.from));
            list.insert(at, i);
            if let Err(at) = index.changes.binary_search(&o.from) {
                index.changes.insert(at, o.from);
            }
        }
        index
    }

    /// The entries of `unit` (`*` the default ones), a new list for a unit not met before.
    fn list_mut(&mut self, unit: &str) -> Option<&mut Vec<usize>> {
        if unit == "*" {
            return Some(&mut self.default);
        }
        let k = match self.own.iter().position(|(u, _)| u == unit) {
            Some(k) => k,
            None => {
                self.own.push((unit.to_owned(), Vec::new()));
                self.own.len() - 1
            }
        };
        self.own.get_mut(k).map(|(_, list)| list)
    }

    /// The entry of `all` in force for `unit` on `d`: the unit's own with the latest `from` on or
    /// before `d` (the last in the data among equals), else the default one chosen the same way.
    pub(super) fn on<'a>(
        &self,
        all: &'a [OfficeHours],
        unit: Option<&str>,
        d: NaiveDate,
    ) -> Option<&'a OfficeHours> {
        let latest = |list: &[usize]| {
            list.iter()
                .rev()
                .filter_map(|&i| all.get(i))
                .find(|o| o.from <= d)
        };
        unit.and_then(|u| self.own.iter().find(|(name, _)| name == u))
            .and_then(|(_, list)| latest(list))
            .or_else(|| latest(&self.default))
    }

    /// The first date after `d` on which the office hours of some unit may change.
    pub(super) fn next_change(&self, d: NaiveDate) -> Option<NaiveDate> {
        self.changes.iter().copied().find(|c| *c > d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(unit: &str, from: &str, open: u32) -> OfficeHours {
        OfficeHours {
            unit: unit.to_owned(),
            from: NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap_or_default(),
            sessions: vec![(open, 61_200)],
            saturday_reception: Vec::new(),
            source: String::new(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    /// The unit's own entry in force, else the default; the latest `from` on or before the
    /// date, the last in the data among equals; the data in any order.
    #[test]
    fn the_entry_in_force_is_found() {
        let all = vec![
            hours("29461", "2025-07-01", 3),
            hours("*", "2020-01-01", 2),
            hours("*", "1995-01-01", 1),
            hours("29461", "2025-07-01", 4),
        ];
        let index = HoursIndex::new(&all);
        let open = |unit, d| {
            index
                .on(&all, unit, day(d))
                .and_then(|o| o.sessions.first())
                .map(|s| s.0)
        };
        assert_eq!(open(None, "1994-12-31"), None);
        assert_eq!(open(None, "1995-01-01"), Some(1));
        assert_eq!(open(None, "2025-07-01"), Some(2));
        assert_eq!(open(Some("29461"), "2025-06-30"), Some(2));
        assert_eq!(open(Some("29461"), "2025-07-01"), Some(4));
        assert_eq!(open(Some("00001"), "2025-07-01"), Some(2));
        assert_eq!(
            index.next_change(day("2019-05-05")),
            Some(day("2020-01-01"))
        );
        assert_eq!(
            index.next_change(day("2020-01-01")),
            Some(day("2025-07-01"))
        );
        assert_eq!(index.next_change(day("2025-07-01")), None);
    }
}
