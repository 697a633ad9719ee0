//! The trivial request, for comparison: `GET /healthz` (one database ping)
//! as fast as the server answers, over keep-alive connections.

use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use crate::http::{Caller, Connection, Endpoint};
use crate::signin::forwarded_for;
use crate::stats::Tally;

/// Runs `clients` clients for `duration` against `endpoints` (client `k` on
/// endpoint `k` modulo their number); a success is a 200.
pub async fn run(endpoints: &[Endpoint], clients: usize, duration: Duration) -> (Tally, Duration) {
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = JoinSet::new();
    for k in 0..clients {
        let mut conn = Connection::new(endpoints[k % endpoints.len()].clone());
        let caller = Caller {
            forwarded_for: forwarded_for(60_000 + k),
            cookie: None,
        };
        tasks.spawn(async move {
            let mut tally = Tally::default();
            while Instant::now() < deadline {
                let sent_at = Instant::now();
                match conn.get("/healthz", &caller).await {
                    Ok(reply) if reply.status.is_success() => tally.ok(sent_at.elapsed()),
                    Ok(_) => tally.refused += 1,
                    Err(_) => {
                        tally.lost += 1;
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
            tally
        });
    }
    let mut tally = Tally::default();
    while let Some(joined) = tasks.join_next().await {
        if let Ok(client_tally) = joined {
            tally.merge(client_tally);
        }
    }
    (tally, started.elapsed())
}
