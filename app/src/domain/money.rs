//! Amounts of money in integer cents: never floating point.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest amount Essaim accepts: 100 billion (in cents), far above any
/// municipal budget, and far enough below `i64::MAX` that sums of thousands
/// of amounts cannot overflow.
pub const MAX_CENTS: i64 = 10_000_000_000_000;

/// A non-negative amount of money, in cents of the campaign's currency.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

/// Why a typed amount was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum MoneyError {
    /// Nothing was typed.
    #[error("the amount is empty")]
    Empty,
    /// Not a number such as `1500`, `1 500` or `1500,50`.
    #[error("the amount is not a number")]
    NotANumber,
    /// More than two digits after the decimal separator.
    #[error("the amount has more than two decimals")]
    TooPrecise,
    /// Zero where a positive amount is needed.
    #[error("the amount must be greater than zero")]
    NotPositive,
    /// Above [`MAX_CENTS`].
    #[error("the amount is too large")]
    TooLarge,
}

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// An amount from cents.
    ///
    /// # Errors
    /// [`MoneyError::NotPositive`] below zero, [`MoneyError::TooLarge`] above [`MAX_CENTS`].
    pub fn from_cents(cents: i64) -> Result<Self, MoneyError> {
        if cents < 0 {
            Err(MoneyError::NotPositive)
        } else if cents > MAX_CENTS {
            Err(MoneyError::TooLarge)
        } else {
            Ok(Money(cents))
        }
    }

    /// An amount from cents, clamped into `0..=MAX_CENTS` (for reporting a
    /// sum that went out of range).
    pub fn clamped(cents: i64) -> Self {
        Money(cents.clamp(0, MAX_CENTS))
    }

    /// Parses an amount typed by a person, in currency units: `1500`,
    /// `1 500`, `1500,5`, `1500.50`, `1 500,00 €`. Spaces (also non-breaking)
    /// and apostrophes group thousands; `,` or `.` separates the cents.
    ///
    /// # Errors
    /// A [`MoneyError`] saying what is wrong with the text.
    pub fn parse(raw: &str) -> Result<Self, MoneyError> {
        let cleaned: String = raw
            .trim()
            .trim_end_matches('€')
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
            .collect();
        if cleaned.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (units, fraction) = match cleaned.split_once([',', '.']) {
            Some((units, fraction)) => (units, fraction),
            None => (cleaned.as_str(), ""),
        };
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if units.is_empty() || !all_digits(units) || !all_digits(fraction) {
            return Err(MoneyError::NotANumber);
        }
        if fraction.len() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        let units: i64 = units.parse().map_err(|_| MoneyError::TooLarge)?;
        let cents: i64 = format!("{fraction:0<2}")
            .parse()
            .map_err(|_| MoneyError::NotANumber)?;
        let total = units
            .checked_mul(100)
            .and_then(|u| u.checked_add(cents))
            .ok_or(MoneyError::TooLarge)?;
        Money::from_cents(total)
    }

    /// Like [`Money::parse`], refusing zero.
    ///
    /// # Errors
    /// As [`Money::parse`], plus [`MoneyError::NotPositive`] for zero.
    pub fn parse_positive(raw: &str) -> Result<Self, MoneyError> {
        let money = Money::parse(raw)?;
        if money == Money::ZERO {
            Err(MoneyError::NotPositive)
        } else {
            Ok(money)
        }
    }

    /// The amount in cents.
    pub fn cents(self) -> i64 {
        self.0
    }

    /// The sum of two amounts, or `None` past [`MAX_CENTS`].
    pub fn checked_add(self, other: Money) -> Option<Money> {
        Money::from_cents(self.0.checked_add(other.0)?).ok()
    }

    /// `self - other`, or `None` if it would be negative.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        Money::from_cents(self.0 - other.0).ok()
    }

    /// The sum of amounts, or `None` past [`MAX_CENTS`].
    pub fn sum(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
        amounts
            .into_iter()
            .try_fold(Money::ZERO, |total, amount| total.checked_add(amount))
    }

    /// The amount as typed in a form field: `1500` or `1500.50`.
    pub fn to_input(self) -> String {
        if self.0 % 100 == 0 {
            (self.0 / 100).to_string()
        } else {
            format!("{}.{:02}", self.0 / 100, self.0 % 100)
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_input())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(raw: &str) -> Result<i64, MoneyError> {
        Money::parse(raw).map(Money::cents)
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(cents("1500"), Ok(150_000));
        assert_eq!(cents(" 1 500 "), Ok(150_000));
        assert_eq!(cents("1\u{202f}500,5"), Ok(150_050));
        assert_eq!(cents("1500.05"), Ok(150_005));
        assert_eq!(cents("1'500,00 €"), Ok(150_000));
        assert_eq!(cents("0"), Ok(0));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert_eq!(cents(""), Err(MoneyError::Empty));
        assert_eq!(cents("  "), Err(MoneyError::Empty));
        assert_eq!(cents("-5"), Err(MoneyError::NotANumber));
        assert_eq!(cents("12a"), Err(MoneyError::NotANumber));
        assert_eq!(cents(",50"), Err(MoneyError::NotANumber));
        assert_eq!(cents("1.2.3"), Err(MoneyError::NotANumber));
        assert_eq!(cents("1,234"), Err(MoneyError::TooPrecise));
        assert_eq!(cents("99999999999999999999"), Err(MoneyError::TooLarge));
        assert_eq!(cents("100000000001"), Err(MoneyError::TooLarge));
        assert_eq!(Money::parse_positive("0"), Err(MoneyError::NotPositive));
    }

    #[test]
    fn input_text_round_trips() {
        for raw in ["1500", "1500.50", "0.05", "0"] {
            let money = Money::parse(raw).expect("valid amount");
            assert_eq!(money.to_input(), raw);
            assert_eq!(Money::parse(&money.to_input()), Ok(money));
        }
    }

    #[test]
    fn sums_are_checked() {
        let max = Money::from_cents(MAX_CENTS).expect("max is valid");
        assert_eq!(max.checked_add(Money::from_cents(1).expect("valid")), None);
        assert_eq!(Money::ZERO.checked_sub(max), None);
        let parts = [150, 250].map(|c| Money::from_cents(c).expect("valid"));
        assert_eq!(Money::sum(parts).map(Money::cents), Some(400));
    }
}
