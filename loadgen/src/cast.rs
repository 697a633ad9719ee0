//! Casting ballots: finding the campaign open for voting, choosing
//! selections that fit its budget, and the client loop that re-casts them
//! through the no-JavaScript form post of the cast-ballot server function.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use http::StatusCode;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use tokio::task::JoinSet;

use crate::html::{self, BallotForm};
use crate::http::{Caller, Connection, Endpoint};
use crate::journal::{Journal, Outcome};
use crate::signin::Citizen;
use crate::stats::Tally;

/// The path of a campaign's voting page.
pub fn vote_path(campaign: i64) -> String {
    format!("/campaigns/{campaign}/vote")
}

/// The campaign to vote in (`wanted`, else the first campaign linked from
/// the home page whose voting page has a ballot form) and its ballot form.
///
/// # Errors
/// A message if no campaign is open for voting.
pub async fn find_ballot(
    conn: &mut Connection,
    caller: &Caller,
    wanted: Option<i64>,
) -> Result<(i64, BallotForm), String> {
    let candidates = match wanted {
        Some(id) => vec![id],
        None => {
            let home = conn
                .get("/", caller)
                .await
                .map_err(|e| format!("GET /: {e}"))?;
            html::campaign_ids(&home.text())
        }
    };
    for campaign in candidates {
        let path = vote_path(campaign);
        let page = conn
            .get(&path, caller)
            .await
            .map_err(|e| format!("GET {path}: {e}"))?;
        if let Some(form) = html::ballot_form(&page.text()) {
            return Ok((campaign, form));
        }
    }
    Err(format!(
        "no campaign open for voting at {} (was `essaim demo` run?)",
        conn.endpoint().base()
    ))
}

/// A random non-empty selection of `items` (id, cost) whose total fits
/// `budget`, sorted, different from `previous` when the ballot allows it.
pub fn random_selection(
    rng: &mut impl Rng,
    items: &[(i64, i64)],
    budget: i64,
    previous: Option<&[i64]>,
) -> Vec<i64> {
    let mut order: Vec<(i64, i64)> = items.to_vec();
    let mut selection = Vec::new();
    for _ in 0..20 {
        order.shuffle(rng);
        selection.clear();
        let mut total = 0;
        for &(id, cost) in &order {
            if total + cost <= budget && (selection.is_empty() || rng.random_bool(0.5)) {
                selection.push(id);
                total += cost;
            }
        }
        selection.sort_unstable();
        if previous != Some(selection.as_slice()) {
            break;
        }
    }
    selection
}

/// The verdict on an answer to a no-JavaScript cast: a success is a
/// redirect to the voting page with `cast=1`; an error redirect carries
/// `__err=`; anything else is a failure. The reason has no spaces.
pub fn classify(status: StatusCode, location: Option<&str>) -> Outcome {
    match location {
        Some(to) if status.is_redirection() && to.contains("cast=1") && !to.contains("__err=") => {
            Outcome::Ack
        }
        Some(to) if status.is_redirection() && to.contains("__err=") => {
            Outcome::Refused(format!("{}-error-redirect", status.as_u16()))
        }
        _ => Outcome::Refused(status.as_u16().to_string()),
    }
}

/// What a casting run needs: where to post, what may be picked, when to
/// stop, and where to journal each cast (crash and two-server runs).
pub struct Plan {
    /// The servers; each client alternates between them, call after call.
    pub endpoints: Vec<Endpoint>,
    /// The campaign.
    pub campaign: i64,
    /// Its ballot form (action, items, budget).
    pub form: BallotForm,
    /// When to stop at the latest.
    pub duration: Duration,
    /// Set to stop earlier (e.g. a stop file appeared).
    pub stop: Arc<AtomicBool>,
    /// Where to journal each cast, if anywhere.
    pub journal: Option<Arc<Journal>>,
    /// Clients `0..retiring` stop for good at an outage (a cast without an
    /// answer after one with an answer): client `k` at its `k + 1`-th. Under
    /// repeated kills, one client's ballot is then left as each kill found
    /// it, for the check to judge; the others keep the load up.
    pub retiring: usize,
}

/// Runs one client per citizen, each re-casting its ballot as fast as the
/// server answers until the plan's end, over keep-alive connections.
/// Returns every client's tally merged and how long the run took.
pub async fn run_clients(plan: Arc<Plan>, citizens: &[Citizen]) -> (Tally, Duration) {
    let started = Instant::now();
    let deadline = started + plan.duration;
    let mut clients = JoinSet::new();
    for (k, citizen) in citizens.iter().cloned().enumerate() {
        let plan = plan.clone();
        clients.spawn(async move { client(&plan, k, &citizen, deadline).await });
    }
    let mut tally = Tally::default();
    while let Some(joined) = clients.join_next().await {
        // A panicking client (a bug) loses its tally; the others still count.
        if let Ok(client_tally) = joined {
            tally.merge(client_tally);
        }
    }
    (tally, started.elapsed())
}

async fn client(plan: &Plan, k: usize, citizen: &Citizen, deadline: Instant) -> Tally {
    let mut conns: Vec<Connection> = plan
        .endpoints
        .iter()
        .cloned()
        .map(Connection::new)
        .collect();
    let mut rng = StdRng::from_os_rng();
    let mut tally = Tally::default();
    let mut previous: Option<Vec<i64>> = None;
    let campaign = plan.campaign.to_string();
    let referer = vote_path(plan.campaign);
    let mut seq: u64 = 0;
    let mut outages = Outages::new((k < plan.retiring).then_some(k + 1));
    while Instant::now() < deadline && !plan.stop.load(Ordering::Relaxed) {
        seq += 1;
        let selection = random_selection(
            &mut rng,
            &plan.form.items,
            plan.form.budget,
            previous.as_deref(),
        );
        if let Some(journal) = &plan.journal {
            journal.sent(&citizen.email, seq, &selection);
        }
        let ids: Vec<String> = selection.iter().map(i64::to_string).collect();
        let mut fields = vec![("campaign_id", campaign.as_str())];
        fields.extend(ids.iter().map(|id| ("selection[]", id.as_str())));
        let count = conns.len();
        let conn = &mut conns[(k + seq as usize) % count];
        let sent_at = Instant::now();
        let answer = conn
            .post_form(&plan.form.action, &fields, &citizen.caller, &referer)
            .await;
        let outcome = match &answer {
            Ok(reply) => classify(reply.status, reply.location()),
            Err(_) => Outcome::Lost,
        };
        if let Some(journal) = &plan.journal {
            journal.answered(&citizen.email, seq, &outcome);
        }
        let retire = outages.answer(outcome != Outcome::Lost);
        match outcome {
            Outcome::Ack => {
                tally.ok(sent_at.elapsed());
                previous = Some(selection);
            }
            Outcome::Refused(_) => tally.refused += 1,
            Outcome::Lost => {
                tally.lost += 1;
                if retire {
                    tally.retired = 1;
                    break;
                }
                // The server is down or restarting: do not spin.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    tally
}

/// Counts a client's outages: runs of calls without an answer, each
/// begun after a call with one (or at the start).
struct Outages {
    seen: usize,
    last_answered: bool,
    retire_at: Option<usize>,
}

impl Outages {
    fn new(retire_at: Option<usize>) -> Self {
        Outages {
            seen: 0,
            last_answered: true,
            retire_at,
        }
    }

    /// Records whether a call got an answer; true when this call begins
    /// the outage the client retires at.
    fn answer(&mut self, answered: bool) -> bool {
        let begins = !answered && self.last_answered;
        self.last_answered = answered;
        if begins {
            self.seen += 1;
        }
        begins && self.retire_at == Some(self.seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEMS: &[(i64, i64)] = &[(1, 18_000), (2, 120_000), (3, 24_000), (4, 68_000)];

    #[test]
    fn selections_fit_the_budget_and_change() {
        let mut rng = rand::rng();
        let mut previous: Option<Vec<i64>> = None;
        for _ in 0..500 {
            let selection = random_selection(&mut rng, ITEMS, 150_000, previous.as_deref());
            assert!(!selection.is_empty());
            assert!(selection.is_sorted());
            let total: i64 = ITEMS
                .iter()
                .filter(|(id, _)| selection.contains(id))
                .map(|(_, cost)| cost)
                .sum();
            assert!(total <= 150_000, "{selection:?} costs {total}");
            assert_ne!(previous.as_ref(), Some(&selection));
            previous = Some(selection);
        }
    }

    #[test]
    fn a_client_retires_at_the_start_of_its_outage() {
        let mut outages = Outages::new(Some(2));
        let calls = [true, false, false, true, true, false, false];
        let retire: Vec<bool> = calls.iter().map(|&a| outages.answer(a)).collect();
        assert_eq!(retire, [false, false, false, false, false, true, false]);
        let mut never = Outages::new(None);
        assert!(calls.iter().all(|&a| !never.answer(a)));
    }

    #[test]
    fn a_redirect_to_cast_1_is_the_only_success() {
        let found = StatusCode::FOUND;
        assert_eq!(
            classify(found, Some("/campaigns/2/vote?cast=1")),
            Outcome::Ack
        );
        assert_eq!(
            classify(StatusCode::SEE_OTHER, Some("/campaigns/2/vote?cast=1")),
            Outcome::Ack
        );
        assert_eq!(
            classify(found, Some("/campaigns/2/vote?__err=eyJ9&cast=1")),
            Outcome::Refused("302-error-redirect".into())
        );
        assert_eq!(
            classify(found, Some("/signin?next=/campaigns/2/vote")),
            Outcome::Refused("302".into())
        );
        assert_eq!(
            classify(StatusCode::OK, None),
            Outcome::Refused("200".into())
        );
        assert_eq!(
            classify(StatusCode::INTERNAL_SERVER_ERROR, None),
            Outcome::Refused("500".into())
        );
    }
}
