//! Wording shared by every domain's texts: moments and amounts as a slip or a letter writes them,
//! shares as the answers give them, and Vietnamese names compared without case.
use chrono::{NaiveDateTime, Timelike};

use crate::time::{format_dmy, weekday_name, weekday_name_vi};

/// `HH:MM Thứ X, DD/MM/YYYY`, as a slip writes it.
pub fn words_vi(t: NaiveDateTime) -> String {
    format!(
        "{:02}:{:02} {}, {}",
        t.hour(),
        t.minute(),
        weekday_name_vi(t.date()),
        format_dmy(t.date())
    )
}

/// `HH:MM on Weekday DD/MM/YYYY`.
pub fn words_en(t: NaiveDateTime) -> String {
    let day = weekday_name(t.date());
    let mut chars = day.chars();
    let day: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
        .collect();
    format!(
        "{:02}:{:02} on {day} {}",
        t.hour(),
        t.minute(),
        format_dmy(t.date())
    )
}

/// An amount as people write it: `3`, `0.5` (serde_json's float writer, no `core::fmt` floats).
pub fn amount_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        (x as i64).to_string()
    } else {
        serde_json::to_string(&x).unwrap_or_default()
    }
}

/// Lower case for comparing names written in Vietnamese: ASCII, Latin-1 and the Vietnamese
/// letters (Ă Đ Ĩ Ũ Ơ Ư and the tone-marked Ạ–Ỹ of Latin Extended Additional); any other
/// character is kept as given. `str::to_lowercase` would carry Unicode's whole case table
/// (about 20 KB) into the citizens' browser package for letters no Vietnamese name uses.
pub fn lower_vi(text: &str) -> String {
    text.chars()
        .map(|c| {
            let u = u32::from(c);
            let lower = match u {
                0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
                0x102 | 0x110 | 0x128 | 0x168 | 0x1A0 => u + 1,
                0x1AF => 0x1B0,
                0x1EA0..=0x1EF9 if u % 2 == 0 => u + 1,
                _ => u,
            };
            char::from_u32(lower).unwrap_or(c)
        })
        .collect()
}

/// An amount in figures with the Vietnamese thousands separator: 1500000 → "1.500.000 đồng".
pub fn money_figures(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 5);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out.push_str(" đồng");
    out
}

/// `x` to four decimals, as every answer gives a share or an index (0.9375 for 93.75 %).
pub fn four_decimals(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `part` / `whole` to four decimals; absent when `whole` is 0 (no rate of nothing).
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| four_decimals(part as f64 / whole as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `lower_vi` must agree with Unicode's lower case on every letter of the Vietnamese
    /// alphabet, with every tone mark, and on all of Latin-1 and Latin Extended Additional.
    #[test]
    fn lower_vi_agrees_with_unicode_on_vietnamese() {
        let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZĂÂĐÊÔƠƯÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢ\
                     ÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ";
        assert_eq!(upper.chars().count(), 26 + 7 + 60);
        assert_eq!(lower_vi(upper), upper.to_lowercase());
        let ranges = (0x20..0x7F).chain(0xA0..=0xFF).chain(0x1EA0..=0x1EF9);
        for c in ranges.filter_map(char::from_u32) {
            assert_eq!(
                lower_vi(&c.to_string()),
                c.to_lowercase().to_string(),
                "{c}"
            );
        }
        assert_eq!(lower_vi("Ωμέγα"), "Ωμέγα");
    }

    #[test]
    fn moments_in_words() {
        let t = crate::time::parse_datetime("2025-01-24T16:50", "").unwrap();
        assert_eq!(words_vi(t), "16:50 Thứ Sáu, 24/01/2025");
        assert_eq!(words_en(t), "16:50 on Friday 24/01/2025");
        assert_eq!(amount_text(3.0), "3");
        assert_eq!(amount_text(0.5), "0.5");
    }

    #[test]
    fn shares_to_four_decimals() {
        assert_eq!(share(15, 16), Some(0.9375));
        assert_eq!(share(1, 3), Some(0.3333));
        assert_eq!(share(2, 3), Some(0.6667));
        assert_eq!(share(7, 7), Some(1.0));
        assert_eq!(share(0, 0), None);
        assert_eq!(share(5, 0), None);
        assert_eq!(four_decimals(0.123_449), 0.1234);
    }
}
