//! thanthien-host: the reference wasmtime host of the thanthien component.
//!
//! It loads a component (a `.wasm`, or a `.cwasm` precompiled by the same host build), checks
//! that it exports the WIT package version this host supports and imports nothing, and runs every
//! call under limits: a wall-clock time limit (epoch interruption), a memory cap, and optionally
//! a fuel budget (deterministic, ~30 % slower). An exhausted limit becomes an error answer
//! (`resource_limit`) for that call, a guest trap `internal_error` (its detail, with the wasm
//! backtrace, goes to the host's standard error, never to the caller); the instance is thrown away and the next call
//! gets a fresh one (TOOLCHAIN.md trap 1). Instances that finished cleanly are kept warm in a
//! pool, so their lazily built calendar tables are reused across calls. A caller that keeps the
//! time limit itself may also load the component's unmetered form ([`Limits::unmetered`]),
//! compiled without the epoch checks, for [`Host::call_lines_unmetered`].
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::Value;
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, ResourceLimiter, Store};

pub mod framing;

wasmtime::component::bindgen!({
    path: "../wasm-plugin/wit",
    world: "plugin",
});

/// The typed `calendar` interface's records (`add-working-days-dates`).
pub use exports::thanthien::rules::calendar as wit_calendar;
/// The typed `deadline` interface's records.
pub use exports::thanthien::rules::deadline as wit_deadline;
/// The typed `grievance` interface's records.
pub use exports::thanthien::rules::grievance as wit_grievance;
pub use exports::thanthien::rules::types as wit;

/// The WIT package this host speaks: any `0.1.x`.
pub const SUPPORTED_PACKAGE: &str = "thanthien:rules@0.1";

/// How often the epoch ticks: the granularity of [`Limits::time_limit`].
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Limits applied to every call.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Wall-clock time per call, rounded up to whole [`EPOCH_TICK`]s (at least two).
    pub time_limit: Duration,
    /// Fuel per call (roughly, wasm instructions), if a deterministic budget is wanted. Off by
    /// default: metering costs about 30 % of the guest's speed.
    pub fuel: Option<u64>,
    /// Linear-memory cap per instance, in bytes.
    pub memory_bytes: usize,
    /// Warm instances kept for reuse.
    pub pool: usize,
    /// Whether a new instance builds the default rule data of every domain before its first
    /// call ([`warm_up`]), so that a server's first answers are as quick as the rest. A one-off
    /// command or a batch leaves it to the calls (an instance then builds only what they use).
    /// Under fuel an instance is always warmed up: a call's fuel counts its own work only.
    pub warm_up: bool,
    /// Whether to load, beside the component, its unmetered form (compiled without the epoch
    /// checks, about 16 % less CPU) for [`Host::call_lines_unmetered`]. Only for a caller that
    /// keeps the time limit itself, as `thanthien batch` does with its watchdog; never under fuel.
    pub unmetered: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(10),
            fuel: None,
            memory_bytes: 512 << 20,
            pool: 8,
            warm_up: true,
            unmetered: false,
        }
    }
}

/// Linear memory above which an instance is not kept warm after its call: wasm memory never
/// shrinks, so an instance that once took a huge batch would hold it for good (eight of them at
/// the 512 MiB cap are 4 GiB). A warmed instance uses about 10 MiB.
pub const POOL_MEMORY_BYTES: usize = 64 << 20;

/// Store data: the memory limiter, whether it refused a growth, and the memory in use.
pub struct State {
    memory_cap: usize,
    memory_hit: bool,
    memory_bytes: usize,
}

impl ResourceLimiter for State {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_cap {
            self.memory_hit = true;
            return Ok(false);
        }
        self.memory_bytes = desired;
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= 1_000_000)
    }
}

/// A warm instance.
struct Warm {
    store: Store<State>,
    plugin: Plugin,
}

/// Why a call did not produce an answer from the guest.
#[derive(Debug)]
pub enum CallFailure {
    /// The time limit passed.
    Time,
    /// The fuel budget ran out.
    Fuel,
    /// The memory cap was hit.
    Memory,
    /// The guest trapped (a bug in the guest: never expected).
    Trap(String),
}

impl CallFailure {
    /// Short name for logs and metrics: `time`, `fuel`, `memory` or `guest_fault`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Time => "time",
            Self::Fuel => "fuel",
            Self::Memory => "memory",
            Self::Trap(_) => "guest_fault",
        }
    }

    /// Writes a guest fault's detail to stderr (the caller got only `internal_error`).
    pub fn report(&self) {
        if let Self::Trap(detail) = self {
            eprintln!("thanthien: guest fault (answered internal_error): {detail}");
        }
    }

    /// The error answer a caller receives.
    pub fn to_error(&self) -> wit::Error {
        let (vi, en) = match self {
            Self::Time => (
                "Phép tính vượt quá giới hạn thời gian cho một lần gọi".to_owned(),
                "The call exceeded its time limit".to_owned(),
            ),
            Self::Fuel => (
                "Phép tính vượt quá giới hạn thời gian tính toán cho một lần gọi".to_owned(),
                "The call exceeded its computation (fuel) limit".to_owned(),
            ),
            Self::Memory => (
                "Phép tính vượt quá giới hạn bộ nhớ".to_owned(),
                "The call exceeded its memory limit".to_owned(),
            ),
            Self::Trap(_) => (
                "Lỗi nội bộ của mô-đun quy tắc; chi tiết đã được ghi vào nhật ký của máy chủ"
                    .to_owned(),
                "Internal error in the rules module; its detail is in the host's log".to_owned(),
            ),
        };
        let code = match self {
            Self::Trap(_) => "internal_error",
            _ => "resource_limit",
        };
        wit::Error {
            code: code.to_owned(),
            message_vi: vi,
            message_en: en,
            path: String::new(),
        }
    }
}

/// Advances the engine's epoch every [`EPOCH_TICK`] until dropped; dropping it stops the
/// thread at once (a sleeping ticker would hold the process up to a tick at exit).
struct Ticker {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Ticker {
    fn start(engine: &Engine) -> Self {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let engine = engine.clone();
        let thread = std::thread::spawn(move || {
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                stopped.recv_timeout(EPOCH_TICK)
            {
                engine.increment_epoch();
            }
        });
        Self {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A loaded component, ready to serve calls from many threads.
pub struct Host {
    _ticker: Ticker,
    deadline_ticks: u64,
    metered: Instances,
    unmetered: Option<Instances>,
    limits: Limits,
    package: String,
    source: PathBuf,
}

/// One compiled form of the component and its warm instances.
struct Instances {
    engine: Engine,
    pre: PluginPre<State>,
    pool: Mutex<Vec<Warm>>,
}

impl Instances {
    fn new(engine: Engine, component: &Component) -> Result<Self> {
        let linker = Linker::<State>::new(&engine);
        let pre = PluginPre::new(linker.instantiate_pre(component)?)?;
        Ok(Self {
            engine,
            pre,
            pool: Mutex::new(Vec::new()),
        })
    }
}

impl std::fmt::Debug for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Host")
            .field("package", &self.package)
            .field("source", &self.source)
            .finish()
    }
}

/// Ticks a new instance may spend warming up (outside any call's limit).
const WARM_UP_TICKS: u64 = 1000;

/// Builds, in a new instance and outside any call's limits, what its calls would otherwise
/// build on first use: the default rule data of every domain and the letter templates, and,
/// under fuel metering, the calendar's year tables over its whole range (about 12 ms and 110 M
/// fuel). A call's fuel budget then counts its own work, so a call that fits warm fits after a
/// trap has replaced the instance too. Without fuel only the wall-clock limit applies, far above
/// the 40 µs a year's table takes on first use, so the tables are left to the calls that need
/// them (a batch over a few years no longer pays for three centuries in every instance). Under
/// fuel the instance also stops keeping the data built from rulesets, which would make a call's
/// cost depend on the calls before it.
fn warm_up(w: &mut Warm, fuel: bool) -> wasmtime::Result<()> {
    if fuel {
        keep_no_rulesets(w)?;
    }
    w.store.set_epoch_deadline(WARM_UP_TICKS);
    let json = w.plugin.thanthien_rules_json();
    let version: Value =
        serde_json::from_str(&json.call_version(&mut w.store)?).unwrap_or_default();
    let years = version["calendar_years"].as_array().map(|y| {
        let year = |i: usize| y.get(i).and_then(Value::as_i64).unwrap_or_default();
        (year(0), year(1))
    });
    let Some((first, last)) = years else {
        return Ok(());
    };
    let dossier = format!(
        r#"{{"procedure":{{"processing_time":{{"amount":3,"unit":"working_days"}}}},"events":[{{"type":"received","at":"{last}-03-03T08:00"}},{{"type":"returned","at":"{last}-03-04T08:00"}}]}}"#
    );
    let every_year = fuel.then(|| {
        (
            "calendar.working_days_between",
            format!(r#"{{"from":"{first}-01-01","to":"{last}-12-31"}}"#),
        )
    });
    let calls = [
        ("deadline.compute", format!(r#"{{"dossier":{dossier}}}"#)),
        ("letters.select", format!(r#"{{"dossier":{dossier}}}"#)),
    ];
    for (op, input) in every_year.into_iter().chain(calls) {
        // An error answer (an operation this build leaves out) warms nothing and harms nothing.
        let _ = json.call_call(&mut w.store, op, &input)?;
    }
    Ok(())
}

/// Tells a fuel-metered instance, warm or cold, not to keep the data built from rulesets, which
/// would make a call's cost depend on the calls before it (WIT `json.keep-rulesets`).
fn keep_no_rulesets(w: &mut Warm) -> wasmtime::Result<()> {
    w.store.set_fuel(u64::MAX)?;
    w.store.set_epoch_deadline(WARM_UP_TICKS);
    w.plugin
        .thanthien_rules_json()
        .call_keep_rulesets(&mut w.store, false)
}

/// The engine configuration shared by loading and precompiling (they must agree: a `.cwasm`
/// made without fuel metering cannot run with it, and the reverse).
pub fn engine(fuel: bool) -> Result<Engine> {
    engine_with(true, fuel)
}

/// An engine with or without the epoch checks that keep the time limit. With
/// `THANTHIEN_PERFMAP` set, wasmtime writes `/tmp/perf-<pid>.map`, so that `perf report` names
/// the guest's functions (README, "Benchmarks").
fn engine_with(epoch: bool, fuel: bool) -> Result<Engine> {
    let mut config = Config::new();
    config.wasm_component_model(true);
    config.epoch_interruption(epoch);
    config.consume_fuel(fuel);
    if std::env::var_os("THANTHIEN_PERFMAP").is_some() {
        config.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    Ok(Engine::new(&config)?)
}

/// Compiles a component ahead of time for this host build (`.cwasm`), for the default limits
/// (no fuel metering).
pub fn precompile(wasm: &Path, out: &Path) -> Result<()> {
    precompile_for(&engine(false)?, wasm, out)
}

/// Compiles a component ahead of time in its unmetered form ([`Limits::unmetered`]), written
/// to `out` (by convention [`unmetered_path`] of the `.wasm`).
pub fn precompile_unmetered(wasm: &Path, out: &Path) -> Result<()> {
    precompile_for(&engine_with(false, false)?, wasm, out)
}

fn precompile_for(engine: &Engine, wasm: &Path, out: &Path) -> Result<()> {
    let bytes = std::fs::read(wasm).with_context(|| format!("cannot read {}", wasm.display()))?;
    let compiled = engine
        .precompile_component(&bytes)
        .map_err(anyhow::Error::from)
        .context("compiling the component")?;
    std::fs::write(out, compiled).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(())
}

/// The compiled form of `wasm` kept for an engine with or without fuel metering (they cannot
/// share one): `x.cwasm` (what `precompile` writes) and `x.fuel.cwasm`.
pub fn compiled_path(wasm: &Path, fuel: bool) -> PathBuf {
    wasm.with_extension(if fuel { "fuel.cwasm" } else { "cwasm" })
}

/// The unmetered compiled form of a component given as `x.wasm` (or any source path: its
/// extension replaced) or as a compiled form of it (`x.cwasm`, `x.fuel.cwasm`):
/// `x.unmetered.cwasm`.
pub fn unmetered_path(component: &Path) -> PathBuf {
    source_of(component).with_extension("unmetered.cwasm")
}

/// `x.wasm` for a component given as one of its compiled forms (`x.cwasm`, `x.fuel.cwasm`,
/// `x.unmetered.cwasm`); any other path is the component's source itself.
fn source_of(component: &Path) -> PathBuf {
    let name = component.to_string_lossy();
    [".unmetered.cwasm", ".fuel.cwasm", ".cwasm"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .map_or_else(
            || component.to_path_buf(),
            |stem| PathBuf::from(format!("{stem}.wasm")),
        )
}

/// Loads a `.cwasm` written by this host build.
fn deserialize(engine: &Engine, path: &Path) -> Result<Component> {
    // SAFETY: `deserialize_file` trusts the file to be a compilation artefact of this wasmtime
    // build. We only load `.cwasm` files written by `precompile` or by `compile_and_keep`
    // (wasmtime checks its version and engine settings in the header and refuses a mismatch).
    #[allow(unsafe_code)]
    let c = unsafe { Component::deserialize_file(engine, path) };
    c.map_err(anyhow::Error::from)
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// Compiles `wasm` (seconds), saying so on standard error, and keeps the result beside it for
/// the next start; a place it cannot write to only costs the next start the same time.
fn compile_and_keep(engine: &Engine, wasm: &Path, keep: &Path) -> Result<Component> {
    let bytes = std::fs::read(wasm)
        .with_context(|| format!("cannot load the component {}", wasm.display()))?;
    eprintln!(
        "thanthien: compiling {} for this host (a few seconds, once: kept as {})",
        wasm.display(),
        keep.display()
    );
    let compiled = engine
        .precompile_component(&bytes)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("cannot load the component {}", wasm.display()))?;
    // Written aside under a name no other thread or process uses, then renamed: whoever starts
    // meanwhile maps either the old file or the whole new one, never half of one.
    static ASIDE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = ASIDE.fetch_add(1, Ordering::Relaxed);
    let aside = keep.with_extension(format!("tmp{}-{n}", std::process::id()));
    let written = std::fs::write(&aside, &compiled).and_then(|()| std::fs::rename(&aside, keep));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&aside);
        eprintln!(
            "thanthien: cannot keep {} ({e}); the next start compiles again",
            keep.display()
        );
    }
    // SAFETY: `compiled` was made just above by this engine (see `deserialize`).
    #[allow(unsafe_code)]
    let c = unsafe { Component::deserialize(engine, &compiled) };
    c.map_err(anyhow::Error::from)
        .with_context(|| format!("cannot load the component {}", wasm.display()))
}

/// Loads a component: a `.cwasm` as it is; a `.wasm` from its compiled form kept beside it when
/// that is newer and made for this engine, else compiled once and kept. A `.cwasm` made for
/// other engine settings falls back to the `.wasm` beside it.
fn load_component(engine: &Engine, path: &Path, fuel: bool) -> Result<Component> {
    let wasm = if path.extension().is_some_and(|e| e == "cwasm") {
        match deserialize(engine, path) {
            Ok(c) => return Ok(c),
            Err(e) => {
                let source = source_of(path);
                if !source.exists() {
                    return Err(e).with_context(|| {
                        format!("cannot load the precompiled component {}", path.display())
                    });
                }
                source
            }
        }
    } else {
        path.to_path_buf()
    };
    let keep = compiled_path(&wasm, fuel);
    let fresh = matches!((modified(&keep), modified(&wasm)), (Some(k), Some(w)) if k >= w);
    if fresh && let Ok(c) = deserialize(engine, &keep) {
        return Ok(c);
    }
    compile_and_keep(engine, &wasm, &keep)
}

/// The `thanthien:rules@x.y.z` version a component exports, checked against this host.
fn check_interface(engine: &Engine, component: &Component) -> Result<String> {
    let ty = component.component_type();
    let imports: Vec<String> = ty.imports(engine).map(|(n, _)| n.to_owned()).collect();
    let exported: Vec<String> = ty.exports(engine).map(|(n, _)| n.to_owned()).collect();
    check_names(&imports, &exported)
}

/// The check of [`check_interface`] on the import and export names: no imports, and a
/// `thanthien:rules/json` export of a supported version.
pub fn check_names(imports: &[String], exported: &[String]) -> Result<String> {
    if !imports.is_empty() {
        bail!("the component imports {imports:?}; a thanthien component must import nothing");
    }
    let json = exported
        .iter()
        .find(|n| n.starts_with("thanthien:rules/json@"))
        .ok_or_else(|| {
            anyhow!("the component does not export thanthien:rules/json (exports: {exported:?})")
        })?;
    let version = json.trim_start_matches("thanthien:rules/json@");
    let package = format!("thanthien:rules@{version}");
    if !package.starts_with(&format!("{SUPPORTED_PACKAGE}.")) {
        bail!(
            "unsupported component interface {package}: this host supports {SUPPORTED_PACKAGE}.x; use a host built for {package}"
        );
    }
    Ok(package)
}

/// The unmetered form of the component at `path` ([`unmetered_path`]), made from the same
/// `.wasm` as the metered one ([`unmetered_component`]; [`Host::check_unmetered`] then compares
/// their versions); `None`, with the reason on standard error, the caller then running metered.
fn load_unmetered(path: &Path) -> Result<Option<Instances>> {
    let engine = engine_with(false, false)?;
    let checked = unmetered_component(&engine, path).and_then(|c| {
        check_interface(&engine, &c)
            .map(|_| c)
            .map_err(|e| format!("{e:#}"))
    });
    match checked {
        Ok(c) => Ok(Some(Instances::new(engine, &c)?)),
        Err(why) => {
            eprintln!(
                "thanthien: no unmetered form of {}: {why}; answering on metered instances",
                path.display()
            );
            Ok(None)
        }
    }
}

/// The unmetered form: the kept one when it is at least as new as `path` and the `.wasm`
/// beside it, else compiled once from that `.wasm` and kept; an error (the reason) when there
/// is no `.wasm` to compile (a `.cwasm` shipped alone), or when `path` is a compiled form older
/// than its `.wasm` (the two forms could differ).
fn unmetered_component(engine: &Engine, path: &Path) -> std::result::Result<Component, String> {
    let (wasm, keep) = (source_of(path), unmetered_path(path));
    if wasm != path && modified(&wasm) > modified(path) {
        return Err(format!("{} is newer than it", wasm.display()));
    }
    let kept = if modified(&keep) >= modified(path).max(modified(&wasm)) {
        deserialize(engine, &keep).map_err(|e| format!("cannot load {}: {e:#}", keep.display()))
    } else {
        Err(format!("no {} as new as it", keep.display()))
    };
    match kept {
        Ok(c) => Ok(c),
        Err(why) if !wasm.exists() => Err(format!("{why}, and no {} beside it", wasm.display())),
        Err(_) => compile_and_keep(engine, &wasm, &keep).map_err(|e| format!("{e:#}")),
    }
}

/// The unmetered form of the component at `path` compiled anew from the `.wasm` beside it, and
/// kept in place of the one there ([`unmetered_path`]); `None` when there is no `.wasm`, or it
/// does not compile or instantiate (the reason on standard error).
fn remade_unmetered(path: &Path) -> Option<Instances> {
    let wasm = source_of(path);
    if !wasm.exists() {
        return None;
    }
    let remade = engine_with(false, false).and_then(|engine| {
        let component = compile_and_keep(&engine, &wasm, &unmetered_path(path))?;
        Instances::new(engine, &component)
    });
    remade
        .map_err(|e| eprintln!("thanthien: cannot make the unmetered form again: {e:#}"))
        .ok()
}

impl Host {
    /// Loads a component (`.wasm` or precompiled `.cwasm`) with the given limits.
    pub fn load(path: &Path, limits: Limits) -> Result<Self> {
        let engine = engine(limits.fuel.is_some())?;
        let component = load_component(&engine, path, limits.fuel.is_some())?;
        let package = check_interface(&engine, &component)?;
        let unmetered = if limits.unmetered && limits.fuel.is_none() {
            load_unmetered(path)?
        } else {
            None
        };
        let ticks = limits
            .time_limit
            .as_millis()
            .div_ceil(EPOCH_TICK.as_millis());
        let mut host = Self {
            _ticker: Ticker::start(&engine),
            deadline_ticks: u64::try_from(ticks).unwrap_or(u64::MAX).max(2),
            metered: Instances::new(engine, &component)?,
            unmetered,
            limits,
            package,
            source: path.to_path_buf(),
        };
        host.check_unmetered()?;
        Ok(host)
    }

    /// Checks that the unmetered form reports the metered one's `version` (engine, package,
    /// ruleset). A kept form of another build (kept beside a newer one) is compiled again from
    /// the `.wasm` beside the component, once, and kept in its place; when there is none, or
    /// the versions still differ, the unmetered form is dropped, saying so on standard error.
    /// Both instances stay in their pools for the calls.
    fn check_unmetered(&mut self) -> Result<()> {
        if self.unmetered.is_none() || self.unmetered_matches()? {
            return Ok(());
        }
        self.unmetered = remade_unmetered(&self.source);
        if self.unmetered.is_some() && self.unmetered_matches()? {
            return Ok(());
        }
        eprintln!(
            "thanthien: no unmetered form of {}: it reports another version than the component; answering on metered instances",
            self.source.display()
        );
        self.unmetered = None;
        Ok(())
    }

    /// Whether the unmetered form (there is one) reports the metered one's `version`.
    fn unmetered_matches(&self) -> Result<bool> {
        let version = |on: &Instances| {
            self.run_on(on, |p, s| p.thanthien_rules_json().call_version(s))
                .map(Result::ok)
        };
        let Some(on) = &self.unmetered else {
            return Ok(false);
        };
        let metered = version(&self.metered)?;
        Ok(metered.is_some() && metered == version(on)?)
    }

    /// A call's time limit as kept: [`Limits::time_limit`] rounded up to whole [`EPOCH_TICK`]s.
    pub fn time_limit(&self) -> Duration {
        EPOCH_TICK.saturating_mul(u32::try_from(self.deadline_ticks).unwrap_or(u32::MAX))
    }

    /// Whether this host has the unmetered form ([`Limits::unmetered`]).
    pub fn has_unmetered(&self) -> bool {
        self.unmetered.is_some()
    }

    /// The WIT package version the component exports.
    pub fn package(&self) -> &str {
        &self.package
    }

    /// Where the component was loaded from.
    pub fn source(&self) -> &Path {
        &self.source
    }

    /// A new instance, warmed up ([`warm_up`]); under a memory cap too small for the warmed
    /// tables, one left cold (its calls build what they use, counted in their limits). One that
    /// cannot start at all within the cap (`--memory-mib 1`) is that call's `resource_limit`,
    /// like any other exhausted limit.
    fn fresh(&self, on: &Instances) -> Result<Result<Warm, CallFailure>> {
        let Some(mut warm) = self.instantiate(on)? else {
            return Ok(Err(CallFailure::Memory));
        };
        let fuel = self.limits.fuel.is_some();
        if !fuel && !self.limits.warm_up {
            return Ok(Ok(warm));
        }
        match warm_up(&mut warm, fuel) {
            Ok(()) => Ok(Ok(warm)),
            Err(_) if warm.store.data().memory_hit => {
                let Some(mut cold) = self.instantiate(on)? else {
                    return Ok(Err(CallFailure::Memory));
                };
                if self.limits.fuel.is_some()
                    && let Err(e) = keep_no_rulesets(&mut cold)
                {
                    return Ok(Err(CallFailure::Trap(format!("starting: {e:?}"))));
                }
                Ok(Ok(cold))
            }
            Err(e) => Ok(Err(CallFailure::Trap(format!("warming up: {e:?}")))),
        }
    }

    /// A new instance under the memory cap (`None` when it cannot start within it).
    fn instantiate(&self, on: &Instances) -> Result<Option<Warm>> {
        let mut store = Store::new(
            &on.engine,
            State {
                memory_cap: self.limits.memory_bytes,
                memory_hit: false,
                memory_bytes: 0,
            },
        );
        store.limiter(|s| s);
        store.epoch_deadline_trap();
        match on.pre.instantiate(&mut store) {
            Ok(plugin) => Ok(Some(Warm { store, plugin })),
            Err(_) if store.data().memory_hit => Ok(None),
            Err(e) => Err(anyhow::Error::from(e)),
        }
    }

    /// Runs `f` on a warm (or fresh) instance under the limits. A trap or exhausted limit
    /// discards the instance and is reported as a [`CallFailure`].
    pub fn with_instance<T>(
        &self,
        f: impl FnOnce(&Plugin, &mut Store<State>) -> wasmtime::Result<T>,
    ) -> Result<Result<T, CallFailure>> {
        self.run_on(&self.metered, f)
    }

    /// [`Host::with_instance`] on the instances `on`.
    fn run_on<T>(
        &self,
        on: &Instances,
        f: impl FnOnce(&Plugin, &mut Store<State>) -> wasmtime::Result<T>,
    ) -> Result<Result<T, CallFailure>> {
        let warm = on
            .pool
            .lock()
            .map_err(|_| anyhow!("instance pool poisoned"))?
            .pop();
        let mut warm = match warm {
            Some(w) => w,
            None => match self.fresh(on)? {
                Ok(w) => w,
                Err(failure) => return Ok(Err(failure)),
            },
        };
        if let Some(fuel) = self.limits.fuel {
            warm.store.set_fuel(fuel)?;
        }
        warm.store.set_epoch_deadline(self.deadline_ticks);
        warm.store.data_mut().memory_hit = false;
        match f(&warm.plugin, &mut warm.store) {
            Ok(v) => {
                let mut pool = on
                    .pool
                    .lock()
                    .map_err(|_| anyhow!("instance pool poisoned"))?;
                if pool.len() < self.limits.pool
                    && warm.store.data().memory_bytes <= POOL_MEMORY_BYTES
                {
                    pool.push(warm);
                }
                Ok(Ok(v))
            }
            Err(e) => {
                let failure = if warm.store.data().memory_hit {
                    CallFailure::Memory
                } else if e.downcast_ref::<wasmtime::Trap>() == Some(&wasmtime::Trap::Interrupt) {
                    CallFailure::Time
                } else if self.limits.fuel.is_some() && warm.store.get_fuel().is_ok_and(|f| f == 0)
                {
                    CallFailure::Fuel
                } else {
                    CallFailure::Trap(format!("{e:?}"))
                };
                Ok(Err(failure))
            }
        }
    }

    /// Names of the component's operations.
    pub fn operations(&self) -> Result<Vec<String>> {
        self.with_instance(|p, s| p.thanthien_rules_json().call_operations(s))?
            .map_err(|f| anyhow!("{f:?}"))
    }

    /// The component's version report (engine, WIT package, ruleset) as JSON.
    pub fn version(&self) -> Result<Value> {
        let text = self
            .with_instance(|p, s| p.thanthien_rules_json().call_version(s))?
            .map_err(|f| anyhow!("{f:?}"))?;
        Ok(serde_json::from_str(&text)?)
    }

    /// One operation, JSON text in, the JSON answer out (`{"error": …}` for every failure).
    /// Guest faults are written to stderr; a server that logs them itself calls
    /// [`Host::call_json_traced`].
    pub fn call_json(&self, operation: &str, input: &str) -> Result<String> {
        let (answer, failure) = self.call_json_traced(operation, input)?;
        if let Some(f) = failure {
            f.report();
        }
        Ok(answer)
    }

    /// One operation's answer and, when the guest gave none, why (for logs and metrics).
    pub fn call_json_traced(
        &self,
        operation: &str,
        input: &str,
    ) -> Result<(String, Option<CallFailure>)> {
        let r =
            self.with_instance(|p, s| p.thanthien_rules_json().call_call(s, operation, input))?;
        Ok(match r {
            Ok(Ok(answer)) => (answer, None),
            Ok(Err(e)) => (error_json(&e), None),
            Err(failure) => (error_json(&failure.to_error()), Some(failure)),
        })
    }

    /// Many inputs of one operation in one guest call, answered in the lean batch form (see the
    /// WIT `call-batch`); answer i is for input i. If the whole batch hits a limit, each input is
    /// retried alone so that one heavy record cannot take the others down with it.
    pub fn call_batch_json(&self, operation: &str, inputs: &[String]) -> Result<Vec<String>> {
        let r = self.with_instance(|p, s| {
            p.thanthien_rules_json()
                .call_call_batch(s, operation, inputs)
        })?;
        match r {
            Ok(answers) if answers.len() == inputs.len() => Ok(answers
                .into_iter()
                .map(|a| match a {
                    Ok(text) => text,
                    Err(e) => error_json(&e),
                })
                .collect()),
            Ok(answers) => bail!(
                "the component answered {} records for {}",
                answers.len(),
                inputs.len()
            ),
            Err(_) if inputs.len() > 1 => self.call_each_json(operation, inputs),
            Err(failure) => {
                failure.report();
                Ok(vec![error_json(&failure.to_error())])
            }
        }
    }

    /// [`Host::call_batch_json`] on each input alone, each under the limits: answer i for
    /// input i, a heavy record taking no other down with it.
    pub fn call_each_json<S: AsRef<str>>(
        &self,
        operation: &str,
        inputs: &[S],
    ) -> Result<Vec<String>> {
        inputs
            .iter()
            .map(|i| {
                let mut one = self.call_batch_json(operation, &[i.as_ref().to_owned()])?;
                one.pop()
                    .ok_or_else(|| anyhow!("no answer for a batch of one"))
            })
            .collect()
    }

    /// [`Host::call_batch_json`] in one string each way (the WIT `call-lines`): `count` inputs
    /// as lines of `lines` (joined by `\n`, none holding a newline of its own), their answers
    /// given back as lines joined by `\n`, answer i on line i. If the guest fails on the whole
    /// chunk, its lines go through [`Host::call_batch_json`], which retries each alone.
    pub fn call_lines_json(&self, operation: &str, lines: &str, count: usize) -> Result<String> {
        if let Some(answers) = self.lines_on(&self.metered, operation, lines, count)? {
            return Ok(answers);
        }
        let inputs: Vec<String> = lines.split('\n').map(str::to_owned).collect();
        Ok(self.call_batch_json(operation, &inputs)?.join("\n"))
    }

    /// [`Host::call_lines_json`]'s first try on the unmetered form ([`Limits::unmetered`]): no
    /// time limit holds it, so this does not return while the guest runs, however long; the
    /// caller keeps the limit (the `batch` command's watchdog answers a chunk that overruns
    /// through [`Host::call_each_json`] on another thread and abandons this one). `None` when
    /// this host has no unmetered form or the guest failed (memory cap, fault): the caller then
    /// answers the chunk through [`Host::call_lines_json`].
    pub fn call_lines_unmetered(
        &self,
        operation: &str,
        lines: &str,
        count: usize,
    ) -> Result<Option<String>> {
        match &self.unmetered {
            Some(on) => self.lines_on(on, operation, lines, count),
            None => Ok(None),
        }
    }

    /// `call-lines` on the instances `on`: the answers, or `None` when the guest failed.
    fn lines_on(
        &self,
        on: &Instances,
        operation: &str,
        lines: &str,
        count: usize,
    ) -> Result<Option<String>> {
        let r = self.run_on(on, |p, s| {
            p.thanthien_rules_json()
                .call_call_lines(s, operation, lines)
        })?;
        let Ok(answers) = r else {
            return Ok(None);
        };
        let answered = memchr::memchr_iter(b'\n', answers.as_bytes()).count() + 1;
        if answered != count {
            bail!("the component answered {answered} lines for {count}");
        }
        Ok(Some(answers))
    }
}

/// `{"error": {...}}` as JSON text.
pub fn error_json(e: &wit::Error) -> String {
    serde_json::json!({ "error": {
        "code": e.code, "message_vi": e.message_vi, "message_en": e.message_en, "path": e.path
    }})
    .to_string()
}

/// Where the `thanthien` command looks for the component when none is given: the
/// `THANTHIEN_COMPONENT` variable, then beside the executable, then `target/thanthien/` of the
/// build tree the executable sits in. A precompiled `.cwasm` is preferred over the `.wasm` it was
/// made from, unless the `.wasm` is newer (a stale `.cwasm` is never picked).
pub fn default_component_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("THANTHIEN_COMPONENT") {
        return Some(PathBuf::from(p));
    }
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    for base in [
        dir.to_path_buf(),
        dir.join("..").join("thanthien"),
        dir.join("..").join("..").join("thanthien"),
    ] {
        let (cwasm, wasm) = (
            base.join("thanthien.component.cwasm"),
            base.join("thanthien.component.wasm"),
        );
        match (modified(&cwasm), modified(&wasm)) {
            (Some(c), Some(w)) if c >= w => return Some(cwasm),
            (Some(_), None) => return Some(cwasm),
            (_, Some(_)) => return Some(wasm),
            (None, None) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{CallFailure, check_names};

    #[test]
    fn a_guest_fault_is_an_internal_error_without_its_detail() {
        let detail = "error while executing at wasm backtrace:\n 0: 0x207bbc - thanthien_plugin.wasm!_RNvCs_rust_abort";
        let e = CallFailure::Trap(detail.to_owned()).to_error();
        assert_eq!(e.code, "internal_error");
        for m in [&e.message_en, &e.message_vi, &e.path] {
            assert!(!m.contains("wasm") && !m.contains("0x"), "{m}");
        }
        assert_eq!(CallFailure::Time.to_error().code, "resource_limit");
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn refuses_other_package_versions_and_imports() {
        let ok = names(&["thanthien:rules/types@0.1.3", "thanthien:rules/json@0.1.3"]);
        assert_eq!(check_names(&[], &ok).unwrap(), "thanthien:rules@0.1.3");
        let newer = names(&["thanthien:rules/json@0.2.0"]);
        let e = check_names(&[], &newer).unwrap_err().to_string();
        assert!(
            e.contains("unsupported component interface thanthien:rules@0.2.0"),
            "{e}"
        );
        let e = check_names(&[], &names(&["other:pkg/json@0.1.0"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("does not export thanthien:rules/json"), "{e}");
        let e = check_names(&names(&["wasi:cli/environment@0.2.0"]), &ok)
            .unwrap_err()
            .to_string();
        assert!(e.contains("must import nothing"), "{e}");
    }
}
