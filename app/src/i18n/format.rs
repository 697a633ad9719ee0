//! Numbers, money and dates the way each language writes them.

use chrono::{Datelike, NaiveDateTime, Timelike};

use super::Lang;
use crate::domain::money::Money;

fn group_thousands(mut units: i64, separator: &str) -> String {
    let mut groups = Vec::new();
    loop {
        let group = units % 1000;
        units /= 1000;
        if units == 0 {
            groups.push(group.to_string());
            break;
        }
        groups.push(format!("{group:03}"));
    }
    groups.reverse();
    groups.join(separator)
}

/// `12 500 €` / `12 500,50 €` in French, `€12,500` / `€12,500.50` in English.
pub fn format_money(lang: Lang, money: Money) -> String {
    let cents = money.cents();
    let (units, rest) = (cents / 100, cents % 100);
    match lang {
        Lang::Fr => {
            let units = group_thousands(units, "\u{202f}");
            if rest == 0 {
                format!("{units}\u{a0}€")
            } else {
                format!("{units},{rest:02}\u{a0}€")
            }
        }
        Lang::En => {
            let units = group_thousands(units, ",");
            if rest == 0 {
                format!("€{units}")
            } else {
                format!("€{units}.{rest:02}")
            }
        }
    }
}

/// A share as a percentage with one decimal: `12,5 %` / `12.5%`.
/// `per_mille` is the share in tenths of a percent.
pub fn format_percent(lang: Lang, per_mille: i64) -> String {
    let (whole, tenth) = (per_mille / 10, per_mille % 10);
    match lang {
        Lang::Fr => format!("{whole},{tenth}\u{a0}%"),
        Lang::En => format!("{whole}.{tenth}%"),
    }
}

/// Replaces each `{name}` in `template` by its value.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `12 mars 2027 à 18:00` / `12 March 2027, 18:00`.
pub fn format_date_time(lang: Lang, time: NaiveDateTime) -> String {
    let month = time.month0() as usize;
    let (day, year, hour, minute) = (time.day(), time.year(), time.hour(), time.minute());
    match lang {
        Lang::Fr => format!("{day} {} {year} à {hour:02}:{minute:02}", MONTHS_FR[month]),
        Lang::En => format!("{day} {} {year}, {hour:02}:{minute:02}", MONTHS_EN[month]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn money(cents: i64) -> Money {
        Money::from_cents(cents).expect("valid amount")
    }

    #[test]
    fn money_in_each_language() {
        assert_eq!(
            format_money(Lang::Fr, money(1_250_000)),
            "12\u{202f}500\u{a0}€"
        );
        assert_eq!(format_money(Lang::Fr, money(50)), "0,50\u{a0}€");
        assert_eq!(format_money(Lang::En, money(123_456_789)), "€1,234,567.89");
        assert_eq!(format_money(Lang::En, money(100_000)), "€1,000");
    }

    #[test]
    fn dates_in_each_language() {
        let time = NaiveDate::from_ymd_opt(2027, 3, 12)
            .and_then(|d| d.and_hms_opt(18, 5, 0))
            .expect("valid date");
        assert_eq!(format_date_time(Lang::Fr, time), "12 mars 2027 à 18:05");
        assert_eq!(format_date_time(Lang::En, time), "12 March 2027, 18:05");
    }

    #[test]
    fn templates_are_filled() {
        assert_eq!(
            fill("{a} et {b}, {a}", &[("a", "x".into()), ("b", "y".into())]),
            "x et y, x"
        );
    }

    #[test]
    fn percentages() {
        assert_eq!(format_percent(Lang::Fr, 125), "12,5\u{a0}%");
        assert_eq!(format_percent(Lang::En, 1000), "100.0%");
    }
}
