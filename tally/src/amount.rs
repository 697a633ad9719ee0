//! Exact money amounts handed to the UI.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use serde::{Deserialize, Serialize};

/// An exact rational amount of money (currency units), e.g. a Method-of-Equal-Shares share.
///
/// Serialized as `{"num": "…", "den": "…"}` with decimal integer strings (the exact values can
/// exceed 64 bits); always reduced, `den > 0`. Use [`Amount::to_cents_rounded`] or
/// [`Amount::to_decimal_string`] to display it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "AmountData")]
pub struct Amount {
    num: String,
    den: String,
}

#[derive(Deserialize)]
struct AmountData {
    num: String,
    den: String,
}

impl TryFrom<AmountData> for Amount {
    type Error = String;
    fn try_from(d: AmountData) -> Result<Self, Self::Error> {
        let num: BigInt = d
            .num
            .parse()
            .map_err(|_| format!("bad numerator {}", d.num))?;
        let den: BigInt = d
            .den
            .parse()
            .map_err(|_| format!("bad denominator {}", d.den))?;
        if !den.is_positive() {
            return Err("denominator must be positive".into());
        }
        Ok(Amount::from_ratio(&num, &den))
    }
}

impl Amount {
    /// The whole amount `v`.
    pub fn from_integer(v: u64) -> Self {
        Self {
            num: v.to_string(),
            den: "1".into(),
        }
    }

    /// `num / den` reduced; a zero or negative `den` is normalised (`x/0` becomes 0).
    pub(crate) fn from_ratio(num: &BigInt, den: &BigInt) -> Self {
        if den.is_zero() {
            return Self::from_integer(0);
        }
        let g = num.gcd(den);
        let (mut n, mut d) = (num / &g, den / &g);
        if d.is_negative() {
            n = -n;
            d = -d;
        }
        Self {
            num: n.to_string(),
            den: d.to_string(),
        }
    }

    fn parts(&self) -> (BigInt, BigInt) {
        let n = self.num.parse().unwrap_or_default();
        let d = self.den.parse().unwrap_or_else(|_| BigInt::from(1));
        (n, d)
    }

    /// Numerator (decimal string, may be negative).
    pub fn numer(&self) -> &str {
        &self.num
    }

    /// Denominator (decimal string, positive).
    pub fn denom(&self) -> &str {
        &self.den
    }

    /// `true` if the amount is a whole number.
    pub fn is_integer(&self) -> bool {
        self.den == "1"
    }

    /// The amount in hundredths, rounded half away from zero (saturates at the `i64` range).
    pub fn to_cents_rounded(&self) -> i64 {
        let scaled = self.rounded_scaled(2);
        scaled.to_i64().unwrap_or(if scaled.is_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
    }

    /// Decimal representation with `decimals` digits after the point, rounded half away from
    /// zero, e.g. `"1234.57"`.
    pub fn to_decimal_string(&self, decimals: u32) -> String {
        let scaled = self.rounded_scaled(decimals);
        let neg = scaled.is_negative();
        let digits = scaled.abs().to_string();
        let sign = if neg { "-" } else { "" };
        if decimals == 0 {
            return format!("{sign}{digits}");
        }
        let width = decimals as usize + 1;
        let padded = format!("{digits:0>width$}");
        let (int, frac) = padded.split_at(padded.len() - decimals as usize);
        format!("{sign}{int}.{frac}")
    }

    fn rounded_scaled(&self, decimals: u32) -> BigInt {
        let (n, d) = self.parts();
        let scaled = n * BigInt::from(10u32).pow(decimals);
        let (q, r) = scaled.div_rem(&d);
        if (r.abs() * 2u32) >= d {
            if scaled.is_negative() { q - 1 } else { q + 1 }
        } else {
            q
        }
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_decimal_string(2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(n: i64, d: i64) -> Amount {
        Amount::from_ratio(&BigInt::from(n), &BigInt::from(d))
    }

    #[test]
    fn reduces_and_rounds() {
        assert_eq!(a(10, 4), a(5, 2));
        assert_eq!(a(5, -2).numer(), "-5");
        assert_eq!(a(1, 3).to_decimal_string(2), "0.33");
        assert_eq!(a(2, 3).to_decimal_string(2), "0.67");
        assert_eq!(a(1, 200).to_cents_rounded(), 1);
        assert_eq!(a(-1, 200).to_cents_rounded(), -1);
        assert_eq!(a(123_456_789, 100).to_decimal_string(2), "1234567.89");
        assert_eq!(a(7, 1).to_decimal_string(0), "7");
        assert_eq!(a(1, 8).to_decimal_string(2), "0.13");
        assert!(a(4, 2).is_integer());
    }

    #[test]
    fn serde_validates() {
        let json = serde_json::to_string(&a(3, 6)).expect("json");
        assert_eq!(json, r#"{"num":"1","den":"2"}"#);
        assert!(serde_json::from_str::<Amount>(r#"{"num":"1","den":"0"}"#).is_err());
        let back: Amount = serde_json::from_str(r#"{"num":"2","den":"4"}"#).expect("ok");
        assert_eq!(back, a(1, 2));
    }
}
