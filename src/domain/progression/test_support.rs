//! Builders and strategies the progression's tests share.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use strum::VariantArray;

use super::log::{Felt, Pain, SessionLog, SetLog};
use super::stage::StageSpec;
use super::state::MemberState;
use crate::domain::units::{Load, Units};

/// The catalog's one shared definition (checked against the migrated
/// `stages` table in `models::stage`).
pub(super) fn spec(number: u8) -> StageSpec {
    crate::domain::catalog::stage_spec(number).unwrap_or_else(|| panic!("no stage {number}"))
}

pub(super) fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + Days::new(n)
}

pub(super) fn lb(v: f64) -> Load {
    Load::from_units(v, Units::Imperial)
}

pub(super) fn kg(v: f64) -> Load {
    Load::from_units(v, Units::Metric)
}

/// A clean session meeting the stage's default standard (at `load` on loaded stages).
pub(super) fn clean(stage: u8, date: NaiveDate, load: Load) -> SessionLog {
    let s = spec(stage);
    let reps = u16::from(s.advance_reps.max(s.reps_high));
    let set = SetLog {
        reps,
        reps_other_side: s.per_leg.then_some(reps),
        load,
        hold_seconds: s.hold_seconds,
    };
    SessionLog {
        date,
        stage,
        finished: true,
        sets: vec![set; usize::from(s.sets)],
        felt: vec![Felt::Glutes],
        pain: Pain::None,
        cramp: false,
        good_form: true,
        prescribed_load: (load.grams > 0).then_some(load),
        lighter: false,
    }
}

pub(super) fn bw(stage: u8, d: u64) -> SessionLog {
    clean(stage, day(d), Load::ZERO)
}

pub(super) fn with(mut s: SessionLog, f: impl FnOnce(&mut SessionLog)) -> SessionLog {
    f(&mut s);
    s
}

pub(super) fn reps(s: SessionLog, r: u16) -> SessionLog {
    with(s, |s| s.sets.iter_mut().for_each(|set| set.reps = r))
}

pub(super) fn state(stage: u8, auto_advance: bool) -> MemberState {
    MemberState {
        stage,
        auto_advance,
        working_load: None,
        regression: None,
        load_cap_from: None,
        rep_target: None,
        loading_hold: None,
        hold: None,
    }
}

pub(super) fn arb_pain() -> impl Strategy<Value = Pain> {
    prop_oneof![6 => Just(Pain::None), 1 => Just(Pain::LowerBack), 1 => Just(Pain::HipJoint), 1 => Just(Pain::Knee)]
}

pub(super) fn arb_felt() -> impl Strategy<Value = Vec<Felt>> {
    prop_oneof![4 => Just(vec![Felt::Glutes]), 1 => proptest::sample::subsequence(Felt::VARIANTS.to_vec(), 0..=4)]
}

pub(super) fn arb_units() -> impl Strategy<Value = Units> {
    prop_oneof![Just(Units::Imperial), Just(Units::Metric)]
}
