//! Shared test helpers (also included by the `tally` bench and the engine's unit tests).
//!
//! The pabulib data: by default the copy vendored in the repository (`.pb` files gzipped,
//! `expected/*.json` as they are), or `$ESSAIM_PABULIB_DIR` (uncompressed files) when set.
//! Each includer uses a part of it.
#![allow(dead_code)]

use std::io::Read;
use std::path::PathBuf;

/// The vendored data, relative to `CARGO_MANIFEST_DIR` (the same from any crate at the
/// repository's top level).
pub const VENDORED_DATA_DIR: &str = "../testdata/pabulib";

/// The pabulib data directory: `$ESSAIM_PABULIB_DIR` if set and not empty, else the
/// vendored copy.
pub fn data_dir() -> PathBuf {
    match std::env::var_os("ESSAIM_PABULIB_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(VENDORED_DATA_DIR),
    }
}

/// The text of `name` (e.g. `Poland_Lodz_2022.pb`, `expected/Poland_Lodz_2022.json`) in the
/// data directory, read as is or, failing that, from `name.gz`.
///
/// # Panics
/// If neither file can be read.
pub fn read(name: &str) -> String {
    let path = data_dir().join(name);
    if let Ok(text) = std::fs::read_to_string(&path) {
        return text;
    }
    let gz = data_dir().join(format!("{name}.gz"));
    let file = std::fs::File::open(&gz).unwrap_or_else(|e| {
        panic!(
            "pabulib data: neither {} nor {}: {e} (set ESSAIM_PABULIB_DIR)",
            path.display(),
            gz.display()
        )
    });
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: {e}", gz.display()));
    text
}

/// The names, sorted, of the files in `subdir` of the data directory ending in `.{ext}`
/// (or `.{ext}.gz`, named without `.gz`), for [`read`]: `list("", "pb")`,
/// `list("expected", "json")`.
///
/// # Panics
/// If the directory cannot be read or holds no such file.
pub fn list(subdir: &str, ext: &str) -> Vec<String> {
    let dir = data_dir().join(subdir);
    let suffix = format!(".{ext}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "pabulib data not found at {}: {e} (set ESSAIM_PABULIB_DIR)",
                dir.display()
            )
        })
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| {
            let name = match name.strip_suffix(".gz") {
                Some(stem) => stem.to_owned(),
                None => name,
            };
            name.ends_with(&suffix)
                .then(|| PathBuf::from(subdir).join(name).display().to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    assert!(!names.is_empty(), "no *{suffix} in {}", dir.display());
    names
}
