//! Asymmetry proposes the remedy (range-test.md, progression.md): when the
//! latest range test's left/right asymmetry is above the department's
//! threshold, the weaker side (the lower knee-hugged height C) gets an extra
//! single-leg set. The coach adds it with one click; the timeline keeps that
//! it came from the test.

use chrono::NaiveDate;

use crate::domain::effects::Effect;
use crate::domain::range_test::{analyse, format_pct, FlagKind, RangeInput, Side, Thresholds};
use crate::domain::units::{Height, Units};
use crate::domain::variation::Variation;

/// Single-leg work proposed for the weaker side, with the test's numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SingleLegProposal {
    pub tested_on: NaiveDate,
    /// The side with the lower knee-hugged height.
    pub weaker: Side,
    /// C left and C right.
    pub hugged_left: Height,
    pub hugged_right: Height,
    /// |C left - C right| / max, in percent.
    pub asymmetry_pct: f64,
    /// The department's threshold, in percent.
    pub threshold_pct: u8,
}

/// Rule: the latest test (`input`, taken on `tested_on`) proposes single-leg
/// work for its weaker side when its asymmetry is above the threshold
/// (at or under it, nothing), unless the member already has that side's
/// variation.
pub fn single_leg_proposal(
    input: &RangeInput,
    t: &Thresholds,
    tested_on: NaiveDate,
    variations: &[Variation],
) -> Option<SingleLegProposal> {
    let analysis = analyse(input, t);
    let weaker = analysis.flags.iter().find_map(|f| match f.kind {
        FlagKind::Asymmetry { weaker } => Some(weaker),
        _ => None,
    })?;
    if variations.contains(&Variation::single_leg_for(weaker)) {
        return None;
    }
    Some(SingleLegProposal {
        tested_on,
        weaker,
        hugged_left: input.hugged_left,
        hugged_right: input.hugged_right,
        asymmetry_pct: analysis.asymmetry_pct,
        threshold_pct: t.asymmetry_pct,
    })
}

impl SingleLegProposal {
    /// The variation it adds.
    pub fn variation(&self) -> Variation {
        Variation::single_leg_for(self.weaker)
    }

    /// The test's numbers, e.g. "knee-hugged 5 in left, 8 in right: 37.5%
    /// difference (flagged above 15%)".
    pub fn numbers_text(&self, units: Units) -> String {
        format!(
            "knee-hugged {} left, {} right: {} difference (flagged above {}%)",
            self.hugged_left.display(units),
            self.hugged_right.display(units),
            format_pct(self.asymmetry_pct),
            self.threshold_pct
        )
    }

    /// What adding it changes: the variation, with a timeline line saying it
    /// came from the test.
    pub fn effects(&self, units: Units) -> Vec<Effect> {
        vec![Effect::AddVariation {
            variation: self.variation(),
            note: format!(
                "Single-leg work for the {} side, from the range test of {}: {}",
                self.weaker,
                crate::domain::today::day_text(self.tested_on),
                self.numbers_text(units)
            ),
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test from heights in tenths of an inch: A, C left, C right (B = A).
    fn input(a: i64, left: i64, right: i64) -> RangeInput {
        let h = |tenths: i64| Height::from_micrometres(tenths * 2_540);
        RangeInput {
            double_leg: h(a),
            ninety_left: h(a),
            ninety_right: h(a),
            hugged_left: h(left),
            hugged_right: h(right),
            ..RangeInput::default()
        }
    }

    #[test]
    fn rule_asymmetry_proposes_single_leg_work_for_the_weaker_side() {
        use Variation::*;
        let t = Thresholds::default();
        let on = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        // (A, C left, C right, variations already on) -> the side proposed.
        type Case = (i64, i64, i64, &'static [Variation], Option<Side>);
        let cases: [Case; 9] = [
            (100, 50, 80, &[], Some(Side::Left)),
            (100, 80, 60, &[], Some(Side::Right)),
            // Exactly at the threshold (15%): nothing; just above: proposed.
            (100, 85, 100, &[], None),
            (100, 84, 100, &[], Some(Side::Left)),
            (100, 80, 80, &[], None),
            // Already added for that side: nothing more.
            (100, 50, 80, &[SingleLegLeft], None),
            (100, 50, 80, &[Banded, SingleLegLeft], None),
            // The other side's set, or the two-sided maintenance set, is not
            // the remedy for this side.
            (100, 50, 80, &[SingleLegRight, SingleLeg], Some(Side::Left)),
            (100, 0, 0, &[], None),
        ];
        for (a, left, right, on_already, expect) in cases {
            let got = single_leg_proposal(&input(a, left, right), &t, on, on_already);
            assert_eq!(
                got.map(|p| p.weaker),
                expect,
                "{a} {left} {right} {on_already:?}"
            );
        }
        let p = single_leg_proposal(&input(100, 50, 80), &t, on, &[]).unwrap();
        assert_eq!(p.variation(), SingleLegLeft);
        assert_eq!(
            p.numbers_text(Units::Imperial),
            "knee-hugged 5 in left, 8 in right: 37.5% difference (flagged above 15%)"
        );
        let effects = p.effects(Units::Imperial);
        let [Effect::AddVariation { variation, note }] = effects.as_slice() else {
            panic!("one effect");
        };
        assert_eq!(*variation, SingleLegLeft);
        assert!(note.contains("range test of Mon 30 Nov 2026"), "{note}");
        // A department with a looser threshold proposes nothing at 37.5%.
        let loose = Thresholds {
            asymmetry_pct: 40,
            ..t
        };
        assert_eq!(
            single_leg_proposal(&input(100, 50, 80), &loose, on, &[]),
            None
        );
    }
}
