//! The frame every chart shares: the view box, the plot area, y ticks at
//! round values, the unit label, the legend row, and the text of dates and
//! numbers on them.

use chrono::NaiveDate;

/// The view box width.
pub const VIEW_WIDTH: f64 = 640.0;
/// The view box height.
pub const VIEW_HEIGHT: f64 = 280.0;

/// The plot area inside the view box: axes run along its left and bottom.
pub(super) const PLOT: PlotArea = PlotArea {
    left: 56.0,
    top: 44.0,
    right: 624.0,
    bottom: 236.0,
};
/// Trend charts (a member's history on a phone) use a narrower view box
/// and a larger font, so their labels read at 12 px or more once the chart
/// is scaled to a 390 px phone's content width (326 px: the screen less the
/// page's and the panel's side padding and borders).
pub const TREND_VIEW_WIDTH: f64 = 360.0;
pub const TREND_VIEW_HEIGHT: f64 = 250.0;
/// The trend charts' font size, in view box units.
pub const TREND_FONT: f64 = 14.0;
/// Rough width of one legend character at `TREND_FONT`.
pub(super) const TREND_CHAR_WIDTH: f64 = CHAR_WIDTH * TREND_FONT / 12.0;
/// The plot area of a trend chart.
pub(super) const TREND_PLOT: PlotArea = PlotArea {
    left: 48.0,
    top: 44.0,
    right: 344.0,
    bottom: 206.0,
};

/// Baseline of the legend and unit label row.
pub(super) const LEGEND_Y: f64 = 18.0;
/// Rough width of one legend character at the charts' 12-unit font size.
pub(super) const CHAR_WIDTH: f64 = 7.0;

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
    pub(super) fn new(max_value: f64, unit_label: &str) -> Axes {
        Axes::in_plot(max_value, unit_label, PLOT)
    }

    /// As `new`, in another plot area (the trend charts').
    pub(super) fn in_plot(max_value: f64, unit_label: &str, plot: PlotArea) -> Axes {
        let ticks = nice_ticks(max_value);
        let y_max = *ticks.last().unwrap_or(&1.0);
        let y_ticks = ticks
            .iter()
            .map(|&v| {
                let y = round2(plot.bottom - v / y_max * plot.height());
                YTick {
                    y,
                    label: number_text(v, 3),
                    label_x: plot.left - 6.0,
                    label_y: round2(y + 4.0),
                }
            })
            .collect();
        Axes {
            plot,
            y_ticks,
            y_max,
            unit_label: unit_label.to_string(),
            unit_x: plot.left - 6.0,
            unit_y: LEGEND_Y,
        }
    }

    /// The y coordinate of a value; values outside 0..=y_max are clamped.
    pub(super) fn y_of(&self, value: f64) -> f64 {
        let v = if value.is_finite() { value } else { 0.0 };
        let v = v.clamp(0.0, self.y_max);
        round2(self.plot.bottom - v / self.y_max * self.plot.height())
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
pub(super) fn legend(entries: &[(&str, &str, bool)]) -> Vec<LegendEntry> {
    legend_in(entries, PLOT, CHAR_WIDTH)
}

/// As `legend`, ending at `plot`'s right edge, for letters `char_width` wide.
pub(super) fn legend_in(
    entries: &[(&str, &str, bool)],
    plot: PlotArea,
    char_width: f64,
) -> Vec<LegendEntry> {
    let entry_width = |label: &str| 24.0 + label.chars().count() as f64 * char_width + 16.0;
    let total: f64 = entries.iter().map(|(label, _, _)| entry_width(label)).sum();
    let mut x = (plot.right - total + 16.0).max(plot.left);
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

pub(super) fn view_box() -> String {
    format!("0 0 {VIEW_WIDTH} {VIEW_HEIGHT}")
}

/// The trend charts' view box.
pub(super) fn trend_view_box() -> String {
    format!("0 0 {TREND_VIEW_WIDTH} {TREND_VIEW_HEIGHT}")
}

/// "5 Jan 2024": an axis label, short for the room under the axis (the
/// charts' descriptions and point titles write days with `day_text`).
pub(super) fn date_text(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// A number with at most `decimals` places and no trailing zeros.
pub(super) fn number_text(value: f64, decimals: usize) -> String {
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

pub(super) fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    }
}
