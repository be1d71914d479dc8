//! The core's layers (ARCHITECTURE.md, "Layers inside the core"), checked on its source: each
//! top-level module imports only the modules of the rows above it, only `ruleset` and `api` know
//! the whole ruleset, and no file grows past what one reader takes in.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The rows, top first: a module may use the modules of the rows above its own.
const ROWS: &[&[&str]] = &[
    &["error"],
    &["de"],
    &["time"],
    &["text", "dated"],
    &["units", "calendar"],
    &["deadline", "grievance", "reception"],
    &["letters", "evaluation", "birth_home", "survey"],
    &["report"],
    &["ruleset"],
    &["api"],
];

/// Longest source file, in lines.
const MAX_FILE_LINES: usize = 600;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("core/src is readable")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`calendar` for `calendar/data.rs`), and whether
/// `super::` in it names the crate root.
fn module_of(path: &Path) -> (String, bool) {
    let rel = path.strip_prefix(src()).expect("under src");
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    let top_file = parts.len() == 1 || (parts.len() == 2 && parts[1] == "mod");
    (parts[0].clone(), top_file)
}

/// The code of a file without its comments (doc links are not imports).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file's code names through `crate::` (or a top file's `super::`).
fn uses(code: &str, super_is_crate: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut prefixes = vec!["crate::"];
    if super_is_crate {
        prefixes.push("super::");
    }
    for prefix in prefixes {
        for (i, _) in code.match_indices(prefix) {
            let rest = &code[i + prefix.len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = &group[..group.find('}').unwrap_or(group.len())];
                for item in inner.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.insert(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

fn row_of(module: &str) -> Option<usize> {
    ROWS.iter().position(|r| r.contains(&module))
}

#[test]
fn imports_run_one_way() {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let mut faults: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in &all {
        let (module, top) = module_of(path);
        if module == "lib" {
            continue;
        }
        let row = row_of(&module).unwrap_or_else(|| panic!("{module} is in no row of ROWS"));
        let text = std::fs::read_to_string(path).expect("readable");
        for used in uses(&code(&text), top) {
            let Some(used_row) = row_of(&used) else {
                continue;
            };
            if used != module && used_row >= row {
                faults
                    .entry(path.strip_prefix(src()).unwrap().display().to_string())
                    .or_default()
                    .push(used);
            }
        }
    }
    assert!(
        faults.is_empty(),
        "imports that run up or sideways across the layers:\n{}",
        faults
            .iter()
            .map(|(f, u)| format!("  {f} -> {}", u.join(", ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn only_ruleset_and_api_know_the_whole_ruleset() {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let knowing: Vec<String> = all
        .iter()
        .filter(|p| !matches!(module_of(p).0.as_str(), "ruleset" | "api"))
        .filter(|p| code(&std::fs::read_to_string(p).unwrap()).contains("RulesetInput"))
        .map(|p| p.strip_prefix(src()).unwrap().display().to_string())
        .collect();
    assert!(knowing.is_empty(), "RulesetInput used in {knowing:?}");
}

#[test]
fn files_stay_readable() {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let long: Vec<String> = all
        .iter()
        .filter_map(|p| {
            let n = std::fs::read_to_string(p).unwrap().lines().count();
            (n > MAX_FILE_LINES)
                .then(|| format!("{} ({n} lines)", p.strip_prefix(src()).unwrap().display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines: {long:?}"
    );
}

#[test]
fn the_reader_sees_imports() {
    let found = uses(
        &code("use crate::{error::Error, time};\nlet x = crate::de::from_value(v);\n// crate::api"),
        false,
    );
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["de", "error", "time"]
    );
    let found = uses("use super::{calendar, x}; super::api::f()", true);
    assert!(found.contains("api") && found.contains("calendar"));
}
