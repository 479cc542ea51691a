//! Forms at the edge: `Form<T>` reads any form body (repeated keys such as
//! checkbox lists included) into a typed struct with serde_html_form, and
//! `FieldErrors` carries a message per field name for the page that shows
//! the form again. Also the small parsers the forms share.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use chrono::{Duration, NaiveDate};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// The largest form body the app reads.
pub const MAX_BODY: usize = 64 * 1024;

/// A form struct: which of its fields repeat (checkbox lists, one value per
/// set). Any other field sent twice keeps its last value, as a browser's
/// form handling would, instead of failing the whole form.
pub trait Fields: DeserializeOwned {
    const REPEATED: &'static [&'static str] = &[];
}

/// A form body read into `T`. Every field of a form struct has a default, so
/// a missing field reaches validation (and a message beside the field)
/// rather than failing here; only a body that is not a form at all is
/// refused, with a 400 page.
pub struct Form<T>(pub T);

impl<T: Fields + 'static> FromRequest for Form<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Form<T>, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let body = body.await.map_err(|_| {
                AppError::BadRequest("The form could not be read. Reload the page and try again.")
            })?;
            parse_fields(&body).map(Form)
        })
    }
}

/// Reads a form body (`member_ids=1&member_ids=2` fills a `Vec`).
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_html_form::from_bytes(body).map_err(|_| {
        AppError::BadRequest("The form could not be read. Reload the page and try again.")
    })
}

/// Reads a form body into a form struct, keeping the last value of a field
/// that should come once but was sent more often.
pub fn parse_fields<T: Fields>(body: &[u8]) -> Result<T, AppError> {
    let pairs: Vec<(String, String)> = parse(body)?;
    let single = |k: &str| !T::REPEATED.contains(&k);
    let kept: Vec<&(String, String)> = pairs
        .iter()
        .enumerate()
        .filter(|(i, (k, _))| !single(k) || !pairs[i + 1..].iter().any(|(later, _)| later == k))
        .map(|(_, pair)| pair)
        .collect();
    let body = serde_html_form::to_string(kept).map_err(AppError::internal)?;
    parse(body.as_bytes())
}

/// A message per field, shown beside it.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    pub fn check(&mut self, field: &str, result: Result<(), impl Into<String>>) {
        if let Err(message) = result {
            self.add(field, message);
        }
    }

    /// The message for a field, or "" (templates test `!= ""`).
    pub fn get(&self, field: &str) -> &str {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The status of a page showing this form: 422 when it has errors.
    pub fn status(&self) -> StatusCode {
        if self.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }

    /// `Ok(value)` when no error was added, else the errors.
    pub fn or<T>(self, value: Option<T>) -> Result<T, FieldErrors> {
        match value {
            Some(value) if self.is_empty() => Ok(value),
            _ => Err(self),
        }
    }
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
        _ => Err(format!("Enter a whole number from {low} to {high}.")),
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

    #[derive(serde::Deserialize, Default, Debug)]
    #[serde(default)]
    struct Sample {
        name: String,
        ids: Vec<String>,
    }

    impl Fields for Sample {
        const REPEATED: &'static [&'static str] = &["ids"];
    }

    #[test]
    fn a_field_sent_twice_keeps_its_last_value() {
        let s: Sample = parse_fields(b"name=a&ids=1&name=b&ids=2").unwrap();
        assert_eq!(s.name, "b");
        assert_eq!(s.ids, vec!["1", "2"]);
    }

    #[test]
    fn forms_read_repeated_and_missing_fields() {
        let s: Sample = parse(b"ids=1&name=Riley&ids=2").unwrap();
        assert_eq!(s.name, "Riley");
        assert_eq!(s.ids, vec!["1", "2"]);
        let empty: Sample = parse(b"").unwrap();
        assert_eq!(empty.name, "");
        assert!(empty.ids.is_empty());
    }
}
