//! The conformance corpus (`tests/conformance/*.json`, cases as data) and the harness that runs
//! it through any build: each case names an operation, an input (JSON, or raw text for
//! malformed input) and the exact expected answer.
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One case of the corpus.
#[derive(Debug, Clone)]
pub struct Case {
    /// File it comes from.
    pub file: PathBuf,
    /// Unique name.
    pub name: String,
    /// Operation name.
    pub operation: String,
    /// The input as the caller sends it.
    pub input_text: String,
    /// The exact expected answer (absent only before blessing).
    pub expected: Option<Value>,
    /// Values worked out by hand from the rules (with the case's `comment`): each must appear,
    /// unchanged, in `expected`, so blessing can never override them.
    pub hand: Option<Value>,
}

/// The corpus directory.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance")
}

/// The corpus files, in name order. A directory that cannot be read is a failure, not an
/// empty corpus.
fn files() -> Vec<PathBuf> {
    let dir = corpus_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the corpus directory {}: {e}", dir.display()))
        .map(|e| {
            e.unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
                .path()
        })
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus file in {}", dir.display());
    files
}

/// A corpus file as JSON; an unreadable or malformed file fails the run, naming the file.
fn read_file(file: &Path) -> Value {
    let text = std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let doc: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", file.display()));
    assert!(
        doc["cases"].is_array(),
        "{} has no `cases` list",
        file.display()
    );
    doc
}

/// The input text of a case: `input_text` as given, or `input` written as JSON.
fn input_text(c: &Value, file: &Path, name: &str) -> String {
    match (&c["input_text"], &c["input"]) {
        (Value::String(s), _) => s.clone(),
        (_, Value::Null) => panic!("{}: case {name} has no input", file.display()),
        (_, v) => v.to_string(),
    }
}

/// Every case of every corpus file, in file and case order. A case without a name, an
/// operation or an input fails the run.
pub fn load() -> Vec<Case> {
    let mut out = Vec::new();
    for file in files() {
        let doc = read_file(&file);
        for (i, c) in doc["cases"].as_array().into_iter().flatten().enumerate() {
            let field = |key: &str| {
                c[key]
                    .as_str()
                    .unwrap_or_else(|| panic!("{}: case {i} has no `{key}`", file.display()))
                    .to_owned()
            };
            let name = field("name");
            out.push(Case {
                input_text: input_text(c, &file, &name),
                operation: field("operation"),
                file: file.clone(),
                name,
                expected: c.get("expected").cloned(),
                hand: c.get("hand").cloned(),
            });
        }
    }
    out
}

/// Runs every case through `call` (operation, input text → answer text) and returns the
/// failures as readable lines. A case without `expected` is a failure.
pub fn check_all(call: impl Fn(&str, &str) -> String) -> (usize, Vec<String>) {
    let cases = load();
    let mut failures = Vec::new();
    for case in &cases {
        let got_text = call(&case.operation, &case.input_text);
        if let Some(n) = misread_float(&got_text) {
            failures.push(format!(
                "{}: the answer's number {n} is read by serde_json as another float than the \
                 one written (its parser without `float_roundtrip`), so the corpus cannot hold it \
                 exactly: choose other values for the case",
                case.name
            ));
            continue;
        }
        let got: Value = match serde_json::from_str(&got_text) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!(
                    "{}: answer is not JSON ({e}): {got_text}",
                    case.name
                ));
                continue;
            }
        };
        match &case.expected {
            Some(want) if *want == got => {}
            Some(want) => failures.push(format!(
                "{}:\n  expected {want}\n  got      {got}",
                case.name
            )),
            None => failures.push(format!("{}: no expected answer in the corpus", case.name)),
        }
    }
    (cases.len(), failures)
}

/// The first number of a JSON text that serde_json reads as another float than the one the text
/// writes (which Rust's own parser and JavaScript's read exactly): the corpus, written through
/// serde_json, would hold it one unit in the last place off, and the runs under Node would fail.
fn misread_float(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let (mut i, mut in_string) = (0, false);
    while let Some(&b) = bytes.get(i) {
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
        } else if b == b'-' || b.is_ascii_digit() {
            let len = bytes[i..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || b"-+.eE".contains(c))
                .count();
            let n = &text[i..i + len];
            let exact = n.parse::<f64>().ok();
            let read = serde_json::from_str::<f64>(n).ok();
            if n.contains(['.', 'e', 'E']) && exact != read {
                return Some(n);
            }
            i += len;
            continue;
        }
        i += 1;
    }
    None
}

/// A value at a path such as `letters[1].send_by` or `due_at`.
fn lookup<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, part| {
        let (name, index) = match part.split_once('[') {
            Some((n, i)) => (n, i.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let v = if name.is_empty() { v } else { v.get(name)? };
        match index {
            Some(i) => v.get(i),
            None => Some(v),
        }
    })
}

/// Checks every case's hand-worked values against its expected answer; returns the
/// mismatches and how many values were checked.
pub fn check_hand() -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in load() {
        let (Some(Value::Object(hand)), Some(expected)) = (&case.hand, &case.expected) else {
            continue;
        };
        for (key, want) in hand {
            checked += 1;
            let got = lookup(expected, key).unwrap_or(&Value::Null);
            if got != want {
                failures.push(format!(
                    "{}: `{key}` worked by hand as {want}, the expected answer has {got}",
                    case.name
                ));
            }
        }
    }
    (checked, failures)
}

/// Rewrites the corpus files with the answers of `call` as `expected` (used once per new
/// case, after its answer has been checked by hand against the law or the official schedule).
pub fn bless(call: impl Fn(&str, &str) -> String) {
    for file in files() {
        let mut doc = read_file(&file);
        if let Some(cases) = doc["cases"].as_array_mut() {
            for c in cases {
                let name = c["name"].as_str().unwrap_or_default().to_owned();
                let input_text = input_text(c, &file, &name);
                let op = c["operation"].as_str().unwrap_or_default().to_owned();
                let got: Value =
                    serde_json::from_str(&call(&op, &input_text)).unwrap_or(Value::Null);
                c["expected"] = got;
            }
        }
        let pretty = serde_json::to_string_pretty(&doc)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        std::fs::write(&file, pretty + "\n")
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A corpus file that cannot be read, or is not a corpus, stops the run with its name.
    #[test]
    fn a_broken_corpus_file_is_a_failure() {
        let dir = std::env::temp_dir().join(format!("thanthien-corpus-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in [
            ("truncated.json", "{\"cases\": ["),
            ("no-cases.json", "{\"case\": []}"),
        ] {
            let file = dir.join(name);
            std::fs::write(&file, text).unwrap();
            let failed = std::panic::catch_unwind(|| read_file(&file));
            let message = failed.unwrap_err();
            let message = message
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_default();
            assert!(message.contains(name), "{message}");
        }
        let missing = dir.join("missing.json");
        assert!(std::panic::catch_unwind(|| read_file(&missing)).is_err());
        let case = serde_json::json!({"name": "x", "operation": "calendar.day"});
        assert!(std::panic::catch_unwind(|| input_text(&case, &missing, "x")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_shipped_corpus_loads() {
        assert!(load().len() >= 70);
    }

    /// 0.36577380952380956 is the float 0x1.768d68d68d68ep-2; serde_json without
    /// `float_roundtrip` reads it as …8fp-2. Numbers inside strings are not numbers.
    #[test]
    fn a_float_serde_json_misreads_is_found() {
        let misread = r#"{"s":"0.36577380952380956 \"x","a":[1,-2.5e3,0.36577380952380956]}"#;
        assert_eq!(misread_float(misread), Some("0.36577380952380956"));
        let fine = r#"{"s":"0.36577380952380956","a":[1,-2.5e3,0.5086309523809524]}"#;
        assert_eq!(misread_float(fine), None);
    }
}
