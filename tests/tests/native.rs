//! The conformance corpus through the native core.
use thanthien_conformance::{bless, check_all, check_hand};

#[test]
fn corpus_native() {
    let call = |op: &str, input: &str| thanthien_core::api::call_json(op, input);
    if std::env::var_os("THANTHIEN_BLESS").is_some() {
        bless(call);
    }
    let (n, failures) = check_all(call);
    assert!(n >= 70, "corpus has only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn hand_worked_values_hold() {
    let (n, failures) = check_hand();
    assert!(n >= 60, "only {n} hand-worked values in the corpus");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
