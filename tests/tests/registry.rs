//! The operations each surface exports agree with the core's one registry
//! (`thanthien_core::api::REGISTRY`): every operation has its browser function, gated by the
//! same features, unless written below; every typed WIT function is an operation, and the
//! operations without one are written below (they are reached through the JSON interface's
//! `call`, as every operation is).
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use thanthien_core::api::REGISTRY;

/// Operations the browser build leaves to `call(operation, input)`: the report's streaming
/// halves, which a page has no use for on their own.
const BROWSER_BY_NAME_ONLY: &[&str] = &["report.accumulate", "report.merge", "report.finish"];

/// Operations with no typed WIT function: their records are JSON documents (letters, plans,
/// reports), or a typed batch gives nothing over `call-batch`.
const WIT_JSON_ONLY: &[&str] = &[
    "deadline.check",
    "deadline.dossier_code",
    "letters.register",
    "deadline.preview",
    "birth_home.assess",
    "birth_home.plan_visits",
    "birth_home.commune_report",
    "evaluation.dossier",
    "evaluation.unit",
    "survey.score",
    "grievance.notice",
    "reception.check",
    "reception.plan",
    "report.year_end",
    "report.accumulate",
    "report.merge",
    "report.finish",
    "report.render",
    "letters.select",
    "letters.render",
];

fn plugin(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../wasm-plugin")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Each browser function's operation (`run("calendar.day", input)`) and the features its
/// `#[cfg(...)]` asks for.
fn browser_exports() -> BTreeMap<String, BTreeSet<String>> {
    let text = plugin("src/browser.rs");
    let mut out = BTreeMap::new();
    let mut gate = BTreeSet::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with("#[cfg(") {
            gate = line
                .split("feature = \"")
                .skip(1)
                .filter_map(|f| f.split('"').next())
                .map(str::to_owned)
                .collect();
        } else if let Some(rest) = line.strip_prefix("run(\"") {
            let op = rest.split('"').next().unwrap_or_default().to_owned();
            out.insert(op, std::mem::take(&mut gate));
        } else if line.starts_with("pub fn call(") {
            gate.clear();
        }
    }
    out
}

/// The operations of the typed WIT interfaces: `calendar`, `deadline` and `grievance` functions, batches
/// and bulk variants named after their operation.
fn wit_operations() -> BTreeSet<String> {
    let text = plugin("wit/thanthien.wit");
    let mut out = BTreeSet::new();
    let mut interface = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("interface ") {
            interface = name.trim_end_matches(" {").to_owned();
        } else if let Some((name, _)) = line.split_once(": func(") {
            if !["calendar", "deadline", "grievance"].contains(&interface.as_str()) {
                continue;
            }
            let base = name
                .trim_end_matches("-batch")
                .trim_end_matches("-dates")
                .replace('-', "_");
            out.insert(format!("{interface}.{base}"));
        }
    }
    out
}

#[test]
fn the_browser_build_exports_every_operation_with_its_gate() {
    let exports = browser_exports();
    for op in REGISTRY {
        if BROWSER_BY_NAME_ONLY.contains(&op.name) {
            assert!(
                !exports.contains_key(op.name),
                "{} is exported after all",
                op.name
            );
            continue;
        }
        let gate = exports
            .get(op.name)
            .unwrap_or_else(|| panic!("no browser function runs {}", op.name));
        let needs: BTreeSet<String> = op.needs.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(
            *gate, needs,
            "the browser function of {} is gated otherwise",
            op.name
        );
    }
    let names: BTreeSet<&str> = REGISTRY.iter().map(|o| o.name).collect();
    for op in exports.keys() {
        assert!(
            names.contains(op.as_str()),
            "browser function for unknown {op}"
        );
    }
}

#[test]
fn the_wit_functions_are_operations_and_cover_the_registry() {
    let typed = wit_operations();
    let names: BTreeSet<&str> = REGISTRY.iter().map(|o| o.name).collect();
    for op in &typed {
        assert!(names.contains(op.as_str()), "WIT function for unknown {op}");
        assert!(
            !WIT_JSON_ONLY.contains(&op.as_str()),
            "{op} is typed after all"
        );
    }
    for op in REGISTRY {
        assert!(
            typed.contains(op.name) || WIT_JSON_ONLY.contains(&op.name),
            "{} has no typed WIT function and is not listed as JSON only",
            op.name
        );
    }
    assert!(typed.contains("calendar.add_working_days") && typed.contains("deadline.compute"));
}
