//! Every real pabulib file parses, and writing it back then parsing gives the same data.

use std::path::PathBuf;
use std::time::Instant;

use essaim_tally::pabulib;

mod common;
use common::data_dir;

#[test]
fn every_file_parses_and_round_trips() {
    let dir = data_dir();
    assert!(
        dir.is_dir(),
        "pabulib data not found at {} (set ESSAIM_PABULIB_DIR)",
        dir.display()
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read data dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "pb"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .pb file in {}", dir.display());
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let start = Instant::now();
        let file = pabulib::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let took = start.elapsed();
        let e = file.election();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        eprintln!(
            "{name:<58} {:>7} voters {:>4} projects  parsed in {:>8.2} ms",
            e.num_voters(),
            e.projects().len(),
            took.as_secs_f64() * 1e3
        );
        // The META counts match the data.
        if let Some(n) = file.meta_value("num_votes") {
            assert_eq!(n, e.num_voters().to_string(), "{name}: num_votes");
        }
        if let Some(n) = file.meta_value("num_projects") {
            assert_eq!(n, e.projects().len().to_string(), "{name}: num_projects");
        }
        let written = pabulib::write(&file);
        let again = pabulib::parse(&written).unwrap_or_else(|e| panic!("{name} rewritten: {e}"));
        assert!(again == file, "{name}: parse(write(x)) != x");
    }
}

#[test]
fn quotes_are_read_like_the_files_mean_them() {
    let text = std::fs::read_to_string(data_dir().join("Poland_Czestochowa_2020_Grabowka.pb"))
        .expect("read");
    let file = pabulib::parse(&text).expect("parse");
    let e = file.election();
    let p = e.find_project("47").expect("project 47");
    let name = e.projects()[p.index()].name().expect("name");
    assert!(name.starts_with("\"Odkupmy\" i my - zakup"), "{name}");

    let text = std::fs::read_to_string(data_dir().join("Poland_Lodz_2022.pb")).expect("read");
    let file = pabulib::parse(&text).expect("parse");
    let e = file.election();
    let p = e.find_project("L026").expect("project L026");
    assert_eq!(
        e.projects()[p.index()].name(),
        Some(
            "\"Przywracamy \"Paradę Wolności\". \"City of dreams\" - Festiwal muzyki elektronicznej.\" Lokalizacja: Łódź"
        )
    );
    assert_eq!(file.project_field(p, "selected"), Some("0"));
    assert_eq!(
        file.voter_field(0, "voter_id").map(str::is_empty),
        Some(false)
    );
}
