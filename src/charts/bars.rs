//! Bar charts: a range test's three positions side by side, left versus
//! right, drawn by `templates/charts/bars.html`.

use super::axes::{legend, round2, view_box, Axes, LegendEntry, PLOT};
use crate::domain::units::{Height, Units};

const BAR_WIDTH: f64 = 44.0;
const BAR_GAP: f64 = 8.0;

/// A bar before layout: height, class, key label and side name.
type BarSpec = (Height, &'static str, &'static str, &'static str);

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::axes::{CHAR_WIDTH, VIEW_WIDTH};
    use crate::charts::test_support::*;
    use askama::Template;
    use proptest::prelude::*;
    use scraper::Html;

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

    proptest! {
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
