//! Properties over random inputs: the parser never panics, no rule exceeds the budget, outcomes
//! do not depend on the order of the ballots, and files round-trip.

use essaim_tally::pabulib::{self, PbFile};
use essaim_tally::{
    ApprovalBallot, Ballots, CumulativeBallot, Election, OrdinalBallot, Outcome, Project,
    ProjectIdx, Rule, tally, tally_each,
};
use proptest::prelude::*;

const VALID: &str = "META\nkey;value\ndescription;\"x;y\"\nbudget;100\nvote_type;cumulative\n\
PROJECTS\nproject_id;cost;name\na;60;\"A \"\"quoted\"\"\"\nb;50;None\nc;1,0;c\n\
VOTES\nvoter_id;vote;points\n1;a,b;3,2\n2;c;1\n3;;\n";

/// A random election of any vote type; project ids are chosen to make string ties interesting.
fn election() -> impl Strategy<Value = Election> {
    (1usize..7, 0usize..12, 0u64..300, 0u8..4).prop_flat_map(|(np, nv, budget, kind)| {
        let costs = proptest::collection::vec(0u64..120, np);
        let ballots = proptest::collection::vec(
            proptest::collection::vec((0..np as u32, 0u64..5), 0..=np),
            nv,
        );
        (costs, ballots).prop_map(move |(costs, raw)| {
            let ids = ["10", "9", "a", "B", "b", "ż", "1"];
            let projects: Vec<Project> = costs
                .iter()
                .enumerate()
                .map(|(i, &c)| Project::new(ids[i].into(), c, None).expect("project"))
                .collect();
            let unique = |b: &Vec<(u32, u64)>| {
                let mut seen = Vec::new();
                for &(p, v) in b {
                    if !seen.iter().any(|&(q, _)| q == p) {
                        seen.push((p, v));
                    }
                }
                seen
            };
            let idx = ProjectIdx::new;
            let ballots = match kind {
                0 => Ballots::Approval(
                    raw.iter()
                        .map(|b| {
                            ApprovalBallot::new(unique(b).iter().map(|&(p, _)| idx(p)).collect())
                        })
                        .collect::<Result<_, _>>()
                        .expect("ballots"),
                ),
                1 => Ballots::ChooseOne(
                    raw.iter()
                        .map(|b| {
                            ApprovalBallot::new(
                                unique(b).iter().take(1).map(|&(p, _)| idx(p)).collect(),
                            )
                        })
                        .collect::<Result<_, _>>()
                        .expect("ballots"),
                ),
                2 => Ballots::Cumulative(
                    raw.iter()
                        .map(|b| {
                            CumulativeBallot::new(
                                unique(b).iter().map(|&(p, v)| (idx(p), v)).collect(),
                            )
                        })
                        .collect::<Result<_, _>>()
                        .expect("ballots"),
                ),
                _ => Ballots::Ordinal(
                    raw.iter()
                        .map(|b| {
                            OrdinalBallot::new(unique(b).iter().map(|&(p, _)| idx(p)).collect())
                        })
                        .collect::<Result<_, _>>()
                        .expect("ballots"),
                ),
            };
            Election::new(projects, budget, ballots).expect("election")
        })
    })
}

/// The same election with its ballots in another order.
fn reordered(e: &Election, shift: usize) -> Election {
    fn rotate<T: Clone>(v: &[T], shift: usize) -> Vec<T> {
        let mut v: Vec<T> = v.iter().rev().cloned().collect();
        if !v.is_empty() {
            let k = shift % v.len();
            v.rotate_left(k);
        }
        v
    }
    let ballots = match e.ballots() {
        Ballots::Approval(b) => Ballots::Approval(rotate(b, shift)),
        Ballots::ChooseOne(b) => Ballots::ChooseOne(rotate(b, shift)),
        Ballots::Cumulative(b) => Ballots::Cumulative(rotate(b, shift)),
        Ballots::Ordinal(b) => Ballots::Ordinal(rotate(b, shift)),
    };
    Election::new(e.projects().to_vec(), e.budget(), ballots).expect("same election")
}

/// `out` with its MES run count (a diagnostic, not serialised) set to 0.
fn without_runs(mut out: Outcome) -> Outcome {
    if let Some(budget) = out.mes_budget.as_mut() {
        budget.runs = 0;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn parser_never_panics_on_arbitrary_text(text in "\\PC*") {
        let _ = pabulib::parse(&text);
    }

    #[test]
    fn parser_never_panics_on_mutated_files(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, "[;,\"\\n\\r aNn0-9.\u{feff}ż]{0,3}"), 1..6)
    ) {
        let mut text = VALID.to_string();
        for (at, op, piece) in edits {
            let mut cut = at.index(text.len() + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            match op {
                0 => text.insert_str(cut, &piece),
                1 => { text.truncate(cut); }
                2 => {
                    let end = (cut + piece.len()).min(text.len());
                    let mut end = end;
                    while !text.is_char_boundary(end) { end -= 1; }
                    text.replace_range(cut..end, &piece);
                }
                _ => { text = text.replacen(&piece, "", 1); }
            }
        }
        let _ = pabulib::parse(&text);
    }

    #[test]
    fn rules_respect_the_budget_and_explain_every_project(e in election()) {
        for rule in Rule::ALL {
            let out = tally(&e, rule);
            let cost: u64 = out.selected.iter().map(|p| e.projects()[p.index()].cost()).sum();
            prop_assert_eq!(cost, out.total_cost, "{}", rule);
            prop_assert!(out.total_cost <= e.budget(), "{} spent {} > {}", rule, out.total_cost, e.budget());
            let mut sorted = out.selected.clone();
            sorted.sort();
            sorted.dedup();
            prop_assert_eq!(sorted.len(), out.selected.len(), "{} selects twice", rule);
            prop_assert_eq!(out.explanations.len(), e.projects().len());
            for (i, x) in out.explanations.iter().enumerate() {
                prop_assert_eq!(x.project.index(), i);
                prop_assert_eq!(x.selected_by.is_some(), out.selected.contains(&x.project), "{}", rule);
            }
            // Serialisable for the browser (all but the MES run count, a diagnostic).
            let json = serde_json::to_string(&out).expect("serialize");
            let back: Outcome = serde_json::from_str(&json).expect("deserialize");
            prop_assert_eq!(back, without_runs(out));
        }
    }

    #[test]
    fn rules_run_together_give_what_each_gives_alone(e in election(), reverse in any::<bool>()) {
        let mut rules = Rule::ALL.to_vec();
        if reverse {
            rules.reverse();
        }
        // The same outcomes; only the MES run counts (a diagnostic) may differ, as the `+add1`
        // search splits its work between cores as it goes.
        for (rule, out) in rules.iter().zip(tally_each(&e, &rules)) {
            prop_assert_eq!(without_runs(out), without_runs(tally(&e, *rule)), "{}", rule);
        }
    }

    #[test]
    fn outcomes_do_not_depend_on_ballot_order(e in election(), shift in 0usize..12) {
        let other = reordered(&e, shift);
        for rule in Rule::ALL {
            prop_assert_eq!(tally(&e, rule).selected, tally(&other, rule).selected, "{}", rule);
        }
    }

    #[test]
    fn written_files_parse_back(e in election()) {
        let file = PbFile::from_election(e, vec![("description".into(), "a; \"b\"".into())]);
        let again = pabulib::parse(&pabulib::write(&file)).expect("parse written file");
        prop_assert_eq!(again.election(), file.election());
        prop_assert_eq!(again.meta_value("description"), Some("a; \"b\""));
    }
}
