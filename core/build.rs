//! Turns the TOML rule data in `data/` into compact JSON at build time, so the wasm builds carry
//! one parser (serde_json) instead of two, and minifies the official schedule JSON, dropping what
//! the engine never reads (the `_meta` block, informative lunar dates and review flags, the
//! default confidence) after checking each entry's weekday. The files in `data/` stay the
//! editable source; an administrator's ruleset may still carry every field.
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
