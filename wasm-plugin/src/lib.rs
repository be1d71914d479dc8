//! thanthien-core compiled to WebAssembly, in two flavours that share no logic of their own:
//!
//! - feature `component`: a WIT component (`wit/thanthien.wit`, package `thanthien:rules`) with
//!   typed calendar records and a JSON interface for every operation; built for
//!   `wasm32-unknown-unknown` and encoded as a component that imports nothing.
//! - feature `browser`: a wasm-bindgen build for browsers and Node, with TypeScript types
//!   generated from the core's Rust types (tsify).
//! - feature `birth-page`: the birth form's own browser build, `birth_home.assess` alone.
//!
//! Natively (and with neither feature) this crate is empty: the exports only exist on wasm32.
#![cfg_attr(not(target_arch = "wasm32"), allow(unused))]

/// The browser builds' allocator (see `Cargo.toml`): the page's module runs on one thread. A
/// build with the component's feature keeps dlmalloc.
#[cfg(all(
    target_family = "wasm",
    not(target_feature = "atomics"),
    feature = "browser",
    not(feature = "component")
))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(all(target_arch = "wasm32", feature = "component"))]
mod component;

#[cfg(all(
    target_arch = "wasm32",
    feature = "browser",
    not(feature = "birth-page")
))]
mod browser;

#[cfg(all(target_arch = "wasm32", feature = "birth-page"))]
mod birth_page;

#[cfg(all(target_arch = "wasm32", feature = "browser"))]
mod js;
