//! Logging with `tracing`: human-readable lines, filtered by `RUST_LOG`
//! (default: `info` for Essaim, `warn` for libraries).

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. Call once, first thing in `main`.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("warn,essaim=info,server=info,app=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
}
