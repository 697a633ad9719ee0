//! Essaim: participatory budgeting for communes.
//!
//! This crate is compiled twice: with `ssr` into the server (pages rendered
//! to HTML, server functions run against the database) and with `hydrate`
//! into the browser's WebAssembly (the same pages made interactive).
//! `domain` is plain Rust shared by both.

#![recursion_limit = "256"]

pub mod api;
mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod url;

pub use app::{App, shell};

/// The browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
