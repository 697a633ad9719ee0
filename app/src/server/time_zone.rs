//! Municipal time: officials type local dates, the database keeps UTC.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{Field, InputError};

/// Reads an IANA time zone name such as `Europe/Paris`.
///
/// # Errors
/// [`InputError::TimeZone`] for an unknown name.
pub fn parse(name: &str) -> Result<Tz, InputError> {
    name.trim().parse::<Tz>().map_err(|_| InputError::TimeZone)
}

/// Reads a `datetime-local` form value (`2027-03-01T18:00`) as a time in
/// `tz`. In the autumn hour that happens twice, the earlier one is meant;
/// a time skipped by the spring change is refused.
///
/// # Errors
/// [`InputError::Date`] with `field` when the text is not such a time.
pub fn parse_local(raw: &str, tz: Tz, field: Field) -> Result<DateTime<Utc>, InputError> {
    let naive = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| InputError::Date(field))?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(time) | LocalResult::Ambiguous(time, _) => Ok(time.with_timezone(&Utc)),
        LocalResult::None => Err(InputError::Date(field)),
    }
}

/// The local wall-clock time of `instant` in `tz`, for display.
pub fn to_local(instant: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
    instant.with_timezone(&tz).naive_local()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_winter_and_summer_time() {
        let tz = parse("Europe/Paris").expect("known zone");
        let winter = parse_local("2027-01-15T18:00", tz, Field::Date).expect("valid");
        assert_eq!(winter.to_rfc3339(), "2027-01-15T17:00:00+00:00");
        let summer = parse_local("2027-07-15T18:00", tz, Field::Date).expect("valid");
        assert_eq!(summer.to_rfc3339(), "2027-07-15T16:00:00+00:00");
        assert_eq!(to_local(summer, tz).to_string(), "2027-07-15 18:00:00");
    }

    #[test]
    fn refuses_unknown_zones_and_skipped_times() {
        assert_eq!(parse("Europe/Atlantis"), Err(InputError::TimeZone));
        let tz = parse("Europe/Paris").expect("known zone");
        assert_eq!(
            parse_local("2027-03-28T02:30", tz, Field::Date),
            Err(InputError::Date(Field::Date))
        );
        assert_eq!(
            parse_local("demain", tz, Field::Date),
            Err(InputError::Date(Field::Date))
        );
    }
}
