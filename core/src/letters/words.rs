//! Vietnamese writing conventions of letters: amounts in figures and in words, the NĐ 30/2020
//! date line, and the unaccented text SMS gateways send.
use chrono::{Datelike, NaiveDate};

pub use crate::text::money_figures;

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];
const SCALES: [&str; 3] = ["", "nghìn", "triệu"];

fn digit(d: u64) -> &'static str {
    DIGITS.get(d as usize).copied().unwrap_or("")
}

/// Reads a group of three digits; `full` when a higher group precedes it, so that zero
/// hundreds and tens are read ("không trăm linh năm").
fn group(n: u64, full: bool, out: &mut Vec<&'static str>) {
    let (h, t, u) = (n / 100, n / 10 % 10, n % 10);
    if h > 0 || full {
        out.push(digit(h));
        out.push("trăm");
    }
    match t {
        0 if u > 0 && (h > 0 || full) => out.push("linh"),
        0 => {}
        1 => out.push("mười"),
        _ => {
            out.push(digit(t));
            out.push("mươi");
        }
    }
    match u {
        0 => {}
        1 if t > 1 => out.push("mốt"),
        5 if t > 0 => out.push("lăm"),
        _ => out.push(digit(u)),
    }
}

/// A whole number in Vietnamese words: 2000 → "hai nghìn", 1005000 → "một triệu không trăm
/// linh năm nghìn", 21 → "hai mươi mốt", 15 → "mười lăm", 10¹² → "một nghìn tỷ".
pub fn number_words(n: u64) -> String {
    if n == 0 {
        return DIGITS[0].to_owned();
    }
    let mut out = Vec::new();
    words(n, false, &mut out);
    out.join(" ")
}

fn words(n: u64, full: bool, out: &mut Vec<&'static str>) {
    if n >= 1_000_000_000 {
        words(n / 1_000_000_000, full, out);
        out.push("tỷ");
        let rest = n % 1_000_000_000;
        if rest > 0 {
            below_billion(rest, true, out);
        }
    } else {
        below_billion(n, full, out);
    }
}

fn below_billion(n: u64, full: bool, out: &mut Vec<&'static str>) {
    let mut started = full;
    for (g, scale) in [
        (n / 1_000_000, SCALES[2]),
        (n / 1000 % 1000, SCALES[1]),
        (n % 1000, SCALES[0]),
    ] {
        if g == 0 {
            continue;
        }
        group(g, started, out);
        if !scale.is_empty() {
            out.push(scale);
        }
        started = true;
    }
}

/// An amount of money in words: 2000 → "hai nghìn đồng".
pub fn money_words(n: u64) -> String {
    format!("{} đồng", number_words(n))
}

/// The date line of NĐ 30/2020 Phụ lục I: days below 10 and months 1 and 2 take a leading zero
/// ("Trà Cú, ngày 05 tháng 02 năm 2020", but "ngày 23 tháng 3 năm 2020").
pub fn date_line(place: &str, d: NaiveDate) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!(
        "{place}, ngày {:02} tháng {month} năm {}",
        d.day(),
        d.year()
    )
}

/// Vietnamese letters without their diacritics (đ → d), for SMS gateways that send plain ASCII.
pub fn unaccent(s: &str) -> String {
    const TABLE: [(char, &str); 14] = [
        ('a', "áàảãạăắằẳẵặâấầẩẫậ"),
        ('e', "éèẻẽẹêếềểễệ"),
        ('i', "íìỉĩị"),
        ('o', "óòỏõọôốồổỗộơớờởỡợ"),
        ('u', "úùủũụưứừửữự"),
        ('y', "ýỳỷỹỵ"),
        ('d', "đ"),
        ('A', "ÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬ"),
        ('E', "ÉÈẺẼẸÊẾỀỂỄỆ"),
        ('I', "ÍÌỈĨỊ"),
        ('O', "ÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢ"),
        ('U', "ÚÙỦŨỤƯỨỪỬỮỰ"),
        ('Y', "ÝỲỶỸỴ"),
        ('D', "Đ"),
    ];
    s.chars()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| {
            if c.is_ascii() {
                return c;
            }
            TABLE
                .iter()
                .find(|(_, accented)| accented.contains(c))
                .map_or(c, |(base, _)| *base)
        })
        .collect()
}

/// The SMS text: unaccented, spaces collapsed, at most 160 characters (cut at a word with "...").
pub fn sms_text(s: &str) -> String {
    let plain = unaccent(s);
    let collapsed = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= 160 {
        return collapsed;
    }
    let mut out = String::new();
    for word in collapsed.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > 157 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push_str("...");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words() {
        let cases = [
            (0, "không"),
            (5, "năm"),
            (10, "mười"),
            (15, "mười lăm"),
            (21, "hai mươi mốt"),
            (25, "hai mươi lăm"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (2_000, "hai nghìn"),
            (10_000, "mười nghìn"),
            (50_000, "năm mươi nghìn"),
            (105_000, "một trăm linh năm nghìn"),
            (1_005_000, "một triệu không trăm linh năm nghìn"),
            (1_500_000, "một triệu năm trăm nghìn"),
            (2_000_000_000, "hai tỷ"),
            (1_000_000_000_000, "một nghìn tỷ"),
            (3_000_005_000, "ba tỷ không trăm linh năm nghìn"),
        ];
        for (n, want) in cases {
            assert_eq!(number_words(n), want, "{n}");
        }
        assert_eq!(money_words(2_000), "hai nghìn đồng");
        assert_eq!(money_figures(1_500_000), "1.500.000 đồng");
        assert_eq!(money_figures(2_000), "2.000 đồng");
        assert_eq!(money_figures(500), "500 đồng");
    }

    #[test]
    fn date_lines_follow_nd30() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(
            date_line("Trà Cú", d(2020, 2, 5)),
            "Trà Cú, ngày 05 tháng 02 năm 2020"
        );
        assert_eq!(
            date_line("Trà Cú", d(2020, 3, 23)),
            "Trà Cú, ngày 23 tháng 3 năm 2020"
        );
        assert_eq!(
            date_line("Trà Cú", d(2019, 6, 29)),
            "Trà Cú, ngày 29 tháng 6 năm 2019"
        );
        assert_eq!(
            date_line("Trà Cú", d(2025, 1, 9)),
            "Trà Cú, ngày 09 tháng 01 năm 2025"
        );
    }

    #[test]
    fn sms_is_plain_and_short() {
        assert_eq!(
            unaccent("Ủy ban nhân dân xã Trà Cú xin lỗi Ông/Bà Đặng Thị Hường"),
            "Uy ban nhan dan xa Tra Cu xin loi Ong/Ba Dang Thi Huong"
        );
        let long = "Lời chào ".repeat(40);
        let sms = sms_text(&long);
        assert!(sms.chars().count() <= 160, "{}", sms.chars().count());
        assert!(sms.ends_with("..."));
        assert!(sms.is_ascii());
    }
}
