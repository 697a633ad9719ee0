//! `essaim tally`: counts a pabulib `.pb` file with the platform's engine
//! and prints JSON, so anyone can recount published data.

use std::path::Path;

use serde_json::{Value, json};

use essaim_tally::pabulib::{self, PbFile};
use essaim_tally::{self as tally, Outcome, Rule};

/// Why a file could not be counted.
#[derive(Debug, thiserror::Error)]
pub enum TallyCliError {
    /// The file cannot be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid pabulib.
    #[error("{path}: {source}")]
    Parse {
        /// The file.
        path: String,
        /// Line and reason.
        source: pabulib::PabulibError,
    },
}

/// Reads and parses a `.pb` file.
///
/// # Errors
/// [`TallyCliError`] naming the file, and the line for a parse error.
pub fn read_file(path: &Path) -> Result<PbFile, TallyCliError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| TallyCliError::Read {
        path: name.clone(),
        source,
    })?;
    pabulib::parse(&text).map_err(|source| TallyCliError::Parse { path: name, source })
}

/// The JSON report of one rule: `rule`, `selected` (project ids sorted as
/// strings), `total_cost`, `budget`; with `explain`, the engine's
/// explanation of every project (`projects[i]` is the id of project `i`).
pub fn report(file: &PbFile, rule: Rule, explain: bool) -> Value {
    report_outcome(file, &tally::tally(file.election(), rule), explain)
}

fn report_outcome(file: &PbFile, outcome: &Outcome, explain: bool) -> Value {
    let election = file.election();
    let ids: Vec<&str> = election.projects().iter().map(|p| p.id()).collect();
    let mut selected: Vec<&str> = outcome
        .selected
        .iter()
        .filter_map(|p| ids.get(p.index()).copied())
        .collect();
    selected.sort_unstable();
    let mut value = json!({
        "rule": outcome.rule.name(),
        "selected": selected,
        "total_cost": outcome.total_cost,
        "budget": outcome.budget,
    });
    if explain {
        value["projects"] = json!(ids);
        value["mes_budget"] = json!(outcome.mes_budget);
        value["explanations"] = json!(outcome.explanations);
    }
    value
}

/// Reports for every rule that fits the file's vote type (a rule and its `+greedy` variant
/// share their MES run).
pub fn report_all(file: &PbFile, explain: bool) -> Value {
    let rules = Rule::applying_to(file.election().vote_type());
    Value::Array(
        tally::tally_each(file.election(), &rules)
            .iter()
            .map(|outcome| report_outcome(file, outcome, explain))
            .collect(),
    )
}
