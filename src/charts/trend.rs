//! Trend charts: values over time, one line per series (a member's true
//! hip extension, working loads ...), drawn by `templates/charts/trend.html`.

use chrono::{Days, NaiveDate};

use super::axes::{
    date_text, legend_in, number_text, round2, trend_view_box, Axes, LegendEntry, XTick,
    TREND_CHAR_WIDTH, TREND_PLOT as PLOT,
};
use crate::domain::today::day_text;
use crate::domain::units::{Height, Units};

/// Horizontal breathing room between the y axis and the first/last point.
const TREND_PAD: f64 = 32.0;

/// The points of one generic trend series: (date, value).
pub type Points = Vec<(NaiveDate, f64)>;

/// A data point's marker, with its tooltip.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub x: f64,
    pub y: f64,
    /// E.g. "Left, Fri 5 Jan 2024: 4.5 in".
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
                        day_text(*date),
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
                    .map(|(date, _, text)| format!("{} {text}", day_text(*date)))
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
    let axes = Axes::in_plot(max, unit_label, PLOT);
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
                label_y: PLOT.bottom + 20.0,
            })
            .collect(),
        _ => Vec::new(),
    };
    let legend_entries: Vec<(&str, &str, bool)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (s.label.as_str(), s.class.as_str(), i > 0))
        .collect();
    let legend = legend_in(&legend_entries, PLOT, TREND_CHAR_WIDTH);
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
                        title: format!("{}, {}: {text}", s.label, day_text(*date)),
                    })
                    .collect(),
            }
        })
        .collect();
    TrendChart {
        id_prefix: "trend-chart".to_string(),
        view_box: trend_view_box(),
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

/// Dates to label on the x axis: the first, the last and the one halfway,
/// without repeats (three labels fit a phone's width at a readable size).
fn date_ticks(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let span = (last - first).num_days().max(0);
    let mut dates: Vec<NaiveDate> = (0..=2)
        .map(|half| {
            let offset = (span * half + 1) / 2;
            first
                .checked_add_days(Days::new(offset as u64))
                .unwrap_or(last)
        })
        .collect();
    dates.dedup();
    dates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::*;
    use askama::Template;
    use scraper::Html;

    #[derive(Template)]
    #[template(
        source = "<main>{% include \"charts/trend.html\" %}</main>",
        ext = "html"
    )]
    struct TrendPage<'a> {
        chart: &'a TrendChart,
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
        assert_eq!(left.markers[0].title, "Left, Fri 5 Jan 2024: 4 in");
        assert_eq!(
            chart.desc,
            "True hip extension (knee-hugged height) over time, 3 tests. \
             Fri 5 Jan 2024: left 4 in, right 3 in; Fri 16 Feb 2024: left 4.2 in, right 3.5 in; \
             Fri 1 Mar 2024: left 4.5 in, right 4 in."
        );
        let first = chart.x_ticks.first().unwrap();
        let last = chart.x_ticks.last().unwrap();
        assert_eq!(first.label, "5 Jan 2024");
        assert_eq!(last.label, "1 Mar 2024");
        assert_eq!(chart.x_ticks.len(), 3);
    }

    /// Rule: a trend chart's labels read at 12 px or more on a 390 px phone,
    /// and its date labels and legend fit the view box without overlapping.
    #[test]
    fn rule_trend_labels_read_at_12_px_on_a_390_px_phone() {
        use crate::charts::axes::{TREND_CHAR_WIDTH, TREND_FONT, TREND_VIEW_WIDTH};
        // A 390 px screen less the page's and the panel's side padding.
        const PHONE_CHART_WIDTH: f64 = 326.0;
        const { assert!(TREND_FONT * PHONE_CHART_WIDTH / TREND_VIEW_WIDTH >= 12.0) };
        let chart = TrendChart::true_extension(&sample_tests(), IN);
        let doc = Html::parse_fragment(&TrendPage { chart: &chart }.render().unwrap());
        let svg = &select(&doc, "svg")[0];
        assert_eq!(svg.value().attr("font-size"), Some("14"));
        assert_eq!(
            svg.value().attr("viewBox"),
            Some(format!("0 0 {TREND_VIEW_WIDTH} 250").as_str())
        );
        let spans: Vec<(f64, f64)> = chart
            .x_ticks
            .iter()
            .map(|t| {
                let half = t.label.chars().count() as f64 * TREND_CHAR_WIDTH / 2.0;
                (t.x - half, t.x + half)
            })
            .collect();
        for (i, (from, to)) in spans.iter().enumerate() {
            assert!(*from >= 0.0 && *to <= TREND_VIEW_WIDTH, "{spans:?}");
            if i > 0 {
                assert!(spans[i - 1].1 < *from, "labels overlap: {spans:?}");
            }
        }
        for entry in &chart.legend {
            let end = entry.text_x + entry.label.chars().count() as f64 * TREND_CHAR_WIDTH;
            assert!(end <= TREND_VIEW_WIDTH, "{entry:?}");
        }
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
            "Working load. Hip thrust: Fri 5 Jan 2024 135 lb, Fri 19 Jan 2024 140 lb."
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
            "Hip thrust, Fri 19 Jan 2024: 140 lb"
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
        assert_eq!(text(&marker_title[0]), "Left, Fri 5 Jan 2024: 4 in");
        let legend: Vec<String> = select(&doc, ".legend text").iter().map(text).collect();
        assert_eq!(legend, ["Left", "Right"]);
        let x_labels: Vec<String> = select(&doc, ".x-axis text").iter().map(text).collect();
        assert_eq!(x_labels.first().map(String::as_str), Some("5 Jan 2024"));
        assert_eq!(x_labels.len(), chart.x_ticks.len());
        let unit: Vec<String> = select(&doc, "text.unit-label").iter().map(text).collect();
        assert_eq!(unit, ["in"]);
        assert!(select(&doc, "[style], script").is_empty());
    }
}
