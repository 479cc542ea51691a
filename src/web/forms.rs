//! Form helpers shared by pages: bodies with repeated keys (checkbox lists),
//! dates, and the bounds that validation messages quote.

use actix_web::web;
use chrono::{Duration, NaiveDate};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Parses a form body that may repeat keys (`member_ids=1&member_ids=2`),
/// which `web::Form` cannot hold in a `Vec`.
pub fn parse<T: DeserializeOwned>(body: &web::Bytes) -> Result<T, AppError> {
    serde_html_form::from_bytes(body).map_err(|_| {
        AppError::Forbidden("The form could not be read. Reload the page and try again.")
    })
}

/// Parses a date from a date input (YYYY-MM-DD) and checks it lies within
/// `back` days before and `ahead` days after `today`.
pub fn date_near(text: &str, today: NaiveDate, back: i64, ahead: i64) -> Result<NaiveDate, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter a date.".to_string());
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| "Enter a date as YYYY-MM-DD, such as 2026-03-15.".to_string())?;
    let earliest = today - Duration::days(back);
    let latest = today + Duration::days(ahead);
    if date < earliest {
        return Err(format!(
            "That is too far in the past; use {} or later.",
            earliest.format("%Y-%m-%d")
        ));
    }
    if date > latest {
        return Err(format!(
            "That is too far ahead; use {} or earlier.",
            latest.format("%Y-%m-%d")
        ));
    }
    Ok(date)
}

/// Parses a whole number in a range, for small counts (sets, reps, seconds).
pub fn number_in(text: &str, low: i32, high: i32) -> Result<i32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter a number.".to_string());
    }
    match text.parse::<i32>() {
        Ok(n) if (low..=high).contains(&n) => Ok(n),
        Ok(_) => Err(format!("Enter a whole number from {low} to {high}.")),
        Err(_) => Err(format!("Enter a whole number from {low} to {high}.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_near_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let cases = [
            ("2026-11-23", true),
            ("2026-01-01", true),
            ("2020-01-01", false),
            ("2030-01-01", false),
            ("23/11/2026", false),
            ("", false),
            ("2026-02-30", false),
        ];
        for (text, ok) in cases {
            assert_eq!(date_near(text, today, 365, 365).is_ok(), ok, "{text:?}");
        }
    }

    #[test]
    fn numbers_in_range() {
        assert_eq!(number_in(" 3 ", 1, 10), Ok(3));
        assert!(number_in("0", 1, 10).is_err());
        assert!(number_in("11", 1, 10).is_err());
        assert!(number_in("2.5", 1, 10).is_err());
        assert!(number_in("", 1, 10).is_err());
    }
}
