//! Counting answers and their latencies, and reading percentiles off them.

use std::time::Duration;

/// What one client saw during one run: latencies of the successful calls,
/// and how many calls failed (refused by the server, or lost on the way).
#[derive(Clone, Debug, Default)]
pub struct Tally {
    /// Latency of every successful call, in microseconds.
    pub ok_micros: Vec<u64>,
    /// Answers that were not a success (wrong status, or an error redirect).
    pub refused: u64,
    /// Calls that got no answer (connection refused or reset, timeout).
    pub lost: u64,
    /// Clients that stopped for good at an outage (crash runs).
    pub retired: u64,
}

impl Tally {
    /// Records a successful call.
    pub fn ok(&mut self, latency: Duration) {
        self.ok_micros
            .push(u64::try_from(latency.as_micros()).unwrap_or(u64::MAX));
    }

    /// Adds another client's tally to this one.
    pub fn merge(&mut self, other: Tally) {
        self.ok_micros.extend(other.ok_micros);
        self.refused += other.refused;
        self.lost += other.lost;
        self.retired += other.retired;
    }

    /// The summary of a run that lasted `elapsed`.
    pub fn summary(mut self, elapsed: Duration) -> Summary {
        self.ok_micros.sort_unstable();
        let ok = self.ok_micros.len() as u64;
        Summary {
            ok,
            refused: self.refused,
            lost: self.lost,
            per_second: ok as f64 / elapsed.as_secs_f64().max(f64::EPSILON),
            p50: percentile(&self.ok_micros, 50.0).map(Duration::from_micros),
            p99: percentile(&self.ok_micros, 99.0).map(Duration::from_micros),
        }
    }
}

/// A run, summed up.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Successful calls.
    pub ok: u64,
    /// Answers that were not a success.
    pub refused: u64,
    /// Calls without an answer.
    pub lost: u64,
    /// Successful calls per second.
    pub per_second: f64,
    /// Median latency of the successful calls.
    pub p50: Option<Duration>,
    /// 99th percentile latency of the successful calls.
    pub p99: Option<Duration>,
}

/// The nearest-rank percentile `p` (0 < p ≤ 100) of `sorted` (ascending):
/// the smallest value that at least p% of the values do not exceed.
/// `None` for no values.
pub fn percentile(sorted: &[u64], p: f64) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&values, 50.0), Some(50));
        assert_eq!(percentile(&values, 99.0), Some(99));
        assert_eq!(percentile(&values, 100.0), Some(100));
        assert_eq!(percentile(&[7], 50.0), Some(7));
        assert_eq!(percentile(&[7], 99.0), Some(7));
        assert_eq!(percentile(&[1, 2, 3], 50.0), Some(2));
        assert_eq!(percentile(&[1, 2, 3, 4], 50.0), Some(2));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn the_tail_shows_in_p99_not_in_the_median() {
        let mut values = vec![10; 990];
        values.extend([1_000; 10]);
        values.sort_unstable();
        assert_eq!(percentile(&values, 50.0), Some(10));
        assert_eq!(percentile(&values, 99.0), Some(10));
        assert_eq!(percentile(&values, 99.5), Some(1_000));
    }

    #[test]
    fn summary_counts_only_successes_in_rate_and_latency() {
        let mut a = Tally::default();
        a.ok(Duration::from_millis(2));
        a.ok(Duration::from_millis(4));
        a.refused = 1;
        let mut b = Tally::default();
        b.ok(Duration::from_millis(3));
        b.lost = 2;
        a.merge(b);
        let summary = a.summary(Duration::from_secs(2));
        assert_eq!(summary.ok, 3);
        assert_eq!(summary.refused, 1);
        assert_eq!(summary.lost, 2);
        assert!((summary.per_second - 1.5).abs() < 1e-9);
        assert_eq!(summary.p50, Some(Duration::from_millis(3)));
        assert_eq!(summary.p99, Some(Duration::from_millis(4)));
    }
}
