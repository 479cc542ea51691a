//! Readiness on shift on the today page: the check before logging (one tap
//! for "fine", three quick answers for a hard shift) and what the answer
//! means for today's prescription. Plain links and a GET form: nothing is
//! stored until the session is logged, when the answers ride along in the
//! log forms' hidden fields (`templates/workout/readiness_fields.html`).

use serde::Deserialize;

use super::{PlanView, WorkoutData};
use crate::domain::progression::{
    self as engine, lighter_sets, Calls, HardShift, Readiness, Shift, Sleep, Soreness,
};
use crate::domain::Named;
use crate::models::department::Department;
use crate::models::session_log::Session;
use crate::web::FieldErrors;

/// The check's answers as sent (the today page's query, or the log forms'
/// hidden fields), kept as typed when shown again.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReadinessForm {
    /// "fine", "hard" or nothing (skipped).
    pub shift: String,
    pub sleep: String,
    pub soreness: String,
    pub calls: String,
    /// "full": the member chose the full session over the lighter one.
    pub session: String,
}

/// One answer of a hard shift: its stored value, or the message beside it.
fn answer<T: Named>(typed: &str, field: &str, errors: &mut FieldErrors) -> Option<T> {
    match typed.trim() {
        "" => {
            errors.add(field, "Choose one.");
            None
        }
        t => T::parse(t).or_else(|| {
            errors.add(field, "Choose from the list.");
            None
        }),
    }
}

impl ReadinessForm {
    /// The answer, `None` when the check was skipped; or the errors by field.
    pub fn parse(&self) -> Result<Option<Readiness>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let readiness = match self.shift.trim() {
            "" => return Ok(None),
            t => match Shift::parse(t) {
                Some(Shift::Fine) => Some(Readiness::Fine),
                Some(Shift::Hard) => {
                    let sleep = answer::<Sleep>(&self.sleep, "sleep", &mut errors);
                    let soreness = answer::<Soreness>(&self.soreness, "soreness", &mut errors);
                    let calls = answer::<Calls>(&self.calls, "calls", &mut errors);
                    match (sleep, soreness, calls) {
                        (Some(sleep), Some(soreness), Some(calls)) => {
                            Some(Readiness::Hard(HardShift {
                                sleep,
                                soreness,
                                calls,
                            }))
                        }
                        _ => None,
                    }
                }
                None => {
                    errors.add("shift", "Choose from the list.");
                    None
                }
            },
        };
        errors.or(readiness.map(Some))
    }

    /// Whether the member chose the full session.
    pub fn full(&self) -> bool {
        self.session == "full"
    }

    /// The answers of a partial session being finished.
    pub fn of(readiness: Option<Readiness>, lighter: bool) -> ReadinessForm {
        let Some(r) = readiness else {
            return ReadinessForm::default();
        };
        let (shift, sleep, soreness, calls) = r.parts();
        ReadinessForm {
            shift: shift.as_str().to_string(),
            sleep: sleep.map(|s| s.as_str().to_string()).unwrap_or_default(),
            soreness: soreness.map(|s| s.as_str().to_string()).unwrap_or_default(),
            calls: calls.map(|c| c.as_str().to_string()).unwrap_or_default(),
            session: if r.poor() && !lighter {
                "full".to_string()
            } else {
                String::new()
            },
        }
    }

    /// The today page's query for these answers, with the session chosen.
    fn query(&self, session: &str) -> String {
        let mut fields = vec![("shift", self.shift.as_str())];
        if self.shift == Shift::Hard.as_str() {
            fields.extend([
                ("sleep", self.sleep.as_str()),
                ("soreness", self.soreness.as_str()),
                ("calls", self.calls.as_str()),
            ]);
        }
        if !session.is_empty() {
            fields.push(("session", session));
        }
        serde_html_form::to_string(&fields).unwrap_or_default()
    }
}

/// What the today page shows of the check.
pub struct ReadinessView {
    /// The page the check's links and form lead back to.
    pub path: String,
    pub form: ReadinessForm,
    pub errors: FieldErrors,
    pub answer: Option<Readiness>,
    /// A poor answer: the lighter session is offered.
    pub offered: bool,
    /// The lighter session is today's prescription.
    pub lighter: bool,
    /// Sets of the full session (the lighter one says how many fewer).
    pub full_sets: u8,
    pub sleep_choices: Vec<(&'static str, &'static str)>,
    pub soreness_choices: Vec<(&'static str, &'static str)>,
    pub calls_choices: Vec<(&'static str, &'static str)>,
}

fn choices<T: Named>(label: fn(T) -> &'static str) -> Vec<(&'static str, &'static str)> {
    <T as strum::VariantArray>::VARIANTS
        .iter()
        .map(|&v| (v.as_str(), label(v)))
        .collect()
}

impl ReadinessView {
    /// The check as sent to `path`; bad answers are shown beside their
    /// field and the full session stays prescribed.
    pub fn new(path: String, form: ReadinessForm) -> ReadinessView {
        let (answer, errors) = match form.parse() {
            Ok(answer) => (answer, FieldErrors::default()),
            Err(errors) => (None, errors),
        };
        let offered = answer.is_some_and(|a| a.poor());
        ReadinessView {
            path,
            lighter: offered && !form.full(),
            offered,
            answer,
            form,
            errors,
            full_sets: 0,
            sleep_choices: choices(Sleep::label),
            soreness_choices: choices(Soreness::label),
            calls_choices: choices(Calls::label),
        }
    }

    /// Today's prescription under this answer: the lighter session in
    /// place of the full one when it is the one chosen.
    pub fn plan(
        &mut self,
        plan: PlanView,
        department: &Department,
        data: &WorkoutData,
    ) -> PlanView {
        self.full_sets = plan.prescription.sets;
        if self.lighter {
            lighter_plan(plan, department, data)
        } else {
            plan
        }
    }

    /// Why today is lighter, in the member's words.
    pub fn why(&self) -> String {
        let hard = match self.answer {
            Some(Readiness::Hard(h)) => h.phrase(),
            _ => String::new(),
        };
        let sets = lighter_sets(self.full_sets);
        format!(
            "Hard shift ({hard}): today is a lighter session, {sets} {} instead of {} of the \
             same movement, with no load increase. Stay fresh for calls. It counts as done for \
             your adherence, but not toward moving up.",
            if sets == 1 { "set" } else { "sets" },
            self.full_sets
        )
    }

    /// What the answer reads as, when no lighter session is today's.
    pub fn answer_text(&self) -> String {
        match self.answer {
            Some(Readiness::Fine) => "Shift's been fine: today's full session.".to_string(),
            Some(Readiness::Hard(h)) if self.offered => {
                format!("Hard shift ({}): you chose the full session.", h.phrase())
            }
            Some(Readiness::Hard(h)) => format!(
                "Hard shift ({}): nothing in that calls for a lighter session, so today is \
                 the full one. Go easy if you need to.",
                h.phrase()
            ),
            None => String::new(),
        }
    }

    pub fn fine_href(&self) -> String {
        format!("{}?shift=fine", self.path)
    }

    pub fn full_href(&self) -> String {
        format!("{}?{}", self.path, self.form.query("full"))
    }

    pub fn lighter_href(&self) -> String {
        format!("{}?{}", self.path, self.form.query(""))
    }

    pub fn checked(&self, field: &str, value: &str) -> bool {
        let typed = match field {
            "sleep" => &self.form.sleep,
            "soreness" => &self.form.soreness,
            _ => &self.form.calls,
        };
        typed == value
    }
}

/// The plan with today's lighter session in place of the full one.
fn lighter_plan(mut plan: PlanView, department: &Department, data: &WorkoutData) -> PlanView {
    let Some(assignment) = data.day.assignment.as_ref() else {
        return plan;
    };
    let spec = plan.stage.spec();
    let dose = assignment.dose(&spec);
    let units = department.units();
    let rx = engine::prescribe_lighter(
        &spec,
        &dose,
        &assignment.state(),
        &data.history,
        data.day.today,
        units,
    );
    plan.load = rx.load.map(|l| l.display(units));
    plan.prescribed_reps = rx.target_reps;
    plan.prescription = rx;
    plan
}

/// Weeks of readiness the coach's member page shows.
pub const TREND_WEEKS: u32 = 8;
/// How many of the latest answers it lists.
const RECENT_ANSWERS: usize = 5;

/// The readiness trend on the coach's member page: hard shifts reported
/// and lighter sessions taken per week, and the latest answers.
pub struct ReadinessTrend {
    /// Newest week first.
    pub weeks: Vec<engine::ReadinessWeek>,
    /// (day, what was said, which session was done), newest first.
    pub recent: Vec<(chrono::NaiveDate, String, &'static str)>,
}

impl ReadinessTrend {
    /// From a member's sessions (any order) up to `today`.
    pub fn new(
        sessions: &[Session],
        today: chrono::NaiveDate,
    ) -> Result<ReadinessTrend, crate::error::AppError> {
        let mut answered = Vec::with_capacity(sessions.len());
        for s in sessions {
            answered.push((
                s.row.trained_on,
                s.row.id,
                s.row.readiness()?,
                s.row.lighter,
            ));
        }
        let weeks = engine::readiness_trend(
            today,
            TREND_WEEKS,
            answered
                .iter()
                .map(|(day, _, r, lighter)| (*day, *r, *lighter)),
        );
        answered.sort_by_key(|(day, id, ..)| std::cmp::Reverse((*day, *id)));
        let recent = answered
            .into_iter()
            .filter_map(|(day, _, r, lighter)| {
                let r = r?;
                let done = match (r, lighter) {
                    (Readiness::Fine, _) => "",
                    (_, true) => "lighter session",
                    (_, false) => "full session",
                };
                Some((day, r.phrase(), done))
            })
            .take(RECENT_ANSWERS)
            .collect();
        Ok(ReadinessTrend { weeks, recent })
    }

    /// Whether any week shows a session.
    pub fn any(&self) -> bool {
        self.weeks.iter().any(|w| w.sessions > 0)
    }
}
