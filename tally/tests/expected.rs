//! Every `ok` entry of the pabutools 1.2.3 expected outputs must be reproduced exactly.
//!
//! Data: the `.pb` files and `expected/<stem>.json` of `testdata/pabulib/`, or of
//! `$ESSAIM_PABULIB_DIR` (see `common`). Entries under `rules_float_backend` (computed with
//! floats, not an exact oracle) are not checked; every entry under `rules` with status `ok` is,
//! and an unknown rule key fails the test.

use std::time::Instant;

use essaim_tally::pabulib;
use essaim_tally::{Rule, tally};
use serde_json::Value;

mod common;

/// pabutools rule key in the expected files → engine rule.
fn rule_for_key(key: &str) -> Option<Rule> {
    Some(match key {
        "greedy_votes" => Rule::GREEDY,
        "greedy_cost_utility" => Rule::GREEDY_PER_COST,
        "mes_cost" => Rule::MES_COST,
        "mes_approval" => Rule::MES_APPROVAL,
        "phragmen" => Rule::PHRAGMEN,
        "mes_cost_greedy" => Rule::MES_COST_GREEDY,
        "mes_approval_greedy" => Rule::MES_APPROVAL_GREEDY,
        "mes_cost_add1" => Rule::MES_COST_ADD1,
        "mes_approval_add1" => Rule::MES_APPROVAL_ADD1,
        "mes_cost_add1_greedy" => Rule::MES_COST_ADD1_GREEDY,
        "mes_approval_add1_greedy" => Rule::MES_APPROVAL_ADD1_GREEDY,
        "greedy_points_per_cost_native" => Rule::GREEDY_POINTS_PER_COST,
        "mes_points_native" => Rule::MES_POINTS,
        _ => return None,
    })
}

#[test]
fn matches_pabutools_expected_outputs() {
    let jsons = common::list("expected", "json");

    let (mut checked, mut not_ok, mut failures) = (0usize, Vec::new(), Vec::new());
    for json_path in &jsons {
        let json: Value =
            serde_json::from_str(&common::read(json_path)).expect("expected json is valid");
        let instance = json["instance"].as_str().expect("instance name");
        let text = common::read(instance);
        let file = pabulib::parse(&text).unwrap_or_else(|e| panic!("{instance}: {e}"));
        let election = file.election();
        let rules = json["rules"].as_object().expect("rules object");
        for (key, entry) in rules {
            let rule =
                rule_for_key(key).unwrap_or_else(|| panic!("{instance}: unknown rule key {key}"));
            let status = entry["status"].as_str().expect("status");
            if status != "ok" {
                not_ok.push(format!("{instance} {key}: {status}"));
                continue;
            }
            let start = Instant::now();
            let outcome = tally(election, rule);
            let elapsed = start.elapsed();
            let mut got: Vec<&str> = outcome
                .selected
                .iter()
                .map(|p| election.projects()[p.index()].id())
                .collect();
            got.sort_unstable();
            let want: Vec<&str> = entry["selected"]
                .as_array()
                .expect("selected")
                .iter()
                .map(|v| v.as_str().expect("id"))
                .collect();
            let want_cost = entry["total_cost"].as_str().expect("total_cost");
            checked += 1;
            eprintln!(
                "{instance:<58} {:<26} {:>9.3} ms",
                rule.name(),
                elapsed.as_secs_f64() * 1e3
            );
            if got != want || outcome.total_cost.to_string() != want_cost {
                failures.push(format!(
                    "{instance} {key}: got {got:?} (cost {}), want {want:?} (cost {want_cost})",
                    outcome.total_cost
                ));
            }
            assert!(outcome.total_cost <= election.budget());
        }
    }
    eprintln!(
        "expected outputs: {checked} entries checked in {} files, {} failed; {} entries without an oracle (not ok in pabutools):",
        jsons.len(),
        failures.len(),
        not_ok.len()
    );
    for n in &not_ok {
        eprintln!("  {n}");
    }
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
}
