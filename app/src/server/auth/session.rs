//! The session cookie: a random token in the browser, its SHA-256 in the
//! database; `HttpOnly`, `SameSite=Lax` (cross-site form posts carry no
//! cookie), `Secure` when served over https.

use chrono::{Duration, Utc};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::domain::ids::MunicipalityId;
use crate::error::AppError;
use crate::server::db::{sessions, users::User};
use crate::server::state::AppState;

const COOKIE_NAME: &str = "essaim_session";
const LIFETIME: Duration = Duration::days(30);

fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn token_from_request() -> Option<String> {
    let parts = use_context::<Parts>()?;
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_owned())
}

fn set_cookie(value: &str) -> Result<(), AppError> {
    let response = use_context::<ResponseOptions>().ok_or(AppError::Internal)?;
    let header = HeaderValue::from_str(value).map_err(|_| AppError::Internal)?;
    response.append_header(SET_COOKIE, header);
    Ok(())
}

fn cookie(state: &AppState, value: &str, max_age_seconds: i64) -> String {
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    )
}

/// The signed-in user of this request, if any.
///
/// # Errors
/// [`AppError::Internal`] if the database fails.
pub async fn current_user(state: &AppState) -> Result<Option<User>, AppError> {
    let Some(token) = token_from_request() else {
        return Ok(None);
    };
    Ok(sessions::find_user_by_token_hash(&state.db, &hash_token(&token), Utc::now()).await?)
}

/// The signed-in user.
///
/// # Errors
/// [`AppError::Unauthenticated`] when nobody is signed in.
pub async fn require_user(state: &AppState) -> Result<User, AppError> {
    current_user(state).await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in citizen: staff accounts do not vote or propose (staff
/// take part as citizens, with their own address).
///
/// # Errors
/// [`AppError::Unauthenticated`] or [`AppError::Forbidden`].
pub async fn require_citizen(state: &AppState) -> Result<User, AppError> {
    let user = require_user(state).await?;
    if user.role.is_staff() {
        Err(AppError::Forbidden)
    } else {
        Ok(user)
    }
}

/// The signed-in staff member who runs `municipality`'s campaigns: one of
/// its officials, or an administrator. Every staff action checks this.
///
/// # Errors
/// [`AppError::Unauthenticated`] or [`AppError::Forbidden`].
pub async fn require_staff_of(
    state: &AppState,
    municipality: MunicipalityId,
) -> Result<User, AppError> {
    let user = require_user(state).await?;
    if user.role.runs(municipality) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in administrator.
///
/// # Errors
/// [`AppError::Unauthenticated`] or [`AppError::Forbidden`].
pub async fn require_admin(state: &AppState) -> Result<User, AppError> {
    let user = require_user(state).await?;
    if user.role.can_administer() {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Signs `user` in: records a new session and sets its cookie.
///
/// # Errors
/// [`AppError::Internal`] if the session cannot be stored.
pub async fn start_session(state: &AppState, user: &User) -> Result<(), AppError> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let now = Utc::now();
    sessions::create_session(&state.db, user.id, hash_token(&token), now, now + LIFETIME).await?;
    set_cookie(&cookie(state, &token, LIFETIME.num_seconds()))
}

/// Signs out: forgets the session and clears the cookie.
///
/// # Errors
/// [`AppError::Internal`] if the database fails.
pub async fn sign_out(state: &AppState) -> Result<(), AppError> {
    if let Some(token) = token_from_request() {
        sessions::delete_by_token_hash(&state.db, &hash_token(&token)).await?;
    }
    set_cookie(&cookie(state, "", 0))
}
