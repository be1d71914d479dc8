//! The built component for integration tests, shared by `tests/tests/component.rs` and
//! `host-runtime/tests/cli.rs` (included with `#[path]`: the host cannot depend on the
//! conformance crate, which depends on it).
use std::path::PathBuf;

/// The component named by `THANTHIEN_COMPONENT`, or `None` (the test is skipped) when it is not
/// built, unless `THANTHIEN_REQUIRE_COMPONENT` is set, as `cargo xtask test` does: then a
/// missing component fails the test instead of skipping it.
pub fn component() -> Option<PathBuf> {
    let path = std::env::var_os("THANTHIEN_COMPONENT")
        .map(PathBuf::from)
        .filter(|p| p.exists());
    if path.is_none() {
        assert!(
            std::env::var_os("THANTHIEN_REQUIRE_COMPONENT").is_none(),
            "THANTHIEN_COMPONENT must name the built component (cargo xtask test sets it)"
        );
        eprintln!("skipped: no component (run `cargo xtask test`, or set THANTHIEN_COMPONENT)");
    }
    path
}
