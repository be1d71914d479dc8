//! Build orchestration, so that the README's commands are plain cargo commands:
//!
//! - `cargo xtask build`: the component, the browser package (web + Node) and the release
//!   `thanthien` binary, all under `target/thanthien/` and `target/release/`.
//! - `cargo xtask test`: formatting, clippy, every Rust test (the conformance corpus through the
//!   native core and the component), the TypeScript check of the generated types, and the corpus
//!   through the browser build under Node.
//! - `cargo xtask demo`: builds, then shows a few calls through the `thanthien` command.
//! - `cargo xtask bench`: criterion benchmarks (native and through the host) and the size report.
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const WASM_PROFILE: &str = "wasm-release";
/// The browser build is optimised for size: citizens' browsers download it.
const BROWSER_PROFILE: &str = "wasm-browser";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn out_dir() -> PathBuf {
    root().join("target").join("thanthien")
}

/// Path of the encoded component.
fn component_path() -> PathBuf {
    out_dir().join("thanthien.component.wasm")
}

fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("$ {cmd:?}");
    let status = cmd
        .current_dir(root())
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

fn cargo() -> Command {
    // The rustup proxy, so that rust-toolchain.toml picks the toolchain.
    Command::new("cargo")
}

fn ensure_wasm_target() -> Result<()> {
    // RUSTUP_AUTO_INSTALL=0 may be set: the targets of rust-toolchain.toml are then not
    // installed on their own (TOOLCHAIN.md).
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn build_plugin(feature: &str, profile: &str) -> Result<PathBuf> {
    run(cargo().args([
        "build",
        "-p",
        "thanthien-plugin",
        "--target",
        WASM_TARGET,
        "--profile",
        profile,
        "--features",
        feature,
    ]))?;
    let built = root()
        .join("target")
        .join(WASM_TARGET)
        .join(profile)
        .join("thanthien_plugin.wasm");
    let kept = out_dir().join(format!("thanthien_plugin.{feature}.core.wasm"));
    std::fs::create_dir_all(out_dir())?;
    std::fs::copy(&built, &kept).with_context(|| format!("copy {}", built.display()))?;
    Ok(kept)
}

fn build_component() -> Result<PathBuf> {
    let core = build_plugin("component", WASM_PROFILE)?;
    let bytes = std::fs::read(&core)?;
    let component = wit_component::ComponentEncoder::default()
        .module(&bytes)
        .context("reading the core module")?
        .validate(true)
        .encode()
        .context("encoding the component")?;
    std::fs::write(component_path(), &component)?;
    eprintln!(
        "component: {} ({} bytes)",
        component_path().display(),
        component.len()
    );
    Ok(component_path())
}

fn node_dir() -> PathBuf {
    root().join("tests").join("node")
}

fn npm_ci() -> Result<()> {
    if node_dir()
        .join("node_modules")
        .join(".package-lock.json")
        .exists()
    {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(node_dir()))
}

fn wasm_opt(file: &Path) -> Result<()> {
    let bin = node_dir()
        .join("node_modules")
        .join(".bin")
        .join("wasm-opt");
    let tmp = file.with_extension("opt.wasm");
    run(Command::new(bin)
        .arg(file)
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            "-o",
        ])
        .arg(&tmp))?;
    std::fs::rename(&tmp, file)?;
    Ok(())
}

fn build_browser() -> Result<()> {
    let core = build_plugin("browser", BROWSER_PROFILE)?;
    npm_ci()?;
    for target in ["web", "nodejs"] {
        let dir = out_dir().join(format!("pkg-{target}"));
        let _ = std::fs::remove_dir_all(&dir);
        let mut b = wasm_bindgen_cli_support::Bindgen::new();
        match target {
            "web" => b.web(true)?,
            _ => b.nodejs(true)?,
        };
        b.input_path(&core)
            .out_name("thanthien")
            .typescript(true)
            .generate(&dir)
            .context("wasm-bindgen")?;
        wasm_opt(&dir.join("thanthien_bg.wasm"))?;
    }
    let wasm = out_dir().join("pkg-web").join("thanthien_bg.wasm");
    eprintln!(
        "browser package: {} ({} bytes)",
        out_dir().join("pkg-web").display(),
        std::fs::metadata(&wasm)?.len()
    );
    Ok(())
}

fn build_all(release_host: bool) -> Result<()> {
    ensure_wasm_target()?;
    build_component()?;
    build_browser()?;
    if release_host {
        run(cargo().args(["build", "--release", "-p", "thanthien-host"]))?;
        run(Command::new(root().join("target/release/thanthien"))
            .arg("precompile")
            .arg(component_path()))?;
    }
    Ok(())
}

fn test() -> Result<()> {
    build_all(false)?;
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args([
        "clippy",
        "-p",
        "thanthien-plugin",
        "--target",
        WASM_TARGET,
        "--profile",
        WASM_PROFILE,
        "--features",
        "component,browser",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo()
        .args(["test", "--workspace"])
        .env("THANTHIEN_COMPONENT", component_path())
        .env("THANTHIEN_REQUIRE_COMPONENT", "1"))?;
    run(Command::new(node_dir().join("node_modules/.bin/tsc"))
        .args(["--noEmit", "-p"])
        .arg(node_dir()))?;
    run(Command::new("node")
        .arg(node_dir().join("conformance.mjs"))
        .env("THANTHIEN_PKG", out_dir().join("pkg-nodejs")))?;
    Ok(())
}

fn demo() -> Result<()> {
    build_all(true)?;
    let bin = root().join("target/release/thanthien");
    let calls = [
        ("calendar.day", r#"{"date":"2025-01-29"}"#),
        (
            "calendar.add_working_days",
            r#"{"start":"2025-01-24","days":3}"#,
        ),
        (
            "calendar.add_working_hours",
            r#"{"start":"2025-01-24T16:50","hours":8}"#,
        ),
        (
            "calendar.lunar_to_solar",
            r#"{"year":2033,"month":11,"day":1,"leap":true}"#,
        ),
        ("calendar.day", r#"{"date":"2025-02-29"}"#),
    ];
    for (op, input) in calls {
        println!("\n$ echo '{input}' | thanthien call {op}");
        let mut child = Command::new(&bin)
            .args(["call", op])
            .stdin(std::process::Stdio::piped())
            .spawn()?;
        if let Some(mut stdin) = child.stdin.take() {
            std::io::Write::write_all(&mut stdin, input.as_bytes())?;
        }
        let status = child.wait()?;
        println!("(exit {})", status.code().unwrap_or(-1));
    }
    Ok(())
}

/// Wall time of a whole `thanthien call` (process start, loading the precompiled component,
/// one call), median of 30 runs.
fn startup() -> Result<()> {
    let bin = root().join("target/release/thanthien");
    let cwasm = component_path().with_extension("cwasm");
    let mut times = Vec::new();
    for _ in 0..30 {
        let t = std::time::Instant::now();
        let mut child = Command::new(&bin)
            .args(["--component"])
            .arg(&cwasm)
            .args(["call", "calendar.add_working_days"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()?;
        if let Some(mut stdin) = child.stdin.take() {
            std::io::Write::write_all(&mut stdin, br#"{"start":"2025-01-24","days":3}"#)?;
        }
        if !child.wait()?.success() {
            bail!("thanthien call failed");
        }
        times.push(t.elapsed());
    }
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!(
        "thanthien call with a precompiled component (start-up + one call): median {median:?} of 30 runs"
    );
    Ok(())
}

fn bench() -> Result<()> {
    build_all(true)?;
    run(cargo().args(["bench", "-p", "thanthien-core"]))?;
    run(cargo()
        .args(["bench", "-p", "thanthien-host"])
        .env("THANTHIEN_COMPONENT", component_path()))?;
    startup()?;
    let wasm = out_dir().join("pkg-web").join("thanthien_bg.wasm");
    let raw = std::fs::read(&wasm)?;
    let mut gz = Vec::new();
    {
        use std::io::Write;
        let mut child = Command::new("gzip")
            .args(["-9", "-c"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(&raw)?;
        }
        let out = child.wait_with_output()?;
        gz.extend_from_slice(&out.stdout);
    }
    println!(
        "browser .wasm: {} bytes raw, {} bytes gzip -9",
        raw.len(),
        gz.len()
    );
    Ok(())
}

fn main() -> Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    match task.as_str() {
        "build" => build_all(true),
        "component" => {
            ensure_wasm_target()?;
            build_component().map(|_| ())
        }
        "browser" => {
            ensure_wasm_target()?;
            build_browser()
        }
        "test" => test(),
        "demo" => demo(),
        "bench" => bench(),
        _ => bail!("usage: cargo xtask <build|test|demo|bench|component|browser>"),
    }
}
