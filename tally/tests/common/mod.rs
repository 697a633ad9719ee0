//! Shared test helpers (also included by the `tally` bench and the engine's unit tests).

use std::path::PathBuf;

/// Where the pabulib data lives, relative to `CARGO_MANIFEST_DIR`, unless
/// `$ESSAIM_PABULIB_DIR` says otherwise.
pub const DEFAULT_DATA_DIR: &str = "../../shared/pabulib";

/// The pabulib data directory (`.pb` files and `expected/*.json`).
pub fn data_dir() -> PathBuf {
    match std::env::var_os("ESSAIM_PABULIB_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_DATA_DIR),
    }
}
