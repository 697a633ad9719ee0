//! Limits on how often sign-in steps may be tried: per address typed (codes
//! sent, password attempts) and per client network, so that one machine
//! cannot spray codes or guesses across many addresses.

use chrono::{Duration, Utc};
use http::request::Parts;
use leptos::prelude::use_context;

use crate::error::AppError;
use crate::server::client_ip::{client_ip, limit_key};
use crate::server::db::rate_limits;
use crate::server::state::AppState;

/// Sign-in codes one client network may ask for within [`CLIENT_WINDOW`]:
/// generous, for a town hall or library where many residents sign in from
/// one connection.
pub const CODES_PER_CLIENT: u32 = 60;
/// Staff password attempts one client network may make within [`CLIENT_WINDOW`].
pub const PASSWORDS_PER_CLIENT: u32 = 30;
/// The window for the per-client limits.
pub const CLIENT_WINDOW: Duration = Duration::hours(1);

/// Counts one hit on `key` and refuses it past `max` within `window`.
///
/// # Errors
/// [`AppError::TooManyAttempts`] past the limit; [`AppError::Internal`] if
/// the database fails.
pub async fn hit(state: &AppState, key: &str, max: u32, window: Duration) -> Result<(), AppError> {
    let hits = rate_limits::record_hit(&state.db, key, window, Utc::now()).await?;
    if hits > max {
        tracing::warn!(key, hits, "rate limit reached");
        return Err(AppError::TooManyAttempts);
    }
    Ok(())
}

/// Counts one `action` by this request's client network and refuses it past
/// `max` within [`CLIENT_WINDOW`]. Requests that came through no socket
/// (in-process calls) have no client to count.
///
/// # Errors
/// As [`hit`].
pub async fn hit_by_client(state: &AppState, action: &str, max: u32) -> Result<(), AppError> {
    let Some(ip) =
        use_context::<Parts>().and_then(|parts| client_ip(&parts, &state.config.trusted_proxies))
    else {
        return Ok(());
    };
    hit(
        state,
        &format!("{action}-by:{}", limit_key(ip)),
        max,
        CLIENT_WINDOW,
    )
    .await
}
