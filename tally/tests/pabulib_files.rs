//! Every real pabulib file parses, and writing it back then parsing gives the same data.

use std::time::Instant;

use essaim_tally::pabulib;

mod common;

#[test]
fn every_file_parses_and_round_trips() {
    for name in &common::list("", "pb") {
        let text = common::read(name);
        let start = Instant::now();
        let file = pabulib::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let took = start.elapsed();
        let e = file.election();
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
    let text = common::read("Poland_Czestochowa_2020_Grabowka.pb");
    let file = pabulib::parse(&text).expect("parse");
    let e = file.election();
    let p = e.find_project("47").expect("project 47");
    let name = e.projects()[p.index()].name().expect("name");
    assert!(name.starts_with("\"Odkupmy\" i my - zakup"), "{name}");

    let text = common::read("Poland_Lodz_2022.pb");
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
