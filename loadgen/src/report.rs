//! The benchmark's report: markdown tables on standard output.

use std::fmt;
use std::time::Duration;

use crate::rawdb::RawRate;
use crate::stats::Summary;

/// Everything one benchmark run measured.
pub struct Report {
    /// What was measured, e.g. `sqlite, campaign 2, 10 s per level`.
    pub title: String,
    /// Casting: clients and their summary, per level.
    pub levels: Vec<(usize, Summary)>,
    /// `GET /healthz`: clients and summary.
    pub healthz: Option<(usize, Summary)>,
    /// The raw commit rates.
    pub raw: Vec<RawRate>,
}

fn ms(latency: Option<Duration>) -> String {
    latency.map_or_else(
        || "–".to_owned(),
        |d| format!("{:.1} ms", d.as_secs_f64() * 1_000.0),
    )
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "### {}", self.title)?;
        writeln!(f)?;
        writeln!(
            f,
            "| clients | ballots/s | p50 | p99 | failed (refused / no answer) |"
        )?;
        writeln!(f, "|---:|---:|---:|---:|---:|")?;
        for (clients, s) in &self.levels {
            writeln!(
                f,
                "| {clients} | {:.0} | {} | {} | {} / {} |",
                s.per_second,
                ms(s.p50),
                ms(s.p99),
                s.refused,
                s.lost
            )?;
        }
        if let Some((clients, s)) = &self.healthz {
            writeln!(f)?;
            writeln!(
                f,
                "`GET /healthz`, {clients} clients: {:.0} requests/s, p50 {}, p99 {}, failed {} / {}",
                s.per_second,
                ms(s.p50),
                ms(s.p99),
                s.refused,
                s.lost
            )?;
        }
        if !self.raw.is_empty() {
            writeln!(f)?;
            writeln!(
                f,
                "| raw writes, same database | tasks | commits/s | ballots/s | commit p50 | p99 | errors |"
            )?;
            writeln!(f, "|---|---:|---:|---:|---:|---:|---:|")?;
            for rate in &self.raw {
                let what = if rate.batch == 1 {
                    "1 ballot per transaction".to_owned()
                } else {
                    format!("{} ballots per transaction", rate.batch)
                };
                writeln!(
                    f,
                    "| {what} | {} | {:.0} | {:.0} | {} | {} | {} |",
                    rate.tasks,
                    rate.commits.per_second,
                    rate.ballots_per_second(),
                    ms(rate.commits.p50),
                    ms(rate.commits.p99),
                    rate.commits.refused
                )?;
            }
            for rate in &self.raw {
                if let Some(error) = &rate.first_error {
                    writeln!(
                        f,
                        "\nFirst error, {} per transaction: `{error}`",
                        rate.batch
                    )?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(per_second: f64) -> Summary {
        Summary {
            ok: 10,
            refused: 1,
            lost: 0,
            per_second,
            p50: Some(Duration::from_micros(2_340)),
            p99: None,
        }
    }

    #[test]
    fn renders_markdown_tables() {
        let report = Report {
            title: "sqlite".into(),
            levels: vec![(10, summary(812.4))],
            healthz: Some((50, summary(9_000.0))),
            raw: vec![RawRate {
                batch: 50,
                tasks: 50,
                commits: summary(20.0),
                first_error: Some("database is locked".into()),
            }],
        };
        let text = report.to_string();
        assert!(text.contains("| 10 | 812 | 2.3 ms | – | 1 / 0 |"), "{text}");
        assert!(text.contains("50 clients: 9000 requests/s"), "{text}");
        assert!(
            text.contains("| 50 ballots per transaction | 50 | 20 | 1000 | 2.3 ms | – | 1 |"),
            "{text}"
        );
        assert!(
            text.contains("First error, 50 per transaction: `database is locked`"),
            "{text}"
        );
    }
}
