//! The ballot box: one task writes the ballots that many requests cast, a
//! batch per transaction (group commit), and answers each request once its
//! ballot is durably stored.
//!
//! Why: on SQLite every writer waits for the one write lock, and a request
//! that finds it taken sleeps in SQLite's busy handler; on both databases
//! each commit costs a sync to disk. One writer that takes whatever ballots
//! are waiting, checks the campaign's phase once per batch inside the
//! transaction, and commits them together, pays one lock and one sync for
//! the batch. Durability is not weakened: no request hears "cast" before
//! the commit that stores its ballot.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::{mpsc, oneshot};

use super::db::ballots::{self, NewBallot};
use super::db::{self, campaigns, campaigns::Hold};
use crate::domain::ballot::ApprovalBallot;
use crate::domain::campaign::Phase;
use crate::domain::ids::{CampaignId, UserId};
use crate::error::AppError;

/// Ballots waiting for the writer at most; past that, casting answers
/// [`AppError::Busy`] at once rather than queueing without end.
pub const QUEUE: usize = 4096;
/// Ballots written in one transaction at most.
pub const MAX_BATCH: usize = 256;

/// One ballot to write, and where to send the answer.
struct Cast {
    campaign: CampaignId,
    voter: UserId,
    ballot: ApprovalBallot,
    answer: oneshot::Sender<Result<DateTime<Utc>, AppError>>,
}

/// The handle requests cast through. Cheap to clone.
#[derive(Clone, Debug)]
pub struct BallotBox {
    queue: mpsc::Sender<Cast>,
}

impl BallotBox {
    /// Starts the writer task on the current Tokio runtime.
    pub fn start(db: DatabaseConnection) -> Self {
        let (queue, waiting) = mpsc::channel(QUEUE);
        tokio::spawn(write_forever(db, waiting));
        BallotBox { queue }
    }

    /// Casts `voter`'s ballot (replacing any earlier one) if voting is open
    /// when it is written; returns when it was stored.
    ///
    /// # Errors
    /// [`AppError::Phase`] if voting is not open, [`AppError::NotFound`] for
    /// an unknown campaign, [`AppError::Busy`] when too many ballots are
    /// waiting, [`AppError::Internal`] if the database failed (then the
    /// ballot is not stored).
    pub async fn cast(
        &self,
        campaign: CampaignId,
        voter: UserId,
        ballot: ApprovalBallot,
    ) -> Result<DateTime<Utc>, AppError> {
        let (answer, stored) = oneshot::channel();
        let cast = Cast {
            campaign,
            voter,
            ballot,
            answer,
        };
        self.queue.try_send(cast).map_err(|error| match error {
            mpsc::error::TrySendError::Full(_) => AppError::Busy,
            mpsc::error::TrySendError::Closed(_) => AppError::Internal,
        })?;
        stored.await.map_err(|_| AppError::Internal)?
    }
}

async fn write_forever(db: DatabaseConnection, mut waiting: mpsc::Receiver<Cast>) {
    while let Some(first) = waiting.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match waiting.try_recv() {
                Ok(cast) => batch.push(cast),
                Err(_) => break,
            }
        }
        write_batch(&db, batch).await;
    }
}

#[tracing::instrument(skip_all, fields(ballots = batch.len()))]
async fn write_batch(db: &DatabaseConnection, batch: Vec<Cast>) {
    let answers = match store(db, &batch).await {
        Ok(answers) => answers,
        Err(error) => {
            tracing::error!(%error, "ballot batch not stored");
            // One ballot must not sink the others: each alone, in turn.
            let mut answers = Vec::with_capacity(batch.len());
            for cast in &batch {
                let alone = match batch.len() {
                    1 => None,
                    _ => store(db, std::slice::from_ref(cast)).await.ok(),
                };
                answers.push(alone.map_or(Err(AppError::Internal), |mut one| one.remove(0)));
            }
            answers
        }
    };
    for (cast, answer) in batch.into_iter().zip(answers) {
        // The request may have gone (client hung up): nothing to tell.
        let _ = cast.answer.send(answer);
    }
}

/// Writes the batch in one transaction: checks each campaign's phase once,
/// then stores the last ballot each voter sent (an earlier one in the same
/// batch is replaced within the same commit, as if it had come just before).
async fn store(
    db: &DatabaseConnection,
    batch: &[Cast],
) -> Result<Vec<Result<DateTime<Utc>, AppError>>, DbErr> {
    let txn = db::begin_write(db).await?;
    let now = Utc::now();
    let mut open: HashMap<CampaignId, Result<(), AppError>> = HashMap::new();
    for cast in batch {
        if let Entry::Vacant(slot) = open.entry(cast.campaign) {
            let accepting = campaigns::hold_campaign(&txn, cast.campaign, Hold::Shared)
                .await?
                .ok_or(AppError::NotFound)
                .and_then(|campaign| {
                    let phase = campaign.phase(now);
                    phase
                        .require(Phase::accepts_ballots)
                        .map_err(AppError::from)
                });
            slot.insert(accepting);
        }
    }
    let mut latest: HashMap<(CampaignId, UserId), &ApprovalBallot> = HashMap::new();
    for cast in batch.iter().filter(|cast| open[&cast.campaign].is_ok()) {
        latest.insert((cast.campaign, cast.voter), &cast.ballot);
    }
    let ballots: Vec<NewBallot<'_>> = latest
        .into_iter()
        .map(|((campaign, voter), ballot)| NewBallot {
            campaign,
            voter,
            ballot,
        })
        .collect();
    ballots::record_ballots(&txn, &ballots, now).await?;
    txn.commit().await?;
    Ok(batch
        .iter()
        .map(|cast| open[&cast.campaign].clone().map(|()| now))
        .collect())
}
