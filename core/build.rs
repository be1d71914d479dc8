//! Turns the TOML rule data in `data/` into compact JSON at build time, so the wasm builds carry
//! one parser (serde_json) instead of two, and minifies the official schedule JSON, dropping what
//! the engine never reads (the `_meta` block, informative lunar dates and review flags, the
//! default confidence) after checking each entry's weekday. The files in `data/` stay the
//! editable source; an administrator's ruleset may still carry every field.
//!
//! `data/holidays.toml` (the holidays, working weeks and compensatory rules by law version, which
//! no ruleset overrides) becomes Rust (`holidays.rs`), checked here field by field, so the
//! browser builds carry no deserialiser for it; a unit test checks the generated data against
//! the TOML read with serde.
// A build script fails the build by panicking: that is its error channel.
#![allow(clippy::panic)]

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_owned());
    for name in [
        "holidays",
        "office_hours",
        "procedures",
        "letters",
        "letter_templates",
        "units",
        "birth_home",
        "evaluation",
        "survey",
        "grievance",
        "reception",
    ] {
        let src = format!("data/{name}.toml");
        println!("cargo::rerun-if-changed={src}");
        let text =
            std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("cannot read {src}: {e}"));
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{src} is not valid TOML: {e}"));
        let json = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{src}: {e}"));
        std::fs::write(Path::new(&out).join(format!("{name}.json")), json)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let src = "data/holidays.toml";
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| panic!("cannot read {src}: {e}"));
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{src} is not valid TOML: {e}"));
    std::fs::write(Path::new(&out).join("holidays.rs"), holidays_rs(&value))
        .unwrap_or_else(|e| panic!("{e}"));

    let src = "data/vn-official-days-off.json";
    println!("cargo::rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| panic!("cannot read {src}: {e}"));
    let mut value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{src} is not valid JSON: {e}"));
    strip_schedule(&mut value, src);
    let compact = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{src}: {e}"));
    std::fs::write(Path::new(&out).join("vn-official-days-off.json"), compact)
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Day of the week of a proleptic Gregorian date, 0 = Monday (Sakamoto's method).
fn weekday(date: &str) -> Option<usize> {
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    let t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if m < 3 { y - 1 } else { y };
    let sunday0 = (y + y / 4 - y / 100 + y / 400 + t.get(usize::try_from(m - 1).ok()?)? + d) % 7;
    usize::try_from((sunday0 + 6) % 7).ok()
}

fn strip_schedule(value: &mut serde_json::Value, src: &str) {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let Some(years) = value.as_object_mut() else {
        panic!("{src}: not an object");
    };
    years.retain(|k, _| !k.starts_with('_'));
    for (year, sched) in years.iter_mut() {
        let Some(sched) = sched.as_object_mut() else {
            panic!("{src}: {year} is not an object");
        };
        for key in ["tet_1_1_lunar", "hung_kings_10_3_lunar", "flags"] {
            sched.remove(key);
        }
        for list in ["days_off", "working_weekend_days"] {
            let entries = sched.get_mut(list).and_then(|l| l.as_array_mut());
            for entry in entries.into_iter().flatten() {
                let Some(e) = entry.as_object_mut() else {
                    panic!("{src}: {year}.{list} has a non-object entry");
                };
                let date = e
                    .get("date")
                    .and_then(|d| d.as_str())
                    .unwrap_or_default()
                    .to_owned();
                if let Some(wd) = e.remove("weekday") {
                    let wd = wd.as_str().unwrap_or_default().to_ascii_lowercase();
                    let actual = weekday(&date).and_then(|i| NAMES.get(i));
                    if actual.is_none_or(|a| !wd.starts_with(a)) {
                        panic!("{src}: {year}.{list}: {date} is not a {wd}");
                    }
                }
                if e.get("conf").and_then(|c| c.as_str()) == Some("high") {
                    e.remove("conf");
                }
            }
        }
    }
}

/// `holidays.toml` as a Rust expression of type `Result<HolidaysFile>` (see `ruleset::holidays`).
fn holidays_rs(value: &toml::Value) -> String {
    let src = "data/holidays.toml";
    let t = table(
        value,
        src,
        &["version", "work_week", "holiday", "compensatory"],
    );
    let mut out = String::from(
        "// Generated by build.rs from data/holidays.toml: edit that file, not this one.\n\
         Ok(HolidaysFile {\n",
    );
    out += &format!(
        "    version: {},\n    work_week: vec![\n",
        string(t, "version", src)
    );
    for (i, w) in array(t, "work_week", src).iter().enumerate() {
        out += &work_week_rs(w, &format!("{src}: work_week[{i}]"));
    }
    out += "    ],\n    holiday: vec![\n";
    for (i, h) in array(t, "holiday", src).iter().enumerate() {
        out += &holiday_rs(h, &format!("{src}: holiday[{i}]"));
    }
    out += "    ],\n    compensatory: vec![\n";
    for (i, c) in array(t, "compensatory", src).iter().enumerate() {
        let p = format!("{src}: compensatory[{i}]");
        let c = table(c, &p, &["from", "rule", "source"]);
        out += &format!(
            "        CompensatoryRule {{ from: {}, rule: {}, source: {} }},\n",
            date(c, "from", &p),
            variant(c, "rule", &["next_working_day"], "CompensationDay", &p),
            string(c, "source", &p),
        );
    }
    out += "    ],\n})\n";
    out
}

fn work_week_rs(w: &toml::Value, p: &str) -> String {
    let w = table(w, p, &["from", "days", "source", "confidence"]);
    format!(
        "        WorkWeekRaw {{ from: {}, days: vec![{}], source: {}, confidence: {} }},\n",
        date(w, "from", p),
        array(w, "days", p)
            .iter()
            .map(|d| rust_str(d.as_str().unwrap_or_else(|| panic!("{p}: days"))))
            .collect::<Vec<_>>()
            .join(", "),
        string(w, "source", p),
        string(w, "confidence", p),
    )
}

/// `adjacent_by_weekday` of a holiday: `None` or the map.
fn adjacent_rs(h: &toml::Table, p: &str) -> String {
    match h.get("adjacent_by_weekday") {
        None => "None".to_owned(),
        Some(a) => {
            let pairs = a
                .as_table()
                .unwrap_or_else(|| panic!("{p}: adjacent_by_weekday is not a table"))
                .iter()
                .map(|(k, v)| format!("({}, {})", rust_str(k), int(v, -1, 1, p)))
                .collect::<Vec<_>>();
            format!("Some(BTreeMap::from([{}]))", pairs.join(", "))
        }
    }
}

/// `name_window` of a holiday: `[before, after]`, three days each way by default.
fn window_rs(h: &toml::Table, p: &str) -> String {
    match h.get("name_window") {
        None => "[-3, 3]".to_owned(),
        Some(w) => {
            let w: Vec<i64> = w
                .as_array()
                .unwrap_or_else(|| panic!("{p}: name_window is not a list"))
                .iter()
                .map(|x| int(x, -366, 366, p))
                .collect();
            match w.as_slice() {
                [a, b] if a <= b => format!("[{a}, {b}]"),
                _ => panic!("{p}: name_window must be [before, after]"),
            }
        }
    }
}

fn holiday_rs(h: &toml::Value, p: &str) -> String {
    let keys = [
        "id",
        "name_vi",
        "name_en",
        "calendar",
        "month",
        "day",
        "offsets",
        "adjacent_by_weekday",
        "saturday_compensation",
        "name_window",
        "from",
        "to",
        "source",
    ];
    let h = table(h, p, &keys);
    let saturday = match h.get("saturday_compensation") {
        None => "None".to_owned(),
        Some(_) => format!(
            "Some({})",
            variant(
                h,
                "saturday_compensation",
                &["previous_working_day", "next_working_day"],
                "SaturdayCompensation",
                p,
            )
        ),
    };
    format!(
        "        HolidayRule {{ id: {}, name_vi: {}, name_en: {}, calendar: {}, month: {}, \
         day: {}, offsets: vec![{}], adjacent_by_weekday: {}, \
         saturday_compensation: {saturday}, name_window: {}, from: {}, to: {}, source: {} }},\n",
        string(h, "id", p),
        string(h, "name_vi", p),
        string(h, "name_en", p),
        variant(h, "calendar", &["solar", "lunar"], "CalendarKind", p),
        int(field(h, "month", p), 1, 12, p),
        int(field(h, "day", p), 1, 31, p),
        array(h, "offsets", p)
            .iter()
            .map(|o| int(o, -30, 30, p).to_string())
            .collect::<Vec<_>>()
            .join(", "),
        adjacent_rs(h, p),
        window_rs(h, p),
        date(h, "from", p),
        match h.get("to") {
            None => "None".to_owned(),
            Some(_) => format!("Some({})", date(h, "to", p)),
        },
        string(h, "source", p),
    )
}

fn table<'a>(v: &'a toml::Value, path: &str, keys: &[&str]) -> &'a toml::Table {
    let t = v
        .as_table()
        .unwrap_or_else(|| panic!("{path}: not a table"));
    if let Some(k) = t.keys().find(|k| !keys.contains(&k.as_str())) {
        panic!("{path}: unknown field `{k}`, expected one of {keys:?}");
    }
    t
}

fn field<'a>(t: &'a toml::Table, key: &str, path: &str) -> &'a toml::Value {
    t.get(key)
        .unwrap_or_else(|| panic!("{path}: missing field `{key}`"))
}

fn array<'a>(t: &'a toml::Table, key: &str, path: &str) -> &'a Vec<toml::Value> {
    field(t, key, path)
        .as_array()
        .unwrap_or_else(|| panic!("{path}: `{key}` is not a list"))
}

/// A Rust expression for an owned string (the Debug form of a `str` is a valid literal).
fn rust_str(s: &str) -> String {
    format!("String::from({s:?})")
}

fn string(t: &toml::Table, key: &str, path: &str) -> String {
    rust_str(
        field(t, key, path)
            .as_str()
            .unwrap_or_else(|| panic!("{path}: `{key}` is not a string")),
    )
}

fn int(v: &toml::Value, min: i64, max: i64, path: &str) -> i64 {
    match v.as_integer() {
        Some(n) if (min..=max).contains(&n) => n,
        _ => panic!("{path}: {v:?} is not a whole number from {min} to {max}"),
    }
}

/// A checked date as a call to `ruleset::holiday_date`, which still refuses it with a typed
/// error if chrono does.
fn date(t: &toml::Table, key: &str, path: &str) -> String {
    let text = field(t, key, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path}: `{key}` is not a date string"));
    let parts: Vec<u32> = text.split('-').filter_map(|x| x.parse().ok()).collect();
    match parts.as_slice() {
        [y, m, d] if text.len() == 10 && (1..=12).contains(m) && (1..=31).contains(d) => {
            format!("holiday_date({y}, {m}, {d})?")
        }
        _ => panic!("{path}: `{key}` = {text:?} is not a YYYY-MM-DD date"),
    }
}

/// A snake_case name as the variant of `ty` (`previous_working_day` → `PreviousWorkingDay`).
fn variant(t: &toml::Table, key: &str, allowed: &[&str], ty: &str, path: &str) -> String {
    let name = field(t, key, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path}: `{key}` is not a string"));
    if !allowed.contains(&name) {
        panic!("{path}: unknown variant `{name}` of `{key}`, expected one of {allowed:?}");
    }
    let camel: String = name
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    format!("{ty}::{camel}")
}
