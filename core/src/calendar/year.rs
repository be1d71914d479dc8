//! One Gregorian year of the working calendar as a bitset with prefix counts, so that
//! working-day arithmetic is a few word operations per year crossed, never a day-by-day loop.

use chrono::{Datelike, Days, NaiveDate};

use super::data::{CalendarData, Confidence, Entry, EntryKind, Origin, YearSchedule};
use super::holidays;
use super::{DayKind, Reason};

const WORDS: usize = 6;

/// A non-ordinary day (anything but a working weekday) with its explanation.
#[derive(Clone, Debug)]
pub struct SpecialDay {
    /// Day of the year, 0-based.
    pub ordinal0: u16,
    /// What the day is.
    pub kind: DayKind,
    /// Why, with sources.
    pub reasons: Vec<Reason>,
}

/// The working-day bitset of one year.
#[derive(Clone, Debug)]
pub struct YearTable {
    /// The year.
    pub year: i32,
    /// Number of days (365 or 366).
    pub len: u16,
    working: [u64; WORDS],
    prefix: [u16; WORDS],
    /// Working days in the year.
    pub total: u16,
    /// True when no official schedule is loaded for the year: every answer touching it is provisional.
    pub provisional_all: bool,
    provisional: [u64; WORDS],
    /// Non-ordinary days, sorted by ordinal.
    pub special: Vec<SpecialDay>,
}

fn set(bits: &mut [u64; WORDS], i: u16, on: bool) {
    if let Some(w) = bits.get_mut(usize::from(i / 64)) {
        let m = 1u64 << (i % 64);
        if on { *w |= m } else { *w &= !m }
    }
}

fn get(bits: &[u64; WORDS], i: u16) -> bool {
    bits.get(usize::from(i / 64))
        .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
}

fn entry_reason(e: &Entry, kind_code: &str, vi: String, en: String, source: String) -> Reason {
    Reason {
        code: kind_code.to_owned(),
        text_vi: vi,
        text_en: en,
        source,
        confidence: e.confidence,
        origin: e.origin,
        note: (!e.note.is_empty()).then(|| e.note.clone()),
    }
}

fn holiday_reason(
    rules: &CalendarData,
    idx: Option<usize>,
    e: Option<&Entry>,
    origin: Origin,
) -> Reason {
    let rule = idx.and_then(|i| rules.holidays.get(i));
    let (code, vi, en, source) = match rule {
        Some(r) => (
            format!("holiday.{}", r.id),
            format!("Nghỉ lễ, tết: {}", r.name_vi),
            format!("Public holiday: {}", r.name_en),
            r.source.clone(),
        ),
        None => (
            "holiday".to_owned(),
            "Ngày nghỉ lễ".to_owned(),
            "Public holiday".to_owned(),
            String::new(),
        ),
    };
    Reason {
        code,
        text_vi: vi,
        text_en: en,
        source,
        confidence: e.map_or(
            if origin == Origin::StatutoryRule {
                Confidence::Med
            } else {
                Confidence::High
            },
            |e| e.confidence,
        ),
        origin: e.map_or(origin, |e| e.origin),
        note: e.filter(|e| !e.note.is_empty()).map(|e| e.note.clone()),
    }
}

fn weekend_reason(rules: &CalendarData, d: NaiveDate) -> Reason {
    let (source, confidence) = rules
        .work_week_on(d)
        .map_or((String::new(), Confidence::Low), |w| {
            (w.source.clone(), w.confidence)
        });
    Reason {
        code: "weekend".to_owned(),
        text_vi: format!("Ngày nghỉ hằng tuần ({})", crate::time::weekday_name_vi(d)),
        text_en: format!("Weekly rest day ({})", crate::time::weekday_name(d)),
        source,
        confidence,
        origin: Origin::StatutoryRule,
        note: None,
    }
}

/// A year's table while it is built: the working days and what each special day is.
struct Builder<'r> {
    rules: &'r CalendarData,
    t: YearTable,
    kinds: Vec<Option<(DayKind, Vec<Reason>)>>,
    statutory: holidays::Statutory,
}

fn is_rest(rules: &CalendarData, d: NaiveDate) -> bool {
    let idx = d.weekday().num_days_from_monday() as usize;
    rules
        .work_week_on(d)
        .is_none_or(|w| !w.days.get(idx).copied().unwrap_or(false))
}

fn ord(d: NaiveDate) -> u16 {
    d.ordinal0() as u16
}

impl<'r> Builder<'r> {
    /// The year with its weekly rest days.
    fn new(rules: &'r CalendarData, year: i32) -> Option<Self> {
        let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
        let len: u16 = if first.leap_year() { 366 } else { 365 };
        let mut b = Builder {
            rules,
            t: YearTable {
                year,
                len,
                working: [0; WORDS],
                prefix: [0; WORDS],
                total: 0,
                provisional_all: false,
                provisional: [0; WORDS],
                special: Vec::new(),
            },
            kinds: vec![None; usize::from(len)],
            statutory: holidays::statutory_days(rules, year),
        };
        for i in 0..len {
            let Some(d) = first.checked_add_days(Days::new(u64::from(i))) else {
                continue;
            };
            if is_rest(rules, d) {
                if let Some(slot) = b.kinds.get_mut(usize::from(i)) {
                    *slot = Some((DayKind::Weekend, vec![weekend_reason(rules, d)]));
                }
            } else {
                set(&mut b.t.working, i, true);
            }
        }
        Some(b)
    }

    /// `d` is not worked, for `reason`; a holiday's kind wins over a weekend's.
    fn mark_off(&mut self, d: NaiveDate, kind: DayKind, reason: Reason) {
        let i = ord(d);
        set(&mut self.t.working, i, false);
        if reason.confidence == Confidence::Low {
            set(&mut self.t.provisional, i, true);
        }
        if let Some(slot) = self.kinds.get_mut(usize::from(i)) {
            match slot {
                Some((k, reasons)) => {
                    if *k == DayKind::Weekend || kind == DayKind::Holiday {
                        *k = kind;
                    }
                    reasons.insert(0, reason);
                }
                None => *slot = Some((kind, vec![reason])),
            }
        }
    }

    /// The official schedule's days off, and the holidays on rest days it does not list.
    fn official(&mut self, s: &YearSchedule) {
        let rules = self.rules;
        for e in &s.days_off {
            let (kind, reason) = day_off_reason(rules, e, &self.statutory);
            self.mark_off(e.date, kind, reason);
        }
        for (a, idx) in holidays::anchors(rules, self.t.year) {
            if is_rest(rules, a) && !s.days_off.iter().any(|e| e.date == a) {
                let reason = holiday_reason(rules, Some(idx), None, Origin::OfficialSchedule);
                self.mark_off(a, DayKind::Holiday, reason);
            }
        }
    }

    /// Without a schedule: the statutory holidays and their compensatory days, provisional.
    fn statutory(&mut self) {
        let rules = self.rules;
        self.t.provisional_all = true;
        let statutory = std::mem::take(&mut self.statutory);
        for (d, idx) in statutory.iter() {
            let reason = holiday_reason(rules, Some(idx), None, Origin::StatutoryRule);
            self.mark_off(d, DayKind::Holiday, reason);
        }
        let compensatory = holidays::compensatory_days(rules, &statutory, |d| is_rest(rules, d));
        self.statutory = statutory;
        for (d, idx) in compensatory {
            if d.year() == self.t.year {
                self.mark_off(d, DayKind::Compensatory, compensatory_reason(rules, d, idx));
            }
        }
    }

    /// A ruleset's one-off days off.
    fn extra_days_off(&mut self) {
        let (rules, year) = (self.rules, self.t.year);
        for e in rules
            .extra_days_off
            .iter()
            .filter(|e| e.date.year() == year)
        {
            let (kind, reason) = day_off_reason(rules, e, &self.statutory);
            self.mark_off(e.date, kind, reason);
        }
    }

    /// The worked weekend days: the schedule's, then the ruleset's.
    fn working_days(&mut self) {
        let (rules, year) = (self.rules, self.t.year);
        let schedule = rules.schedules.get(&year).map(|s| s.working_days.iter());
        let extra = rules
            .extra_working_days
            .iter()
            .filter(|e| e.date.year() == year);
        for e in schedule.into_iter().flatten().chain(extra) {
            let i = ord(e.date);
            set(&mut self.t.working, i, true);
            if e.confidence == Confidence::Low {
                set(&mut self.t.provisional, i, true);
            }
            let reason = entry_reason(
                e,
                "makeup_working_day",
                format!(
                    "Ngày làm bù ({}) theo lịch nghỉ chính thức",
                    crate::time::weekday_name_vi(e.date)
                ),
                format!(
                    "Make-up working day ({}) under the official schedule",
                    crate::time::weekday_name(e.date)
                ),
                String::new(),
            );
            if let Some(slot) = self.kinds.get_mut(usize::from(i)) {
                *slot = Some((DayKind::MakeupWorkingDay, vec![reason]));
            }
        }
    }

    /// The counts and the special days.
    fn finish(mut self) -> YearTable {
        let mut running = 0u16;
        for (w, word) in self.t.working.iter().enumerate() {
            if let Some(p) = self.t.prefix.get_mut(w) {
                *p = running;
            }
            running += word.count_ones() as u16;
        }
        self.t.total = running;
        self.t.special = self
            .kinds
            .into_iter()
            .enumerate()
            .filter_map(|(i, k)| {
                k.map(|(kind, reasons)| SpecialDay {
                    ordinal0: i as u16,
                    kind,
                    reasons,
                })
            })
            .collect();
        self.t
    }
}

/// The compensatory day off for holiday `idx` falling on a rest day (the statutory rule).
fn compensatory_reason(rules: &CalendarData, d: NaiveDate, idx: usize) -> Reason {
    let source = rules
        .compensatory_on(d)
        .map(|c| c.source.clone())
        .unwrap_or_default();
    let name = rules
        .holidays
        .get(idx)
        .map(|h| (h.name_vi.clone(), h.name_en.clone()))
        .unwrap_or_default();
    Reason {
        code: "compensatory".to_owned(),
        text_vi: format!("Nghỉ bù cho {} trùng ngày nghỉ hằng tuần", name.0),
        text_en: format!("Compensatory day off for {} falling on a rest day", name.1),
        source,
        confidence: Confidence::Med,
        origin: Origin::StatutoryRule,
        note: None,
    }
}

impl YearTable {
    /// Builds the year from the rules: weekly rest days, then the official schedule if one is
    /// loaded (else the statutory fallback, provisional), then the ruleset's one-off days.
    pub fn build(rules: &CalendarData, year: i32) -> Option<Self> {
        let mut b = Builder::new(rules, year)?;
        match rules.schedules.get(&year) {
            Some(s) => b.official(s),
            None => b.statutory(),
        }
        b.extra_days_off();
        b.working_days();
        Some(b.finish())
    }

    /// Whether day `ordinal0` is a working day.
    pub fn is_working(&self, ordinal0: u16) -> bool {
        get(&self.working, ordinal0)
    }

    /// Working days with ordinal ≤ `ordinal0`.
    pub fn count_through(&self, ordinal0: u16) -> u16 {
        let w = usize::from(ordinal0 / 64);
        let bit = ordinal0 % 64;
        let mask = if bit == 63 {
            u64::MAX
        } else {
            (1u64 << (bit + 1)) - 1
        };
        let word = self.working.get(w).copied().unwrap_or(0);
        self.prefix.get(w).copied().unwrap_or(self.total) + (word & mask).count_ones() as u16
    }

    /// Working days with ordinal < `ordinal0`.
    pub fn count_before(&self, ordinal0: u16) -> u16 {
        if ordinal0 == 0 {
            0
        } else {
            self.count_through(ordinal0 - 1)
        }
    }

    /// Ordinal of the `k`-th working day of the year (1-based).
    pub fn select(&self, k: u16) -> Option<u16> {
        if k == 0 || k > self.total {
            return None;
        }
        let w = self.prefix.iter().rposition(|&p| p < k)?;
        let word = self.working.get(w).copied()?;
        let left = k - self.prefix.get(w).copied()?;
        Some(w as u16 * 64 + nth_set_bit(word, u32::from(left - 1))?)
    }

    /// Whether any day in `lo..=hi` (ordinals) rests on unconfirmed data (word masks, not a
    /// day-by-day scan).
    pub fn provisional_in(&self, lo: u16, hi: u16) -> bool {
        if self.provisional_all {
            return true;
        }
        let hi = hi.min(self.len.saturating_sub(1));
        if lo > hi {
            return false;
        }
        (lo / 64..=hi / 64).any(|w| {
            let from = if w == lo / 64 { lo % 64 } else { 0 };
            let to = if w == hi / 64 { hi % 64 } else { 63 };
            let mask = (u64::MAX >> (63 - to)) & (u64::MAX << from);
            self.provisional
                .get(usize::from(w))
                .is_some_and(|bits| bits & mask != 0)
        })
    }

    /// The explanation of a non-ordinary day.
    pub fn special(&self, ordinal0: u16) -> Option<&SpecialDay> {
        self.special
            .binary_search_by_key(&ordinal0, |s| s.ordinal0)
            .ok()
            .and_then(|i| self.special.get(i))
    }
}

/// Kind and reason of an official or ruleset day off.
fn day_off_reason(
    rules: &CalendarData,
    e: &Entry,
    statutory: &holidays::Statutory,
) -> (DayKind, Reason) {
    match e.kind {
        EntryKind::Holiday => {
            let idx = holidays::identify(rules, e.date, statutory);
            (
                DayKind::Holiday,
                holiday_reason(rules, idx, Some(e), e.origin),
            )
        }
        EntryKind::Compensatory => {
            let source = rules
                .compensatory_on(e.date)
                .map(|c| c.source.clone())
                .unwrap_or_default();
            (
                DayKind::Compensatory,
                entry_reason(
                    e,
                    "compensatory",
                    "Nghỉ bù do ngày lễ trùng ngày nghỉ hằng tuần".to_owned(),
                    "Compensatory day off for a holiday on a rest day".to_owned(),
                    source,
                ),
            )
        }
        EntryKind::SwapOff => (
            DayKind::SwapOff,
            entry_reason(
                e,
                "swap_off",
                "Nghỉ hoán đổi, làm bù vào ngày nghỉ hằng tuần khác".to_owned(),
                "Swapped day off, made up on a weekend day".to_owned(),
                String::new(),
            ),
        ),
        EntryKind::DayOff | EntryKind::Work => (
            DayKind::DayOff,
            entry_reason(
                e,
                "day_off",
                "Ngày nghỉ theo quyết định của cơ quan có thẩm quyền".to_owned(),
                "Day off decided by the competent authority".to_owned(),
                String::new(),
            ),
        ),
    }
}

/// The position of the `n`-th set bit of `word` (0-based, from the lowest), if it has that many:
/// halves, quarters and eighths picked by their counts, then at most seven bits cleared.
fn nth_set_bit(mut word: u64, mut n: u32) -> Option<u16> {
    if n >= word.count_ones() {
        return None;
    }
    let mut base = 0;
    for width in [32, 16, 8] {
        let low = (word & ((1 << width) - 1)).count_ones();
        if n >= low {
            n -= low;
            word >>= width;
            base += width;
        }
    }
    for _ in 0..n {
        word &= word - 1;
    }
    u16::try_from(base + word.trailing_zeros()).ok()
}

#[cfg(test)]
mod tests {
    use super::nth_set_bit;
    use proptest::prelude::*;

    /// The set bits' positions by clearing them one at a time, lowest first.
    fn set_bits(mut word: u64) -> Vec<u16> {
        let mut at = Vec::new();
        while word != 0 {
            at.push(word.trailing_zeros() as u16);
            word &= word - 1;
        }
        at
    }

    #[test]
    fn picks_the_nth_set_bit() {
        assert_eq!(nth_set_bit(0b1011_0000, 0), Some(4));
        assert_eq!(nth_set_bit(0b1011_0000, 2), Some(7));
        assert_eq!(nth_set_bit(0b1011_0000, 3), None);
        assert_eq!(nth_set_bit(u64::MAX, 63), Some(63));
        assert_eq!(nth_set_bit(1 << 63, 0), Some(63));
        assert_eq!(nth_set_bit(0, 0), None);
    }

    proptest! {
        #[test]
        fn agrees_with_clearing_bits(word in any::<u64>(), n in 0u32..65) {
            let expected = set_bits(word).get(n as usize).copied();
            prop_assert_eq!(nth_set_bit(word, n), expected);
        }
    }
}
