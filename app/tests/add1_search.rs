//! The `+add1` search must stay far below pabutools' one MES run per increment.
//!
//! Run counts are deterministic (the search schedule does not depend on the machine, see
//! `app/src/domain/tally/add1.rs`). The budgets below are what the search needs today plus a
//! little room, each below what the search needed before its jumps were aimed at the level
//! where a missed certificate's prices cross, and before the levels were searched in pieces
//! side by side, and before jumps stopped short of levels known to make other purchases (in
//! the comments): a change that makes the search wander fails here. Lower them
//! when the search improves.

use app::domain::pabulib;
use app::domain::tally::{Rule, tally};

mod common;
use common::data_dir;

/// File, rule, increments pabutools makes, most MES runs allowed (runs before aiming, before
/// pieces, before walls).
const BUDGETS: &[(&str, Rule, u64, u64)] = &[
    ("Netherlands_Assen_2024.pb", Rule::MesCostAdd1, 843, 50), // 96, 64, 46
    ("Poland_Swiecie_2023.pb", Rule::MesCostAdd1, 226, 88),    // 124, 104, 94
    ("Poland_Swiecie_2023.pb", Rule::MesApprovalAdd1, 378, 110), // 166, 126, 112
    ("Switzerland_Zurich_D10.pb", Rule::MesApprovalAdd1, 95, 36), // -, -, 40
];

#[test]
fn add1_needs_few_mes_runs() {
    for &(file, rule, increments, max_runs) in BUDGETS {
        let path = data_dir().join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (set ESSAIM_PABULIB_DIR)", path.display()));
        let parsed = pabulib::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let budget = tally(parsed.election(), rule)
            .mes_budget
            .unwrap_or_else(|| panic!("{file} {rule}: no MES budget reported"));
        assert_eq!(budget.increments, increments, "{file} {rule}");
        assert!(
            budget.runs <= max_runs,
            "{file} {rule}: {} MES runs, budget {max_runs}",
            budget.runs
        );
        eprintln!(
            "{file} {rule}: {} increments in {} MES runs",
            increments, budget.runs
        );
    }
}
