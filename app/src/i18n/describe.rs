//! Errors in words a citizen understands.

use super::{Lang, Texts, format_money};
use crate::domain::{
    ballot::BallotError, campaign::ScheduleError, money::MoneyError, proposal::ReviewError,
    text::TextError,
};
use crate::error::{AppError, Field, InputError};

/// The message for an error, in `lang`.
pub fn describe_error(error: &AppError, lang: Lang) -> String {
    let t = lang.texts();
    match error {
        AppError::Unauthenticated => t.error_unauthenticated.into(),
        AppError::Forbidden => t.error_forbidden.into(),
        AppError::NotFound => t.error_not_found.into(),
        AppError::Phase(_) => t.error_wrong_phase.into(),
        AppError::WrongCredentials => t.error_wrong_credentials.into(),
        AppError::WrongCode => t.error_wrong_code.into(),
        AppError::TooManyAttempts => t.error_too_many_attempts.into(),
        AppError::AlreadyExists => t.error_already_exists.into(),
        AppError::ResultsOutdated => t.error_results_outdated.into(),
        AppError::NotPublished => t.error_not_published.into(),
        AppError::Internal => t.error_internal.into(),
        AppError::Busy => t.error_busy.into(),
        AppError::MailUnavailable => t.error_mail_unavailable.into(),
        AppError::Network => t.error_network.into(),
        AppError::Input(input) => describe_input(input, lang),
    }
}

fn describe_input(error: &InputError, lang: Lang) -> String {
    let t = lang.texts();
    match error {
        InputError::Text(field, text) => {
            let field = match field {
                Field::Title => t.field_label_title,
                Field::Description => t.field_label_description,
                Field::Reason => t.field_label_reason,
                _ => t.field_label_other,
            };
            format!("{field}{}{}.", t.colon, describe_text(text, t))
        }
        InputError::Money(_, money) => describe_money(money, t).into(),
        InputError::Email(_) => t.error_email.into(),
        InputError::Date(_) => t.error_date.into(),
        InputError::Schedule(ScheduleError::VotingBeforeProposalsClose) => {
            t.error_schedule_order.into()
        }
        InputError::Schedule(ScheduleError::VotingClosesBeforeItOpens) => {
            t.error_schedule_close.into()
        }
        InputError::TimeZone => t.error_time_zone.into(),
        InputError::Rule => t.error_rule.into(),
        InputError::Review(ReviewError::UnknownDecision) => t.error_review_decision.into(),
        InputError::Review(ReviewError::Reason(_)) => t.error_review_reason.into(),
        InputError::Review(ReviewError::Cost(money)) => describe_money(money, t).into(),
        InputError::Ballot(BallotError::Empty) => t.error_ballot_empty.into(),
        InputError::Ballot(BallotError::UnknownProject(_)) => t.error_ballot_unknown.into(),
        InputError::Ballot(BallotError::OverBudget { total, budget }) => {
            format!(
                "{} {} > {}.",
                t.error_ballot_over_budget,
                format_money(lang, *total),
                format_money(lang, *budget)
            )
        }
        InputError::Malformed => t.error_malformed.into(),
    }
}

fn describe_text(error: &TextError, t: &'static Texts) -> String {
    match error {
        TextError::Empty => t.error_text_empty.to_lowercase(),
        TextError::TooLong { max } => {
            format!("{} (max. {max})", t.error_text_too_long.to_lowercase())
        }
        TextError::ControlCharacters => t.error_text_control.to_lowercase(),
    }
}

fn describe_money(error: &MoneyError, t: &'static Texts) -> &'static str {
    match error {
        MoneyError::Empty => t.error_money_empty,
        MoneyError::NotANumber => t.error_money_nan,
        MoneyError::TooPrecise => t.error_money_precise,
        MoneyError::NotPositive => t.error_money_positive,
        MoneyError::TooLarge => t.error_money_large,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Money;

    #[test]
    fn every_language_describes_errors() {
        let over = AppError::Input(InputError::Ballot(BallotError::OverBudget {
            total: Money::from_cents(150_000).expect("valid"),
            budget: Money::from_cents(100_000).expect("valid"),
        }));
        assert_eq!(
            describe_error(&over, Lang::En),
            "Your selection exceeds the budget: €1,500 > €1,000."
        );
        assert!(describe_error(&over, Lang::Fr).starts_with("Votre sélection dépasse le budget"));
        let empty_title = AppError::Input(InputError::Text(Field::Title, TextError::Empty));
        assert_eq!(
            describe_error(&empty_title, Lang::Fr),
            "Titre : ce champ est vide."
        );
    }
}
