//! Schemathesis (PyPI, pinned in `tests/schemathesis/requirements.txt`) fuzzes `thanthien serve`
//! from its OpenAPI document in a bounded run: no answer may be a server error, and every answer
//! must conform to the schema and the statuses the document gives.
use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};

use crate::load;

/// Test cases per operation; the run takes about 20 s on 2 cores.
const EXAMPLES: &str = "5";

/// Creates a pinned virtual environment once (again when the requirements change); the path of
/// its program `tool`.
pub(crate) fn venv(dir: &Path, requirements: &Path, tool: &str) -> Result<std::path::PathBuf> {
    let bin = dir.join("bin").join(tool);
    let stamp = dir.join("requirements.txt");
    let wanted = std::fs::read_to_string(requirements)?;
    if bin.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(bin);
    }
    crate::run(Command::new("python3").args(["-m", "venv"]).arg(dir))?;
    crate::run(
        Command::new(dir.join("bin").join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(requirements),
    )?;
    std::fs::write(&stamp, wanted)?;
    Ok(bin)
}

/// The phases `cargo xtask test` runs: random cases from every schema, about 20 s.
pub const BOUNDED: &str = "fuzzing";
/// Adds the coverage phase (the boundary values of every schema, about 4 minutes on 2 cores),
/// too slow for CI's budget; it found `report.render` failing on a list count in the template.
pub const WITH_COVERAGE: &str = "coverage,fuzzing";

/// Runs the fuzzer in `phases` against a release server started for it.
pub fn run(
    phases: &str,
    bin: &Path,
    component: &Path,
    out: &Path,
    requirements: &Path,
) -> Result<()> {
    let st = venv(&out.join("venv-schemathesis"), requirements, "schemathesis")?;
    let log = out.join("schemathesis-serve.log");
    let server = load::start(bin, component, 2, &log, &["--no-access-log"])?;
    let status = Command::new(&st)
        .arg("run")
        .arg(format!("http://{}/v1/openapi.json", server.addr))
        .args([
            "--checks",
            "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
            "--phases",
            phases,
            "--max-examples",
            EXAMPLES,
            "--seed",
            "20261202",
            "--workers",
            "2",
            "--request-timeout",
            "30",
            "--report",
            "junit",
            "--report-dir",
        ])
        .arg(out.join("schemathesis-report"))
        .env("NO_COLOR", "1")
        .status()?;
    drop(server);
    if !status.success() {
        bail!("schemathesis found answers that break the OpenAPI document (see above)");
    }
    Ok(())
}
