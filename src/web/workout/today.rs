//! Today's workout page: the prescription, the one tap "done as prescribed",
//! the per-set form (also used to finish a toned-out session), for the member
//! at `/` and for a coach logging on a member's behalf at `/crew/{id}/log`.
//! The per-set form is parsed and checked here, at the edge.

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;
use strum::VariantArray;

use super::forward::Forward;
use super::readiness::{ReadinessForm, ReadinessView};
use super::{due_text, fresh_key, PlanView, WorkoutData};
use crate::app::access::Viewer;
use crate::domain::progression::{self as engine, Felt, Pain};
use crate::domain::schedule::Due;
use crate::domain::units::{Load, Units};
use crate::domain::Named;
use crate::error::AppError;
use crate::models::department::Department;
use crate::models::member::Member;
use crate::models::session_log::{NewSession, Session};
use crate::models::user::User;
use crate::web::page::{render, Access, Page};
use crate::web::{forms, Chrome, CoachingPage, FieldErrors, MemberPage};

/// Bounds for what a person can type into the per-set form.
const MAX_REPS: i32 = 100;
const MAX_HOLD: i32 = 60;
/// The most sets the form reads.
const MAX_SETS: usize = 10;
const MAX_NOTE: usize = 1000;
const MAX_KEY: usize = 100;

/// One row of the per-set form, as typed.
#[derive(Debug, Clone, Default)]
pub struct SetInput {
    pub reps: String,
    pub right: String,
    pub load: String,
    pub hold: String,
}

/// The per-set form as posted (each set's fields repeat, one per set), kept
/// when it is shown again with errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LogForm {
    pub action: String,
    pub key: String,
    pub partial_id: String,
    pub reps: Vec<String>,
    pub right: Vec<String>,
    pub load: Vec<String>,
    pub hold: Vec<String>,
    pub felt: Vec<String>,
    pub pain: String,
    pub cramp: Option<String>,
    pub good_form: Option<String>,
    pub effort: String,
    pub note: String,
    /// The readiness check's answers, carried from the today page.
    pub shift: String,
    pub sleep: String,
    pub soreness: String,
    pub calls: String,
    pub session: String,
    /// The day trained, on the coach's form (a past day's paper log).
    pub trained_on: String,
}

fn nth(values: &[String], i: usize) -> String {
    values.get(i).cloned().unwrap_or_default()
}

impl LogForm {
    /// The sets as rows (a field the page did not show reads as blank).
    pub fn sets(&self) -> Vec<SetInput> {
        (0..self.reps.len().min(MAX_SETS))
            .map(|i| SetInput {
                reps: nth(&self.reps, i),
                right: nth(&self.right, i),
                load: nth(&self.load, i),
                hold: nth(&self.hold, i),
            })
            .collect()
    }

    fn set_sets(&mut self, sets: Vec<SetInput>) {
        self.reps = sets.iter().map(|s| s.reps.clone()).collect();
        self.right = sets.iter().map(|s| s.right.clone()).collect();
        self.load = sets.iter().map(|s| s.load.clone()).collect();
        self.hold = sets.iter().map(|s| s.hold.clone()).collect();
    }

    pub fn cramp(&self) -> bool {
        self.cramp.is_some()
    }

    /// The readiness check's answers the form carried.
    pub fn readiness(&self) -> ReadinessForm {
        ReadinessForm {
            shift: self.shift.clone(),
            sleep: self.sleep.clone(),
            soreness: self.soreness.clone(),
            calls: self.calls.clone(),
            session: self.session.clone(),
        }
    }

    pub fn good_form(&self) -> bool {
        self.good_form.is_some()
    }

    /// A blank form for today's prescription (one row per set), submitted
    /// under the one-time `key`.
    fn blank(key: String, plan: Option<&PlanView>, units: Units) -> LogForm {
        let sets = plan.map_or(0, |p| p.prescription.sets as usize);
        let load = plan
            .and_then(|p| p.prescription.load)
            .map(|l| l.number(units))
            .unwrap_or_default();
        let hold = plan.map_or(0, |p| p.prescription.hold_seconds);
        let mut form = LogForm {
            key,
            pain: Pain::None.as_str().to_string(),
            good_form: Some("on".to_string()),
            ..LogForm::default()
        };
        form.set_sets(
            (0..sets)
                .map(|_| SetInput {
                    load: load.clone(),
                    hold: hold.to_string(),
                    ..SetInput::default()
                })
                .collect(),
        );
        form
    }

    /// A form filled from a partial session, to finish it.
    fn from_partial(
        key: String,
        partial: &Session,
        plan: Option<&PlanView>,
        units: Units,
    ) -> LogForm {
        let mut form = LogForm::blank(key, plan, units);
        form.partial_id = partial.row.id.to_string();
        let mut sets = form.sets();
        for (input, set) in sets.iter_mut().zip(&partial.sets) {
            *input = SetInput {
                reps: set.reps.to_string(),
                right: set
                    .reps_other_side
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
                load: Load::from_grams(set.load_grams as i64).number(units),
                hold: set.hold_seconds.to_string(),
            };
        }
        form.set_sets(sets);
        form.felt = partial
            .row
            .felt_list()
            .iter()
            .map(|f| f.as_str().to_string())
            .collect();
        form.pain = partial.row.pain.as_str().to_string();
        form.cramp = partial.row.cramp.then(|| "on".to_string());
        form.good_form = partial.row.good_form.then(|| "on".to_string());
        form.effort = partial
            .row
            .effort
            .map(|e| e.to_string())
            .unwrap_or_default();
        form.note = partial.row.note.clone();
        form
    }

    pub fn has_felt(&self, felt: &str) -> bool {
        self.felt.iter().any(|f| f == felt)
    }

    /// The idempotency key as sent, if it is usable.
    pub fn key(&self) -> Option<&str> {
        let key = self.key.trim();
        (!key.is_empty() && key.len() <= MAX_KEY).then_some(key)
    }

    /// Checks the form; the session to store, or the errors by field.
    pub fn validate(
        &self,
        plan: &PlanView,
        units: Units,
        trained_on: NaiveDate,
    ) -> Result<NewSession, FieldErrors> {
        let mut errors = FieldErrors::default();
        // Three ways to save: finished, toned out ("partial") and stopped
        // for pain ("stopped", saved partial with where it hurt).
        let stopped = self.action == "stopped";
        let finished = self.action != "partial" && !stopped;
        let per_leg = plan.prescription.per_leg;
        let loaded = plan.loaded();
        let mut sets = Vec::new();
        for (i, input) in self.sets().iter().enumerate() {
            let n = i + 1;
            if input.reps.trim().is_empty() && input.right.trim().is_empty() {
                continue;
            }
            let mut number = |kind: &str, text: &str, low: i32, high: i32| {
                forms::number_in(text, low, high)
                    .map_err(|m| errors.add(format!("{kind}_{n}"), m))
                    .ok()
            };
            let reps = number("reps", &input.reps, 0, MAX_REPS);
            let right = if per_leg {
                number("right", &input.right, 0, MAX_REPS)
            } else {
                Some(0)
            };
            let hold = if input.hold.trim().is_empty() {
                Some(0)
            } else {
                number("hold", &input.hold, 0, MAX_HOLD)
            };
            let load = if loaded {
                Load::parse(&input.load, units)
                    .map_err(|e| errors.add(format!("load_{n}"), e.to_string()))
                    .ok()
            } else {
                Some(Load::ZERO)
            };
            if let (Some(reps), Some(right), Some(load), Some(hold)) = (reps, right, load, hold) {
                sets.push(engine::SetLog {
                    reps: reps as u16,
                    reps_other_side: per_leg.then_some(right as u16),
                    load,
                    hold_seconds: hold as u8,
                });
            }
        }
        if finished && sets.is_empty() && errors.is_empty() {
            errors.add(
                "sets",
                "Enter the reps of at least one set, or use \u{201c}Toned out\u{201d} to save a session you could not start.",
            );
        }
        // Each area once, in the list's order, whatever was sent.
        let felt: Vec<Felt> = Felt::VARIANTS
            .iter()
            .copied()
            .filter(|f| self.has_felt(f.as_str()))
            .collect();
        if self.felt.iter().any(|f| Felt::parse(f).is_none()) {
            errors.add("felt", "Choose from the list.");
        }
        let pain = match self.pain.as_str() {
            "" => Some(Pain::None),
            p => Pain::parse(p),
        };
        match pain {
            None => errors.add("pain", "Choose from the list."),
            Some(Pain::None) if stopped => {
                errors.add("pain", "Mark where it hurt, or save as toned out.")
            }
            Some(_) => {}
        }
        let effort = if self.effort.trim().is_empty() {
            None
        } else {
            forms::number_in(&self.effort, 1, 10)
                .map_err(|m| errors.add("effort", m))
                .ok()
        };
        if self.note.chars().count() > MAX_NOTE {
            errors.add("note", "Keep the note under 1000 characters.");
        }
        if self.key().is_none() {
            errors.add(
                "sets",
                "The form had expired; check the values and save again.",
            );
        }
        let session = pain.map(|pain| NewSession {
            trained_on,
            finished,
            as_prescribed: false,
            sets,
            felt,
            pain,
            cramp: self.cramp(),
            good_form: self.good_form(),
            effort,
            note: self.note.trim().to_string(),
            prescribed_load: None,
            variations: Vec::new(),
            readiness: None,
            lighter: false,
        });
        errors.or(session)
    }
}

#[derive(Template)]
#[template(path = "workout/today.html")]
struct WorkoutPage {
    chrome: Chrome,
    member: Member,
    /// A coach entering a session for the member on a shared tablet.
    on_behalf: bool,
    action: String,
    today: String,
    on_duty: Option<bool>,
    due: String,
    due_today: bool,
    /// Back from a hold this past week: what the return meant.
    back_from_hold: Option<String>,
    plan: Option<PlanView>,
    partial: bool,
    /// A finished session is already logged this training day: the one tap
    /// is not offered again (another session would be an extra).
    logged_today: bool,
    /// The one tap's own idempotency key (the per-set form has another).
    prescribed_key: String,
    /// No session is due today: the one tap is not the primary action.
    rest_day: Option<RestDay>,
    /// Today's session was stopped for pain: what happens now, and no form
    /// to finish it or log another.
    pain_stop: Option<String>,
    form: LogForm,
    sets: Vec<SetInput>,
    errors: FieldErrors,
    load_unit: &'static str,
    felt_choices: Vec<(&'static str, &'static str)>,
    pain_choices: Vec<(&'static str, &'static str)>,
    /// The way forward: how close the next stage is, the last sessions,
    /// the next planned day.
    forward: Option<Forward>,
    /// The stage's demonstration (a video link, an image).
    demonstration: Option<crate::models::demonstration::Demonstration>,
    /// The readiness check before logging, and what its answer means.
    readiness: ReadinessView,
    /// The coach's date field: from the assignment's start to today.
    date_min: String,
    date_max: String,
}

impl WorkoutPage {
    /// The error beside set `n` (from 0)'s `kind` field.
    fn error(&self, kind: &str, n: &usize) -> &str {
        // Asked for every field of every set on every page drawn: no name
        // is put together when there is nothing to find.
        if self.errors.is_empty() {
            return "";
        }
        self.errors.get(&format!("{kind}_{}", n + 1))
    }

    /// The error summary at the top of the form: for each field in error,
    /// in the order checked, the link to the field (`#id`) and its line.
    fn error_links(&self) -> Vec<(String, String)> {
        let per_leg = self.plan.as_ref().is_some_and(|p| p.prescription.per_leg);
        self.errors
            .iter()
            .map(|(field, message)| {
                let (href, name) = match field.split_once('_') {
                    Some((kind, n)) if n.parse::<usize>().is_ok() => {
                        let what = match kind {
                            "reps" if per_leg => "reps, left",
                            "right" => "reps, right",
                            other => other,
                        };
                        (format!("#{field}"), format!("Set {n}, {what}"))
                    }
                    _ => match field {
                        "sets" => ("#reps_1".to_string(), "Sets".to_string()),
                        "felt" => (
                            format!("#felt_{}", Felt::Glutes.as_str()),
                            "Where you felt it".to_string(),
                        ),
                        "pain" => (format!("#pain_{}", Pain::None.as_str()), "Pain".to_string()),
                        "effort" => ("#effort".to_string(), "Effort".to_string()),
                        "note" => ("#note".to_string(), "Note".to_string()),
                        other => (format!("#{other}"), other.to_string()),
                    },
                };
                (href, format!("{name}: {message}"))
            })
            .collect()
    }
}

/// The workout page for `data`, with a form as typed (and its errors) or a
/// fresh one, under the readiness check's answers.
pub fn workout_page<A: Access>(
    page: &Page<A>,
    user: &User,
    data: WorkoutData,
    on_behalf: bool,
    form: Option<LogForm>,
    errors: FieldErrors,
    readiness: ReadinessForm,
) -> Result<HttpResponse, AppError> {
    let department = &page.department;
    let units = department.units();
    let now = page.now;
    let day = data.day.today;
    let logged: Vec<NaiveDate> = data.sessions.iter().map(|s| s.row.trained_on).collect();
    let due = data.day.due(&logged);
    let partial = data
        .sessions
        .iter()
        .rev()
        .find(|s| s.row.awaits_finish() && s.row.trained_on == day);
    let mut readiness = ReadinessView::new(
        page_path(on_behalf, data.member.id),
        match partial {
            // Finishing a partial session: the answers it was started under.
            Some(p) if readiness.shift.is_empty() => {
                ReadinessForm::of(p.row.readiness()?, p.row.lighter)
            }
            _ => readiness,
        },
    );
    let plan = PlanView::new(department, &data).map(|p| readiness.plan(p, department, &data));
    let pain_stop = data
        .sessions
        .iter()
        .rev()
        .find(|s| s.row.stopped && s.row.trained_on == day)
        .map(pain_stop_text)
        .transpose()?;
    let rest_day = match (&due, &plan) {
        (Some(Due::Next(_)), Some(plan)) => Some(RestDay::new(&data.history, plan, day)),
        _ => None,
    };
    let mut form = match (form, partial) {
        (Some(form), _) => form,
        (None, Some(partial)) => LogForm::from_partial(fresh_key(), partial, plan.as_ref(), units),
        (None, None) => LogForm::blank(fresh_key(), plan.as_ref(), units),
    };
    if on_behalf && form.trained_on.is_empty() {
        form.trained_on = day.to_string();
    }
    let date_min = data
        .first_entry_day()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let on_duty = data.day.on_duty;
    let action = if on_behalf {
        format!("/crew/{}/log", data.member.id)
    } else {
        "/log".to_string()
    };
    let prescribed_key = fresh_key();
    let forward = Forward::new(&data, units);
    let demonstration = data.demonstration.clone();
    render(
        errors.status(),
        &WorkoutPage {
            chrome: page.chrome(user)?,
            today: day_heading(department, now),
            on_duty,
            due: match (&pain_stop, due.clone()) {
                (Some(_), Some(Due::DoneToday)) => {
                    "Today's session was stopped for pain.".to_string()
                }
                (_, due) => due.map(due_text).unwrap_or_default(),
            },
            due_today: matches!(due, Some(Due::Today)),
            back_from_hold: data.day.back_from_hold(),
            partial: !form.partial_id.is_empty(),
            logged_today: logged_today(&data.sessions, day),
            prescribed_key,
            rest_day,
            pain_stop,
            plan,
            member: data.member,
            on_behalf,
            action,
            sets: form.sets(),
            form,
            errors,
            load_unit: units.load_unit(),
            felt_choices: Felt::VARIANTS
                .iter()
                .map(|f| (f.as_str(), f.label()))
                .collect(),
            pain_choices: Pain::VARIANTS
                .iter()
                .map(|p| (p.as_str(), p.label()))
                .collect(),
            forward,
            demonstration,
            readiness,
            date_min,
            date_max: day.to_string(),
        },
    )
}

/// What happens after today's pain stop, in plain words: back a stage
/// until a date (lower-back pain), and see the coach.
fn pain_stop_text(stopped: &Session) -> Result<String, AppError> {
    let place = stopped.row.pain.short_label();
    Ok(match stopped.row.decision()? {
        engine::Decision::PainRegression { to, restore_on } => format!(
            "You stopped today's session for {place}. What is saved is kept. Your sessions go \
             back to stage {to} until {}, then your stage comes back by itself. Do not carry on \
             today, and see your coach before your next session: they have been told.",
            crate::domain::today::day_text(restore_on)
        ),
        _ => format!(
            "You stopped today's session for {place}. What is saved is kept. Do not carry on \
             today, and see your coach before your next session: they have been told."
        ),
    })
}

/// A day with no session due: a session today is welcome, and the page
/// says before the tap whether it would count toward moving up.
pub struct RestDay {
    /// A session today would be an extra (the day after one that counts):
    /// kept, but not toward moving up (`engine::is_extra`).
    pub extra: bool,
}

impl RestDay {
    fn new(history: &[engine::SessionLog], plan: &PlanView, day: NaiveDate) -> RestDay {
        let tap =
            NewSession::done_as_prescribed(&plan.prescription, day).domain(plan.prescription.stage);
        RestDay {
            extra: engine::is_extra(history, &tap),
        }
    }

    pub fn text(&self) -> &'static str {
        if self.extra {
            "Rest day: an extra session is welcome, but it will not count toward moving up."
        } else {
            "No session is planned today: an extra one is welcome, and it counts like any other."
        }
    }
}

/// The page a workout is logged from: the member's today page, or the
/// coach's form for them.
fn page_path(on_behalf: bool, member_id: i32) -> String {
    if on_behalf {
        format!("/crew/{member_id}/log")
    } else {
        "/".to_string()
    }
}

/// The department's calendar day, as the page heading shows it.
fn day_heading(department: &Department, now: chrono::DateTime<chrono::Utc>) -> String {
    crate::domain::today::day_text(
        crate::domain::today::Today::at(department.tz(), now).calendar_day(),
    )
}

/// Whether a finished session is already logged on the training day `day`.
fn logged_today(sessions: &[Session], day: NaiveDate) -> bool {
    sessions
        .iter()
        .any(|s| s.row.is_finished() && s.row.trained_on == day)
}

#[derive(Template)]
#[template(path = "workout/no_record.html")]
struct NoRecordPage {
    chrome: Chrome,
    today: String,
}

/// GET / for a member: today's workout. A member account without a crew
/// record sees an empty page rather than an error.
pub async fn member_home(
    page: MemberPage,
    readiness: ReadinessForm,
) -> Result<HttpResponse, AppError> {
    let department = page.department.clone();
    let now = page.now;
    let (user, data) = page
        .read(
            move |conn, user| match Member::find_by_user(conn, user.id)? {
                Some(member) => Ok(Some(WorkoutData::load(conn, &department, member, now)?)),
                None => Ok(None),
            },
        )
        .await?;
    let Some(data) = data else {
        return render(
            actix_web::http::StatusCode::OK,
            &NoRecordPage {
                today: day_heading(&page.department, now),
                chrome: page.chrome(&user)?,
            },
        );
    };
    workout_page(
        &page,
        &user,
        data,
        false,
        None,
        FieldErrors::default(),
        readiness,
    )
}

/// GET /crew/{id}/log: a coach enters a session for a member.
pub async fn coach_log_form(
    page: CoachingPage,
    path: web::Path<i32>,
    readiness: web::Query<ReadinessForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let department = page.department.clone();
    let now = page.now;
    let (user, data) = page
        .read(move |conn, user| {
            let member = Viewer::of(conn, user)?.member(conn, id)?;
            WorkoutData::load_for_coach(conn, &department, member, now)
        })
        .await?;
    page.record_access("log form", vec![id]).await?;
    workout_page(
        &page,
        &user,
        data,
        true,
        None,
        FieldErrors::default(),
        readiness.into_inner(),
    )
}
