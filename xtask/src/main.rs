//! Build orchestration, so that the README's commands are plain cargo commands:
//!
//! - `cargo xtask build`: the component, the browser packages (web + Node) and their npm
//!   tarballs (`target/thanthien/npm/`, [`npm`]), and the release `thanthien` binary, all under
//!   `target/thanthien/` and `target/release/`.
//! - `cargo xtask test`: formatting, clippy, every Rust test (the conformance corpus through the
//!   native core and the component), the TypeScript check of the generated types, and the corpus
//!   through the browser build under Node, and every HTML letter of the corpus printed to PDF
//!   by headless Chromium (one page of A4 or A5 each), the corpus through the component
//!   transpiled by jco under Node, the schemas checked by Ajv, the npm tarballs installed and
//!   used, the load test, schemathesis against the server, the release bundle, and a one-minute
//!   run of the fuzzer.
//! - `cargo xtask fuzz [--minutes N]`: the fuzzer alone, for longer (default 10 minutes).
//! - `cargo xtask demo`: builds, then shows a few calls through the `thanthien` command (the
//!   calendar, a deadline preview, a letter as SMS, a home-birth assessment).
//! - `cargo xtask bench`: criterion benchmarks (native and through the host) and the size report.
//! - `cargo xtask bench --peers`: only `thanthien batch` against numpy and python-holidays on the
//!   same 100,000 lines, with a pinned Python environment it makes ([`peers`]).
//! - `cargo xtask load [--seconds N]`: the load test of `thanthien serve` on loopback
//!   ([`load`]): keep-alive and new-connection throughput and latency, and stalled clients.
//! - `cargo xtask schemas`: regenerates `schemas/` (JSON Schemas of every operation and the
//!   OpenAPI document of `thanthien serve`, [`schemas`]) from the Rust types.
//! - `cargo xtask schemathesis [--coverage]`: only the bounded schemathesis run against the
//!   release server; `--coverage` adds its coverage phase (every boundary value, about 4 minutes).
//! - `cargo xtask npm`: the browser packages, their npm tarballs, and the install check.
//! - `cargo xtask dist`: the release bundle `target/thanthien/dist/thanthien-<version>-<arch>-linux.tar.gz`
//!   (binary, component and its compiled form, systemd unit, environment file, deployment README,
//!   checksums inside and beside), unpacked again and run from there as a check.
//! - `cargo xtask print`: only the Chromium print check (after a `test` or `build`).
//! - `cargo xtask capture DIR`: every operation's answers over the example data set and the
//!   corpus, written to `DIR` ([`capture`]); two captures compared with `diff -r` show what a
//!   change changed.
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

mod capture;
mod dataset;
mod load;
mod npm;
mod peers;
mod schemas;
mod schemathesis;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const WASM_PROFILE: &str = "wasm-release";
/// The component inlines more than LLVM's default: its answers cost about 12 % less CPU (fewer
/// calls, and so fewer of the epoch checks wasmtime puts at each function entry) for a larger
/// file (3.9 MB to 6.2 MB), which only hosts load (`docs/PERFORMANCE.md`). The browser packages
/// keep the default, their download size being what counts there.
const COMPONENT_RUSTFLAGS: &[&str] = &["-Cllvm-args=-inline-threshold=1000"];
/// The browser build is optimised for size: citizens' browsers download it.
const BROWSER_PROFILE: &str = "wasm-browser";
/// The browser packages rebuild the standard library with them (the pinned toolchain's
/// `rust-src`), optimised for size with the rest of the module, and a panic aborts at once,
/// with no message: the standard library's panic formatting and unwinding paths leave the
/// download (6.4 to 35 KB gzip off each package on 2026-12-05, `docs/PERFORMANCE.md`). Both are
/// unstable options of the pinned stable toolchain, allowed by `RUSTC_BOOTSTRAP=1` for these
/// builds alone. The core and the plugin deny panics (their lints in `Cargo.toml`): a panic
/// would be a bug, and the package had no message to show for one either (`panic = "abort"`).
const BROWSER_BUILD_STD: &[&str] = &[
    "-Zbuild-std=std,panic_abort",
    "-Zbuild-std-features=optimize_for_size",
];
const BROWSER_RUSTFLAGS: &[&str] = &["-Zunstable-options", "-Cpanic=immediate-abort"];

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

/// When this xtask started: each command it runs is printed with the time since, so that a CI
/// log shows where its minutes go.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    let t = STARTED
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs();
    eprintln!("[{:02}:{:02}] $ {cmd:?}", t / 60, t % 60);
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

/// Builds the plugin's core module; `rustflags` (if any) go to its crates only (not to build
/// scripts), each profile keeping its own flags so that no build undoes another's; `unstable`
/// (if any) are cargo's `-Z` options. The pinned stable toolchain takes `-Z` options, cargo's
/// or rustc's, with `RUSTC_BOOTSTRAP=1`, set for this build when either list has one.
fn build_plugin(
    label: &str,
    features: &str,
    profile: &str,
    rustflags: &[&str],
    unstable: &[&str],
) -> Result<PathBuf> {
    let mut build = cargo();
    build.args(unstable);
    if unstable
        .iter()
        .chain(rustflags)
        .any(|f| f.starts_with("-Z"))
    {
        build.env("RUSTC_BOOTSTRAP", "1");
    }
    build.args([
        "build",
        "-p",
        "thanthien-plugin",
        "--target",
        WASM_TARGET,
        "--profile",
        profile,
        "--features",
        features,
    ]);
    if !rustflags.is_empty() {
        build.env("CARGO_ENCODED_RUSTFLAGS", rustflags.join("\x1f"));
    }
    run(&mut build)?;
    let built = root()
        .join("target")
        .join(WASM_TARGET)
        .join(profile)
        .join("thanthien_plugin.wasm");
    let kept = out_dir().join(format!("thanthien_plugin.{label}.core.wasm"));
    std::fs::create_dir_all(out_dir())?;
    std::fs::copy(&built, &kept).with_context(|| format!("copy {}", built.display()))?;
    Ok(kept)
}

fn build_component() -> Result<PathBuf> {
    let core = build_plugin(
        "component",
        "component",
        WASM_PROFILE,
        COMPONENT_RUSTFLAGS,
        &[],
    )?;
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

/// Installs the pinned node packages, again whenever `package-lock.json` changed since.
fn npm_ci() -> Result<()> {
    let modified = |p: PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let installed = modified(node_dir().join("node_modules").join(".package-lock.json"));
    let wanted = modified(node_dir().join("package-lock.json"));
    if let (Some(i), Some(w)) = (installed, wanted)
        && i >= w
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

/// The browser packages: `pkg-web` / `pkg-nodejs` with every operation (the conformance corpus
/// runs through it); `pkg-forms-web` / `pkg-forms-nodejs` for citizen forms (calendar, deadlines,
/// the home-birth assessment; no letters, no desk operations); `pkg-birth-web` /
/// `pkg-birth-nodejs`, the birth form's own (`birth_home.assess` alone, what the page calls);
/// `pkg-calendar-web` / `pkg-calendar-nodejs` with the calendar operations alone, the smallest
/// download (issue #2's size target, checked by [`check_sizes`]).
fn build_browser() -> Result<()> {
    build_browser_packages(None)
}

/// The browser packages, or only the one labelled `only` (`browser`, `forms`, `calendar`).
fn build_browser_packages(only: Option<&str>) -> Result<()> {
    npm_ci()?;
    run(Command::new("rustup").args(["component", "add", "rust-src"]))?;
    for (label, features, prefix) in [
        ("browser", "browser,letters,desk", "pkg"),
        ("forms", "browser,procedures", "pkg-forms"),
        ("birth", "birth-page", "pkg-birth"),
        ("calendar", "browser", "pkg-calendar"),
    ] {
        if only.is_some_and(|o| o != label) {
            continue;
        }
        let core = build_plugin(
            label,
            features,
            BROWSER_PROFILE,
            BROWSER_RUSTFLAGS,
            BROWSER_BUILD_STD,
        )?;
        // wasm-bindgen gives both targets the same module (only the JS glue differs): wasm-opt,
        // about a minute a package on 2 cores, runs once and the other target gets a copy.
        let mut optimized: Option<(Vec<u8>, PathBuf)> = None;
        for target in ["web", "nodejs"] {
            let dir = out_dir().join(format!("{prefix}-{target}"));
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
            let wasm = dir.join("thanthien_bg.wasm");
            let module = std::fs::read(&wasm)?;
            match &optimized {
                Some((same, done)) if *same == module => {
                    std::fs::copy(done, &wasm)?;
                }
                _ => {
                    wasm_opt(&wasm)?;
                    optimized = Some((module, wasm));
                }
            }
        }
        let wasm = out_dir()
            .join(format!("{prefix}-web"))
            .join("thanthien_bg.wasm");
        eprintln!(
            "browser package: {} ({} bytes)",
            wasm.display(),
            std::fs::metadata(&wasm)?.len()
        );
    }
    Ok(())
}

/// Raw and `gzip -9` size in bytes of a browser package's `.wasm`.
fn wasm_size(pkg: &str) -> Result<(usize, usize)> {
    let wasm = out_dir().join(pkg).join("thanthien_bg.wasm");
    let raw = std::fs::metadata(&wasm)?.len();
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(&wasm)
        .output()
        .context("gzip")?;
    anyhow::ensure!(out.status.success(), "gzip failed");
    Ok((usize::try_from(raw)?, out.stdout.len()))
}

/// The size limits of the four browser packages' `.wasm` (KB = 1,000 bytes).
fn check_sizes() -> Result<()> {
    // (package, most bytes raw, most bytes gzip -9): each package's size of 2026-12-05, after
    // the lean reader, the lean writer, talc in place of dlmalloc, the statutory days in a list
    // and the standard library built with the package, with a few KB for layout noise, so that
    // no change grows them unnoticed.
    // The calendar package is within issue #17's 110 KB gzip and issue #2's 300 KB raw; issue #17
    // asks 120 KB gzip for the forms package and 400 KB for the full one, not reached (README,
    // "Benchmarks").
    const LIMITS: [(&str, usize, usize); 4] = [
        // The full package: 1,310,261 / 496,715 on 2026-12-06 (stop 43), the apology letters of
        // NĐ 61/2018 Art. 21 with their forms, texts and letter cases taking 6.8 KB raw, 2.4 KB
        // gzip of the growth since 2026-12-05; 1,317,004 / 497,840 at stop 44, with the
        // early-result notice and the forms of 2018; 1,325,012 / 499,328 at stop 45, with the
        // citizen's form of address, the register's and the report state's new fields and the
        // documents dated before NĐ 30/2020 (7.8 KB raw since stop 44's 1,317,254); 1,328,451 /
        // 500,733 at stop 47, with the dossiers and grievances carried over into the year (3.2
        // KB raw, 1.3 KB gzip since stop 46's 1,325,296 / 499,441); 1,331,552 / 501,939 at stop
        // 48, with the open past their due time and each procedure's open, refused and withdrawn
        // (3.1 KB raw, 1.2 KB gzip), and 1,332,973 / 502,567 with the state's check of them;
        // 1,339,178 / 505,164 at stop 50, with that stop's corrections from the texts of the law
        // (the receipt slip kept before an appraisal's supplement request, the unit not ranked
        // without a scored indicator, the suspension's rules written once, the combined birth
        // and paternity procedure's time and fee, the report's samples in line order): 6.2 KB
        // raw, 2.6 KB gzip since stop 49's 1,333,563 / 502,764; 1,340,739 / 505,898 with the
        // chunk counted in line order by `report::add_chunk`; 1,342,246 / 505,880 at stop 51,
        // with that stop's corrections (the units a ruleset adds known to `evaluation.unit` and
        // `reception.*`, an absorbed commune not credited with its successor's dossiers, the
        // apology an open dossier owes at the year's end, the visit plan stopping at the model's
        // end): 1.5 KB raw, gzip 18 bytes less; 1,346,730 / 507,760 at stop 52, with NĐ 61/2018
        // Art. 30(2)(c)'s rate in the report and on its page, the home-birth score's weights
        // named on the page, and the survey's intervals at an effective sample size with its
        // `provisional`, reason and `factors_scored` (4.1 KB raw, 1.6 KB gzip since be69528's
        // 1,342,604 / 506,175).
        ("pkg-web", 1_350_000, 508_500),
        ("pkg-forms-web", 427_000, 165_500),
        ("pkg-calendar-web", 214_000, 90_000),
        ("pkg-birth-web", 358_000, 140_500),
    ];
    for (pkg, raw_limit, gz_limit) in LIMITS {
        let (raw, gz) = wasm_size(pkg)?;
        eprintln!("{pkg}/thanthien_bg.wasm: {raw} bytes, {gz} bytes gzip -9");
        anyhow::ensure!(
            raw <= raw_limit && gz <= gz_limit,
            "{pkg}/thanthien_bg.wasm is {raw} bytes ({gz} gzip): the limit is {raw_limit} \
             ({gz_limit} gzip)"
        );
    }
    Ok(())
}

/// The citizen form as a static site: `examples/birth-form` with its own package (`pkg-birth`,
/// the one operation it calls) in `pkg/`, and a brotli and a gzip twin beside every file
/// (`precompress.mjs`), ready to copy to any web server (README, "The citizen form").
fn build_form_site() -> Result<PathBuf> {
    let site = out_dir().join("birth-form").join("site");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(site.join("pkg"))?;
    for entry in std::fs::read_dir(root().join("examples").join("birth-form"))? {
        let path = entry?.path();
        if path.is_file() {
            std::fs::copy(&path, site.join(path.file_name().context("file name")?))?;
        }
    }
    for file in ["thanthien.js", "thanthien_bg.wasm"] {
        std::fs::copy(
            out_dir().join("pkg-birth-web").join(file),
            site.join("pkg").join(file),
        )?;
    }
    run(Command::new("node")
        .arg(node_dir().join("precompress.mjs"))
        .arg(&site)
        .stdout(std::process::Stdio::null()))?;
    Ok(site)
}

/// How soon the form answers on throttled connections (`birth-form.load.mjs`): with `check`,
/// what must hold on slow 3G (the fields take input while the rules load, the rules come once,
/// brotli-compressed); else the table of times, median of five loads.
fn form_load(site: &Path, check: bool) -> Result<()> {
    let mut cmd = Command::new("node");
    cmd.arg(node_dir().join("birth-form.load.mjs"))
        .arg(site)
        .env("CHROMIUM", chromium()?);
    if check {
        cmd.arg("--check");
    }
    run(&mut cmd)
}

/// Drives the citizen form in headless Chromium (playwright-core); screenshots of each state in
/// `target/thanthien/birth-form/screenshots`.
fn test_form() -> Result<()> {
    let site = build_form_site()?;
    run(Command::new("node")
        .arg(node_dir().join("birth-form.e2e.mjs"))
        .arg(&site)
        .arg(out_dir().join("birth-form").join("screenshots"))
        .env("CHROMIUM", chromium()?))?;
    form_load(&site, true)
}

/// `examples/one-stop-desk/`: the synthetic data set (fixed seed) and the report made from it.
fn one_stop_desk() -> Result<()> {
    let dir = root().join("examples").join("one-stop-desk");
    dataset::write(&dir)?;
    build_all(true)?;
    report(&root().join("target/release/thanthien"), &dir, &dir)
}

/// `thanthien report` on the data set in `data`, writing `report-2025.html` and `.json` to `out`.
fn report(thanthien: &Path, data: &Path, out: &Path) -> Result<()> {
    let mut cmd = Command::new(thanthien);
    cmd.arg("report");
    for (flag, file) in [
        ("--input", "dossiers-2025.ndjson"),
        ("--surveys", "surveys-2025.ndjson"),
        ("--birth-home", "birth-home-2025.ndjson"),
        ("--unit-facts", "unit-facts-2025.json"),
        ("--grievances", "grievances-2025.ndjson"),
        ("--reception", "reception-2025.txt"),
        ("--ruleset", "ruleset.toml"),
    ] {
        cmd.arg(flag).arg(data.join(file));
    }
    cmd.args([
        "--unit",
        "29461",
        "--year",
        "2025",
        "--signer",
        "Nguyễn Văn An",
    ])
    .arg("--out")
    .arg(out.join("report-2025.html"))
    .arg("--json")
    .arg(out.join("report-2025.json"));
    run(&mut cmd)
}

/// The data set regenerates byte for byte from its seed; the report made from it renders in
/// headless Chromium and prints to A4 (PDF and a first-page screenshot in
/// `target/thanthien/one-stop-desk/`).
fn test_report() -> Result<()> {
    let out = out_dir().join("one-stop-desk");
    let data = root().join("examples").join("one-stop-desk");
    dataset::write(&out)?;
    for file in [
        "dossiers-2025.ndjson",
        "surveys-2025.ndjson",
        "birth-home-2025.ndjson",
        "unit-facts-2025.json",
        "grievances-2025.ndjson",
        "reception-2025.txt",
    ] {
        if std::fs::read(out.join(file))? != std::fs::read(data.join(file))? {
            bail!(
                "examples/one-stop-desk/{file} differs from what its generator writes: run `cargo xtask one-stop-desk`"
            );
        }
    }
    // The release host `build_all(true)` made: a debug one would rebuild wasmtime for nothing.
    let thanthien = root().join("target/release/thanthien");
    report(&thanthien, &data, &out)?;
    for file in ["report-2025.html", "report-2025.json"] {
        if std::fs::read(out.join(file))? != std::fs::read(data.join(file))? {
            bail!(
                "examples/one-stop-desk/{file} is not what the engine makes of the data set now: run `cargo xtask one-stop-desk`"
            );
        }
    }
    run(Command::new("node")
        .arg(node_dir().join("report.e2e.mjs"))
        .arg(out.join("report-2025.html"))
        .arg(&out)
        .env("CHROMIUM", chromium()?))?;
    stream_million(&thanthien)
}

/// A million dossiers streamed through `thanthien report` from stdin: every one counted, and the
/// peak memory of the process stays far below the input's size.
fn stream_million(thanthien: &Path) -> Result<()> {
    use std::io::Write as _;
    const N: usize = 1_000_000;
    let lines: Vec<String> =
        std::fs::read_to_string(root().join("examples/one-stop-desk/dossiers-2025.ndjson"))?
            .lines()
            .map(str::to_owned)
            .collect();
    // The generator ends the data set with three deliberately broken records.
    let broken_from = lines.len().saturating_sub(3);
    let json = out_dir().join("one-stop-desk").join("million.json");
    let mut child = Command::new(thanthien)
        .args([
            "report", "--input", "-", "--unit", "29461", "--year", "2025", "--out",
        ])
        .arg(out_dir().join("one-stop-desk").join("million.html"))
        .arg("--json")
        .arg(&json)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .context("starting thanthien report")?;
    let pid = child.id();
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let watch = {
        let peak = peak.clone();
        std::thread::spawn(move || {
            let status = format!("/proc/{pid}/status");
            while let Ok(text) = std::fs::read_to_string(&status) {
                if let Some(kb) = text
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                {
                    peak.fetch_max(kb, std::sync::atomic::Ordering::Relaxed);
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        })
    };
    let (mut bytes, mut broken) = (0usize, 0u64);
    {
        let mut stdin = std::io::BufWriter::new(child.stdin.take().context("stdin")?);
        for i in 0..N {
            let k = i % lines.len();
            let line = lines.get(k).context("line")?;
            writeln!(stdin, "{line}")?;
            broken += u64::from(k >= broken_from);
            bytes += line.len() + 1;
        }
    }
    let status = child.wait()?;
    let _ = watch.join();
    if !status.success() {
        bail!("thanthien report failed on the million dossiers: {status}");
    }
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json)?)?;
    let peak_mib = peak.load(std::sync::atomic::Ordering::Relaxed) / 1024;
    eprintln!(
        "1,000,000 dossiers ({} MiB) streamed through `thanthien report`: {} records, peak memory {peak_mib} MiB",
        bytes >> 20,
        report["records"]
    );
    if report["records"].as_u64() != Some(N as u64) || report["errors"].as_u64() != Some(broken) {
        bail!(
            "the report read {} records with {} errors, not {N} with {broken}",
            report["records"],
            report["errors"]
        );
    }
    if peak_mib == 0 || peak_mib > 256 {
        bail!("peak memory {peak_mib} MiB: not bounded");
    }
    Ok(())
}

fn build_all(release_host: bool) -> Result<()> {
    ensure_wasm_target()?;
    build_component()?;
    build_browser()?;
    npm::pack(
        &out_dir(),
        &root().join("schemas"),
        env!("CARGO_PKG_VERSION"),
    )?;
    build_form_site()?;
    if release_host {
        build_release_host()?;
    }
    Ok(())
}

/// The release `thanthien` and the component precompiled for it. The fuzzer is built in the
/// same invocation, so that both share one release build of wasmtime (built apart, their
/// dependencies' features differ and wasmtime is compiled twice).
fn build_release_host() -> Result<()> {
    run(cargo().args(RELEASE_BUILD))?;
    run(Command::new(root().join("target/release/thanthien"))
        .arg("precompile")
        .arg(component_path()))
}

/// `cargo clippy` with `args`, warnings denied.
fn clippy(args: &[&str]) -> Result<()> {
    run(cargo()
        .arg("clippy")
        .args(args)
        .args(["--", "-D", "warnings"]))
}

/// The conformance corpus through a browser package under Node; a package with a subset of the
/// operations skips the others and must have those of `expect` (comma-separated).
fn conformance(pkg: &str, expect: Option<&str>) -> Result<()> {
    let mut cmd = Command::new("node");
    cmd.arg(node_dir().join("conformance.mjs"))
        .env("THANTHIEN_PKG", out_dir().join(pkg));
    if let Some(ops) = expect {
        cmd.env("THANTHIEN_SUBSET", "1")
            .env("THANTHIEN_EXPECT_OPS", ops);
    }
    run(&mut cmd)
}

fn test() -> Result<()> {
    schemas::check(&root().join("schemas"), env!("CARGO_PKG_VERSION"))?;
    build_all(true)?;
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    clippy(&["--workspace", "--all-targets"])?;
    // The plugin with every operation, then with the calendar package's features alone, then
    // the birth form's page package.
    for features in ["component,browser,desk", "browser", "birth-page"] {
        clippy(&[
            "-p",
            "thanthien-plugin",
            "--target",
            WASM_TARGET,
            "--profile",
            WASM_PROFILE,
            "--features",
            features,
        ])?;
    }
    // The calendar package's core (no procedures) and the citizen-forms package's core.
    for features in ["", "procedures"] {
        clippy(&[
            "-p",
            "thanthien-core",
            "--no-default-features",
            "--features",
            features,
            "--all-targets",
        ])?;
    }
    run(cargo().args(["test", "-p", "thanthien-core", "--no-default-features"]))?;
    run(cargo()
        .args(["test", "--workspace"])
        .env("THANTHIEN_COMPONENT", component_path())
        .env("THANTHIEN_REQUIRE_COMPONENT", "1"))?;
    run(Command::new(node_dir().join("node_modules/.bin/tsc"))
        .args(["--noEmit", "-p"])
        .arg(node_dir()))?;
    conformance("pkg-nodejs", None)?;
    conformance(
        "pkg-forms-nodejs",
        Some(
            "calendar.day,calendar.add_working_days,deadline.compute,deadline.preview,birth_home.assess",
        ),
    )?;
    conformance("pkg-birth-nodejs", Some("birth_home.assess"))?;
    conformance(
        "pkg-calendar-nodejs",
        Some(
            "calendar.day,calendar.solar_to_lunar,calendar.lunar_to_solar,calendar.add_working_days,\
             calendar.working_days_between,calendar.next_working_day,calendar.add_working_hours,\
             calendar.working_hours_between",
        ),
    )?;
    jco_check()?;
    run(Command::new("node")
        .arg(node_dir().join("schemas.mjs"))
        .arg(root().join("schemas")))?;
    npm_check()?;
    check_sizes()?;
    print_letters()?;
    test_form()?;
    test_report()?;
    load_test(std::time::Duration::from_secs(2))?;
    schemathesis_run(schemathesis::BOUNDED)?;
    dist()?;
    fuzz(FUZZ_SECONDS_IN_TEST)
}

/// The fuzzer's bounded run inside `cargo xtask test`.
const FUZZ_SECONDS_IN_TEST: u64 = 60;

/// Structure-aware fuzzing of every operation through the component and natively
/// (`tests/src/bin/fuzz.rs`) for `seconds`; failing inputs land in `target/fuzz/found.json`
/// as corpus cases.
/// The release build of the host and the fuzzer (see [`build_release_host`]).
const RELEASE_BUILD: [&str; 10] = [
    "build",
    "--release",
    "-p",
    "thanthien-host",
    "-p",
    "thanthien-conformance",
    "--bin",
    "thanthien",
    "--bin",
    "fuzz",
];

fn fuzz(seconds: u64) -> Result<()> {
    run(cargo().args(RELEASE_BUILD))?;
    run(Command::new(root().join("target/release/fuzz"))
        .arg("--seconds")
        .arg(seconds.to_string())
        .arg("--component")
        .arg(component_path())
        .arg("--found")
        .arg(root().join("target/fuzz/found.json")))
}

/// Chromium for the print tests: on the PATH, or installed with apt-get (CI runs as root).
fn chromium() -> Result<PathBuf> {
    let find = || {
        ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .filter_map(|name| {
                std::env::var_os("PATH").and_then(|paths| {
                    std::env::split_paths(&paths)
                        .map(|dir| dir.join(name))
                        .find(|p| p.is_file())
                })
            })
            .next()
    };
    if let Some(found) = find() {
        return Ok(found);
    }
    eprintln!("chromium not found: installing it with apt-get");
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends", "chromium"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    find().context("chromium is still not on the PATH after apt-get install")
}

/// Pages and the first page's size (points) of a PDF written by Chromium.
fn pdf_pages(pdf: &[u8]) -> (usize, Option<(f64, f64)>) {
    let text = String::from_utf8_lossy(pdf);
    let pages = text
        .match_indices("/Type")
        .filter(|(i, _)| {
            let rest = text[i + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count();
    let size = text.find("/MediaBox").and_then(|i| {
        let rest = &text[i..];
        let open = rest.find('[')?;
        let close = rest.find(']')?;
        let nums: Vec<f64> = rest[open + 1..close]
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        match nums.as_slice() {
            [x0, y0, x1, y1] => Some((x1 - x0, y1 - y0)),
            _ => None,
        }
    });
    (pages, size)
}

/// Prints every HTML letter of the corpus with headless Chromium and checks that each fits one
/// page of its paper (A4 or A5); keeps the PDFs and a screenshot under target/thanthien/letters.
fn print_letters() -> Result<()> {
    let chromium = chromium()?;
    let corpus: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        root().join("tests/conformance/letters.json"),
    )?)?;
    let dir = out_dir().join("letters");
    std::fs::create_dir_all(&dir)?;
    let mut printed = 0;
    let mut first = None;
    for case in corpus["cases"].as_array().into_iter().flatten() {
        let expected = &case["expected"];
        if case["operation"] != "letters.render" || expected["format"] != "html" {
            continue;
        }
        let name = case["name"].as_str().unwrap_or("letter");
        let html = dir.join(format!("{name}.html"));
        let pdf = dir.join(format!("{name}.pdf"));
        std::fs::write(&html, expected["content"].as_str().unwrap_or_default())?;
        let out = Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(&html)
            .output()
            .context("running chromium")?;
        if !pdf.exists() {
            bail!(
                "chromium wrote no PDF for {name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let (pages, size) = pdf_pages(&std::fs::read(&pdf)?);
        let want = match expected["paper"].as_str() {
            Some("A5") => (419.5, 595.3),
            _ => (595.3, 841.9),
        };
        let fits = size.is_some_and(|(w, h)| (w - want.0).abs() < 2.0 && (h - want.1).abs() < 2.0);
        if pages != 1 || !fits {
            bail!("{name}: {pages} pages of {size:?} points, expected one page of {want:?}");
        }
        printed += 1;
        first.get_or_insert(html);
    }
    if let Some(html) = first {
        run(Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=794,1123",
            ])
            .arg(format!(
                "--screenshot={}",
                dir.join("first-page.png").display()
            ))
            .arg(&html))?;
    }
    if printed < 16 {
        bail!("only {printed} HTML letters in the corpus");
    }
    eprintln!(
        "{printed} letters printed by Chromium: one page each, of the right size ({})",
        dir.display()
    );
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
        (
            "deadline.preview",
            r#"{"procedure":"ho_tich.nhan_cha_me_con","channel":"online","submitted_at":"2025-01-24T16:50"}"#,
        ),
        (
            "letters.render",
            r#"{"letter":{"kind":"thank_you","date":"2025-03-04"},"unit":{"code":"29461","signer_name":"Nguyễn Văn An","signer_title":"CHỦ TỊCH"},"citizen":{"name":"Thạch Thị Sa Rươne"},"dossier":{"procedure_code":"ho_tich.khai_sinh","events":[{"type":"received","at":"2025-03-03T09:00"},{"type":"returned","at":"2025-03-03T10:30"}]},"format":"sms"}"#,
        ),
        (
            "birth_home.assess",
            r#"{"application":{"commune_code":"29461","child_birth_date":"2025-01-10","application_date":"2025-02-03T09:00","born_in_vietnam":true,"child_alive":true,"parents":[{"nationality":"VN","resident_commune_code":"29461"}],"documents":["birth_certificate_paper"],"distance_km":6}}"#,
        ),
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

/// `report.year_end` over 100,000 dossiers through the host: `thanthien report` (release) on the
/// data set's dossiers repeated, median of three runs.
fn report_100k() -> Result<()> {
    let dir = out_dir().join("one-stop-desk");
    std::fs::create_dir_all(&dir)?;
    let lines: Vec<String> =
        std::fs::read_to_string(root().join("examples/one-stop-desk/dossiers-2025.ndjson"))?
            .lines()
            .map(str::to_owned)
            .collect();
    let input = dir.join("100k.ndjson");
    let mut text = String::new();
    for i in 0..100_000 {
        text.push_str(lines.get(i % lines.len()).context("line")?);
        text.push('\n');
    }
    std::fs::write(&input, text)?;
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        run(Command::new(root().join("target/release/thanthien"))
            .args(["report", "--unit", "29461", "--year", "2025", "--input"])
            .arg(&input)
            .arg("--out")
            .arg(dir.join("100k.html")))?;
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "thanthien report, 100,000 dossiers through the component: {:.2} s median ({:.2}–{:.2} s)",
        times.get(1).copied().unwrap_or_default(),
        times.first().copied().unwrap_or_default(),
        times.last().copied().unwrap_or_default()
    );
    Ok(())
}

/// The release bundle of `thanthien serve`, then a check that the binary started from the
/// unpacked bundle, with no flag and no environment, finds its component and answers.
fn dist() -> Result<()> {
    let name = format!(
        "thanthien-{}-{}-linux",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::ARCH
    );
    let dist = out_dir().join("dist");
    let dir = dist.join(&name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let wasm = component_path();
    // The compiled forms are copied after the .wasm so that they are the newer (the binary
    // prefers a .cwasm at least as new as its .wasm, and `batch` an unmetered form at least as
    // new as both).
    let files: [(PathBuf, &str); 7] = [
        (root().join("target/release/thanthien"), "thanthien"),
        (wasm.clone(), "thanthien.component.wasm"),
        (wasm.with_extension("cwasm"), "thanthien.component.cwasm"),
        (
            wasm.with_extension("unmetered.cwasm"),
            "thanthien.component.unmetered.cwasm",
        ),
        (root().join("deploy/thanthien.service"), "thanthien.service"),
        (root().join("deploy/thanthien.env"), "thanthien.env"),
        (root().join("deploy/README.md"), "README.md"),
    ];
    for (from, to) in &files {
        std::fs::copy(from, dir.join(to)).with_context(|| format!("copying {}", from.display()))?;
    }
    copy_tree(&root().join("schemas"), &dir.join("schemas"))?;
    let mut names: Vec<String> = files.iter().map(|(_, n)| (*n).to_owned()).collect();
    let mut schemas: Vec<String> = std::fs::read_dir(dir.join("schemas"))?
        .filter_map(|e| e.ok())
        .map(|e| format!("schemas/{}", e.file_name().to_string_lossy()))
        .collect();
    schemas.sort();
    names.extend(schemas);
    let sums = Command::new("sha256sum")
        .args(&names)
        .current_dir(&dir)
        .output()?;
    if !sums.status.success() {
        bail!("sha256sum failed");
    }
    std::fs::write(dir.join("SHA256SUMS"), &sums.stdout)?;
    let archive = format!("{name}.tar.gz");
    run(Command::new("tar")
        .arg("-czf")
        .arg(dist.join(&archive))
        .arg("-C")
        .arg(&dist)
        .arg(&name))?;
    let sum = Command::new("sha256sum")
        .arg(&archive)
        .current_dir(&dist)
        .output()?;
    std::fs::write(dist.join(format!("{archive}.sha256")), &sum.stdout)?;
    check_bundle(&dist.join(&archive), &name)?;
    println!("bundle: {} (and .sha256)", dist.join(&archive).display());
    Ok(())
}

/// Copies the files of `from` (not its subdirectories) into `to`.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// Unpacks the bundle in a fresh directory and runs one call from there.
fn check_bundle(archive: &Path, name: &str) -> Result<()> {
    let place = out_dir().join("dist-check");
    if place.exists() {
        std::fs::remove_dir_all(&place)?;
    }
    std::fs::create_dir_all(&place)?;
    run(Command::new("tar")
        .arg("-C")
        .arg(&place)
        .arg("-xzf")
        .arg(archive))?;
    let checked = Command::new("sha256sum")
        .args(["--quiet", "-c", "SHA256SUMS"])
        .current_dir(place.join(name))
        .status()?;
    if !checked.success() {
        bail!("the unpacked bundle fails its SHA256SUMS");
    }
    let input = r#"{"start":"2025-01-24","days":3}"#;
    let exe = place.join(name).join("thanthien");
    let out = run_with_input(&exe, &["call", "calendar.add_working_days"], input)?;
    let answer = String::from_utf8_lossy(&out.stdout);
    let want = thanthien_core::api::call_json("calendar.add_working_days", input);
    if !out.status.success() || answer.trim_end() != want {
        bail!(
            "the unpacked bundle did not answer as the engine does: {answer:.300} {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if !out.stderr.is_empty() {
        bail!(
            "the unpacked bundle compiled its component instead of loading the .cwasm: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A batch answers on the bundle's unmetered form, without compiling one.
    let out = run_with_input(&exe, &["batch", "calendar.add_working_days"], input)?;
    let said = String::from_utf8_lossy(&out.stderr);
    let lean = thanthien_core::api::call_lines("calendar.add_working_days", input);
    if !out.status.success()
        || String::from_utf8_lossy(&out.stdout).trim_end() != lean
        || said.contains("compiling")
        || said.contains("metered instances")
    {
        bail!("the unpacked bundle's batch did not answer on its unmetered form: {said}");
    }
    eprintln!(
        "the unpacked bundle finds its component with no flag and answers as the engine does"
    );
    Ok(())
}

/// Runs `exe` with `args` from the temporary directory, `input` on its standard input, no
/// `THANTHIEN_COMPONENT` set.
fn run_with_input(exe: &Path, args: &[&str], input: &str) -> Result<std::process::Output> {
    let mut child = Command::new(exe)
        .args(args)
        .env_remove("THANTHIEN_COMPONENT")
        .current_dir(std::env::temp_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        std::io::Write::write_all(&mut stdin, input.as_bytes())?;
    }
    Ok(child.wait_with_output()?)
}

/// A second component runtime: the component transpiled to JavaScript by jco, and the whole
/// corpus run through it under Node.
fn jco_check() -> Result<()> {
    let out = out_dir().join("jco");
    let _ = std::fs::remove_dir_all(&out);
    run(Command::new(node_dir().join("node_modules/.bin/jco"))
        .arg("transpile")
        .arg(component_path())
        .arg("-o")
        .arg(&out)
        .args(["--name", "thanthien", "--quiet"]))?;
    run(Command::new("node")
        .arg(node_dir().join("jco.mjs"))
        .arg(&out))
}

/// The npm tarballs installed into an empty project and used from Node and from Chromium.
fn npm_check() -> Result<()> {
    let project = out_dir().join("npm-check");
    let _ = std::fs::remove_dir_all(&project);
    std::fs::create_dir_all(&project)?;
    std::fs::write(
        project.join("package.json"),
        r#"{"name": "npm-check", "private": true, "type": "module"}"#,
    )?;
    let mut tarballs: Vec<PathBuf> = std::fs::read_dir(out_dir().join("npm"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tgz"))
        .collect();
    tarballs.sort();
    if tarballs.len() != npm::PACKAGES.len() {
        bail!(
            "expected {} npm tarballs, found {tarballs:?}",
            npm::PACKAGES.len()
        );
    }
    run(Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--offline",
            "--prefix",
        ])
        .arg(&project)
        .args(&tarballs)
        .current_dir(&project))?;
    run(Command::new("node")
        .arg(node_dir().join("npm-check.mjs"))
        .arg(&project)
        .env("CHROMIUM", chromium()?))
}

/// Schemathesis against the release server (see [`schemathesis`]); `phases` as its `--phases`.
fn schemathesis_run(phases: &str) -> Result<()> {
    schemathesis::run(
        phases,
        &root().join("target/release/thanthien"),
        &component_path().with_extension("cwasm"),
        &out_dir(),
        &root().join("tests/schemathesis/requirements.txt"),
    )
}

fn load_test(span: std::time::Duration) -> Result<()> {
    let log = out_dir().join("load-serve.log");
    load::load(
        &root().join("target/release/thanthien"),
        &component_path().with_extension("cwasm"),
        &log,
        span,
    )
}

fn bench() -> Result<()> {
    build_all(true)?;
    run(cargo().args(["bench", "-p", "thanthien-core"]))?;
    run(cargo()
        .args(["bench", "-p", "thanthien-host"])
        .env("THANTHIEN_COMPONENT", component_path()))?;
    startup()?;
    report_100k()?;
    for pkg in [
        "pkg-web",
        "pkg-forms-web",
        "pkg-calendar-web",
        "pkg-birth-web",
    ] {
        let (raw, gz) = wasm_size(pkg)?;
        println!("{pkg} .wasm: {raw} bytes raw, {gz} bytes gzip -9");
    }
    Ok(())
}

/// The task's one numeric option (`--seconds N`), or its default when none is given.
fn number_option(flag: &str, default: u64, usage: &str) -> Result<u64> {
    match (std::env::args().nth(2), std::env::args().nth(3)) {
        (Some(f), Some(n)) if f == flag => {
            n.parse().with_context(|| format!("{flag} takes a number"))
        }
        (None, _) => Ok(default),
        _ => bail!("usage: {usage}"),
    }
}

fn main() -> Result<()> {
    STARTED.get_or_init(std::time::Instant::now);
    let task = std::env::args().nth(1).unwrap_or_default();
    match task.as_str() {
        "build" => build_all(true),
        "component" => {
            ensure_wasm_target()?;
            build_component().map(|_| ())
        }
        "browser" => {
            ensure_wasm_target()?;
            build_browser_packages(std::env::args().nth(2).as_deref())
        }
        "test" => test(),
        "schemathesis" => {
            ensure_wasm_target()?;
            build_component()?;
            build_release_host()?;
            match std::env::args().nth(2).as_deref() {
                None => schemathesis_run(schemathesis::BOUNDED),
                Some("--coverage") => schemathesis_run(schemathesis::WITH_COVERAGE),
                _ => bail!("usage: cargo xtask schemathesis [--coverage]"),
            }
        }
        "schemas" => schemas::write(&root().join("schemas"), env!("CARGO_PKG_VERSION")),
        "npm" => {
            ensure_wasm_target()?;
            build_browser()?;
            npm::pack(
                &out_dir(),
                &root().join("schemas"),
                env!("CARGO_PKG_VERSION"),
            )?;
            npm_check()
        }
        "dist" => {
            build_all(true)?;
            dist()
        }
        "load" => {
            let seconds = number_option("--seconds", 5, "cargo xtask load [--seconds N]")?;
            ensure_wasm_target()?;
            build_component()?;
            build_release_host()?;
            load_test(std::time::Duration::from_secs(seconds))
        }
        "fuzz" => {
            let minutes = number_option("--minutes", 10, "cargo xtask fuzz [--minutes N]")?;
            ensure_wasm_target()?;
            build_component()?;
            fuzz(minutes * 60)
        }
        "demo" => demo(),
        "bench" => match std::env::args().nth(2).as_deref() {
            None => bench(),
            Some("--peers") => {
                ensure_wasm_target()?;
                build_component()?;
                build_release_host()?;
                peers::run(&peers::Setup {
                    bin: root().join("target/release/thanthien"),
                    component: component_path().with_extension("cwasm"),
                    out: out_dir(),
                    root: root(),
                })
            }
            Some("--form") => {
                ensure_wasm_target()?;
                build_browser()?;
                form_load(&build_form_site()?, false)
            }
            _ => bail!("usage: cargo xtask bench [--peers|--form]"),
        },
        "print" => print_letters(),
        "one-stop-desk" => one_stop_desk(),
        "test-report" => test_report(),
        "capture" => {
            let dir = std::env::args()
                .nth(2)
                .context("usage: cargo xtask capture DIR")?;
            capture::write(&root(), Path::new(&dir))
        }
        "form" => {
            ensure_wasm_target()?;
            build_browser()?;
            let site = build_form_site()?;
            let port = std::env::args().nth(2).unwrap_or_else(|| "8080".into());
            run(Command::new("node")
                .arg(node_dir().join("serve.mjs"))
                .arg(site)
                .arg(port))
        }
        _ => {
            bail!(
                "usage: cargo xtask <build|test|fuzz [--minutes N]|demo|bench [--peers|--form]|component|browser [browser|forms|birth|calendar]|print|form [PORT]|capture DIR>"
            )
        }
    }
}
