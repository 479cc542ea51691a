//! Helpers the charts' tests share.

use chrono::NaiveDate;
use scraper::{Html, Selector};

use crate::domain::units::{Height, Units};

pub(super) const IN: Units = Units::Imperial;

pub(super) fn inches(tenths: i64) -> Height {
    Height::from_tenths(tenths, IN)
}

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

pub(super) fn text(el: &scraper::ElementRef) -> String {
    el.text().collect::<String>().trim().to_string()
}
