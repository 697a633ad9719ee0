//! Signing in and out: email codes for citizens, passwords for staff.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::role::Role;
use crate::error::AppError;

/// The signed-in person, as the header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    /// Their email address.
    pub email: String,
    /// What they may do.
    pub role: Role,
}

/// Who is signed in, if anyone.
///
/// # Errors
/// [`AppError::Internal`] if the database fails.
#[server]
pub async fn get_viewer() -> Result<Option<Viewer>, AppError> {
    use crate::server::{auth, state::AppState};
    let state = AppState::current()?;
    Ok(auth::current_user(&state).await?.map(|user| Viewer {
        email: user.email.as_str().to_owned(),
        role: user.role,
    }))
}

/// Mails a one-time sign-in code to `email`, then shows the code form.
///
/// # Errors
/// [`AppError::Input`] for a malformed address, [`AppError::TooManyAttempts`]
/// after too many codes within the hour.
#[server]
pub async fn request_sign_in_code(email: String, next: String) -> Result<(), AppError> {
    use crate::domain::email::Email;
    use crate::error::InputError;
    use crate::i18n::Lang;
    use crate::server::{auth::code, db::login_codes, mail::templates, state::AppState};
    use chrono::Utc;

    let state = AppState::current()?;
    let email = Email::parse(&email).map_err(InputError::Email)?;
    let now = Utc::now();
    let recent =
        login_codes::count_sent_since(&state.db, &email, now - code::SENDING_WINDOW).await?;
    if recent >= code::MAX_CODES_PER_WINDOW {
        return Err(AppError::TooManyAttempts);
    }
    let new_code = code::new_code();
    login_codes::record_code(
        &state.db,
        &email,
        code::hash_code(&email, &new_code),
        now,
        now + code::VALIDITY,
    )
    .await?;
    let mail = templates::sign_in_code(
        &email,
        &new_code,
        Lang::from_request(),
        &state.config.public_url,
    );
    state.mailer.send(mail).await.map_err(|error| {
        tracing::error!(%error, "sign-in code not sent");
        AppError::Internal
    })?;
    leptos_axum::redirect(&format!(
        "/signin/code?email={}&next={}",
        crate::url::encode(email.as_str()),
        crate::url::encode(&crate::url::safe_next(&next))
    ));
    Ok(())
}

/// Checks a sign-in code; on success signs the person in (creating their
/// citizen account on first use) and goes to `next`.
///
/// # Errors
/// [`AppError::WrongCode`] for a wrong, expired or used code;
/// [`AppError::TooManyAttempts`] after five wrong tries.
#[server]
pub async fn verify_sign_in_code(
    email: String,
    code: String,
    next: String,
) -> Result<(), AppError> {
    use crate::domain::email::Email;
    use crate::error::InputError;
    use crate::server::{auth, auth::code as codes, db::login_codes, db::users, state::AppState};
    use chrono::Utc;

    let state = AppState::current()?;
    let email = Email::parse(&email).map_err(InputError::Email)?;
    let now = Utc::now();
    let pending = login_codes::find_pending(&state.db, &email, now)
        .await?
        .ok_or(AppError::WrongCode)?;
    if pending.attempts >= codes::MAX_ATTEMPTS {
        return Err(AppError::TooManyAttempts);
    }
    if codes::hash_code(&email, &code) != pending.code_hash {
        login_codes::record_wrong_attempt(&state.db, &pending).await?;
        return Err(AppError::WrongCode);
    }
    login_codes::consume(&state.db, &pending, now).await?;
    let user = match users::find_by_email(&state.db, &email).await? {
        Some((user, _)) if user.role.can_run_campaigns() => return Err(AppError::Forbidden),
        Some((user, _)) => user,
        None => users::create_user(&state.db, &email, Role::Citizen, None, now).await?,
    };
    auth::start_session(&state, &user).await?;
    leptos_axum::redirect(&crate::url::safe_next(&next));
    Ok(())
}

/// Signs in an official or administrator with their password.
///
/// # Errors
/// [`AppError::WrongCredentials`], saying neither which part was wrong nor
/// whether the account exists; [`AppError::TooManyAttempts`] after ten
/// failures for one address within a quarter of an hour.
#[server]
pub async fn sign_in_with_password(
    email: String,
    password: String,
    next: String,
) -> Result<(), AppError> {
    use crate::domain::email::Email;
    use crate::server::{auth, auth::password, db::sign_in_failures, db::users, state::AppState};

    let state = AppState::current()?;
    let now = chrono::Utc::now();
    // Only a well-formed address can name an account, so only such an
    // address is counted and recorded: the raw text (any length, NUL bytes
    // that PostgreSQL refuses) never reaches the database.
    let email = Email::parse(&email).ok();
    if let Some(email) = &email {
        let recent_failures = sign_in_failures::count_failures_since(
            &state.db,
            email.as_str(),
            now - password::LOCKOUT_WINDOW,
        )
        .await?;
        if recent_failures >= password::MAX_FAILURES {
            return Err(AppError::TooManyAttempts);
        }
    }
    let found = match &email {
        Some(email) => users::find_by_email(&state.db, email).await?,
        None => None,
    };
    let stored_hash = found.as_ref().and_then(|(_, hash)| hash.clone());
    let verified = tokio::task::spawn_blocking(move || {
        password::verify_password(&password, stored_hash.as_deref())
    })
    .await
    .map_err(|_| AppError::Internal)?;
    let user = match found {
        Some((user, _)) if verified && user.role.can_run_campaigns() => user,
        _ => {
            if let Some(email) = &email {
                sign_in_failures::record_failure(&state.db, email.as_str(), now).await?;
            }
            return Err(AppError::WrongCredentials);
        }
    };
    auth::start_session(&state, &user).await?;
    leptos_axum::redirect(&crate::url::safe_next(&next));
    Ok(())
}

/// Signs out and goes home.
///
/// # Errors
/// [`AppError::Internal`] if the database fails.
#[server]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::{auth, state::AppState};
    let state = AppState::current()?;
    auth::sign_out(&state).await?;
    leptos_axum::redirect("/");
    Ok(())
}
