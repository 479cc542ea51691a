//! Assignments of the progression to a member, and the stage timeline. A
//! member has at most one active assignment; re-assigning keeps the old one
//! (inactive) and every stage change with who, when and why.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::domain::progression::{Dose, Hold, MemberState, Regression, StageSpec};
use crate::domain::rotation::{Platoon, Rotation};
use crate::domain::schedule::Plan;
use crate::domain::units::Load;
use crate::domain::variation::{self, Variation};
use crate::domain::Named;
use crate::models::List;
use crate::schema::{assignments, stage_changes, users};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = assignments)]
pub struct Assignment {
    pub id: i32,
    pub member_id: i32,
    pub stage: i32,
    pub sessions_per_week: i32,
    pub training_days: String,
    #[diesel(deserialize_as = crate::models::Day)]
    pub start_date: NaiveDate,
    pub auto_advance: bool,
    pub dose_sets: Option<i32>,
    pub dose_reps_low: Option<i32>,
    pub dose_reps_high: Option<i32>,
    pub dose_hold_seconds: Option<i32>,
    pub working_load_grams: Option<i32>,
    pub regression_from_stage: Option<i32>,
    pub regression_restore_on: Option<NaiveDate>,
    pub active: bool,
    pub created_by: i32,
    #[diesel(deserialize_as = crate::models::Moment)]
    pub created_at: NaiveDateTime,
    /// A coach confirmed a working load above the weekly cap on this day.
    pub load_cap_from: Option<NaiveDate>,
    /// The stage the custom dose (`dose_*`) was set for: it applies only
    /// there, so it survives a pain week at the stage below.
    pub dose_stage: Option<i32>,
    /// Reps per set the member is working at inside a rep range (double
    /// progression); `None` is the bottom of the range.
    pub rep_target: Option<i32>,
    /// Variations the coach added ("banded,tempo").
    pub variations: List<Variation>,
    /// The last hold a coach set (its first and last day): kept after the
    /// return so adherence leaves its planned days out.
    pub hold_from: Option<NaiveDate>,
    pub hold_until: Option<NaiveDate>,
    pub hold_reason: String,
    /// The hold is not yet returned from.
    pub hold_open: bool,
}

/// What the assign form sets.
#[derive(Debug, Clone)]
pub struct AssignFields {
    pub stage: i32,
    pub sessions_per_week: i32,
    pub training_days: String,
    pub start_date: NaiveDate,
    pub auto_advance: bool,
}

pub use crate::domain::effects::Reason;

/// One entry of the stage timeline, with the name of who made the change.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub changed_at: NaiveDateTime,
    pub from_stage: Option<i32>,
    pub to_stage: i32,
    pub reason: Reason,
    pub note: String,
    /// `None` when the app made the change itself (auto-advance, restore).
    pub by: Option<String>,
}

impl Assignment {
    pub fn find(conn: &mut SqliteConnection, id: i32) -> QueryResult<Assignment> {
        assignments::table
            .find(id)
            .select(Assignment::as_select())
            .first(conn)
    }

    pub fn active_for(
        conn: &mut SqliteConnection,
        member_id: i32,
    ) -> QueryResult<Option<Assignment>> {
        assignments::table
            .filter(assignments::member_id.eq(member_id))
            .filter(assignments::active.eq(true))
            .select(Assignment::as_select())
            .first(conn)
            .optional()
    }

    /// Assigns the progression: the previous assignment (if any) is kept but
    /// made inactive, and the timeline records the start.
    pub fn assign(
        conn: &mut SqliteConnection,
        member_id: i32,
        fields: &AssignFields,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<Assignment> {
        let previous = Assignment::active_for(conn, member_id)?;
        if let Some(previous) = &previous {
            diesel::update(assignments::table.find(previous.id))
                .set(assignments::active.eq(false))
                .execute(conn)?;
        }
        let assignment: Assignment = diesel::insert_into(assignments::table)
            .values((
                assignments::member_id.eq(member_id),
                assignments::stage.eq(fields.stage),
                assignments::sessions_per_week.eq(fields.sessions_per_week),
                assignments::training_days.eq(&fields.training_days),
                assignments::start_date.eq(fields.start_date),
                assignments::auto_advance.eq(fields.auto_advance),
                assignments::created_by.eq(by),
                assignments::created_at.eq(now),
            ))
            .returning(Assignment::as_returning())
            .get_result(conn)?;
        record_change(
            conn,
            &assignment,
            previous.map(|p| p.stage),
            fields.stage,
            Reason::Assigned,
            "",
            Some(by),
            now,
        )?;
        Ok(assignment)
    }

    /// Moves the member to another stage and records why. The working load
    /// belonged to the old stage and is cleared; so is the dose override,
    /// except across a pain regression and its restore (it belongs to the
    /// stage to come back to, see `dose_stage`). A pain regression remembers
    /// where to come back to.
    #[allow(clippy::too_many_arguments)]
    pub fn change_stage(
        &mut self,
        conn: &mut SqliteConnection,
        to: i32,
        reason: Reason,
        note: &str,
        by: Option<i32>,
        regression: Option<&Regression>,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        self.change_stage_for(conn, to, reason, note, by, regression, None, now)
    }

    /// As `change_stage`; `session_id` is the session whose decision (or
    /// void) caused the change, if one did: the timeline row names it.
    #[allow(clippy::too_many_arguments)]
    pub fn change_stage_for(
        &mut self,
        conn: &mut SqliteConnection,
        to: i32,
        reason: Reason,
        note: &str,
        by: Option<i32>,
        regression: Option<&Regression>,
        session_id: Option<i32>,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let keeps_dose = matches!(
            reason,
            Reason::PainRegression | Reason::Restored | Reason::Voided
        );
        if !keeps_dose {
            self.set_dose(conn, None)?;
        }
        diesel::update(assignments::table.find(self.id))
            .set((
                assignments::stage.eq(to),
                assignments::working_load_grams.eq(None::<i32>),
                assignments::load_cap_from.eq(None::<NaiveDate>),
                assignments::rep_target.eq(None::<i32>),
                assignments::regression_from_stage.eq(regression.map(|r| r.from_stage as i32)),
                assignments::regression_restore_on.eq(regression.map(|r| r.restore_on)),
            ))
            .execute(conn)?;
        record_session_change(
            conn,
            self,
            Some(self.stage),
            to,
            reason,
            note,
            by,
            session_id,
            now,
        )?;
        if !keeps_dose {
            (self.dose_sets, self.dose_reps_low, self.dose_reps_high) = (None, None, None);
            (self.dose_hold_seconds, self.dose_stage) = (None, None);
        }
        self.follow(&MemberState {
            stage: to as u8,
            working_load: None,
            load_cap_from: None,
            rep_target: None,
            regression: regression.copied(),
            ..self.state()
        });
        Ok(())
    }

    /// Takes the engine's state into this row, in memory: stage, working
    /// load, rep target, the pain week and the load-cap date.
    pub fn follow(&mut self, state: &MemberState) {
        self.stage = i32::from(state.stage);
        self.auto_advance = state.auto_advance;
        self.working_load_grams = state.working_load.map(|l| l.grams as i32);
        self.regression_from_stage = state.regression.map(|r| i32::from(r.from_stage));
        self.regression_restore_on = state.regression.map(|r| r.restore_on);
        self.load_cap_from = state.load_cap_from;
        self.rep_target = state.rep_target.map(i32::from);
        if let Some(hold) = state.hold {
            (self.hold_from, self.hold_until) = (Some(hold.from), Some(hold.until));
        }
        self.hold_open = state.hold.is_some();
    }

    /// The last hold, open or returned from.
    pub fn last_hold(&self) -> Option<Hold> {
        match (self.hold_from, self.hold_until) {
            (Some(from), Some(until)) => Some(Hold { from, until }),
            _ => None,
        }
    }

    /// A coach puts the member on hold; the timeline keeps until when and why.
    pub fn start_hold(
        &mut self,
        conn: &mut SqliteConnection,
        hold: &Hold,
        reason: &str,
        by: Option<i32>,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(assignments::table.find(self.id))
            .set((
                assignments::hold_from.eq(hold.from),
                assignments::hold_until.eq(hold.until),
                assignments::hold_reason.eq(reason),
                assignments::hold_open.eq(true),
            ))
            .execute(conn)?;
        let note = format!(
            "Until {}: {reason}",
            crate::domain::today::day_text(hold.until)
        );
        record_change(
            conn,
            self,
            Some(self.stage),
            self.stage,
            Reason::Hold,
            &note,
            by,
            now,
        )?;
        self.hold_reason = reason.to_string();
        self.follow(&MemberState {
            hold: Some(*hold),
            ..self.state()
        });
        Ok(())
    }

    /// The member is back from `hold` (as it ended) at stage `to`: a stage
    /// change when it moves (over four weeks away), else a timeline line of
    /// its own. The hold's days are kept for adherence.
    pub fn end_hold(
        &mut self,
        conn: &mut SqliteConnection,
        to: i32,
        hold: &Hold,
        note: &str,
        by: Option<i32>,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let until = Some(hold.until);
        diesel::update(assignments::table.find(self.id))
            .set((
                assignments::hold_until.eq(until),
                assignments::hold_open.eq(false),
            ))
            .execute(conn)?;
        (self.hold_until, self.hold_open) = (until, false);
        if to == self.stage {
            record_change(
                conn,
                self,
                Some(self.stage),
                to,
                Reason::HoldEnded,
                note,
                by,
                now,
            )?;
        } else {
            self.change_stage(conn, to, Reason::HoldEnded, note, by, None, now)?;
        }
        Ok(())
    }

    /// Sets this member's own dose (None fields fall back to the stage's).
    pub fn set_dose(&self, conn: &mut SqliteConnection, dose: Option<&Dose>) -> QueryResult<()> {
        diesel::update(assignments::table.find(self.id))
            .set((
                assignments::dose_sets.eq(dose.map(|d| d.sets as i32)),
                assignments::dose_reps_low.eq(dose.map(|d| d.reps_low as i32)),
                assignments::dose_reps_high.eq(dose.map(|d| d.reps_high as i32)),
                assignments::dose_hold_seconds.eq(dose.map(|d| d.hold_seconds as i32)),
                assignments::dose_stage.eq(dose.map(|_| self.stage)),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn set_working_load(
        &self,
        conn: &mut SqliteConnection,
        load: Option<Load>,
    ) -> QueryResult<()> {
        diesel::update(assignments::table.find(self.id))
            .set(assignments::working_load_grams.eq(load.map(|l| l.grams as i32)))
            .execute(conn)?;
        Ok(())
    }

    /// What a session at the same stage carries to the next: the working
    /// load and the rep target.
    pub fn carry(&mut self, conn: &mut SqliteConnection, state: &MemberState) -> QueryResult<()> {
        self.working_load_grams = state.working_load.map(|l| l.grams as i32);
        self.rep_target = state.rep_target.map(i32::from);
        diesel::update(assignments::table.find(self.id))
            .set((
                assignments::working_load_grams.eq(self.working_load_grams),
                assignments::rep_target.eq(self.rep_target),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// A coach confirmed a working load above the weekly cap on `day`: the
    /// cap counts from there, and the timeline keeps why.
    pub fn confirm_load_above_cap(
        &self,
        conn: &mut SqliteConnection,
        day: NaiveDate,
        note: &str,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(assignments::table.find(self.id))
            .set(assignments::load_cap_from.eq(Some(day)))
            .execute(conn)?;
        record_change(
            conn,
            self,
            Some(self.stage),
            self.stage,
            Reason::LoadAboveCap,
            note,
            Some(by),
            now,
        )
    }

    pub fn variation_list(&self) -> &[Variation] {
        &self.variations.0
    }

    /// Every variation with its label and whether this member has it, for
    /// the coach's check boxes.
    pub fn variation_choices(&self) -> Vec<(&'static str, &'static str, bool)> {
        let on = self.variation_list();
        variation::all()
            .iter()
            .map(|v| (v.as_str(), v.label(), on.contains(v)))
            .collect()
    }

    pub fn set_variations(
        &self,
        conn: &mut SqliteConnection,
        list: &[Variation],
    ) -> QueryResult<()> {
        diesel::update(assignments::table.find(self.id))
            .set(assignments::variations.eq(List::text(list)))
            .execute(conn)?;
        Ok(())
    }

    /// Adds `variation` to the member's stage (kept once, in the list's
    /// order); the timeline keeps `note` (where it came from).
    pub fn add_variation(
        &mut self,
        conn: &mut SqliteConnection,
        variation: Variation,
        note: &str,
        by: Option<i32>,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let mut list = self.variation_list().to_vec();
        list.push(variation);
        list.sort();
        list.dedup();
        self.set_variations(conn, &list)?;
        self.variations = List(list);
        record_change(
            conn,
            self,
            Some(self.stage),
            self.stage,
            Reason::SingleLegAdded,
            note,
            by,
            now,
        )
    }

    /// Switches auto-advance for this member without re-assigning.
    pub fn set_auto_advance(&self, conn: &mut SqliteConnection, on: bool) -> QueryResult<()> {
        diesel::update(assignments::table.find(self.id))
            .set(assignments::auto_advance.eq(on))
            .execute(conn)?;
        Ok(())
    }

    pub fn has_custom_dose(&self) -> bool {
        self.dose_sets.is_some() && self.dose_stage == Some(self.stage)
    }

    /// The member's dose: their override when it was set for this stage,
    /// else the stage's default.
    pub fn dose(&self, spec: &StageSpec) -> Dose {
        let default = Dose::from_spec(spec);
        if self.dose_stage != Some(spec.number as i32) {
            return default;
        }
        Dose {
            sets: self.dose_sets.map(|v| v as u8).unwrap_or(default.sets),
            reps_low: self
                .dose_reps_low
                .map(|v| v as u8)
                .unwrap_or(default.reps_low),
            reps_high: self
                .dose_reps_high
                .map(|v| v as u8)
                .unwrap_or(default.reps_high),
            hold_seconds: self
                .dose_hold_seconds
                .map(|v| v as u8)
                .unwrap_or(default.hold_seconds),
        }
    }

    /// The member's state as the engine sees it.
    pub fn state(&self) -> MemberState {
        MemberState {
            stage: self.stage as u8,
            auto_advance: self.auto_advance,
            working_load: self.working_load_grams.map(|g| Load::from_grams(g as i64)),
            regression: match (self.regression_from_stage, self.regression_restore_on) {
                (Some(from), Some(restore_on)) => Some(Regression {
                    from_stage: from as u8,
                    restore_on,
                }),
                _ => None,
            },
            load_cap_from: self.load_cap_from,
            rep_target: self.rep_target.map(|r| r.clamp(0, 255) as u8),
            loading_hold: None,
            hold: if self.hold_open {
                self.last_hold()
            } else {
                None
            },
        }
    }

    /// The member's training plan under this assignment, as the schedule
    /// rules read it (the page, the roster, the station sheet and the
    /// calendar feed all plan from here).
    pub fn plan<'a>(&self, rotation: &'a Rotation, platoon: Option<Platoon>) -> Plan<'a> {
        Plan {
            rotation,
            platoon,
            sessions_per_week: self.sessions_per_week as u8,
            fixed_weekdays: self.weekdays(),
            start: self.start_date,
        }
    }

    /// The weekdays a member without a platoon trains on ("mon,thu").
    pub fn weekdays(&self) -> Vec<chrono::Weekday> {
        parse_weekdays(&self.training_days)
    }
}

pub fn parse_weekdays(text: &str) -> Vec<chrono::Weekday> {
    text.split(',')
        .filter_map(|d| d.trim().parse::<chrono::Weekday>().ok())
        .collect()
}

pub fn format_weekdays(days: &[chrono::Weekday]) -> String {
    days.iter()
        .map(|d| d.to_string().to_lowercase())
        .collect::<Vec<_>>()
        .join(",")
}

#[allow(clippy::too_many_arguments)]
fn record_change(
    conn: &mut SqliteConnection,
    assignment: &Assignment,
    from: Option<i32>,
    to: i32,
    reason: Reason,
    note: &str,
    by: Option<i32>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    record_session_change(conn, assignment, from, to, reason, note, by, None, now)
}

/// As `record_change`, for a change a session caused (its decision, or the
/// void that undid it): the row names the session.
#[allow(clippy::too_many_arguments)]
fn record_session_change(
    conn: &mut SqliteConnection,
    assignment: &Assignment,
    from: Option<i32>,
    to: i32,
    reason: Reason,
    note: &str,
    by: Option<i32>,
    session_id: Option<i32>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(stage_changes::table)
        .values((
            stage_changes::member_id.eq(assignment.member_id),
            stage_changes::assignment_id.eq(assignment.id),
            stage_changes::from_stage.eq(from),
            stage_changes::to_stage.eq(to),
            stage_changes::reason.eq(reason.as_str()),
            stage_changes::note.eq(note.trim()),
            stage_changes::changed_by.eq(by),
            stage_changes::changed_at.eq(now),
            stage_changes::session_id.eq(session_id),
        ))
        .execute(conn)?;
    Ok(())
}

/// Marks undone the stage changes session `session_id` caused and the row
/// that undid them (a void): the stall clock reads neither.
pub fn mark_changes_undone(conn: &mut SqliteConnection, session_id: i32) -> QueryResult<usize> {
    diesel::update(stage_changes::table.filter(stage_changes::session_id.eq(session_id)))
        .set(stage_changes::undone.eq(true))
        .execute(conn)
}

/// When a coach last decided something for member `id` (UTC): a stage
/// change a coach made (an assignment, a move, a hold, a load above the
/// cap, single-leg work; not a void), or a decision on needs attention.
pub fn last_coach_decision(
    conn: &mut SqliteConnection,
    member_id: i32,
) -> QueryResult<Option<NaiveDateTime>> {
    use crate::schema::attention_decisions;
    let changed: Option<NaiveDateTime> = stage_changes::table
        .filter(stage_changes::member_id.eq(member_id))
        .filter(stage_changes::changed_by.is_not_null())
        .filter(stage_changes::reason.ne(Reason::Voided.as_str()))
        .filter(stage_changes::undone.eq(false))
        .select(diesel::dsl::max(stage_changes::changed_at))
        .first(conn)?;
    let decided: Option<NaiveDateTime> = attention_decisions::table
        .filter(attention_decisions::member_id.eq(member_id))
        .select(diesel::dsl::max(attention_decisions::decided_at))
        .first(conn)?;
    Ok(changed.max(decided))
}

/// This assignment's stage timeline, oldest first, without the rows a
/// void undid: when, the stage before (`None` on the row that started the
/// assignment) and after.
pub fn stage_moves(
    conn: &mut SqliteConnection,
    assignment_id: i32,
) -> QueryResult<Vec<(NaiveDateTime, Option<i32>, i32)>> {
    let rows: Vec<(NaiveDateTime, Option<i32>, i32, String)> = stage_changes::table
        .filter(stage_changes::assignment_id.eq(assignment_id))
        .filter(stage_changes::undone.eq(false))
        .order((stage_changes::changed_at.asc(), stage_changes::id.asc()))
        .select((
            stage_changes::changed_at,
            stage_changes::from_stage,
            stage_changes::to_stage,
            stage_changes::reason,
        ))
        .load(conn)?;
    let started = Reason::Assigned.as_str();
    Ok(rows
        .into_iter()
        .map(|(at, from, to, reason)| (at, from.filter(|_| reason != started), to))
        .collect())
}

/// A member's stage timeline, newest first, in one query.
pub fn timeline(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<Vec<TimelineEntry>> {
    let rows = stage_changes::table
        .left_join(users::table.on(users::id.nullable().eq(stage_changes::changed_by)))
        .filter(stage_changes::member_id.eq(member_id))
        .order((stage_changes::changed_at.desc(), stage_changes::id.desc()))
        .select((
            stage_changes::changed_at,
            stage_changes::from_stage,
            stage_changes::to_stage,
            stage_changes::reason,
            stage_changes::note,
            users::name.nullable(),
        ))
        .load::<(
            NaiveDateTime,
            Option<i32>,
            i32,
            Reason,
            String,
            Option<String>,
        )>(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(changed_at, from_stage, to_stage, reason, note, by)| TimelineEntry {
                changed_at,
                from_stage,
                to_stage,
                reason,
                note,
                by,
            },
        )
        .collect())
}
