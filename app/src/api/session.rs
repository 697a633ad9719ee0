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
/// after too many codes within the hour, [`AppError::MailUnavailable`] when
/// the mail relay fails.
#[server]
pub async fn request_sign_in_code(email: String, next: String) -> Result<(), AppError> {
    use crate::domain::email::Email;
    use crate::error::InputError;
    use crate::i18n::Lang;
    use crate::server::auth::{code, limits};
    use crate::server::{db::login_codes, mail::templates, state::AppState};
    use chrono::Utc;

    let state = AppState::current()?;
    let email = Email::parse(&email).map_err(InputError::Email)?;
    limits::hit_by_client(&state, "code", limits::CODES_PER_CLIENT).await?;
    let key = format!("code-sent:{}", email.as_str());
    limits::hit(
        &state,
        &key,
        code::MAX_CODES_PER_WINDOW,
        code::SENDING_WINDOW,
    )
    .await?;
    let now = Utc::now();
    let new_code = code::new_code();
    login_codes::record_code(
        &state.db,
        &email,
        code::hash_code(&state.secret, &email, &new_code),
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
        AppError::MailUnavailable
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
/// [`AppError::TooManyAttempts`] once a code was tried five times (right
/// or wrong: the limit holds however many guesses arrive at once).
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
    if !login_codes::record_attempt(&state.db, &pending, codes::MAX_ATTEMPTS, now).await? {
        return Err(AppError::TooManyAttempts);
    }
    if codes::hash_code(&state.secret, &email, &code) != pending.code_hash
        || !login_codes::consume(&state.db, &pending, now).await?
    {
        return Err(AppError::WrongCode);
    }
    let user = match users::find_by_email(&state.db, &email).await? {
        Some((user, _)) if user.role.is_staff() => return Err(AppError::Forbidden),
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
/// attempts for one address within a quarter of an hour without success.
#[server]
pub async fn sign_in_with_password(
    email: String,
    password: String,
    next: String,
) -> Result<(), AppError> {
    use crate::domain::email::Email;
    use crate::server::auth::{self, limits, password};
    use crate::server::{db::rate_limits, db::users, state::AppState};

    let state = AppState::current()?;
    // Every attempt is counted before the password is checked (so parallel
    // guesses cannot all pass the check); a success clears the address's count.
    limits::hit_by_client(&state, "password", limits::PASSWORDS_PER_CLIENT).await?;
    // Nothing is stored about an address that is not one.
    let email = Email::parse(&email).map_err(|_| AppError::WrongCredentials)?;
    let key = format!("password:{}", email.as_str());
    limits::hit(
        &state,
        &key,
        password::MAX_FAILURES,
        password::LOCKOUT_WINDOW,
    )
    .await?;
    let found = users::find_by_email(&state.db, &email).await?;
    let stored_hash = found.as_ref().and_then(|(_, hash)| hash.clone());
    let verified = password::verify_in_turn(&state.password_hashing, password, stored_hash).await?;
    let user = match found {
        Some((user, _)) if verified && user.role.is_staff() => user,
        _ => return Err(AppError::WrongCredentials),
    };
    rate_limits::forget(&state.db, &key).await?;
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
