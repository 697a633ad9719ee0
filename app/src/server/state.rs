//! The application state, built once at start-up and given to every
//! request (pages and server functions) through the Leptos context.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;
use sea_orm::DatabaseConnection;

use super::ballot_box::BallotBox;
use super::config::Config;
use super::count_cache::CountCache;
use super::mail::Mailer;
use super::secret::ServerSecret;
use crate::error::AppError;
use essaim_tally::Outcome;

/// Shared by every request. Cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// Where mail goes.
    pub mailer: Mailer,
    /// Where ballots are cast (one writer, batched commits).
    pub ballot_box: BallotBox,
    /// Keys the hashes of sign-in codes.
    pub secret: ServerSecret,
    /// Bounds how many password hashes are computed at once (each takes
    /// 19 MiB and a core for tens of milliseconds).
    pub password_hashing: Arc<tokio::sync::Semaphore>,
    /// The validated configuration.
    pub config: Arc<Config>,
    /// Leptos' own options (site root, output name).
    pub leptos_options: LeptosOptions,
    /// Every approval rule's outcome, per counted input (the officials'
    /// comparison page).
    pub comparisons: CountCache<Vec<Outcome>>,
}

impl AppState {
    /// The state of the current request.
    ///
    /// # Errors
    /// [`AppError::Internal`] if the server was wired without it (a bug).
    pub fn current() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the request context");
            AppError::Internal
        })
    }
}
