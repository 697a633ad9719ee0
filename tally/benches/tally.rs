//! Parse + every rule on the large pabulib files.
//!
//! `cargo bench --bench tally -- --warm-up-time 1 --measurement-time 3` runs criterion on
//! parsing and on every rule; a `+add1` rule slower than half a second on its first run (none
//! on the 2-core development machine since the fourteenth speed-up pass, see BENCHMARKS.md) is
//! timed once instead (criterion needs at least 10 samples) and printed at the end. Data:
//! `testdata/pabulib/`, or `$ESSAIM_PABULIB_DIR` (see `tests/common`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use essaim_tally::pabulib;
use essaim_tally::{Election, Rule, tally};

#[path = "../tests/common/mod.rs"]
mod common;

/// The allocator of the `essaim` binary, so that the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The six large files of the issue, then the two mid-sized ones where `+add1` needs the most
/// MES runs per voter.
const FILES: [&str; 8] = [
    "Poland_Lodz_2022.pb",
    "Poland_Warszawa_2026.pb",
    "Hungary_Budapest_2024.pb",
    "Poland_Wroclaw_2015_150_-_500.pb",
    "Poland_Krakow_2024.pb",
    "Poland_Katowice_2023.pb",
    "France_Toulouse_2024.pb",
    "Poland_Warszawa_2023_Mokotow.pb",
];

fn is_add1(rule: Rule) -> bool {
    rule.name().contains("+add1")
}

fn main() {
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut one_shot: Vec<(String, Rule, Duration, u64, u64)> = Vec::new();
    for name in FILES {
        let text = common::read(name);
        let short = name.trim_end_matches(".pb");
        criterion.bench_function(&format!("{short}/parse"), |b| {
            b.iter(|| pabulib::parse(black_box(&text)))
        });
        let Ok(file) = pabulib::parse(&text) else {
            continue;
        };
        let election: &Election = file.election();
        for rule in Rule::ALL {
            if !rule.applies_to(election.vote_type()) {
                continue;
            }
            // Time once first: anything slower than 0.5 s is not sampled by criterion.
            let start = Instant::now();
            let out = tally(election, rule);
            let took = start.elapsed();
            if is_add1(rule) && took > Duration::from_millis(500) {
                let (inc, runs) = out.mes_budget.map_or((0, 0), |b| (b.increments, b.runs));
                one_shot.push((short.to_string(), rule, took, inc, runs));
                continue;
            }
            criterion.bench_function(&format!("{short}/{}", rule.name()), |b| {
                b.iter(|| tally(black_box(election), rule))
            });
        }
    }
    criterion.final_summary();
    if !one_shot.is_empty() {
        println!("\nTimed once (too slow for criterion's 10 samples):");
        for (file, rule, took, inc, runs) in one_shot {
            println!(
                "{file:<34} {:<26} {:>9.3} s   (+{inc} increments, {runs} MES runs)",
                rule.name(),
                took.as_secs_f64()
            );
        }
    }
}
