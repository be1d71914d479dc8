//! `cargo xtask bench --peers`: `thanthien batch calendar.add_working_days` against the Python
//! pipelines a unit would otherwise write, on the same generated NDJSON in one run, each timed
//! end to end as a process (start, read, compute, write): numpy's `busday_offset` with the
//! official days off, and a day-by-day loop over python-holidays. The Python environment is
//! pinned (`tests/peers/requirements.txt`) and made by the build.
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::{Days, NaiveDate};

/// Lines of the generated input (the 100,000).
const LINES: usize = 100_000;
/// Timed runs of each program; the median is reported.
const RUNS: usize = 5;

/// `LINES` records `{"start","days"}`: starts over 2011–2026, counts in ±30 working days, from a
/// fixed seed (the same file every run).
fn input(path: &Path) -> Result<()> {
    let first = NaiveDate::from_ymd_opt(2011, 1, 1).context("date")?;
    let mut state: u64 = 0x2026_1202;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    let mut text = String::with_capacity(LINES * 40);
    for _ in 0..LINES {
        let start = first
            .checked_add_days(Days::new(next() % (16 * 365)))
            .context("date")?;
        let days = i64::try_from(next() % 61)? - 30;
        text.push_str(&format!("{{\"start\":\"{start}\",\"days\":{days}}}\n"));
    }
    Ok(std::fs::write(path, text)?)
}

/// Median wall time of `RUNS` runs of `cmd` (stdout and stderr discarded; a failure stops).
fn time(runs: usize, mut cmd: impl FnMut() -> Command) -> Result<Duration> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut c = cmd();
        let t = Instant::now();
        let status = c.stdout(Stdio::null()).stderr(Stdio::null()).status()?;
        times.push(t.elapsed());
        if !status.success() {
            bail!("{c:?} failed ({status})");
        }
    }
    times.sort();
    times.get(runs / 2).copied().context("no run")
}

/// Lines of `ours` and `theirs` that give the same date.
fn agreeing(ours: &Path, theirs: &Path) -> Result<usize> {
    let date = |line: &str| -> Option<String> {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        v.get("date")?.as_str().map(str::to_owned)
    };
    let (a, b) = (
        std::fs::read_to_string(ours)?,
        std::fs::read_to_string(theirs)?,
    );
    Ok(a.lines()
        .zip(b.lines())
        .filter(|(x, y)| date(x).is_some() && date(x) == date(y))
        .count())
}

/// The paths the run needs.
pub struct Setup {
    /// The release `thanthien`.
    pub bin: PathBuf,
    /// Its precompiled component.
    pub component: PathBuf,
    /// Where inputs, answers and the environment go.
    pub out: PathBuf,
    /// The repository (for the scripts, the pinned requirements and the days-off data).
    pub root: PathBuf,
}

/// Runs the three programs and prints the table and the ratios.
pub fn run(s: &Setup) -> Result<()> {
    let peers = s.root.join("tests/peers");
    let python = crate::schemathesis::venv(
        &s.out.join("venv-peers"),
        &peers.join("requirements.txt"),
        "python",
    )?;
    let dir = s.out.join("peers");
    std::fs::create_dir_all(&dir)?;
    let input_path = dir.join("add_working_days.ndjson");
    input(&input_path)?;
    let answer = |name: &str| dir.join(format!("{name}.ndjson"));
    let ours = time(RUNS, || {
        let mut c = Command::new(&s.bin);
        c.arg("--component")
            .arg(&s.component)
            .args(["batch", "calendar.add_working_days", "--input"])
            .arg(&input_path)
            .arg("--output")
            .arg(answer("thanthien"));
        c
    })?;
    let numpy = time(RUNS, || {
        let mut c = Command::new(&python);
        c.arg(peers.join("numpy_pipeline.py"))
            .arg(s.root.join("core/data/vn-official-days-off.json"))
            .arg(&input_path)
            .arg(answer("numpy"));
        c
    })?;
    let loop_ = time(RUNS.min(3), || {
        let mut c = Command::new(&python);
        c.arg(peers.join("holidays_loop.py"))
            .arg(&input_path)
            .arg(answer("holidays"));
        c
    })?;
    let bytes = std::fs::metadata(answer("thanthien"))?.len();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "peers: {LINES} lines calendar.add_working_days, NDJSON in and out, median of {RUNS} runs"
    );
    println!(
        "  thanthien batch  {:>8.1} ms  ({:.0} bytes a line)",
        ms(ours),
        bytes as f64 / LINES as f64
    );
    for (name, d, file) in [
        ("numpy", numpy, "numpy"),
        ("python-holidays", loop_, "holidays"),
    ] {
        println!(
            "  {name:<16} {:>8.1} ms  {:>5.1}× thanthien's time, same date on {} of {LINES} lines",
            ms(d),
            d.as_secs_f64() / ours.as_secs_f64(),
            agreeing(&answer("thanthien"), &answer(file))?
        );
    }
    Ok(())
}
