//! Forms at the edge: `Form<T>` reads any form body (repeated keys such as
//! checkbox lists included) into a typed struct, and `FieldErrors` carries a
//! message per field name for the page that shows the form again. Also the
//! small parsers the forms share.
//!
//! A body is read in one pass: `form_urlencoded` splits and decodes the
//! pairs, which are grouped by name as they come (a hash map, so a name sent
//! again costs no search), and our own small serde deserializer hands each
//! field of `T` its values. A field the struct declares as a `Vec` gets all
//! its values in the order sent (checkbox lists, one value per set); any
//! other field gets the last one, as a browser's form handling would, so
//! serde's own knowledge of the struct decides which fields repeat. Names
//! the struct does not know are ignored, and a missing field takes its
//! `#[serde(default)]` and reaches validation.
//!
//! The work is bounded: the body is at most `MAX_BODY` bytes and at most
//! `MAX_FIELDS` pairs are read before a form is refused, and each pair is
//! touched a constant number of times. That is why it runs on the async
//! worker rather than on the blocking pool.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest};
use chrono::{Duration, NaiveDate};
use serde::de::value::{CowStrDeserializer, SeqDeserializer, StrDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

use crate::error::AppError;

/// The largest form body the app reads.
pub const MAX_BODY: usize = 64 * 1024;

/// The most name=value pairs a form may carry; past it the form is refused
/// with a 400 page before it is read. The largest real form is the assign
/// page: one `member_ids` per member ticked, up to 2,000 (`MAX_AT_ONCE` in
/// `progress.rs`), plus up to seven training days and a handful of other
/// fields. 4,096 leaves room above that; 2,000 member ids of four or five
/// digits already take about half of `MAX_BODY`.
pub const MAX_FIELDS: usize = 4096;

/// A form body read into `T`. Every field of a form struct has a default, so
/// a missing field reaches validation (and a message beside the field)
/// rather than failing here; a body that is not a form, has too many fields,
/// or has a value that cannot be read into its typed field is refused with
/// a 400 page (naming the field in the last case).
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Form<T>, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let body = body.await.map_err(|_| {
                AppError::BadRequest("The form could not be read. Reload the page and try again.")
            })?;
            parse(&body).map(Form)
        })
    }
}

/// Reads a form body (or a query string) into `T`, as `Form<T>` does:
/// `member_ids=1&member_ids=2` fills a `Vec`, a single field sent twice
/// keeps its last value.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    read(body).map_err(AppError::from)
}

/// As `parse`, with the reason a form was refused.
pub fn read<T: DeserializeOwned>(body: &[u8]) -> Result<T, FormError> {
    T::deserialize(Fields(group(body)?))
}

/// Why a form body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormError {
    /// More than `MAX_FIELDS` pairs.
    TooManyFields,
    /// A value that does not fit its field's type.
    Field { field: String, message: String },
    /// Anything else (the target is not a struct or map, a field named twice
    /// through an alias ...).
    Form(String),
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormError::TooManyFields => write!(f, "more than {MAX_FIELDS} fields"),
            FormError::Field { field, message } => write!(f, "field {field:?}: {message}"),
            FormError::Form(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for FormError {}

impl de::Error for FormError {
    fn custom<M: fmt::Display>(message: M) -> FormError {
        FormError::Form(message.to_string())
    }
}

impl FormError {
    /// Names the field an error came from, unless it already names one (a
    /// deeper field).
    fn at(self, field: &str) -> FormError {
        match self {
            FormError::Form(message) => FormError::Field {
                field: field.to_string(),
                message,
            },
            other => other,
        }
    }
}

impl From<FormError> for AppError {
    fn from(err: FormError) -> AppError {
        match err {
            FormError::TooManyFields => AppError::BadRequest(
                "The form has more fields than this app reads. Reload the page and try again; nothing was saved.",
            ),
            // Only names the form struct knows get this far; the cap keeps
            // an odd one short on the page.
            FormError::Field { field, .. } => {
                AppError::BadField(field.chars().take(60).collect())
            }
            FormError::Form(_) => AppError::BadRequest(
                "The form could not be read. Reload the page and try again.",
            ),
        }
    }
}

/// Each name with its values in the order sent, names in the order first
/// seen.
type Grouped<'a> = Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)>;

/// Splits, decodes and groups the pairs in one pass, giving up at the first
/// pair past `MAX_FIELDS`.
fn group(body: &[u8]) -> Result<Grouped<'_>, FormError> {
    let mut grouped: Grouped<'_> = Vec::new();
    let mut index: HashMap<Cow<'_, str>, usize> = HashMap::new();
    for (n, (name, value)) in form_urlencoded::parse(body).enumerate() {
        if n == MAX_FIELDS {
            return Err(FormError::TooManyFields);
        }
        match index.get(&name) {
            Some(&i) => grouped[i].1.push(value),
            None => {
                index.insert(name.clone(), grouped.len());
                grouped.push((name, vec![value]));
            }
        }
    }
    Ok(grouped)
}

/// The whole form: a map from field names to their values.
struct Fields<'a>(Grouped<'a>);

impl<'de> de::Deserializer<'de> for Fields<'de> {
    type Error = FormError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_map(FieldsAccess {
            fields: self.0.into_iter(),
            current: None,
        })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple tuple_struct map
        struct enum identifier ignored_any
    }
}

struct FieldsAccess<'a> {
    fields: std::vec::IntoIter<(Cow<'a, str>, Vec<Cow<'a, str>>)>,
    /// The field whose name was just given, waiting for its value.
    current: Option<(Cow<'a, str>, Vec<Cow<'a, str>>)>,
}

impl<'de> de::MapAccess<'de> for FieldsAccess<'de> {
    type Error = FormError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, FormError> {
        let Some((name, values)) = self.fields.next() else {
            return Ok(None);
        };
        let key = seed.deserialize(StrDeserializer::<FormError>::new(&name))?;
        self.current = Some((name, values));
        Ok(Some(key))
    }

    fn next_value_seed<S: de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, FormError> {
        let (name, values) = self
            .current
            .take()
            .ok_or_else(|| de::Error::custom("a value asked for before its name"))?;
        seed.deserialize(Values(values))
            .map_err(|err| err.at(&name))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

/// One field's values (never none): all of them for a sequence, the last
/// for anything else.
struct Values<'a>(Vec<Cow<'a, str>>);

impl<'a> Values<'a> {
    fn last(mut self) -> Value<'a> {
        Value(self.0.pop().unwrap_or_default())
    }
}

macro_rules! to_last {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
                self.last().$method(visitor)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Values<'de> {
    type Error = FormError;

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        let mut seq = SeqDeserializer::new(self.0.into_iter().map(Value));
        let value = visitor.visit_seq(&mut seq)?;
        seq.end()?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        if self.0.last().is_none_or(|v| v.is_empty()) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FormError> {
        self.last().deserialize_enum(name, variants, visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        self.last().deserialize_unit_struct(name, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        self.last().deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FormError> {
        self.last().deserialize_struct(name, fields, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_unit()
    }

    to_last! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_unit deserialize_map deserialize_identifier
    }
}

/// One value: text, or a number, bool or unit enum variant parsed from it.
struct Value<'a>(Cow<'a, str>);

impl<'de> IntoDeserializer<'de, FormError> for Value<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

macro_rules! parsed {
    ($($method:ident => $ty:ty, $visit:ident;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
                match self.0.trim().parse::<$ty>() {
                    Ok(value) => visitor.$visit(value),
                    Err(err) => Err(de::Error::custom(err)),
                }
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Value<'de> {
    type Error = FormError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        match self.0 {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        if self.0.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, FormError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, FormError> {
        visitor.visit_enum(CowStrDeserializer::<FormError>::new(self.0))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, FormError> {
        visitor.visit_unit()
    }

    parsed! {
        deserialize_bool => bool, visit_bool;
        deserialize_i8 => i8, visit_i8;
        deserialize_i16 => i16, visit_i16;
        deserialize_i32 => i32, visit_i32;
        deserialize_i64 => i64, visit_i64;
        deserialize_i128 => i128, visit_i128;
        deserialize_u8 => u8, visit_u8;
        deserialize_u16 => u16, visit_u16;
        deserialize_u32 => u32, visit_u32;
        deserialize_u64 => u64, visit_u64;
        deserialize_u128 => u128, visit_u128;
        deserialize_f32 => f32, visit_f32;
        deserialize_f64 => f64, visit_f64;
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct seq tuple tuple_struct
        map struct identifier
    }
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

    /// Each field in error and its message, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(f, m)| (f.as_str(), m.as_str()))
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
            crate::domain::today::day_text(earliest)
        ));
    }
    if date > latest {
        return Err(format!(
            "That is too far ahead; use {} or earlier.",
            crate::domain::today::day_text(latest)
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

/// The time zones a department may choose from: every zone chrono-tz
/// knows. Setup and settings offer the same list (templates/macros.html,
/// `time_zone_select`).
pub fn time_zones() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect()
}

/// The zone named exactly as on the list, or `None` for a name that is not
/// on it.
pub fn listed_time_zone(name: &str) -> Option<chrono_tz::Tz> {
    let name = name.trim();
    chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name() == name)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::ResponseError;
    use proptest::prelude::*;
    use serde::Deserialize;

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

    #[derive(Deserialize, Default, Debug, Clone, Copy, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        #[default]
        Low,
        High,
    }

    /// Every shape of field the form structs use, and a few they might.
    #[derive(Deserialize, Default, Debug, Clone, PartialEq)]
    #[serde(default)]
    struct Sample {
        name: String,
        ids: Vec<String>,
        #[serde(alias = "member")]
        member_ids: Vec<String>,
        nums: Vec<i32>,
        note: Option<String>,
        count: u8,
        on: bool,
        kind: Kind,
    }

    fn sample(edit: impl FnOnce(&mut Sample)) -> Sample {
        let mut s = Sample::default();
        edit(&mut s);
        s
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bodies_read_into_a_struct() {
        let cases: Vec<(&str, Sample)> = vec![
            ("", Sample::default()),
            ("&&&", Sample::default()),
            ("name=a&name=b", sample(|s| s.name = "b".into())),
            ("name=a&count=1&name=&count=2", sample(|s| s.count = 2)),
            (
                "ids=2&name=x&ids=1&ids=3",
                sample(|s| {
                    s.ids = strings(&["2", "1", "3"]);
                    s.name = "x".into();
                }),
            ),
            ("ids=", sample(|s| s.ids = strings(&[""]))),
            ("ids=1&ids=1", sample(|s| s.ids = strings(&["1", "1"]))),
            (
                "member=4&member=5",
                sample(|s| s.member_ids = strings(&["4", "5"])),
            ),
            ("member_ids=4", sample(|s| s.member_ids = strings(&["4"]))),
            ("nums=3&nums=-1", sample(|s| s.nums = vec![3, -1])),
            ("note=hi", sample(|s| s.note = Some("hi".into()))),
            ("note=", Sample::default()),
            ("note=hi&note=", Sample::default()),
            ("note=&note=hi", sample(|s| s.note = Some("hi".into()))),
            ("on=true", sample(|s| s.on = true)),
            ("on=true&on=false", Sample::default()),
            ("kind=high", sample(|s| s.kind = Kind::High)),
            ("kind=low&kind=high", sample(|s| s.kind = Kind::High)),
            ("count=%2042+", sample(|s| s.count = 42)),
            // Unknown names are ignored, however often they come.
            (
                "csrf_token=x&what=1&what=2&name=a",
                sample(|s| s.name = "a".into()),
            ),
            // Percent and plus decoding, in names too.
            (
                "name=a+b%26c%3D%C3%A9",
                sample(|s| s.name = "a b&c=é".into()),
            ),
            ("%6Eame=x", sample(|s| s.name = "x".into())),
            ("name=%", sample(|s| s.name = "%".into())),
            // A name without '=' has the empty value.
            ("name", Sample::default()),
            ("name=a&name", Sample::default()),
            ("ids&ids=2", sample(|s| s.ids = strings(&["", "2"]))),
            ("note", Sample::default()),
            ("=x&name=y", sample(|s| s.name = "y".into())),
        ];
        for (body, expected) in cases {
            assert_eq!(read::<Sample>(body.as_bytes()), Ok(expected), "{body:?}");
        }
    }

    #[test]
    fn a_value_that_does_not_fit_names_its_field() {
        let cases = [
            ("count=abc", "count"),
            ("count=300", "count"),
            ("name=a&nums=1&nums=x", "nums"),
            ("kind=medium", "kind"),
            ("on=on", "on"),
        ];
        for (body, field) in cases {
            match read::<Sample>(body.as_bytes()) {
                Err(FormError::Field { field: named, .. }) => assert_eq!(named, field, "{body:?}"),
                other => panic!("{body:?}: {other:?}"),
            }
        }
        let err = parse::<Sample>(b"name=a&count=x").err().unwrap();
        assert_eq!(err.status_code(), StatusCode::BAD_REQUEST);
        assert!(
            matches!(&err, AppError::BadField(field) if field == "count"),
            "{err:?}"
        );
        // A field named twice (through an alias) is the form's fault, not a field's.
        assert!(matches!(
            read::<Sample>(b"member=1&member_ids=2"),
            Err(FormError::Form(_))
        ));
    }

    #[test]
    fn a_form_with_too_many_fields_is_refused() {
        let body = |n: usize, name: &dyn Fn(usize) -> String| {
            (0..n).map(name).collect::<Vec<_>>().join("&")
        };
        let distinct = |i: usize| format!("f{i}");
        let same = |_| "ids=1".to_string();
        for name in [&distinct as &dyn Fn(usize) -> String, &same] {
            let at_cap = body(MAX_FIELDS, name);
            assert!(read::<Sample>(at_cap.as_bytes()).is_ok());
            let over = body(MAX_FIELDS + 1, name);
            assert_eq!(
                read::<Sample>(over.as_bytes()),
                Err(FormError::TooManyFields)
            );
        }
        let ids: Sample = read(body(MAX_FIELDS, &same).as_bytes()).unwrap();
        assert_eq!(ids.ids.len(), MAX_FIELDS);
        let err = parse::<Sample>(body(MAX_FIELDS + 1, &distinct).as_bytes())
            .err()
            .unwrap();
        assert_eq!(err.status_code(), StatusCode::BAD_REQUEST);
        // Empty pieces between '&' are not fields.
        let sparse = "&".repeat(MAX_FIELDS * 2) + "name=a";
        assert_eq!(read::<Sample>(sparse.as_bytes()).unwrap().name, "a");
    }

    #[test]
    fn queries_and_maps_read_too() {
        let map: std::collections::BTreeMap<String, String> = read(b"b=1&a=2&b=3").unwrap();
        assert_eq!(map.get("a").map(String::as_str), Some("2"));
        assert_eq!(map.get("b").map(String::as_str), Some("3"));
        let lists: std::collections::BTreeMap<String, Vec<String>> = read(b"b=1&a=2&b=3").unwrap();
        assert_eq!(lists["b"], ["1", "3"]);
        assert!(matches!(
            read::<Vec<String>>(b"a=1"),
            Err(FormError::Form(_))
        ));
    }

    #[derive(Deserialize, Default, Debug, PartialEq)]
    #[serde(default)]
    struct Mixed {
        a: String,
        b: String,
        x: Vec<String>,
        y: Vec<String>,
    }

    const NAMES: [&str; 6] = ["a", "b", "x", "y", "z", "a b"];

    proptest! {
        /// Whatever the pairs, each single field holds its last value and
        /// each list field all its values in the order sent.
        #[test]
        fn singles_keep_the_last_value_lists_keep_all_in_order(
            pairs in prop::collection::vec((0..NAMES.len(), any::<String>()), 0..40)
        ) {
            let mut body = form_urlencoded::Serializer::new(String::new());
            let mut model = Mixed::default();
            for (name, value) in &pairs {
                body.append_pair(NAMES[*name], value);
                match NAMES[*name] {
                    "a" => model.a = value.clone(),
                    "b" => model.b = value.clone(),
                    "x" => model.x.push(value.clone()),
                    "y" => model.y.push(value.clone()),
                    _ => {}
                }
            }
            let body = body.finish();
            prop_assert_eq!(read::<Mixed>(body.as_bytes()), Ok(model));
        }
    }
}
