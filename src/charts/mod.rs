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
//!
//! One room per kind: `axes` (the frame, scales, legend and text shared by
//! every chart), `bars` (bar charts) and `trend` (line charts over time).
//! Everything is re-exported here: callers name `charts::X`.

mod axes;
mod bars;
#[cfg(test)]
mod test_support;
mod trend;

pub use self::axes::{
    nice_ticks, Axes, LegendEntry, PlotArea, XTick, YTick, VIEW_HEIGHT, VIEW_WIDTH,
};
pub use self::bars::{Bar, BarChart, BarGroup};
pub use self::trend::{Marker, Points, Series, TrendChart};
