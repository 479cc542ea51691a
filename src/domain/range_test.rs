//! The single-leg range test: what the three recorded positions say about a
//! crew member's hips (range-test.md). Pure arithmetic over typed heights; the
//! form, the database and the pages live elsewhere.
//!
//! Positions: A is the double-leg bridge, B the single-leg bridge with the free
//! leg at 90/90, C the single-leg bridge with the other knee hugged (the lower
//! back is locked out, so C is the true hip extension).
//!
//! Heights are expected to be non-negative, as `Height::parse` guarantees; a
//! negative height that slips through is read as 0. Threshold comparisons are
//! done in exact integer arithmetic on micrometres, so a value sitting exactly
//! on a threshold never flips with floating-point rounding.

use std::fmt;

use chrono::{Days, NaiveDate};

use crate::domain::units::{Height, Units};

/// A side of the body, named by the leg that does the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Left, Side::Right];

    /// "left" or "right", for running text.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }

    /// "Left" or "Right", for headings and table cells.
    pub fn label(self) -> &'static str {
        match self {
            Side::Left => "Left",
            Side::Right => "Right",
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One of the three test positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    /// A: double-leg bridge.
    DoubleLeg,
    /// B: single-leg bridge, free leg at 90/90.
    NinetyNinety,
    /// C: single-leg bridge, other knee hugged to the chest.
    KneeHugged,
}

impl Position {
    /// In protocol order; `felt_elsewhere` is indexed the same way.
    pub const ALL: [Position; 3] = [
        Position::DoubleLeg,
        Position::NinetyNinety,
        Position::KneeHugged,
    ];

    /// The index into `RangeInput::felt_elsewhere`.
    pub fn index(self) -> usize {
        match self {
            Position::DoubleLeg => 0,
            Position::NinetyNinety => 1,
            Position::KneeHugged => 2,
        }
    }

    /// "A", "B" or "C", as on the protocol sheet.
    pub fn letter(self) -> &'static str {
        match self {
            Position::DoubleLeg => "A",
            Position::NinetyNinety => "B",
            Position::KneeHugged => "C",
        }
    }

    /// A short name for running text.
    pub fn label(self) -> &'static str {
        match self {
            Position::DoubleLeg => "double-leg bridge",
            Position::NinetyNinety => "single-leg bridge, free leg at 90/90",
            Position::KneeHugged => "single-leg bridge, knee hugged",
        }
    }
}

/// The department's thresholds for reading a range test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// True extension (C) below this percent of the double-leg height (A) is
    /// near zero.
    pub near_zero_pct: u8,
    /// Left/right asymmetry above this percent is flagged.
    pub asymmetry_pct: u8,
    /// Compensation (B - C) above this percent of B is flagged.
    pub compensation_pct: u8,
    /// A retest is due this many weeks after the last test.
    pub retest_weeks: u8,
    /// C may exceed A by this percent before the form shows a warning.
    pub hugged_over_double_tolerance_pct: u8,
}

impl Default for Thresholds {
    /// The defaults from range-test.md.
    fn default() -> Self {
        Thresholds {
            near_zero_pct: 25,
            asymmetry_pct: 15,
            compensation_pct: 50,
            retest_weeks: 6,
            hugged_over_double_tolerance_pct: 5,
        }
    }
}

/// A threshold the settings form must refuse; `field` is the struct field's
/// name, which the form uses as the input's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThresholdError {
    pub field: &'static str,
    pub message: String,
}

impl Thresholds {
    /// Checks every field and reports each one out of range. The three flag
    /// percentages take 1 to 100, the tolerance 0 to 100 (0 warns on any
    /// excess), the retest interval 1 to 52 weeks.
    pub fn validate(&self) -> Result<(), Vec<ThresholdError>> {
        let checks: [(&'static str, u8, u8, u8, &str); 5] = [
            ("near_zero_pct", self.near_zero_pct, 1, 100, "percent"),
            ("asymmetry_pct", self.asymmetry_pct, 1, 100, "percent"),
            ("compensation_pct", self.compensation_pct, 1, 100, "percent"),
            ("retest_weeks", self.retest_weeks, 1, 52, "weeks"),
            (
                "hugged_over_double_tolerance_pct",
                self.hugged_over_double_tolerance_pct,
                0,
                100,
                "percent",
            ),
        ];
        let errors: Vec<ThresholdError> = checks
            .into_iter()
            .filter(|&(_, value, min, max, _)| value < min || value > max)
            .map(|(field, _, min, max, unit)| ThresholdError {
                field,
                message: format!("Enter a whole number of {unit} from {min} to {max}."),
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// What the coach recorded, already parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RangeInput {
    /// A: double-leg bridge.
    pub double_leg: Height,
    /// B: single-leg bridge at 90/90, left leg working.
    pub ninety_left: Height,
    /// B: right leg working.
    pub ninety_right: Height,
    /// C: single-leg bridge, knee hugged, left leg working.
    pub hugged_left: Height,
    /// C: right leg working.
    pub hugged_right: Height,
    /// Pain in any position.
    pub pain: bool,
    /// Hamstring cramp in any position.
    pub cramp: bool,
    /// Per position (A, B, C, see `Position::index`): felt somewhere other
    /// than the glutes.
    pub felt_elsewhere: [bool; 3],
}

impl RangeInput {
    /// B for a side.
    pub fn ninety(&self, side: Side) -> Height {
        match side {
            Side::Left => self.ninety_left,
            Side::Right => self.ninety_right,
        }
    }

    /// C for a side.
    pub fn hugged(&self, side: Side) -> Height {
        match side {
            Side::Left => self.hugged_left,
            Side::Right => self.hugged_right,
        }
    }
}

/// The derived figures for one side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SideAnalysis {
    pub side: Side,
    /// B.
    pub ninety: Height,
    /// C: the true hip extension.
    pub true_extension: Height,
    /// B - C, signed: negative when the knee-hugged bridge went higher.
    pub compensation: Height,
    /// B - C as a percent of B, signed; `None` when B is 0.
    pub compensation_pct: Option<f64>,
    /// C as a percent of A; `None` when A is 0.
    pub pct_of_double_leg: Option<f64>,
}

/// The reading of one test.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub left: SideAnalysis,
    pub right: SideAnalysis,
    /// A.
    pub double_leg: Height,
    /// The mean of C left and C right (rounded down to the micrometre, which
    /// is exact for heights typed to 0.1 in or 0.1 cm).
    pub hugged_mean: Height,
    /// A minus the mean of C, signed.
    pub double_leg_over_hugged_mean: Height,
    /// That difference as a percent of A, signed; `None` when A is 0.
    pub double_leg_over_hugged_mean_pct: Option<f64>,
    /// |C left - C right| / max(C left, C right) * 100, in [0, 100]; 0 when
    /// both are 0.
    pub asymmetry_pct: f64,
    /// The side with the lower C; `None` when both are equal.
    pub weaker_side: Option<Side>,
    /// Findings, most urgent first: pain or cramp, near-zero extension,
    /// asymmetry, large compensation, felt elsewhere.
    pub flags: Vec<Flag>,
    /// Entries that look wrong but may be saved.
    pub warnings: Vec<Warning>,
}

impl Analysis {
    pub fn side(&self, side: Side) -> &SideAnalysis {
        match side {
            Side::Left => &self.left,
            Side::Right => &self.right,
        }
    }

    /// True when a flag says to stop or not to load (pain, cramp or near-zero
    /// extension).
    pub fn do_not_load(&self) -> bool {
        self.flags.iter().any(|f| {
            matches!(
                f.kind,
                FlagKind::PainOrCramp { .. } | FlagKind::NearZeroExtension { .. }
            )
        })
    }
}

impl Analysis {
    /// The reading in plain words for the member, a line per side and one
    /// for pain or a cramp: each side's true hip extension, its share of
    /// the two-leg bridge and what follows from the flags on that side.
    pub fn plain_words(&self, units: Units) -> Vec<String> {
        let mut lines = Vec::new();
        for s in [&self.left, &self.right] {
            let side = s.side.label();
            let mut line = format!(
                "{side}: {:.1} {} of true hip extension",
                s.true_extension.in_units(units),
                units.length_unit()
            );
            if let Some(pct) = s.pct_of_double_leg {
                line.push_str(", ");
                line.push_str(&share_words(pct));
            }
            let on_side = |kind: &FlagKind| match kind {
                FlagKind::NearZeroExtension { side } => *side == s.side,
                FlagKind::Asymmetry { weaker } => *weaker == s.side,
                FlagKind::LargeCompensation { side } => *side == s.side,
                _ => false,
            };
            let follows = self.flags.iter().find(|f| on_side(&f.kind)).map_or(
                "nothing to change on this side",
                |f| match f.kind {
                    FlagKind::NearZeroExtension { .. } => {
                        "your coach will keep you on bodyweight work"
                    }
                    FlagKind::Asymmetry { .. } => {
                        "the weaker side: extra single-leg work will help it catch up"
                    }
                    _ => "your lower back still makes up much of the height",
                },
            );
            line.push_str(": ");
            line.push_str(follows);
            line.push('.');
            lines.push(line);
        }
        if let Some(FlagKind::PainOrCramp { pain, cramp }) = self
            .flags
            .iter()
            .map(|f| &f.kind)
            .find(|k| matches!(k, FlagKind::PainOrCramp { .. }))
        {
            let what = match (pain, cramp) {
                (true, true) => "Pain and a hamstring cramp were",
                (true, false) => "Pain was",
                _ => "A hamstring cramp was",
            };
            lines.push(format!(
                "{what} reported during the test: your coach will talk with you before you train on."
            ));
        }
        lines
    }
}

/// "a quarter of your two-leg bridge", "about half of ...": a side's true
/// extension as a share of the double-leg height, in words.
fn share_words(pct: f64) -> String {
    const SHARES: [(f64, &str); 9] = [
        (0.0, "none"),
        (10.0, "a tenth"),
        (20.0, "a fifth"),
        (25.0, "a quarter"),
        (100.0 / 3.0, "a third"),
        (50.0, "half"),
        (200.0 / 3.0, "two thirds"),
        (75.0, "three quarters"),
        (100.0, "all"),
    ];
    if pct > 105.0 {
        return "more than your two-leg bridge".to_string();
    }
    let (at, word) = SHARES
        .iter()
        .copied()
        .min_by(|a, b| (a.0 - pct).abs().total_cmp(&(b.0 - pct).abs()))
        .unwrap_or((0.0, "none"));
    let about = if (at - pct).abs() > 2.5 { "about " } else { "" };
    format!("{about}{word} of your two-leg bridge")
}

/// What a flag is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagKind {
    /// C below the near-zero share of A on `side`.
    NearZeroExtension { side: Side },
    /// C differs between sides by more than the threshold; `weaker` lifts less.
    Asymmetry { weaker: Side },
    /// B - C above the threshold share of B on `side`.
    LargeCompensation { side: Side },
    /// Pain and/or a hamstring cramp was reported.
    PainOrCramp { pain: bool, cramp: bool },
    /// Felt somewhere other than the glutes in these positions.
    FeltElsewhere { positions: Vec<Position> },
}

/// A finding to show the coach, with the measured value and the threshold it
/// crossed.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub kind: FlagKind,
    /// The measured percent: C as a percent of A (near zero), the asymmetry,
    /// or B - C as a percent of B. `None` for reported findings.
    pub measured_pct: Option<f64>,
    /// The department's threshold in percent; `None` for reported findings.
    pub threshold_pct: Option<u8>,
}

impl Flag {
    /// A short heading, e.g. "Near-zero true extension, left side".
    pub fn title(&self) -> String {
        match &self.kind {
            FlagKind::NearZeroExtension { side } => {
                format!("Near-zero true extension, {side} side")
            }
            FlagKind::Asymmetry { weaker } => format!("Asymmetry, {weaker} side weaker"),
            FlagKind::LargeCompensation { side } => {
                format!("Large lower-back compensation, {side} side")
            }
            FlagKind::PainOrCramp { pain, cramp } => match (pain, cramp) {
                (true, true) => "Pain and hamstring cramp".to_string(),
                (true, false) => "Pain".to_string(),
                _ => "Hamstring cramp".to_string(),
            },
            FlagKind::FeltElsewhere { .. } => "Felt outside the glutes".to_string(),
        }
    }

    /// The measured value against the threshold, e.g. "12% (flagged below
    /// 25%)"; for reported findings, what was reported.
    pub fn measured_text(&self) -> String {
        let measured = self.measured_pct.map(format_pct);
        let threshold = self.threshold_pct.map(|t| format!("{t}%"));
        match (&self.kind, measured, threshold) {
            (FlagKind::NearZeroExtension { .. }, Some(m), Some(t)) => {
                format!("{m} of the double-leg height (flagged below {t})")
            }
            (FlagKind::Asymmetry { .. }, Some(m), Some(t)) => {
                format!("{m} difference (flagged above {t})")
            }
            (FlagKind::LargeCompensation { .. }, Some(m), Some(t)) => {
                format!("{m} of the 90/90 height lost (flagged above {t})")
            }
            (FlagKind::FeltElsewhere { positions }, _, _) => {
                let letters: Vec<&str> = positions.iter().map(|p| p.letter()).collect();
                format!("Reported in position {}", letters.join(", "))
            }
            _ => "Reported".to_string(),
        }
    }

    /// True when the reading says to stop (pain or cramp).
    pub fn is_stop(&self) -> bool {
        matches!(self.kind, FlagKind::PainOrCramp { .. })
    }

    /// What the finding means and what to do about it, in plain words.
    pub fn reading(&self) -> String {
        match &self.kind {
            FlagKind::NearZeroExtension { side } => format!(
                "With the lower back locked out, the {side} hip barely lifts. That points to \
                 stiffness at the front of the hip, weak hip and trunk muscles, or (most often) \
                 both. Make bridging and hip mobility the priority, and do not add load yet."
            ),
            FlagKind::Asymmetry { weaker } => format!(
                "The {weaker} side lifts noticeably less than the {}. Add single-leg bridge work \
                 on the {weaker} side until the two sides even out.",
                weaker.other()
            ),
            FlagKind::LargeCompensation { side } => format!(
                "On the {side} side, much of the 90/90 height disappears once the knee is \
                 hugged: the lower back is arching to make up the height the hip cannot. \
                 Build true hip extension before chasing height."
            ),
            FlagKind::PainOrCramp { pain, cramp } => {
                let what = match (pain, cramp) {
                    (true, true) => "Pain and a hamstring cramp were",
                    (true, false) => "Pain was",
                    _ => "A hamstring cramp was",
                };
                format!(
                    "{what} reported. Stop here and check with the coach before training \
                     continues."
                )
            }
            FlagKind::FeltElsewhere { .. } => {
                "Felt somewhere other than the glutes, so the glutes may not be doing the work. \
                 Cue it again: feet a little closer, chin tucked, ribs down, drive through the \
                 heels and squeeze at the top."
                    .to_string()
            }
        }
    }
}

/// Something that looks like a mistyped entry; the coach may still save it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// C on `side` is above A by more than the tolerance.
    HuggedAboveDoubleLeg {
        side: Side,
        hugged: Height,
        double_leg: Height,
        tolerance_pct: u8,
    },
}

impl Warning {
    /// The message shown beside the form, in the department's units.
    pub fn message(&self, units: Units) -> String {
        match self {
            Warning::HuggedAboveDoubleLeg {
                side,
                hugged,
                double_leg,
                tolerance_pct,
            } => format!(
                "The knee-hugged height on the {side} ({}) is more than {tolerance_pct}% above \
                 the double-leg height ({}). Please check the measurement; you can still save \
                 it.",
                hugged.display(units),
                double_leg.display(units),
            ),
        }
    }

    /// The form field the warning belongs beside.
    pub fn field(&self) -> &'static str {
        match self {
            Warning::HuggedAboveDoubleLeg {
                side: Side::Left, ..
            } => "hugged_left",
            Warning::HuggedAboveDoubleLeg {
                side: Side::Right, ..
            } => "hugged_right",
        }
    }
}

/// Reads a test against the department's thresholds.
///
/// Near zero: C is near zero on a side when `C * 100 < near_zero_pct * A`, or
/// when C is 0 whatever A is (no true extension at all is near zero; this is
/// what decides the case A = 0, where a positive C is not flagged and instead
/// gets the "above the double-leg height" warning).
pub fn analyse(input: &RangeInput, t: &Thresholds) -> Analysis {
    let a = um(input.double_leg);
    let side_analysis = |side: Side| {
        let b = um(input.ninety(side));
        let c = um(input.hugged(side));
        SideAnalysis {
            side,
            ninety: Height::from_micrometres(b),
            true_extension: Height::from_micrometres(c),
            compensation: Height::from_micrometres(b - c),
            compensation_pct: pct(b - c, b),
            pct_of_double_leg: pct(c, a),
        }
    };
    let left = side_analysis(Side::Left);
    let right = side_analysis(Side::Right);
    let (cl, cr) = (
        left.true_extension.micrometres,
        right.true_extension.micrometres,
    );

    let hugged_mean = (cl + cr) / 2;
    let asymmetry_pct = asymmetry_pct(cl, cr);
    let weaker_side = match cl.cmp(&cr) {
        std::cmp::Ordering::Less => Some(Side::Left),
        std::cmp::Ordering::Greater => Some(Side::Right),
        std::cmp::Ordering::Equal => None,
    };

    let mut flags = Vec::new();
    if input.pain || input.cramp {
        flags.push(Flag {
            kind: FlagKind::PainOrCramp {
                pain: input.pain,
                cramp: input.cramp,
            },
            measured_pct: None,
            threshold_pct: None,
        });
    }
    for s in [&left, &right] {
        let c = s.true_extension.micrometres;
        if c == 0 || wide(c) * 100 < wide(a) * i128::from(t.near_zero_pct) {
            flags.push(Flag {
                kind: FlagKind::NearZeroExtension { side: s.side },
                measured_pct: Some(s.pct_of_double_leg.unwrap_or(0.0)),
                threshold_pct: Some(t.near_zero_pct),
            });
        }
    }
    if let Some(weaker) = weaker_side {
        // |CL - CR| * 100 > pct * max(CL, CR), exactly.
        if wide(cl - cr).abs() * 100 > wide(cl.max(cr)) * i128::from(t.asymmetry_pct) {
            flags.push(Flag {
                kind: FlagKind::Asymmetry { weaker },
                measured_pct: Some(asymmetry_pct),
                threshold_pct: Some(t.asymmetry_pct),
            });
        }
    }
    for s in [&left, &right] {
        let b = s.ninety.micrometres;
        let lost = s.compensation.micrometres;
        if wide(lost) * 100 > wide(b) * i128::from(t.compensation_pct) {
            flags.push(Flag {
                kind: FlagKind::LargeCompensation { side: s.side },
                measured_pct: s.compensation_pct,
                threshold_pct: Some(t.compensation_pct),
            });
        }
    }
    let felt: Vec<Position> = Position::ALL
        .into_iter()
        .filter(|p| input.felt_elsewhere[p.index()])
        .collect();
    if !felt.is_empty() {
        flags.push(Flag {
            kind: FlagKind::FeltElsewhere { positions: felt },
            measured_pct: None,
            threshold_pct: None,
        });
    }

    let mut warnings = Vec::new();
    for s in [&left, &right] {
        let c = s.true_extension.micrometres;
        // C * 100 > A * (100 + tolerance): C is above A by more than the tolerance.
        if wide(c) * 100 > wide(a) * (100 + i128::from(t.hugged_over_double_tolerance_pct)) {
            warnings.push(Warning::HuggedAboveDoubleLeg {
                side: s.side,
                hugged: s.true_extension,
                double_leg: Height::from_micrometres(a),
                tolerance_pct: t.hugged_over_double_tolerance_pct,
            });
        }
    }

    Analysis {
        left,
        right,
        double_leg: Height::from_micrometres(a),
        hugged_mean: Height::from_micrometres(hugged_mean),
        double_leg_over_hugged_mean: Height::from_micrometres(a - hugged_mean),
        double_leg_over_hugged_mean_pct: pct(a - hugged_mean, a),
        asymmetry_pct,
        weaker_side,
        flags,
        warnings,
    }
}

/// The latest range test holds loading: near-zero true extension on a side
/// (C below the department's share of A). While it stands, the engine never
/// moves the member into a loaded stage; a newer test without the flag lifts
/// it. Carries the test's numbers so the pages can say why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadingHold {
    pub tested_on: NaiveDate,
    /// A.
    pub double_leg: Height,
    /// C left and C right.
    pub hugged_left: Height,
    pub hugged_right: Height,
    /// The department's near-zero threshold, percent of A.
    pub near_zero_pct: u8,
    /// Which sides are near zero: left, right.
    pub near_zero: [bool; 2],
}

impl LoadingHold {
    /// The hold a test on `tested_on` makes, if it flags near-zero extension.
    pub fn from_test(
        input: &RangeInput,
        t: &Thresholds,
        tested_on: NaiveDate,
    ) -> Option<LoadingHold> {
        let analysis = analyse(input, t);
        let near_zero = Side::BOTH.map(|side| {
            analysis
                .flags
                .iter()
                .any(|f| f.kind == FlagKind::NearZeroExtension { side })
        });
        near_zero.contains(&true).then_some(LoadingHold {
            tested_on,
            double_leg: input.double_leg,
            hugged_left: input.hugged_left,
            hugged_right: input.hugged_right,
            near_zero_pct: t.near_zero_pct,
            near_zero,
        })
    }

    /// The near-zero sides, in words: "left", "right" or "left and right".
    pub fn sides_text(&self) -> &'static str {
        match self.near_zero {
            [true, true] => "left and right",
            [true, false] => "left",
            _ => "right",
        }
    }

    /// The test's numbers, e.g. "knee-hugged 1 in left, 8 in right against a
    /// two-leg bridge of 10 in (near zero below 25% of it)".
    pub fn numbers_text(&self, units: Units) -> String {
        format!(
            "knee-hugged {} left, {} right against a two-leg bridge of {} (near zero below \
             {}% of it)",
            self.hugged_left.display(units),
            self.hugged_right.display(units),
            self.double_leg.display(units),
            self.near_zero_pct
        )
    }
}

/// The date the next test is due: `retest_weeks` after the last one.
pub fn next_retest(last_test: NaiveDate, t: &Thresholds) -> NaiveDate {
    last_test
        .checked_add_days(Days::new(7 * u64::from(t.retest_weeks)))
        .unwrap_or(NaiveDate::MAX)
}

/// True from the day the next test falls due (that day included).
pub fn retest_due(last_test: NaiveDate, today: NaiveDate, t: &Thresholds) -> bool {
    today >= next_retest(last_test, t)
}

/// Formats a percent to at most one decimal: "12%", "12.5%".
pub fn format_pct(value: f64) -> String {
    let s = format!("{value:.1}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0%".to_string()
    } else {
        format!("{s}%")
    }
}

/// The height in micrometres, negatives read as 0.
fn um(h: Height) -> i64 {
    h.micrometres.max(0)
}

fn wide(v: i64) -> i128 {
    i128::from(v)
}

/// `part` as a percent of `whole`; `None` when `whole` is 0.
fn pct(part: i64, whole: i64) -> Option<f64> {
    (whole != 0).then(|| part as f64 / whole as f64 * 100.0)
}

/// |l - r| / max(l, r) * 100 for non-negative l and r; 0 when both are 0.
fn asymmetry_pct(l: i64, r: i64) -> f64 {
    let max = l.max(r);
    if max == 0 {
        return 0.0;
    }
    ((l - r).abs() as f64 / max as f64 * 100.0).clamp(0.0, 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const IN: Units = Units::Imperial;

    /// Heights in tenths of an inch: a, bl, br, cl, cr.
    fn input(tenths: [i64; 5]) -> RangeInput {
        let h = |t| Height::from_tenths(t, IN);
        RangeInput {
            double_leg: h(tenths[0]),
            ninety_left: h(tenths[1]),
            ninety_right: h(tenths[2]),
            hugged_left: h(tenths[3]),
            hugged_right: h(tenths[4]),
            ..RangeInput::default()
        }
    }

    fn kinds(a: &Analysis) -> Vec<FlagKind> {
        a.flags.iter().map(|f| f.kind.clone()).collect()
    }

    fn close(x: f64, y: f64) -> bool {
        (x - y).abs() < 1e-9
    }

    /// Heights (tenths of an inch: A, B L, B R, C L, C R), then the lines.
    #[test]
    fn plain_words_give_each_side_its_share_and_what_follows() {
        let cases: [([i64; 5], [&str; 2]); 5] = [
            (
                [84, 60, 60, 20, 60],
                [
                    "Left: 2.0 in of true hip extension, a quarter of your two-leg bridge: your coach will keep you on bodyweight work.",
                    "Right: 6.0 in of true hip extension, about three quarters of your two-leg bridge: nothing to change on this side.",
                ],
            ),
            (
                [80, 65, 60, 40, 30],
                [
                    "Left: 4.0 in of true hip extension, half of your two-leg bridge: nothing to change on this side.",
                    "Right: 3.0 in of true hip extension, about a third of your two-leg bridge: the weaker side: extra single-leg work will help it catch up.",
                ],
            ),
            (
                [80, 70, 70, 60, 60],
                [
                    "Left: 6.0 in of true hip extension, three quarters of your two-leg bridge: nothing to change on this side.",
                    "Right: 6.0 in of true hip extension, three quarters of your two-leg bridge: nothing to change on this side.",
                ],
            ),
            (
                [80, 80, 80, 30, 30],
                [
                    "Left: 3.0 in of true hip extension, about a third of your two-leg bridge: your lower back still makes up much of the height.",
                    "Right: 3.0 in of true hip extension, about a third of your two-leg bridge: your lower back still makes up much of the height.",
                ],
            ),
            (
                [0, 10, 10, 10, 10],
                [
                    "Left: 1.0 in of true hip extension: nothing to change on this side.",
                    "Right: 1.0 in of true hip extension: nothing to change on this side.",
                ],
            ),
        ];
        for (heights, expect) in cases {
            let a = analyse(&input(heights), &Thresholds::default());
            assert_eq!(a.plain_words(IN), expect.to_vec(), "{heights:?}");
        }
        let pained = RangeInput {
            pain: true,
            ..input([80, 70, 70, 60, 60])
        };
        let lines = analyse(&pained, &Thresholds::default()).plain_words(IN);
        assert_eq!(
            lines.last().map(String::as_str),
            Some("Pain was reported during the test: your coach will talk with you before you train on.")
        );
    }

    #[test]
    fn normal_case_worked_by_hand() {
        // A 8.0 in, B 6.5 / 6.0, C 4.0 / 3.0.
        let a = analyse(&input([80, 65, 60, 40, 30]), &Thresholds::default());
        assert_eq!(a.left.true_extension.display(IN), "4 in");
        assert_eq!(a.right.true_extension.display(IN), "3 in");
        // Compensation: 6.5 - 4.0 = 2.5 (38.46% of 6.5); 6.0 - 3.0 = 3.0 (50% of 6.0).
        assert_eq!(a.left.compensation.display(IN), "2.5 in");
        assert_eq!(a.right.compensation.display(IN), "3 in");
        assert!(close(a.left.compensation_pct.unwrap(), 2.5 / 6.5 * 100.0));
        assert!(close(a.right.compensation_pct.unwrap(), 50.0));
        // Mean C = 3.5; A - mean C = 4.5, 56.25% of A.
        assert_eq!(a.hugged_mean.display(IN), "3.5 in");
        assert_eq!(a.double_leg_over_hugged_mean.display(IN), "4.5 in");
        assert!(close(a.double_leg_over_hugged_mean_pct.unwrap(), 56.25));
        // Asymmetry |4 - 3| / 4 = 25%, right weaker.
        assert!(close(a.asymmetry_pct, 25.0));
        assert_eq!(a.weaker_side, Some(Side::Right));
        // C is 50% and 37.5% of A: not near zero. Right compensation is exactly
        // 50%, not above it: not flagged.
        assert_eq!(
            kinds(&a),
            vec![FlagKind::Asymmetry {
                weaker: Side::Right
            }]
        );
        let flag = &a.flags[0];
        assert_eq!(flag.threshold_pct, Some(15));
        assert_eq!(flag.measured_text(), "25% difference (flagged above 15%)");
        assert!(flag.reading().contains("single-leg"));
        assert!(flag.reading().contains("right side"));
        assert!(a.warnings.is_empty());
        assert!(!a.do_not_load());
    }

    #[test]
    fn edge_cases() {
        use FlagKind::*;
        use Side::*;
        let t = Thresholds::default();
        // (name, tenths [a, bl, br, cl, cr], asymmetry, weaker, flags, warned sides)
        type Case = (
            &'static str,
            [i64; 5],
            f64,
            Option<Side>,
            Vec<FlagKind>,
            Vec<Side>,
        );
        let cases: Vec<Case> = vec![
            (
                "zero everywhere",
                [0, 0, 0, 0, 0],
                0.0,
                None,
                vec![
                    NearZeroExtension { side: Left },
                    NearZeroExtension { side: Right },
                ],
                vec![],
            ),
            (
                "hugged above double-leg on the left only",
                [60, 70, 70, 70, 62],
                100.0 * 8.0 / 70.0,
                Some(Right),
                vec![],
                vec![Left],
            ),
            (
                "hugged above double-leg within tolerance",
                [100, 110, 110, 105, 105],
                0.0,
                None,
                vec![],
                vec![],
            ),
            (
                "double-leg zero, hugged positive",
                [0, 40, 40, 30, 30],
                0.0,
                None,
                vec![],
                vec![Left, Right],
            ),
            (
                "both sides equal",
                [80, 60, 60, 50, 50],
                0.0,
                None,
                vec![],
                vec![],
            ),
            (
                "one side zero",
                [80, 60, 60, 50, 0],
                100.0,
                Some(Right),
                vec![
                    NearZeroExtension { side: Right },
                    Asymmetry { weaker: Right },
                    LargeCompensation { side: Right },
                ],
                vec![],
            ),
            (
                "near zero just below and at the threshold",
                [80, 30, 30, 19, 20],
                5.0,
                Some(Left),
                vec![NearZeroExtension { side: Left }],
                vec![],
            ),
            (
                "asymmetry exactly at the threshold is not flagged",
                [100, 100, 100, 100, 85],
                15.0,
                Some(Right),
                vec![],
                vec![],
            ),
            (
                "large compensation both sides",
                [100, 90, 80, 40, 39],
                2.5,
                Some(Right),
                vec![
                    LargeCompensation { side: Left },
                    LargeCompensation { side: Right },
                ],
                vec![],
            ),
            (
                "hugged above 90/90 gives negative compensation, no flag",
                [100, 40, 40, 60, 60],
                0.0,
                None,
                vec![],
                vec![],
            ),
        ];
        for (name, tenths, asym, weaker, flags, warned) in cases {
            let a = analyse(&input(tenths), &t);
            assert!(
                close(a.asymmetry_pct, asym),
                "{name}: asymmetry {}",
                a.asymmetry_pct
            );
            assert_eq!(a.weaker_side, weaker, "{name}");
            assert_eq!(kinds(&a), flags, "{name}");
            let warned_sides: Vec<Side> = a
                .warnings
                .iter()
                .map(|w| match w {
                    Warning::HuggedAboveDoubleLeg { side, .. } => *side,
                })
                .collect();
            assert_eq!(warned_sides, warned, "{name}");
        }
    }

    #[test]
    fn rule_the_range_test_gates_loading_from_near_zero_extension_only() {
        let on = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let t = Thresholds::default();
        let cases = [
            ("left near zero", [100, 80, 80, 10, 80], Some([true, false])),
            ("both near zero", [100, 80, 80, 0, 20], Some([true, true])),
            (
                "at the threshold is not near zero",
                [100, 80, 80, 25, 80],
                None,
            ),
            ("asymmetry alone does not hold", [100, 80, 80, 40, 80], None),
        ];
        for (name, tenths, expect) in cases {
            let hold = LoadingHold::from_test(&input(tenths), &t, on);
            assert_eq!(hold.map(|h| h.near_zero), expect, "{name}");
        }
        let hold = LoadingHold::from_test(&input([100, 80, 80, 10, 80]), &t, on).unwrap();
        assert_eq!(hold.sides_text(), "left");
        assert_eq!(
            hold.numbers_text(IN),
            "knee-hugged 1 in left, 8 in right against a two-leg bridge of 10 in (near zero \
             below 25% of it)"
        );
    }

    #[test]
    fn negative_compensation_is_reported_signed() {
        let a = analyse(&input([100, 40, 40, 60, 60]), &Thresholds::default());
        assert_eq!(a.left.compensation.display(IN), "-2 in");
        assert!(close(a.left.compensation_pct.unwrap(), -50.0));
    }

    #[test]
    fn zero_denominators_give_no_percent() {
        let a = analyse(&input([0, 0, 0, 0, 0]), &Thresholds::default());
        assert_eq!(a.left.compensation_pct, None);
        assert_eq!(a.left.pct_of_double_leg, None);
        assert_eq!(a.double_leg_over_hugged_mean_pct, None);
        // The near-zero flag still carries a measured value: 0%.
        assert_eq!(a.flags[0].measured_pct, Some(0.0));
        assert!(a.do_not_load());
    }

    #[test]
    fn pain_cramp_and_felt_elsewhere_come_first_and_last() {
        let mut i = input([80, 60, 60, 50, 50]);
        i.pain = true;
        i.cramp = true;
        i.felt_elsewhere = [false, true, true];
        let a = analyse(&i, &Thresholds::default());
        assert_eq!(
            kinds(&a),
            vec![
                FlagKind::PainOrCramp {
                    pain: true,
                    cramp: true
                },
                FlagKind::FeltElsewhere {
                    positions: vec![Position::NinetyNinety, Position::KneeHugged]
                },
            ]
        );
        assert!(a.flags[0].is_stop());
        assert_eq!(a.flags[0].title(), "Pain and hamstring cramp");
        assert!(a.flags[0].reading().contains("check with the coach"));
        assert_eq!(a.flags[1].measured_text(), "Reported in position B, C");
        assert!(a.do_not_load());

        i.pain = false;
        let a = analyse(&i, &Thresholds::default());
        assert_eq!(a.flags[0].title(), "Hamstring cramp");
    }

    #[test]
    fn near_zero_reading_says_not_to_load() {
        let a = analyse(&input([80, 30, 30, 10, 40]), &Thresholds::default());
        let flag = &a.flags[0];
        assert_eq!(flag.kind, FlagKind::NearZeroExtension { side: Side::Left });
        assert_eq!(
            flag.measured_text(),
            "12.5% of the double-leg height (flagged below 25%)"
        );
        let reading = flag.reading();
        assert!(reading.contains("hip mobility"));
        assert!(reading.contains("do not add load"));
    }

    #[test]
    fn thresholds_move_the_flags() {
        // C 6.0 / 5.5 of A 10.0; asymmetry 8.3%, right compensation 31.25%.
        let i = input([100, 80, 80, 60, 55]);
        let strict = Thresholds {
            asymmetry_pct: 5,
            compensation_pct: 30,
            near_zero_pct: 56,
            ..Thresholds::default()
        };
        assert!(analyse(&i, &Thresholds::default()).flags.is_empty());
        assert_eq!(
            kinds(&analyse(&i, &strict)),
            vec![
                FlagKind::NearZeroExtension { side: Side::Right },
                FlagKind::Asymmetry {
                    weaker: Side::Right
                },
                FlagKind::LargeCompensation { side: Side::Right },
            ]
        );
    }

    #[test]
    fn warning_message_names_side_and_heights() {
        let a = analyse(&input([60, 70, 70, 70, 60]), &Thresholds::default());
        assert_eq!(a.warnings.len(), 1);
        let w = &a.warnings[0];
        assert_eq!(w.field(), "hugged_left");
        assert_eq!(
            w.message(IN),
            "The knee-hugged height on the left (7 in) is more than 5% above the double-leg \
             height (6 in). Please check the measurement; you can still save it."
        );
    }

    #[test]
    fn threshold_validation_names_each_bad_field() {
        assert_eq!(Thresholds::default().validate(), Ok(()));
        let bad = Thresholds {
            near_zero_pct: 0,
            asymmetry_pct: 101,
            compensation_pct: 100,
            retest_weeks: 53,
            hugged_over_double_tolerance_pct: 0,
        };
        let errors = bad.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec!["near_zero_pct", "asymmetry_pct", "retest_weeks"]
        );
        assert_eq!(
            errors[2].message,
            "Enter a whole number of weeks from 1 to 52."
        );
        let zero_weeks = Thresholds {
            retest_weeks: 0,
            ..Thresholds::default()
        };
        assert_eq!(zero_weeks.validate().unwrap_err()[0].field, "retest_weeks");
    }

    #[test]
    fn retest_falls_due_after_the_interval() {
        let t = Thresholds::default();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let last = d(2024, 1, 5);
        assert_eq!(next_retest(last, &t), d(2024, 2, 16));
        let cases = [
            (d(2024, 1, 5), false),
            (d(2024, 2, 15), false),
            (d(2024, 2, 16), true),
            (d(2024, 6, 1), true),
        ];
        for (today, due) in cases {
            assert_eq!(retest_due(last, today, &t), due, "{today}");
        }
        let weekly = Thresholds {
            retest_weeks: 1,
            ..t
        };
        assert!(retest_due(last, d(2024, 1, 12), &weekly));
        assert_eq!(next_retest(NaiveDate::MAX, &t), NaiveDate::MAX);
    }

    #[test]
    fn percents_format_to_one_decimal() {
        assert_eq!(format_pct(12.0), "12%");
        assert_eq!(format_pct(12.5), "12.5%");
        assert_eq!(format_pct(100.0 / 3.0), "33.3%");
        assert_eq!(format_pct(-0.01), "0%");
    }

    fn side_heights() -> impl Strategy<Value = (i64, i64, i64, i64, i64)> {
        let h = 0i64..=1_524_000;
        (h.clone(), h.clone(), h.clone(), h.clone(), h)
    }

    fn from_um((a, bl, br, cl, cr): (i64, i64, i64, i64, i64)) -> RangeInput {
        let h = Height::from_micrometres;
        RangeInput {
            double_leg: h(a),
            ninety_left: h(bl),
            ninety_right: h(br),
            hugged_left: h(cl),
            hugged_right: h(cr),
            ..RangeInput::default()
        }
    }

    proptest! {
        #[test]
        fn asymmetry_is_a_percent(hs in side_heights()) {
            let a = analyse(&from_um(hs), &Thresholds::default());
            prop_assert!((0.0..=100.0).contains(&a.asymmetry_pct));
        }

        #[test]
        fn symmetric_inputs_have_no_asymmetry(a in 0i64..=1_524_000, b in 0i64..=1_524_000, c in 0i64..=1_524_000) {
            let r = analyse(&from_um((a, b, b, c, c)), &Thresholds::default());
            prop_assert_eq!(r.asymmetry_pct, 0.0);
            prop_assert_eq!(r.weaker_side, None);
            let asymmetric = r.flags.iter().any(|f| matches!(f.kind, FlagKind::Asymmetry { .. }));
            prop_assert!(!asymmetric);
        }

        #[test]
        fn swapping_sides_swaps_the_weaker_side(hs in side_heights()) {
            let (a, bl, br, cl, cr) = hs;
            let t = Thresholds::default();
            let one = analyse(&from_um(hs), &t);
            let two = analyse(&from_um((a, br, bl, cr, cl)), &t);
            prop_assert_eq!(one.asymmetry_pct, two.asymmetry_pct);
            prop_assert_eq!(one.weaker_side, two.weaker_side.map(Side::other));
            prop_assert_eq!(one.left.compensation, two.right.compensation);
            prop_assert_eq!(one.flags.len(), two.flags.len());
        }
    }
}
