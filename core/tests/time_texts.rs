//! The engine's own date and time texts against chrono's, which they replace in the letters and
//! evaluations (so that the browser packages carry no chrono formatting or parsing): every
//! moment's `HH:MM DD/MM/YYYY` as chrono's `%H:%M %d/%m/%Y` writes it, and every date's
//! `YYYY-MM-DD` read back as chrono's `NaiveDate` reader reads it.
#![allow(clippy::unwrap_used, missing_docs)] // test code

use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use thanthien_core::time::{date_of_text, format_hm_dmy};

fn moment() -> impl Strategy<Value = NaiveDateTime> {
    // Years 0–9999: four digits, as both write them.
    (0i32..=9999, 1u32..=366, 0u32..86_400).prop_filter_map("a day of the year", |(y, d, s)| {
        NaiveDate::from_yo_opt(y, d)?.and_hms_opt(s / 3600, s / 60 % 60, s % 60)
    })
}

proptest! {
    #[test]
    fn moments_are_written_as_chrono_writes_them(t in moment(), between in "[ a-zà-ỹ]{0,6}") {
        let chrono = format!("{}{between}{}", t.format("%H:%M"), t.format("%d/%m/%Y"));
        prop_assert_eq!(format_hm_dmy(t, &between), chrono);
    }

    #[test]
    fn dates_are_read_as_chrono_reads_them(t in moment()) {
        let text = t.date().format("%Y-%m-%d").to_string();
        prop_assert_eq!(date_of_text(&text), Some(t.date()));
        prop_assert_eq!(date_of_text(&text), text.parse::<NaiveDate>().ok());
    }

    /// A text is a date for the engine exactly when chrono reads it as a date that it writes
    /// back as the same text (chrono also takes looser forms, such as `2025-1-5`, which no text
    /// of the engine has), and then the same date.
    #[test]
    fn texts_are_dates_as_for_chrono(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9+ -]{0,12}") {
        let chrono = text
            .parse::<NaiveDate>()
            .ok()
            .filter(|d| d.format("%Y-%m-%d").to_string() == text);
        prop_assert_eq!(date_of_text(&text), chrono);
    }
}
