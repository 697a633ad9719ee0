//! House-keeping: forgets what no longer serves (expired sign-in codes and
//! sessions, finished rate-limit windows), so these tables stay small.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr};

use super::db::{login_codes, rate_limits, sessions};

/// How long expired rows are kept before they are deleted (a day, to read
/// recent ones when looking into a problem).
pub const KEPT_AFTER_EXPIRY: Duration = Duration::days(1);

/// What one sweep deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Sign-in codes.
    pub codes: u64,
    /// Sessions.
    pub sessions: u64,
    /// Rate-limit counters.
    pub counters: u64,
}

/// Deletes the codes and sessions that expired, and the rate-limit windows
/// that started, more than [`KEPT_AFTER_EXPIRY`] before `now` (every window
/// is shorter than that).
///
/// # Errors
/// A [`DbErr`] if a delete fails.
#[tracing::instrument(skip(db))]
pub async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Swept, DbErr> {
    let cutoff = now - KEPT_AFTER_EXPIRY;
    Ok(Swept {
        codes: login_codes::delete_expired_before(db, cutoff).await?,
        sessions: sessions::delete_expired_before(db, cutoff).await?,
        counters: rate_limits::delete_started_before(db, cutoff).await?,
    })
}
