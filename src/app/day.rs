//! One member's day, built once: today in the department's time zone (the
//! calendar date, and the member's training day: the shift date for a member
//! on a platoon), the platoon and whether it is on duty now, the assignment
//! as of today (a pain week or a hold that is over already shows the stage
//! it comes back to)
//! and the plan under it. The today page, the roster, the calendar feeds,
//! the station sheet and the member page all read this; no handler
//! assembles it by hand.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::effects;
use crate::domain::progression::{on_hold, return_note, Hold, MemberState};
use crate::domain::roster::recent_adherence;
use crate::domain::rotation::Platoon;
use crate::domain::schedule::{Adherence, Due, Plan, WeekMemo};
use crate::domain::today::Today;
use crate::models::assignment::Assignment;
use crate::models::department::Department;
use crate::models::member::Member;

/// A member's day at one instant.
#[derive(Debug, Clone)]
pub struct MemberDay {
    department: Arc<Department>,
    /// The department's calendar date.
    pub calendar_day: NaiveDate,
    /// The member's training day: for a member on a platoon that works in
    /// the rotation, the date of the shift working now (06:30 after a shift
    /// day still belongs to it); otherwise the calendar date.
    pub today: NaiveDate,
    pub platoon: Option<Platoon>,
    /// On duty at this instant; `None` without a platoon in the rotation.
    pub on_duty: Option<bool>,
    /// The active assignment as it stands today, without writing: a pain
    /// week that is over shows the stage come back (the write that records
    /// it happens with the member's next session, a coach's action or the
    /// restore sweep).
    pub assignment: Option<Assignment>,
}

impl MemberDay {
    pub fn new(
        department: &Arc<Department>,
        member: &Member,
        assignment: Option<Assignment>,
        now: DateTime<Utc>,
    ) -> MemberDay {
        let rotation = department.rotation();
        let at = Today::at(department.tz(), now);
        let platoon = member.platoon;
        let today = at.training_day(rotation, platoon);
        let assignment = assignment.map(|a| as_of(a, today));
        MemberDay {
            calendar_day: at.calendar_day(),
            today,
            platoon,
            on_duty: platoon
                .filter(|p| rotation.platoons.contains(p))
                .map(|p| rotation.on_duty_at(p, department.tz(), now)),
            assignment,
            department: department.clone(),
        }
    }

    /// The member's training plan under the assignment.
    pub fn plan(&self) -> Option<Plan<'_>> {
        let rotation = self.department.rotation();
        self.assignment
            .as_ref()
            .map(|a| a.plan(rotation, self.platoon))
    }

    /// The member's place in the progression today.
    pub fn state(&self) -> Option<MemberState> {
        self.assignment.as_ref().map(Assignment::state)
    }

    /// Whether a session is due today, given the training days logged:
    /// nothing while on hold.
    pub fn due(&self, logged: &[NaiveDate]) -> Option<Due> {
        let assignment = self.assignment.as_ref()?;
        if let Some(hold) = self.hold() {
            return Some(Due::OnHold {
                until: hold.until,
                reason: assignment.hold_reason.clone(),
            });
        }
        self.plan().map(|p| p.status(self.today, logged))
    }

    /// The hold the member is on today, if any.
    pub fn hold(&self) -> Option<Hold> {
        self.state()
            .filter(|s| on_hold(s, self.today))
            .and_then(|s| s.hold)
    }

    /// Back from a hold in the last week: what the return meant.
    pub fn back_from_hold(&self) -> Option<String> {
        let hold = self
            .assignment
            .as_ref()
            .filter(|a| !a.hold_open)?
            .last_hold()?;
        let back = hold.return_day();
        (back <= self.today && self.today < back + Duration::days(7)).then(|| return_note(&hold))
    }

    /// Sessions logged over sessions planned in the last 28 days; planned
    /// days inside the last hold are not counted. `weeks` keeps the weeks
    /// planned across the members of one page (see `WeekMemo`).
    pub fn adherence(&self, logged: &[NaiveDate], weeks: &mut WeekMemo<'_>) -> Option<Adherence> {
        let today = self.calendar_day;
        let hold = self.assignment.as_ref().and_then(Assignment::last_hold);
        self.plan()
            .map(|p| recent_adherence(&p, logged, today, hold.as_ref(), weeks))
    }
}

/// The training day of `member` at `now`, for the handlers that need only
/// the date (the stage and dose forms, logging).
pub fn training_day(department: &Department, member: &Member, now: DateTime<Utc>) -> NaiveDate {
    Today::at(department.tz(), now).training_day(department.rotation(), member.platoon)
}

/// The assignment as it stands on `today`: a due restore is applied in
/// memory through the engine's own effect.
fn as_of(mut assignment: Assignment, today: NaiveDate) -> Assignment {
    let state = assignment.state();
    for effect in effects::due_on(&state, today) {
        if let effects::Effect::EndHold { hold, .. } = &effect {
            assignment.hold_until = Some(hold.until);
        }
        assignment.follow(&effects::apply(&assignment.state(), &effect));
    }
    assignment
}
