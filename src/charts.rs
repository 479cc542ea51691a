//! Chart geometry for the server-rendered SVG charts: where every bar, line,
//! tick and label goes, worked out in Rust and handed to the partials
//! `templates/charts/bars.html` and `templates/charts/trend.html`, which only
//! draw it. Pure structs and functions: no actix, no HTML strings.
//!
//! Every chart uses the same fixed view box (`0 0 640 280`) with room at the
//! left for the y tick labels, at the top for the unit label and the legend,
//! and at the bottom for the x labels. Coordinates are rounded to 0.01.
//!
//! The partials colour nothing themselves: they give each mark a class
//! (`bar left`, `line right`, `marker left`, `swatch both`, ...) for the
//! stylesheet, plus neutral presentation defaults (`currentColor`) so a chart
//! still reads without CSS. The element ids are `{id_prefix}-title` and
//! `{id_prefix}-desc`, so two charts on one page need different prefixes.

use chrono::{Days, NaiveDate};

use crate::domain::units::{Height, Units};

/// The view box width.
pub const VIEW_WIDTH: f64 = 640.0;
/// The view box height.
pub const VIEW_HEIGHT: f64 = 280.0;

/// The plot area inside the view box: axes run along its left and bottom.
const PLOT: PlotArea = PlotArea {
    left: 56.0,
    top: 44.0,
    right: 624.0,
    bottom: 236.0,
};
/// Baseline of the legend and unit label row.
const LEGEND_Y: f64 = 18.0;
/// Rough width of one legend character at the charts' 12-unit font size.
const CHAR_WIDTH: f64 = 7.0;
/// Horizontal breathing room between the y axis and the first/last point.
const TREND_PAD: f64 = 32.0;
const BAR_WIDTH: f64 = 44.0;
const BAR_GAP: f64 = 8.0;

/// The rectangle the data is drawn in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotArea {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl PlotArea {
    pub fn width(&self) -> f64 {
        self.right - self.left
    }

    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

/// A y axis tick: a grid line at `y`, its label right-aligned at `label_x`.
#[derive(Debug, Clone, PartialEq)]
pub struct YTick {
    pub y: f64,
    pub label: String,
    pub label_x: f64,
    pub label_y: f64,
}

/// An x axis tick: a short mark from `y1` to `y2` at `x`, its label centred
/// below.
#[derive(Debug, Clone, PartialEq)]
pub struct XTick {
    pub x: f64,
    pub y1: f64,
    pub y2: f64,
    pub label: String,
    pub label_y: f64,
}

/// The frame shared by every chart: plot area, y ticks and the unit label.
#[derive(Debug, Clone, PartialEq)]
pub struct Axes {
    pub plot: PlotArea,
    pub y_ticks: Vec<YTick>,
    /// The value at the top of the y axis (the last tick).
    pub y_max: f64,
    /// "in", "cm", "lb", "reps" ...; drawn above the y tick labels.
    pub unit_label: String,
    pub unit_x: f64,
    pub unit_y: f64,
}

impl Axes {
    fn new(max_value: f64, unit_label: &str) -> Axes {
        let ticks = nice_ticks(max_value);
        let y_max = *ticks.last().unwrap_or(&1.0);
        let y_ticks = ticks
            .iter()
            .map(|&v| {
                let y = round2(PLOT.bottom - v / y_max * PLOT.height());
                YTick {
                    y,
                    label: number_text(v, 3),
                    label_x: PLOT.left - 6.0,
                    label_y: round2(y + 4.0),
                }
            })
            .collect();
        Axes {
            plot: PLOT,
            y_ticks,
            y_max,
            unit_label: unit_label.to_string(),
            unit_x: PLOT.left - 6.0,
            unit_y: LEGEND_Y,
        }
    }

    /// The y coordinate of a value; values outside 0..=y_max are clamped.
    fn y_of(&self, value: f64) -> f64 {
        let v = if value.is_finite() { value } else { 0.0 };
        let v = v.clamp(0.0, self.y_max);
        round2(PLOT.bottom - v / self.y_max * PLOT.height())
    }
}

/// One legend entry. Bar charts draw a square swatch (`swatch_x`,
/// `swatch_y`, 10 by 10); trend charts draw a short line from `line_x1` to
/// `line_x2` at `line_y`, dashed when `dashed`.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    pub class: String,
    pub dashed: bool,
    pub swatch_x: f64,
    pub swatch_y: f64,
    pub line_x1: f64,
    pub line_x2: f64,
    pub line_y: f64,
    pub text_x: f64,
    pub text_y: f64,
}

/// Lays out legend entries in one row ending at the plot's right edge.
fn legend(entries: &[(&str, &str, bool)]) -> Vec<LegendEntry> {
    let entry_width = |label: &str| 24.0 + label.chars().count() as f64 * CHAR_WIDTH + 16.0;
    let total: f64 = entries.iter().map(|(label, _, _)| entry_width(label)).sum();
    let mut x = (PLOT.right - total + 16.0).max(PLOT.left);
    entries
        .iter()
        .map(|&(label, class, dashed)| {
            let entry = LegendEntry {
                label: label.to_string(),
                class: class.to_string(),
                dashed,
                swatch_x: round2(x),
                swatch_y: LEGEND_Y - 10.0,
                line_x1: round2(x),
                line_x2: round2(x + 18.0),
                line_y: LEGEND_Y - 4.0,
                text_x: round2(x + 24.0),
                text_y: LEGEND_Y,
            };
            x += entry_width(label);
            entry
        })
        .collect()
}

/// A bar before layout: height, class, key label and side name.
type BarSpec = (Height, &'static str, &'static str, &'static str);

/// The points of one generic trend series: (date, value).
pub type Points = Vec<(NaiveDate, f64)>;

/// One bar: a rectangle with its value above and its key ("L", "R",
/// "Both") below the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// "left", "right" or "both".
    pub class: &'static str,
    /// The number drawn above the bar, without the unit ("6.5").
    pub value_label: String,
    pub value_x: f64,
    pub value_y: f64,
    /// "L", "R" or "Both", drawn under the bar so colour is not the only cue.
    pub key_label: &'static str,
    pub key_y: f64,
    /// The tooltip, e.g. "90/90, left: 6.5 in".
    pub title: String,
}

/// The bars of one position, with the position's name centred below.
#[derive(Debug, Clone, PartialEq)]
pub struct BarGroup {
    pub label: String,
    pub label_x: f64,
    pub label_y: f64,
    pub bars: Vec<Bar>,
}

/// A range test's three positions side by side, left versus right.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Prefix of the element ids; unique per page.
    pub id_prefix: String,
    pub view_box: String,
    pub title: String,
    /// The text alternative: every value in words.
    pub desc: String,
    pub axes: Axes,
    pub groups: Vec<BarGroup>,
    pub legend: Vec<LegendEntry>,
}

impl BarChart {
    /// The chart of one range test: A (both legs), B and C (left, right).
    pub fn range_test(
        a: Height,
        bl: Height,
        br: Height,
        cl: Height,
        cr: Height,
        units: Units,
    ) -> BarChart {
        let unit = units.length_unit();
        let max = [a, bl, br, cl, cr]
            .iter()
            .map(|h| h.in_units(units))
            .fold(0.0, f64::max);
        let axes = Axes::new(max, unit);
        let slot = PLOT.width() / 3.0;
        // (group label, name in tooltips, bars as (height, class, key, side)).
        let specs: [(&str, &str, Vec<BarSpec>); 3] = [
            ("A: double-leg", "Double-leg", vec![(a, "both", "Both", "")]),
            (
                "B: 90/90",
                "90/90",
                vec![(bl, "left", "L", "left"), (br, "right", "R", "right")],
            ),
            (
                "C: knee hugged",
                "Knee hugged",
                vec![(cl, "left", "L", "left"), (cr, "right", "R", "right")],
            ),
        ];
        let groups = specs
            .into_iter()
            .enumerate()
            .map(|(i, (label, name, bars))| {
                let centre = PLOT.left + slot * (i as f64 + 0.5);
                let n = bars.len() as f64;
                let first_x = centre - (n * BAR_WIDTH + (n - 1.0) * BAR_GAP) / 2.0;
                let bars = bars
                    .into_iter()
                    .enumerate()
                    .map(|(j, (h, class, key, side))| {
                        let x = first_x + j as f64 * (BAR_WIDTH + BAR_GAP);
                        let y = axes.y_of(h.in_units(units));
                        let title = if side.is_empty() {
                            format!("{name}: {}", h.display(units))
                        } else {
                            format!("{name}, {side}: {}", h.display(units))
                        };
                        Bar {
                            x: round2(x),
                            y,
                            width: BAR_WIDTH,
                            height: round2(PLOT.bottom - y),
                            class,
                            value_label: h.number(units),
                            value_x: round2(x + BAR_WIDTH / 2.0),
                            value_y: round2(y - 6.0),
                            key_label: key,
                            key_y: PLOT.bottom + 16.0,
                            title,
                        }
                    })
                    .collect();
                BarGroup {
                    label: label.to_string(),
                    label_x: round2(centre),
                    label_y: PLOT.bottom + 34.0,
                    bars,
                }
            })
            .collect();
        let d = |h: Height| h.display(units);
        BarChart {
            id_prefix: "range-test-chart".to_string(),
            view_box: view_box(),
            title: "Range test: hip height in each position".to_string(),
            desc: format!(
                "Double-leg {}; 90/90 left {}, right {}; knee hugged left {}, right {}.",
                d(a),
                d(bl),
                d(br),
                d(cl),
                d(cr)
            ),
            axes,
            groups,
            legend: legend(&[
                ("Left", "left", false),
                ("Right", "right", false),
                ("Both legs", "both", false),
            ]),
        }
    }

    /// The same chart with other element ids, for a second chart on a page.
    pub fn with_id_prefix(mut self, prefix: impl Into<String>) -> BarChart {
        self.id_prefix = prefix.into();
        self
    }

    /// Every bar, in drawing order.
    pub fn bars(&self) -> impl Iterator<Item = &Bar> {
        self.groups.iter().flat_map(|g| g.bars.iter())
    }
}

/// A data point's marker, with its tooltip.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub x: f64,
    pub y: f64,
    /// E.g. "Left, 5 Jan 2024: 4.5 in".
    pub title: String,
}

/// One line of a trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    /// The CSS class of the line, markers and legend swatch ("left", ...).
    pub class: String,
    /// The polyline's points attribute, "x,y x,y ..."; empty when the series
    /// has no data (the partial then draws no line).
    pub points: String,
    /// Every series after the first is dashed, so lines differ by more than
    /// colour.
    pub dashed: bool,
    pub markers: Vec<Marker>,
}

/// Values over time, one line per series.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendChart {
    /// Prefix of the element ids; unique per page.
    pub id_prefix: String,
    pub view_box: String,
    pub title: String,
    /// The text alternative: every point in words.
    pub desc: String,
    /// True when there is nothing to draw; the partial then shows
    /// `empty_message` instead of the chart.
    pub empty: bool,
    pub empty_message: String,
    pub axes: Axes,
    pub x_ticks: Vec<XTick>,
    pub series: Vec<Series>,
    pub legend: Vec<LegendEntry>,
}

/// A series before layout: each point with the text that names its value.
struct SeriesData {
    label: String,
    class: String,
    points: Vec<(NaiveDate, f64, String)>,
}

impl TrendChart {
    /// True hip extension (C) left and right across a member's tests, given
    /// as (date, C left, C right) in any order.
    pub fn true_extension(points: &[(NaiveDate, Height, Height)], units: Units) -> TrendChart {
        let mut tests = points.to_vec();
        tests.sort_by_key(|&(date, _, _)| date);
        let side = |label: &str, class: &str, pick: fn(&(NaiveDate, Height, Height)) -> Height| {
            SeriesData {
                label: label.to_string(),
                class: class.to_string(),
                points: tests
                    .iter()
                    .map(|t| (t.0, pick(t).in_units(units), pick(t).display(units)))
                    .collect(),
            }
        };
        let series = vec![
            side("Left", "left", |t| t.1),
            side("Right", "right", |t| t.2),
        ];
        let title = "True hip extension (knee-hugged height) over time";
        let desc = if tests.is_empty() {
            format!("{title}: no range tests yet.")
        } else {
            let listed: Vec<String> = tests
                .iter()
                .map(|(date, l, r)| {
                    format!(
                        "{}: left {}, right {}",
                        date_text(*date),
                        l.display(units),
                        r.display(units)
                    )
                })
                .collect();
            let count = tests.len();
            let plural = if count == 1 { "" } else { "s" };
            format!("{title}, {count} test{plural}. {}.", listed.join("; "))
        };
        let mut chart = layout(title, units.length_unit(), series, desc);
        chart.id_prefix = "true-extension-chart".to_string();
        chart.empty_message = "No range tests recorded yet.".to_string();
        chart
    }

    /// Any values over time (working load, reps ...): each series is (label,
    /// CSS class, points); `y_unit_label` is drawn on the axis and follows
    /// every value in the text alternative. Points may come in any order.
    /// Negative values are drawn at 0.
    pub fn series<L, C>(title: &str, y_unit_label: &str, series: Vec<(L, C, Points)>) -> TrendChart
    where
        L: Into<String>,
        C: Into<String>,
    {
        let series: Vec<SeriesData> = series
            .into_iter()
            .map(|(label, class, mut points)| {
                points.sort_by_key(|&(date, _)| date);
                SeriesData {
                    label: label.into(),
                    class: class.into(),
                    points: points
                        .into_iter()
                        .map(|(date, v)| {
                            let text = if y_unit_label.is_empty() {
                                number_text(v, 2)
                            } else {
                                format!("{} {y_unit_label}", number_text(v, 2))
                            };
                            (date, v, text)
                        })
                        .collect(),
                }
            })
            .collect();
        let listed: Vec<String> = series
            .iter()
            .filter(|s| !s.points.is_empty())
            .map(|s| {
                let points: Vec<String> = s
                    .points
                    .iter()
                    .map(|(date, _, text)| format!("{} {text}", date_text(*date)))
                    .collect();
                format!("{}: {}", s.label, points.join(", "))
            })
            .collect();
        let desc = if listed.is_empty() {
            format!("{title}: nothing recorded yet.")
        } else {
            format!("{title}. {}.", listed.join("; "))
        };
        layout(title, y_unit_label, series, desc)
    }

    /// The same chart with other element ids, for a second chart on a page.
    pub fn with_id_prefix(mut self, prefix: impl Into<String>) -> TrendChart {
        self.id_prefix = prefix.into();
        self
    }

    /// The same chart with another message for the empty state.
    pub fn with_empty_message(mut self, message: impl Into<String>) -> TrendChart {
        self.empty_message = message.into();
        self
    }
}

/// Places sorted series on shared axes.
fn layout(title: &str, unit_label: &str, series: Vec<SeriesData>, desc: String) -> TrendChart {
    let all = || series.iter().flat_map(|s| s.points.iter());
    let max = all()
        .map(|p| p.1)
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let axes = Axes::new(max, unit_label);
    let first = all().map(|p| p.0).min();
    let last = all().map(|p| p.0).max();
    let x_of = |date: NaiveDate| -> f64 {
        match (first, last) {
            (Some(first), Some(last)) if last > first => {
                let span = (last - first).num_days() as f64;
                let along = (date - first).num_days() as f64 / span;
                round2(PLOT.left + TREND_PAD + along * (PLOT.width() - 2.0 * TREND_PAD))
            }
            _ => round2(PLOT.left + PLOT.width() / 2.0),
        }
    };
    let x_ticks = match (first, last) {
        (Some(first), Some(last)) => date_ticks(first, last)
            .into_iter()
            .map(|date| XTick {
                x: x_of(date),
                y1: PLOT.bottom,
                y2: PLOT.bottom + 4.0,
                label: date_text(date),
                label_y: PLOT.bottom + 18.0,
            })
            .collect(),
        _ => Vec::new(),
    };
    let legend_entries: Vec<(&str, &str, bool)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (s.label.as_str(), s.class.as_str(), i > 0))
        .collect();
    let legend = legend(&legend_entries);
    let empty = first.is_none();
    let series = series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let placed: Vec<(f64, f64)> = s
                .points
                .iter()
                .map(|(date, v, _)| (x_of(*date), axes.y_of(*v)))
                .collect();
            let points: Vec<String> = placed.iter().map(|(x, y)| format!("{x},{y}")).collect();
            Series {
                label: s.label.clone(),
                class: s.class.clone(),
                points: points.join(" "),
                dashed: i > 0,
                markers: placed
                    .iter()
                    .zip(&s.points)
                    .map(|(&(x, y), (date, _, text))| Marker {
                        x,
                        y,
                        title: format!("{}, {}: {text}", s.label, date_text(*date)),
                    })
                    .collect(),
            }
        })
        .collect();
    TrendChart {
        id_prefix: "trend-chart".to_string(),
        view_box: view_box(),
        title: title.to_string(),
        desc,
        empty,
        empty_message: "Nothing recorded yet.".to_string(),
        axes,
        x_ticks,
        series,
        legend,
    }
}

/// Dates to label on the x axis: the first, the last and up to three evenly
/// spaced between, without repeats.
fn date_ticks(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let span = (last - first).num_days().max(0);
    let mut dates: Vec<NaiveDate> = (0..=4)
        .map(|quarter| {
            let offset = (span * quarter + 2) / 4;
            first
                .checked_add_days(Days::new(offset as u64))
                .unwrap_or(last)
        })
        .collect();
    dates.dedup();
    dates
}

/// Round tick values for a y axis from 0 to at least `max`: 0, then steps of
/// 1, 2 or 5 times a power of ten, at most six ticks. A `max` that is not a
/// positive finite number (or is below 1e-9) gives `[0, 1]`.
pub fn nice_ticks(max: f64) -> Vec<f64> {
    if !(max.is_finite() && max >= 1e-9) {
        return vec![0.0, 1.0];
    }
    let rough = max / 5.0;
    let mut exp = rough.log10().floor() as i32;
    let norm = rough / pow10(1.0, exp);
    // The slack keeps a rough step of exactly 2 (computed as 2.0000000000000004)
    // from jumping to 5.
    let mantissa: u32 = if norm <= 1.0 + 1e-9 {
        1
    } else if norm <= 2.0 + 1e-9 {
        2
    } else if norm <= 5.0 + 1e-9 {
        5
    } else {
        exp += 1;
        1
    };
    let step = pow10(f64::from(mantissa), exp);
    // The small slack keeps 0.6 / 0.2 = 2.9999999999999996 at three steps.
    let steps = (max / step - 1e-9).ceil().max(1.0) as u32;
    (0..=steps)
        .map(|i| pow10(f64::from(i * mantissa), exp))
        .collect()
}

/// `v * 10^exp`, dividing for negative exponents so 0.2 stays 2 / 10.
fn pow10(v: f64, exp: i32) -> f64 {
    if exp >= 0 {
        v * 10f64.powi(exp)
    } else {
        v / 10f64.powi(-exp)
    }
}

fn view_box() -> String {
    format!("0 0 {VIEW_WIDTH} {VIEW_HEIGHT}")
}

/// "5 Jan 2024".
fn date_text(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// A number with at most `decimals` places and no trailing zeros.
fn number_text(value: f64, decimals: usize) -> String {
    let s = format!("{value:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use askama::Template;
    use proptest::prelude::*;
    use scraper::{Html, Selector};

    const IN: Units = Units::Imperial;

    fn inches(tenths: i64) -> Height {
        Height::from_tenths(tenths, IN)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn sample_bars() -> BarChart {
        BarChart::range_test(
            inches(80),
            inches(65),
            inches(60),
            inches(40),
            inches(0),
            IN,
        )
    }

    #[derive(Template)]
    #[template(
        source = "<main>{% include \"charts/bars.html\" %}</main>",
        ext = "html"
    )]
    struct BarsPage<'a> {
        chart: &'a BarChart,
    }

    #[derive(Template)]
    #[template(
        source = "<main>{% include \"charts/trend.html\" %}</main>",
        ext = "html"
    )]
    struct TrendPage<'a> {
        chart: &'a TrendChart,
    }

    fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
        doc.select(&Selector::parse(css).unwrap()).collect()
    }

    fn text(el: &scraper::ElementRef) -> String {
        el.text().collect::<String>().trim().to_string()
    }

    #[test]
    fn nice_ticks_are_round_and_cover_the_max() {
        let cases: [(f64, &[f64]); 8] = [
            (8.0, &[0.0, 2.0, 4.0, 6.0, 8.0]),
            (7.3, &[0.0, 2.0, 4.0, 6.0, 8.0]),
            (10.0, &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
            (135.0, &[0.0, 50.0, 100.0, 150.0]),
            (1.0, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
            (0.6, &[0.0, 0.2, 0.4, 0.6]),
            (0.0, &[0.0, 1.0]),
            (f64::NAN, &[0.0, 1.0]),
        ];
        for (max, want) in cases {
            assert_eq!(nice_ticks(max), want, "max {max}");
        }
    }

    #[test]
    fn bars_sit_inside_the_plot_and_scale_with_value() {
        let chart = sample_bars();
        let bars: Vec<&Bar> = chart.bars().collect();
        assert_eq!(bars.len(), 5);
        let classes: Vec<&str> = bars.iter().map(|b| b.class).collect();
        assert_eq!(classes, ["both", "left", "right", "left", "right"]);
        let plot = chart.axes.plot;
        for b in &bars {
            assert!(b.x >= plot.left && b.x + b.width <= plot.right, "{b:?}");
            assert!(
                b.y >= plot.top && b.y + b.height <= plot.bottom + 1e-9,
                "{b:?}"
            );
            assert!((b.y + b.height - plot.bottom).abs() < 0.011, "{b:?}");
        }
        // The axis runs 0..8 in: the 8 in bar fills the plot, the others in
        // proportion, and the 0 in bar has no height.
        assert_eq!(chart.axes.y_max, 8.0);
        let per_inch = plot.height() / 8.0;
        for (b, inches) in bars.iter().zip([8.0, 6.5, 6.0, 4.0, 0.0]) {
            assert!((b.height - inches * per_inch).abs() < 0.011, "{b:?}");
        }
        assert_eq!(bars[4].height, 0.0);
        assert_eq!(bars[4].y, plot.bottom);
        // Bars do not overlap.
        for pair in bars.windows(2) {
            assert!(pair[0].x + pair[0].width <= pair[1].x);
        }
        assert_eq!(bars[1].value_label, "6.5");
        assert_eq!(bars[1].title, "90/90, left: 6.5 in");
        assert_eq!(
            chart.desc,
            "Double-leg 8 in; 90/90 left 6.5 in, right 6 in; knee hugged left 4 in, right 0 in."
        );
        assert_eq!(chart.axes.unit_label, "in");
    }

    #[test]
    fn all_zero_bars_still_get_an_axis() {
        let z = inches(0);
        let chart = BarChart::range_test(z, z, z, z, z, Units::Metric);
        assert!(chart.bars().all(|b| b.height == 0.0));
        let labels: Vec<&str> = chart
            .axes
            .y_ticks
            .iter()
            .map(|t| t.label.as_str())
            .collect();
        assert_eq!(labels, ["0", "1"]);
        assert_eq!(chart.axes.unit_label, "cm");
    }

    #[test]
    fn legend_fits_in_the_view_box() {
        for entry in sample_bars().legend {
            assert!(entry.swatch_x >= PLOT.left);
            let end = entry.text_x + entry.label.len() as f64 * CHAR_WIDTH;
            assert!(end <= VIEW_WIDTH, "{entry:?}");
        }
    }

    #[test]
    fn bar_chart_renders_accessible_svg() {
        let chart = sample_bars().with_id_prefix("latest");
        let html = BarsPage { chart: &chart }.render().unwrap();
        let doc = Html::parse_document(&html);
        let svg = select(&doc, "svg[role=img]");
        assert_eq!(svg.len(), 1);
        assert_eq!(
            svg[0].attr("aria-labelledby"),
            Some("latest-title latest-desc")
        );
        let title = select(&doc, "svg > title#latest-title");
        assert_eq!(text(&title[0]), "Range test: hip height in each position");
        let desc = select(&doc, "svg > desc#latest-desc");
        assert_eq!(text(&desc[0]), chart.desc);
        assert_eq!(select(&doc, "rect.bar").len(), 5);
        assert_eq!(select(&doc, "rect.bar.left").len(), 2);
        assert_eq!(select(&doc, "rect.bar.both").len(), 1);
        let legend: Vec<String> = select(&doc, ".legend text").iter().map(text).collect();
        assert_eq!(legend, ["Left", "Right", "Both legs"]);
        let unit: Vec<String> = select(&doc, "text.unit-label").iter().map(text).collect();
        assert_eq!(unit, ["in"]);
        let values: Vec<String> = select(&doc, "text.value-label").iter().map(text).collect();
        assert_eq!(values, ["8", "6.5", "6", "4", "0"]);
        assert!(select(&doc, "[style], script").is_empty());
    }

    fn sample_tests() -> Vec<(NaiveDate, Height, Height)> {
        vec![
            (date(2024, 3, 1), inches(45), inches(40)),
            (date(2024, 1, 5), inches(40), inches(30)),
            (date(2024, 2, 16), inches(42), inches(35)),
        ]
    }

    #[test]
    fn trend_points_follow_dates_and_values() {
        let chart = TrendChart::true_extension(&sample_tests(), IN);
        assert!(!chart.empty);
        assert_eq!(chart.series.len(), 2);
        let left = &chart.series[0];
        assert_eq!(left.class, "left");
        assert!(!left.dashed && chart.series[1].dashed);
        assert_eq!(left.markers.len(), 3);
        let plot = chart.axes.plot;
        // Sorted by date: first at the left padding, last at the right.
        assert_eq!(left.markers[0].x, plot.left + TREND_PAD);
        assert_eq!(left.markers[2].x, plot.right - TREND_PAD);
        assert!(left.markers[0].x < left.markers[1].x);
        // Axis 0..5 in: 4 in sits at 4/5 of the height.
        assert_eq!(chart.axes.y_max, 5.0);
        let want_y = plot.bottom - 0.8 * plot.height();
        assert!((left.markers[0].y - want_y).abs() < 0.011);
        for s in &chart.series {
            for m in &s.markers {
                assert!(m.x >= plot.left && m.x <= plot.right);
                assert!(m.y >= plot.top && m.y <= plot.bottom);
            }
            let listed: Vec<String> = s
                .markers
                .iter()
                .map(|m| format!("{},{}", m.x, m.y))
                .collect();
            assert_eq!(s.points, listed.join(" "));
        }
        assert_eq!(left.markers[0].title, "Left, 5 Jan 2024: 4 in");
        assert_eq!(
            chart.desc,
            "True hip extension (knee-hugged height) over time, 3 tests. \
             5 Jan 2024: left 4 in, right 3 in; 16 Feb 2024: left 4.2 in, right 3.5 in; \
             1 Mar 2024: left 4.5 in, right 4 in."
        );
        let first = chart.x_ticks.first().unwrap();
        let last = chart.x_ticks.last().unwrap();
        assert_eq!(first.label, "5 Jan 2024");
        assert_eq!(last.label, "1 Mar 2024");
        assert_eq!(chart.x_ticks.len(), 5);
    }

    #[test]
    fn one_test_sits_in_the_middle() {
        let chart = TrendChart::true_extension(&sample_tests()[..1], IN);
        let m = &chart.series[0].markers;
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].x, PLOT.left + PLOT.width() / 2.0);
        assert_eq!(chart.x_ticks.len(), 1);
        assert!(chart.desc.contains(", 1 test. "));
    }

    #[test]
    fn no_tests_is_the_empty_state() {
        let chart = TrendChart::true_extension(&[], IN);
        assert!(chart.empty);
        assert!(chart.x_ticks.is_empty());
        assert!(chart.series.iter().all(|s| s.points.is_empty()));
        let html = TrendPage { chart: &chart }.render().unwrap();
        let doc = Html::parse_document(&html);
        assert!(select(&doc, "svg").is_empty());
        let p = select(&doc, "p.chart-empty");
        assert_eq!(text(&p[0]), "No range tests recorded yet.");
    }

    #[test]
    fn generic_series_describe_their_unit() {
        let chart = TrendChart::series(
            "Working load",
            "lb",
            vec![(
                "Hip thrust",
                "load",
                vec![(date(2024, 1, 19), 140.0), (date(2024, 1, 5), 135.0)],
            )],
        )
        .with_id_prefix("load");
        assert_eq!(chart.id_prefix, "load");
        assert_eq!(
            chart.desc,
            "Working load. Hip thrust: 5 Jan 2024 135 lb, 19 Jan 2024 140 lb."
        );
        let ticks: Vec<&str> = chart
            .axes
            .y_ticks
            .iter()
            .map(|t| t.label.as_str())
            .collect();
        assert_eq!(ticks, ["0", "50", "100", "150"]);
        assert_eq!(
            chart.series[0].markers[1].title,
            "Hip thrust, 19 Jan 2024: 140 lb"
        );
    }

    #[test]
    fn trend_chart_renders_accessible_svg() {
        let chart = TrendChart::true_extension(&sample_tests(), IN).with_id_prefix("trend");
        let html = TrendPage { chart: &chart }.render().unwrap();
        let doc = Html::parse_document(&html);
        let svg = select(&doc, "svg[role=img]");
        assert_eq!(svg.len(), 1);
        assert_eq!(
            svg[0].attr("aria-labelledby"),
            Some("trend-title trend-desc")
        );
        assert_eq!(
            text(&select(&doc, "svg > title#trend-title")[0]),
            "True hip extension (knee-hugged height) over time"
        );
        assert_eq!(text(&select(&doc, "svg > desc#trend-desc")[0]), chart.desc);
        let lines = select(&doc, "polyline.line");
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0].attr("points"),
            Some(chart.series[0].points.as_str())
        );
        assert_eq!(
            select(&doc, "polyline.line.right[stroke-dasharray]").len(),
            1
        );
        assert_eq!(select(&doc, "circle.marker").len(), 6);
        assert_eq!(select(&doc, "circle.marker.left").len(), 3);
        let marker_title = select(&doc, "circle.marker.left > title");
        assert_eq!(text(&marker_title[0]), "Left, 5 Jan 2024: 4 in");
        let legend: Vec<String> = select(&doc, ".legend text").iter().map(text).collect();
        assert_eq!(legend, ["Left", "Right"]);
        let x_labels: Vec<String> = select(&doc, ".x-axis text").iter().map(text).collect();
        assert_eq!(x_labels.first().map(String::as_str), Some("5 Jan 2024"));
        assert_eq!(x_labels.len(), chart.x_ticks.len());
        let unit: Vec<String> = select(&doc, "text.unit-label").iter().map(text).collect();
        assert_eq!(unit, ["in"]);
        assert!(select(&doc, "[style], script").is_empty());
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number_text(135.0, 2), "135");
        assert_eq!(number_text(61.25, 2), "61.25");
        assert_eq!(number_text(0.2, 3), "0.2");
        assert_eq!(number_text(-0.001, 2), "0");
    }

    proptest! {
        #[test]
        fn ticks_start_at_zero_and_cover_max(max in 1e-6f64..1e9) {
            let ticks = nice_ticks(max);
            prop_assert_eq!(ticks[0], 0.0);
            prop_assert!((2..=6).contains(&ticks.len()), "{:?}", ticks);
            prop_assert!(*ticks.last().unwrap() >= max * (1.0 - 1e-9), "{:?}", ticks);
            let step = ticks[1];
            for pair in ticks.windows(2) {
                prop_assert!((pair[1] - pair[0] - step).abs() <= step * 1e-9);
            }
        }

        #[test]
        fn bars_never_leave_the_plot(tenths in proptest::collection::vec(0i64..=600, 5)) {
            let h: Vec<Height> = tenths.iter().map(|&t| inches(t)).collect();
            let chart = BarChart::range_test(h[0], h[1], h[2], h[3], h[4], IN);
            for b in chart.bars() {
                prop_assert!(b.height >= 0.0);
                prop_assert!(b.y >= PLOT.top - 1e-9);
                prop_assert!(b.y + b.height <= PLOT.bottom + 0.011);
            }
        }
    }
}
