//! The on-shift workout: the member's home page (today's prescription, the
//! one-tap "done as prescribed", the per-set form, toned out), logging (by
//! the member, or by a coach on their behalf), the result page, and the
//! member's own history.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use rand::distributions::{Alphanumeric, DistString};

use super::charts::TrendChart;
use super::range_tests::RangeTable;
use super::{forms, render, see_other, Chrome, FieldErrors};
use crate::auth::{AppSession, CurrentCoach, CurrentMember, CurrentUser};
use crate::clock::Clock;
use crate::db::{self, DbPool};
use crate::domain::progression::{self as engine, Felt, LoadKind, Pain, Prescription};
use crate::domain::rotation::Platoon;
use crate::domain::schedule::{Due, Plan};
use crate::domain::units::{Load, Units};
use crate::error::AppError;
use crate::models::assignment::{timeline, Assignment, TimelineEntry};
use crate::models::department::Department;
use crate::models::member::Member;
use crate::models::range_test::RangeTest;
use crate::models::session_log::{NewSession, Session, SessionRow};
use crate::models::stage::Stage;
use crate::models::training::{effective, log_session, training_day, Logged, Target};

/// Bounds for what a person can type into the per-set form.
const MAX_REPS: i32 = 100;
const MAX_HOLD: i32 = 60;

// ------------------------------------------------------------- the data

/// Everything the workout page reads, loaded in one blocking closure.
struct WorkoutData {
    member: Member,
    assignment: Option<Assignment>,
    stage: Option<Stage>,
    sessions: Vec<Session>,
}

fn load_workout(
    conn: &mut diesel::SqliteConnection,
    member: Member,
    today: NaiveDate,
) -> Result<WorkoutData, AppError> {
    let assignment = Assignment::active_for(conn, member.id)?.map(|a| effective(&a, today));
    let stage = match &assignment {
        Some(a) => Some(Stage::find(conn, a.stage)?),
        None => None,
    };
    let sessions = Session::for_member(conn, member.id)?;
    Ok(WorkoutData {
        member,
        assignment,
        stage,
        sessions,
    })
}

/// What the page shows of today's prescription.
pub struct PlanView {
    pub stage: Stage,
    pub prescription: Prescription,
    pub load: Option<String>,
    pub regression_until: Option<NaiveDate>,
    pub prescribed_reps: u8,
    /// The coach's variations: (label, cue).
    pub variations: Vec<(&'static str, &'static str)>,
}

impl PlanView {
    pub fn reps_text(&self) -> String {
        let p = &self.prescription;
        let range = if p.reps_low < p.reps_high {
            format!(" (range {}-{})", p.reps_low, p.reps_high)
        } else {
            String::new()
        };
        format!(
            "{} x {}{}{}",
            p.sets,
            p.target_reps,
            if p.per_leg { " per leg" } else { "" },
            range
        )
    }

    pub fn loaded(&self) -> bool {
        self.load.is_some()
    }
}

fn plan_view(department: &Department, data: &WorkoutData, today: NaiveDate) -> Option<PlanView> {
    let (assignment, stage) = (data.assignment.as_ref()?, data.stage.clone()?);
    let spec = stage.spec();
    let dose = assignment.dose(&spec);
    let history: Vec<engine::SessionLog> = data.sessions.iter().map(Session::domain).collect();
    let units = department.units();
    let prescription = engine::prescribe(&spec, &dose, &assignment.state(), &history, today, units);
    Some(PlanView {
        load: prescription.load.map(|l| l.display(units)),
        regression_until: assignment.regression_restore_on,
        prescribed_reps: prescription.target_reps,
        variations: assignment
            .variation_list()
            .iter()
            .map(|v| (v.label(), v.cue()))
            .collect(),
        prescription,
        stage,
    })
}

fn plan_for<'a>(
    rotation: &'a crate::domain::rotation::Rotation,
    member: &Member,
    assignment: &Assignment,
) -> Plan<'a> {
    Plan {
        rotation,
        platoon: member.platoon.as_deref().and_then(Platoon::parse),
        sessions_per_week: assignment.sessions_per_week as u8,
        fixed_weekdays: assignment.weekdays(),
        start: assignment.start_date,
    }
}

fn due_text(due: Due) -> String {
    match due {
        Due::Today => "A session is due today.".to_string(),
        Due::DoneToday => "Today's session is logged. Nice work.".to_string(),
        Due::Next(d) => format!("No session due today. Next one: {}.", d.format("%A %-d %B")),
        Due::NotStarted(d) => format!("Your program starts on {}.", d.format("%A %-d %B")),
    }
}

// ------------------------------------------------------------- the form

/// One row of the per-set form, as typed.
#[derive(Debug, Clone, Default)]
pub struct SetInput {
    pub reps: String,
    pub right: String,
    pub load: String,
    pub hold: String,
}

/// The per-set form as typed, kept when it is shown again with errors.
#[derive(Debug, Clone, Default)]
pub struct LogForm {
    pub action: String,
    pub key: String,
    pub partial_id: String,
    pub sets: Vec<SetInput>,
    pub felt: Vec<String>,
    pub pain: String,
    pub cramp: bool,
    pub good_form: bool,
    pub effort: String,
    pub note: String,
}

impl LogForm {
    fn from_pairs(pairs: &[(String, String)]) -> LogForm {
        let get = |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let set_count = pairs
            .iter()
            .filter_map(|(k, _)| k.strip_prefix("reps_")?.parse::<usize>().ok())
            .max()
            .unwrap_or(0)
            .min(10);
        LogForm {
            action: get("action"),
            key: get("key"),
            partial_id: get("partial_id"),
            sets: (1..=set_count)
                .map(|i| SetInput {
                    reps: get(&format!("reps_{i}")),
                    right: get(&format!("right_{i}")),
                    load: get(&format!("load_{i}")),
                    hold: get(&format!("hold_{i}")),
                })
                .collect(),
            felt: pairs
                .iter()
                .filter(|(k, _)| k == "felt")
                .map(|(_, v)| v.clone())
                .collect(),
            pain: get("pain"),
            cramp: !get("cramp").is_empty(),
            good_form: !get("good_form").is_empty(),
            effort: get("effort"),
            note: get("note"),
        }
    }

    /// A blank form for today's prescription (one row per set).
    fn blank(plan: Option<&PlanView>, units: Units) -> LogForm {
        let sets = plan.map_or(0, |p| p.prescription.sets as usize);
        let load = plan
            .and_then(|p| p.prescription.load)
            .map(|l| l.number(units))
            .unwrap_or_default();
        let hold = plan.map_or(0, |p| p.prescription.hold_seconds);
        LogForm {
            key: new_key(),
            sets: (0..sets)
                .map(|_| SetInput {
                    load: load.clone(),
                    hold: hold.to_string(),
                    ..SetInput::default()
                })
                .collect(),
            pain: "none".to_string(),
            good_form: true,
            ..LogForm::default()
        }
    }

    /// A form filled from a partial session, to finish it.
    fn from_partial(partial: &Session, plan: Option<&PlanView>, units: Units) -> LogForm {
        let mut form = LogForm::blank(plan, units);
        form.partial_id = partial.row.id.to_string();
        for (i, set) in partial.sets.iter().enumerate() {
            if let Some(input) = form.sets.get_mut(i) {
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
        }
        form.felt = partial
            .row
            .felt_list()
            .iter()
            .map(|f| f.as_str().to_string())
            .collect();
        form.pain = partial.row.pain.clone();
        form.cramp = partial.row.cramp;
        form.good_form = partial.row.good_form;
        form.effort = partial
            .row
            .effort
            .map(|e| e.to_string())
            .unwrap_or_default();
        form.note = partial.row.note.clone();
        form
    }

    fn has_felt(&self, felt: &str) -> bool {
        self.felt.iter().any(|f| f == felt)
    }

    /// Checks the form; the session to store, or the errors by field.
    fn validate(
        &self,
        plan: &PlanView,
        units: Units,
        trained_on: NaiveDate,
    ) -> Result<NewSession, FieldErrors> {
        let mut errors = FieldErrors::default();
        let finished = self.action != "partial";
        let per_leg = plan.prescription.per_leg;
        let loaded = plan.loaded();
        let mut sets = Vec::new();
        for (i, input) in self.sets.iter().enumerate() {
            let n = i + 1;
            let blank = input.reps.trim().is_empty() && input.right.trim().is_empty();
            if blank {
                continue;
            }
            let field = |name: &str| -> &'static str { field_name(name, n) };
            let reps = forms::number_in(&input.reps, 0, MAX_REPS)
                .map_err(|m| errors.add(field("reps"), m))
                .ok();
            let right = if per_leg {
                forms::number_in(&input.right, 0, MAX_REPS)
                    .map_err(|m| errors.add(field("right"), m))
                    .ok()
            } else {
                Some(0)
            };
            let load = if loaded {
                Load::parse(&input.load, units)
                    .map_err(|e| errors.add(field("load"), e.to_string()))
                    .ok()
            } else {
                Some(Load::ZERO)
            };
            let hold = if input.hold.trim().is_empty() {
                Some(0)
            } else {
                forms::number_in(&input.hold, 0, MAX_HOLD)
                    .map_err(|m| errors.add(field("hold"), m))
                    .ok()
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
        let felt: Vec<Felt> = self.felt.iter().filter_map(|f| Felt::parse(f)).collect();
        if felt.len() != self.felt.len() {
            errors.add("felt", "Choose from the list.");
        }
        let pain = match self.pain.as_str() {
            "" => Some(Pain::None),
            p => Pain::parse(p),
        };
        if pain.is_none() {
            errors.add("pain", "Choose from the list.");
        }
        let effort = if self.effort.trim().is_empty() {
            None
        } else {
            forms::number_in(&self.effort, 1, 10)
                .map_err(|m| errors.add("effort", m))
                .ok()
        };
        if self.note.chars().count() > 1000 {
            errors.add("note", "Keep the note under 1000 characters.");
        }
        if self.key.trim().is_empty() || self.key.len() > 100 {
            errors.add(
                "sets",
                "The form had expired; check the values and save again.",
            );
        }
        match (errors.is_empty(), pain) {
            (true, Some(pain)) => Ok(NewSession {
                trained_on,
                finished,
                as_prescribed: false,
                sets,
                felt,
                pain,
                cramp: self.cramp,
                good_form: self.good_form,
                effort,
                note: self.note.trim().to_string(),
                prescribed_load: None,
                variations: Vec::new(),
            }),
            _ => Err(errors),
        }
    }
}

/// Field names for per-set errors ("reps_2"), as &'static str for FieldErrors.
fn field_name(kind: &str, n: usize) -> &'static str {
    const NAMES: [[&str; 10]; 4] = [
        [
            "reps_1", "reps_2", "reps_3", "reps_4", "reps_5", "reps_6", "reps_7", "reps_8",
            "reps_9", "reps_10",
        ],
        [
            "right_1", "right_2", "right_3", "right_4", "right_5", "right_6", "right_7", "right_8",
            "right_9", "right_10",
        ],
        [
            "load_1", "load_2", "load_3", "load_4", "load_5", "load_6", "load_7", "load_8",
            "load_9", "load_10",
        ],
        [
            "hold_1", "hold_2", "hold_3", "hold_4", "hold_5", "hold_6", "hold_7", "hold_8",
            "hold_9", "hold_10",
        ],
    ];
    let row = match kind {
        "reps" => 0,
        "right" => 1,
        "load" => 2,
        _ => 3,
    };
    NAMES[row][(n - 1).min(9)]
}

/// The idempotency key a submission is stored under: the form's own key,
/// namespaced by which form sent it, so the one tap and the per-set form can
/// never stand in for each other even if a page sent them the same key.
fn form_key(action: &str, key: &str) -> String {
    let form = if action == "prescribed" {
        "tap"
    } else {
        "sets"
    };
    match key.trim() {
        "" => format!("{form}:{}", new_key()),
        key => format!("{form}:{key}"),
    }
}

fn new_key() -> String {
    Alphanumeric.sample_string(&mut rand::rngs::OsRng, 32)
}

/// The session "done as prescribed": every set at the prescription (the
/// member's target inside a rep range), felt in the glutes, no pain, good form.
fn as_prescribed(plan: &PlanView, trained_on: NaiveDate) -> NewSession {
    let p = &plan.prescription;
    let set = engine::SetLog {
        reps: p.target_reps as u16,
        reps_other_side: p.per_leg.then_some(p.target_reps as u16),
        load: p.load.unwrap_or(Load::ZERO),
        hold_seconds: p.hold_seconds,
    };
    NewSession {
        trained_on,
        finished: true,
        as_prescribed: true,
        sets: vec![set; p.sets as usize],
        felt: vec![Felt::Glutes],
        pain: Pain::None,
        cramp: false,
        good_form: true,
        effort: None,
        note: String::new(),
        prescribed_load: None,
        variations: Vec::new(),
    }
}

// ------------------------------------------------------------- the page

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
    plan: Option<PlanView>,
    partial: bool,
    /// A finished session is already logged this training day: the one tap
    /// is not offered again (another session would be an extra).
    logged_today: bool,
    /// The one tap's own idempotency key (the per-set form has another).
    prescribed_key: String,
    form: LogForm,
    errors: FieldErrors,
    load_unit: &'static str,
    felt_choices: Vec<(&'static str, &'static str)>,
    pain_choices: Vec<(&'static str, &'static str)>,
}

impl WorkoutPage {
    fn error(&self, kind: &str, n: &usize) -> &str {
        self.errors.get(field_name(kind, *n + 1))
    }
}

struct PageArgs<'a> {
    current: &'a CurrentUser,
    session: &'a AppSession,
    clock: &'a Clock,
    data: WorkoutData,
    on_behalf: bool,
    form: Option<LogForm>,
    errors: FieldErrors,
}

fn workout_page(args: PageArgs<'_>) -> Result<HttpResponse, AppError> {
    let department = &args.current.department;
    let units = department.units();
    let now = args.clock.now();
    let day = training_day(department, &args.data.member, now);
    let plan = plan_view(department, &args.data, day);
    let rotation = department.rotation();
    let logged: Vec<NaiveDate> = args
        .data
        .sessions
        .iter()
        .map(|s| s.row.trained_on)
        .collect();
    let due = args
        .data
        .assignment
        .as_ref()
        .map(|a| plan_for(&rotation, &args.data.member, a).status(day, &logged));
    let partial = args
        .data
        .sessions
        .iter()
        .rev()
        .find(|s| !s.row.is_finished() && s.row.trained_on == day);
    let form = match (args.form, partial) {
        (Some(form), _) => form,
        (None, Some(partial)) => LogForm::from_partial(partial, plan.as_ref(), units),
        (None, None) => LogForm::blank(plan.as_ref(), units),
    };
    let on_duty = args
        .data
        .member
        .platoon
        .as_deref()
        .and_then(Platoon::parse)
        .filter(|p| rotation.platoons.contains(p))
        .map(|p| rotation.on_duty_at(p, department.tz(), now));
    let action = if args.on_behalf {
        format!("/crew/{}/log", args.data.member.id)
    } else {
        "/log".to_string()
    };
    render(
        args.errors.status(),
        &WorkoutPage {
            chrome: Chrome::new(args.session, args.current)?,
            today: day_heading(department, now),
            on_duty,
            due: due.map(due_text).unwrap_or_default(),
            due_today: matches!(due, Some(Due::Today)),
            partial: !form.partial_id.is_empty(),
            logged_today: logged_today(&args.data.sessions, day),
            prescribed_key: new_key(),
            plan,
            member: args.data.member,
            on_behalf: args.on_behalf,
            action,
            form,
            errors: args.errors,
            load_unit: units.load_unit(),
            felt_choices: Felt::ALL.iter().map(|f| (f.as_str(), f.label())).collect(),
            pain_choices: Pain::ALL.iter().map(|p| (p.as_str(), p.label())).collect(),
        },
    )
}

/// The department's calendar day, as the page heading shows it.
fn day_heading(department: &Department, now: chrono::DateTime<chrono::Utc>) -> String {
    crate::domain::today::Today::at(department.tz(), now)
        .calendar_day()
        .format("%A %-d %B %Y")
        .to_string()
}

/// Whether a finished session is already logged on the training day `day`.
fn logged_today(sessions: &[Session], day: NaiveDate) -> bool {
    sessions
        .iter()
        .any(|s| s.row.is_finished() && s.row.trained_on == day)
}

/// The crew record behind a member's login; a member account without one
/// sees an empty page rather than an error.
async fn own_member(pool: &DbPool, current: &CurrentUser) -> Result<Option<Member>, AppError> {
    let user_id = current.id();
    db::run(pool, move |conn| Ok(Member::find_by_user(conn, user_id)?)).await
}

#[derive(Template)]
#[template(path = "workout/no_record.html")]
struct NoRecordPage {
    chrome: Chrome,
    today: String,
}

/// GET / for a member: today's workout.
pub async fn member_home(
    current: CurrentUser,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
) -> Result<HttpResponse, AppError> {
    let Some(member) = own_member(&pool, &current).await? else {
        return render(
            StatusCode::OK,
            &NoRecordPage {
                today: day_heading(&current.department, clock.now()),
                chrome: Chrome::new(&session, &current)?,
            },
        );
    };
    let day = training_day(&current.department, &member, clock.now());
    let data = db::run(&pool, move |conn| load_workout(conn, member, day)).await?;
    workout_page(PageArgs {
        current: &current,
        session: &session,
        clock: &clock,
        data,
        on_behalf: false,
        form: None,
        errors: FieldErrors::default(),
    })
}

/// GET /crew/{id}/log: a coach enters a session for a member.
pub async fn coach_log_form(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let department = current.department.clone();
    let now = clock.now();
    let data = db::run(&pool, move |conn| {
        let member = Member::find(conn, id)?;
        let day = training_day(&department, &member, now);
        load_workout(conn, member, day)
    })
    .await?;
    workout_page(PageArgs {
        current: &current,
        session: &session,
        clock: &clock,
        data,
        on_behalf: true,
        form: None,
        errors: FieldErrors::default(),
    })
}

/// POST /log: the member logs their own session.
pub async fn member_log(
    CurrentMember(current): CurrentMember,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let member = own_member(&pool, &current)
        .await?
        .ok_or(AppError::Forbidden(
            "Your account is not linked to a crew record; ask your coach.",
        ))?;
    log(&current, &session, &pool, &clock, member.id, false, &body).await
}

/// POST /crew/{id}/log: a coach logs a session on a member's behalf.
pub async fn coach_log(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    path: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    log(
        &current,
        &session,
        &pool,
        &clock,
        path.into_inner(),
        true,
        &body,
    )
    .await
}

async fn log(
    current: &CurrentUser,
    session: &AppSession,
    pool: &DbPool,
    clock: &Clock,
    member_id: i32,
    on_behalf: bool,
    body: &web::Bytes,
) -> Result<HttpResponse, AppError> {
    let pairs: Vec<(String, String)> = forms::parse(body)?;
    let form = LogForm::from_pairs(&pairs);
    let department = current.department.clone();
    let units = department.units();
    let now = clock.now();
    let (data, day) = db::run(pool, move |conn| {
        let member = Member::find(conn, member_id)?;
        let day = training_day(&department, &member, now);
        Ok((load_workout(conn, member, day)?, day))
    })
    .await?;
    if !data.member.active {
        return Err(AppError::Forbidden("This member is deactivated."));
    }
    let Some(plan) = plan_view(&current.department, &data, day) else {
        return Err(AppError::Forbidden(
            "No progression is assigned yet, so there is nothing to log against.",
        ));
    };
    let target = match form.partial_id.trim() {
        "" => Target::New,
        id => {
            let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
            // Only this member's own partial session from this training day.
            let ok = data
                .sessions
                .iter()
                .any(|s| s.row.id == id && !s.row.is_finished() && s.row.trained_on == day);
            if !ok {
                return Err(AppError::NotFound);
            }
            Target::Partial(id)
        }
    };
    let new = if form.action == "prescribed" {
        as_prescribed(&plan, day)
    } else {
        match form.validate(&plan, units, day) {
            Ok(new) => new,
            Err(errors) => {
                return workout_page(PageArgs {
                    current,
                    session,
                    clock,
                    data,
                    on_behalf,
                    form: Some(form),
                    errors,
                })
            }
        }
    };
    let key = form_key(&form.action, &form.key);
    let by = current.id();
    let logged = db::write(pool, move |conn| {
        log_session(
            conn,
            member_id,
            target,
            &new,
            &key,
            by,
            units,
            now.naive_utc(),
        )
    })
    .await?;
    match logged {
        Logged::Saved(id) | Logged::Duplicate(id) => Ok(see_other(&format!("/sessions/{id}"))),
        Logged::NoAssignment => Err(AppError::Forbidden(
            "No progression is assigned yet, so there is nothing to log against.",
        )),
    }
}

// ------------------------------------------------------------ the result

#[derive(Template)]
#[template(path = "workout/result.html")]
struct ResultPage {
    chrome: Chrome,
    session: Session,
    member: Member,
    stage: Stage,
    headline: String,
    explanation: String,
    fixes: Vec<(&'static str, &'static str)>,
    for_coach: bool,
    units: Units,
    /// Why the next load is lower than what was logged (above the weekly cap).
    cap_note: Option<String>,
}

impl ResultPage {
    fn load_text(&self, grams: &i32) -> String {
        Load::from_grams(*grams as i64).display(self.units)
    }

    fn loaded(&self) -> bool {
        self.stage.spec().load_kind != LoadKind::Bodyweight
    }
}

/// GET /sessions/{id}: what was logged and what happens next. A member sees
/// only their own sessions (another member's id is a 404).
pub async fn result(
    current: CurrentUser,
    session: AppSession,
    pool: web::Data<DbPool>,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let user_id = current.id();
    let is_coach = current.is_coach();
    let (logged, member, stage) = db::run(&pool, move |conn| {
        let logged = Session::find(conn, id)?;
        let member = Member::find(conn, logged.row.member_id)?;
        if !is_coach && member.user_id != Some(user_id) {
            return Err(AppError::NotFound);
        }
        let stage = Stage::find(conn, logged.row.stage)?;
        Ok((logged, member, stage))
    })
    .await?;
    let (headline, explanation) = outcome_texts(&logged.row);
    let cap_note = cap_note(&logged, current.department.units());
    render(
        StatusCode::OK,
        &ResultPage {
            chrome: Chrome::new(&session, &current)?,
            headline,
            explanation,
            fixes: logged
                .row
                .fix_list()
                .into_iter()
                .map(|f| (f.label(), f.text()))
                .collect(),
            for_coach: is_coach,
            cap_note,
            units: current.department.units(),
            session: logged,
            member,
            stage,
        },
    )
}

/// The result page's headline and explanation for a stored session.
fn outcome_texts(row: &SessionRow) -> (String, String) {
    let decision = row.decision();
    if decision != engine::Decision::Stay {
        return (decision.headline(), decision.explanation());
    }
    if !row.is_finished() {
        return (
            "Saved as toned out".to_string(),
            "What you did so far is saved and this does not count as a missed session. Finish it from today's page when you are back, this shift.".to_string(),
        );
    }
    if row.extra {
        return (
            EXTRA_HEADLINE.to_string(),
            "It is kept in your log, but only one session a training day counts toward \
             moving up, with a rest day between two that count. Rest before the next one."
                .to_string(),
        );
    }
    (decision.headline(), decision.explanation())
}

const EXTRA_HEADLINE: &str = "Extra session today";

/// Why the next load is lower than a load logged above the weekly cap.
fn cap_note(logged: &Session, units: Units) -> Option<String> {
    let session = logged.domain();
    let most = engine::logged_above_cap(&session, units)?;
    Some(format!(
        "You logged {} where {} was prescribed. What you lifted is kept as logged, but the \
         load you are given rises at most {} in any 7 days, so your next one is at most {}. \
         Your coach has been told.",
        session.top_load()?.display(units),
        session.prescribed_load?.display(units),
        engine::weekly_cap(units).display(units),
        most.display(units),
    ))
}

// ------------------------------------------------------------- history

/// The sessions table and charts, shared by "my history" and the coach's
/// member page.
pub struct HistoryView {
    pub sessions: Vec<Session>,
    pub timeline: Vec<TimelineEntry>,
    pub stages: Vec<Stage>,
    pub load_chart: TrendChart,
    pub reps_chart: TrendChart,
    pub units: Units,
    /// The department's time zone: stage changes show on its wall clock.
    pub tz: chrono_tz::Tz,
}

impl HistoryView {
    pub fn load(
        conn: &mut diesel::SqliteConnection,
        member_id: i32,
        units: Units,
        tz: chrono_tz::Tz,
    ) -> Result<HistoryView, AppError> {
        let mut sessions = Session::for_member(conn, member_id)?;
        let load_points: Vec<(NaiveDate, f64)> = sessions
            .iter()
            .filter(|s| s.row.is_finished())
            .filter_map(|s| Some((s.row.trained_on, s.top_load()?.in_units(units))))
            .filter(|(_, v)| *v > 0.0)
            .collect();
        let reps_points: Vec<(NaiveDate, f64)> = sessions
            .iter()
            .filter(|s| s.row.is_finished())
            .map(|s| (s.row.trained_on, s.total_reps() as f64))
            .collect();
        sessions.reverse();
        Ok(HistoryView {
            load_chart: TrendChart::series(
                "Working load over time",
                units.load_unit(),
                vec![("Top set".to_string(), "load".to_string(), load_points)],
            )
            .with_id_prefix("load-chart")
            .with_empty_message("No loaded sessions yet: the first stages use bodyweight."),
            reps_chart: TrendChart::series(
                "Reps per session",
                "reps",
                vec![("Total reps".to_string(), "reps".to_string(), reps_points)],
            )
            .with_id_prefix("reps-chart")
            .with_empty_message("No finished sessions yet."),
            sessions,
            timeline: timeline(conn, member_id)?,
            stages: Stage::all(conn)?,
            units,
            tz,
        })
    }

    /// When a stage change happened, in department time.
    pub fn when(&self, e: &TimelineEntry) -> String {
        crate::domain::today::local(self.tz, e.changed_at)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    pub fn stage_name(&self, number: &i32) -> String {
        self.stages
            .iter()
            .find(|s| s.id == *number)
            .map(|s| format!("{} · {}", s.id, s.name))
            .unwrap_or_else(|| number.to_string())
    }

    pub fn load_text(&self, s: &Session) -> String {
        s.top_load()
            .filter(|l| l.grams > 0)
            .map(|l| l.display(self.units))
            .unwrap_or_else(|| "bodyweight".to_string())
    }

    pub fn sets_text(&self, s: &Session) -> String {
        s.sets
            .iter()
            .map(|set| match set.reps_other_side {
                Some(right) => format!("{}/{}", set.reps, right),
                None => set.reps.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn felt_text(&self, s: &Session) -> String {
        s.row
            .felt_list()
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn outcome_text(&self, s: &Session) -> String {
        if !s.row.is_finished() {
            return "toned out (partial)".to_string();
        }
        if s.row.extra && s.row.decision() == engine::Decision::Stay {
            return "Extra: did not count".to_string();
        }
        s.row.decision().headline()
    }
}

#[derive(Template)]
#[template(path = "workout/history.html")]
struct HistoryPage {
    chrome: Chrome,
    history: Option<HistoryView>,
    range_table: RangeTable,
    range_chart: TrendChart,
}

/// GET /history: the member's own sessions, stage changes and charts.
pub async fn history(
    CurrentMember(current): CurrentMember,
    session: AppSession,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let user_id = current.id();
    let units = current.department.units();
    let tz = current.department.tz();
    let (history, tests) = db::run(&pool, move |conn| {
        match Member::find_by_user(conn, user_id)? {
            Some(member) => Ok((
                Some(HistoryView::load(conn, member.id, units, tz)?),
                RangeTest::for_member(conn, member.id)?,
            )),
            None => Ok((None, Vec::new())),
        }
    })
    .await?;
    let points: Vec<_> = tests
        .iter()
        .map(|t| {
            (
                t.fields.tested_on,
                t.fields.hugged_left(),
                t.fields.hugged_right(),
            )
        })
        .collect();
    render(
        StatusCode::OK,
        &HistoryPage {
            chrome: Chrome::new(&session, &current)?,
            history,
            range_table: RangeTable::new(&tests, units, &current.department.thresholds(), false),
            range_chart: TrendChart::true_extension(&points, units),
        },
    )
}
