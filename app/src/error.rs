//! `AppError`: the one error type that crosses the wire.
//!
//! It says what went wrong in terms a page can translate for the person in
//! front of it, and nothing more: a database error is logged on the server
//! with its full cause chain and reaches the browser as [`AppError::Internal`].

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::{
    ballot::BallotError, campaign::PhaseError, campaign::ScheduleError, email::EmailError,
    money::MoneyError, proposal::ReviewError, text::TextError,
};

/// A form field, to attach an input error to what the person typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    /// An email address.
    Email,
    /// A sign-in code.
    Code,
    /// A password.
    Password,
    /// A name or title.
    Title,
    /// A description.
    Description,
    /// An amount of money.
    Amount,
    /// A date and time.
    Date,
    /// A time zone.
    TimeZone,
    /// A tally rule.
    Rule,
    /// A reason.
    Reason,
}

/// Something the person typed that cannot be accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum InputError {
    /// A text field.
    #[error("{0:?}: {1}")]
    Text(Field, TextError),
    /// An amount.
    #[error("{0:?}: {1}")]
    Money(Field, MoneyError),
    /// An email address.
    #[error("{0}")]
    Email(EmailError),
    /// A date that is not a date.
    #[error("{0:?}: not a date")]
    Date(Field),
    /// Dates out of order.
    #[error("{0}")]
    Schedule(ScheduleError),
    /// A time zone that does not exist.
    #[error("unknown time zone")]
    TimeZone,
    /// A tally rule that does not exist.
    #[error("unknown rule")]
    Rule,
    /// A review decision.
    #[error("{0}")]
    Review(ReviewError),
    /// A ballot.
    #[error("{0}")]
    Ballot(BallotError),
    /// A field missing from the form or of the wrong type.
    #[error("the form is incomplete")]
    Malformed,
}

/// Why a request failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The person must sign in first.
    #[error("sign-in required")]
    Unauthenticated,
    /// Signed in, but not allowed to do this.
    #[error("not allowed")]
    Forbidden,
    /// The thing asked for does not exist (or is not visible to this person).
    #[error("not found")]
    NotFound,
    /// The input cannot be accepted.
    #[error("invalid input: {0}")]
    Input(InputError),
    /// The campaign's phase does not allow this now.
    #[error("{0}")]
    Phase(PhaseError),
    /// Email or password wrong (deliberately not saying which).
    #[error("wrong email or password")]
    WrongCredentials,
    /// The sign-in code is wrong, expired or used up.
    #[error("wrong or expired code")]
    WrongCode,
    /// Too many attempts: wait before trying again.
    #[error("too many attempts")]
    TooManyAttempts,
    /// The same thing exists already (e.g. a municipality name).
    #[error("already exists")]
    AlreadyExists,
    /// The results are not published yet.
    #[error("results not published")]
    NotPublished,
    /// The ballots or the rule changed since the results were computed.
    #[error("results are out of date")]
    ResultsOutdated,
    /// Mail cannot be sent right now (the relay is down): nothing was
    /// mailed; try again later.
    #[error("mail unavailable")]
    MailUnavailable,
    /// The server is too busy right now: try again in a moment.
    #[error("server busy")]
    Busy,
    /// The server failed; the cause is in its log, not here.
    #[error("internal error")]
    Internal,
    /// The request did not reach the server or its answer was unreadable.
    #[error("network error")]
    Network,
}

impl AppError {
    /// The HTTP status that goes with the error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound | AppError::NotPublished => 404,
            AppError::Input(_) => 400,
            AppError::Phase(_) | AppError::AlreadyExists | AppError::ResultsOutdated => 409,
            AppError::WrongCredentials | AppError::WrongCode => 401,
            AppError::TooManyAttempts => 429,
            AppError::Internal => 500,
            AppError::Busy | AppError::MailUnavailable => 503,
            AppError::Network => 502,
        }
    }
}

impl From<InputError> for AppError {
    fn from(error: InputError) -> Self {
        AppError::Input(error)
    }
}

impl From<PhaseError> for AppError {
    fn from(error: PhaseError) -> Self {
        AppError::Phase(error)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::Input(InputError::Malformed)
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Network,
            _ => AppError::Internal,
        }
    }
}

/// Server-side conversions: log the real cause, answer a safe error.
#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;

    impl From<sea_orm::DbErr> for AppError {
        fn from(error: sea_orm::DbErr) -> Self {
            tracing::error!(error = %error, cause = ?std::error::Error::source(&error), "database error");
            AppError::Internal
        }
    }

    impl<E: std::error::Error> From<sea_orm::TransactionError<E>> for AppError
    where
        AppError: From<E>,
    {
        fn from(error: sea_orm::TransactionError<E>) -> Self {
            match error {
                sea_orm::TransactionError::Connection(error) => error.into(),
                sea_orm::TransactionError::Transaction(error) => error.into(),
            }
        }
    }
}
