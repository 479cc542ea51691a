//! Crew pages for coaches: the list, add and edit, deactivate and reactivate,
//! and each member's page with their assignment and stage timeline.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use super::{forms, render, see_other, Chrome, CoachPage, CoachingPage, FieldErrors, Form};
use crate::app::access::{self, Viewer};
use crate::app::attention::Line;
use crate::app::day::MemberDay;
use crate::auth::session_cache::SessionCache;
use crate::domain::progression::SingleLegProposal;
use crate::domain::progression::{CoachFlag, LoadKind};
use crate::domain::range_test::LoadingHold;
use crate::domain::rotation::Platoon;
use crate::domain::today::local_today;
use crate::domain::units::Load;
use crate::domain::Named;
use crate::error::AppError;
use crate::models::assignment::Assignment;
use crate::models::attention::DecisionEntry;
use crate::models::department::Department;
use crate::models::member::{CrewRow, Member, MemberFields};
use crate::models::range_test::RangeTest;
use crate::models::session_log::OpenFlag;
use crate::models::stage::{dose_text, Stage};
use crate::models::user::User;
use crate::web::range_tests::{LoadingHoldView, RetestStatus};
use crate::web::workout::history::HistoryView;
use crate::web::workout::readiness::ReadinessTrend;

/// The department's calendar date at the moment of this request.
pub fn today<A: super::page::Access>(page: &super::page::Page<A>) -> NaiveDate {
    local_today(page.department.tz(), page.now)
}

// ---------------------------------------------------------------- the list

#[derive(Template)]
#[template(path = "crew/list.html")]
struct CrewPage {
    chrome: Chrome,
    rows: Vec<CrewRow>,
    inactive: bool,
    stations: Vec<String>,
    platoons: Vec<Platoon>,
    station: String,
    platoon: String,
}

#[derive(Deserialize)]
#[serde(default)]
#[derive(Default)]
pub struct CrewQuery {
    station: String,
    platoon: String,
    inactive: Option<String>,
}

fn non_empty(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

pub async fn list(
    page: CoachingPage,
    query: web::Query<CrewQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let inactive = query.inactive.is_some();
    let (station, platoon) = (query.station.clone(), query.platoon.clone());
    let (user, (rows, stations)) = page
        .read_all(move |conn, user| {
            let viewer = Viewer::of(conn, user)?;
            let rows = Member::crew(conn, !inactive, non_empty(&station), non_empty(&platoon))?;
            let rows = viewer.keep(rows, |r| (r.member.id, &r.member.station));
            Ok((rows, viewer.keep_stations(Member::stations(conn)?)))
        })
        .await?;
    render(
        StatusCode::OK,
        &CrewPage {
            chrome: page.chrome(&user)?,
            rows,
            inactive,
            stations,
            platoons: page.department.platoon_list(),
            station: query.station,
            platoon: query.platoon,
        },
    )
}

// ------------------------------------------------------------ add and edit

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MemberForm {
    name: String,
    station: String,
    platoon: String,
    start_date: String,
    notes: String,
}

#[derive(Template)]
#[template(path = "crew/form.html")]
struct MemberFormPage {
    chrome: Chrome,
    /// `None` when adding.
    member_id: Option<i32>,
    form: MemberForm,
    errors: FieldErrors,
    platoons: Vec<Platoon>,
}

impl MemberFormPage {
    /// A typed platoon that is not one of the department's, kept so the
    /// form shows what was sent beside its error.
    fn unknown_platoon(&self) -> bool {
        !self.form.platoon.is_empty()
            && !self
                .platoons
                .iter()
                .any(|p| p.as_str() == self.form.platoon)
    }
}

impl MemberForm {
    fn validate(
        &self,
        department: &Department,
        today: NaiveDate,
    ) -> Result<MemberFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        errors.check("name", crate::models::user::validate_name(&self.name));
        if self.station.trim().chars().count() > 60 {
            errors.add("station", "Use at most 60 characters.");
        }
        let platoon = match non_empty(&self.platoon) {
            None => None,
            Some(p) => match Platoon::parse(p) {
                Some(p) if department.platoon_list().contains(&p) => Some(p.as_str().to_string()),
                _ => {
                    errors.add(
                        "platoon",
                        "Choose one of the department's platoons, or no platoon.",
                    );
                    None
                }
            },
        };
        let start = forms::date_near(&self.start_date, today, 5 * 366, 366);
        if let Err(message) = &start {
            errors.add("start_date", message.clone());
        }
        if self.notes.chars().count() > 4000 {
            errors.add("notes", "Keep notes under 4000 characters.");
        }
        match (errors.is_empty(), start) {
            (true, Ok(start_date)) => Ok(MemberFields {
                name: self.name.trim().to_string(),
                station: self.station.trim().to_string(),
                platoon,
                start_date,
                notes: self.notes.trim().to_string(),
            }),
            _ => Err(errors),
        }
    }
}

/// The add/edit form, with what was typed and any errors.
async fn form_page(
    page: &CoachPage,
    member_id: Option<i32>,
    form: MemberForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (user, ()) = page
        .read(move |conn, _| {
            // An unknown id is a 404 even when the form is also wrong.
            if let Some(id) = member_id {
                Member::find(conn, id)?;
                refuse_if_erased(conn, id)?;
            }
            Ok(())
        })
        .await?;
    render(
        errors.status(),
        &MemberFormPage {
            chrome: page.chrome(&user)?,
            member_id,
            form,
            errors,
            platoons: page.department.platoon_list(),
        },
    )
}

pub async fn new_form(page: CoachPage) -> Result<HttpResponse, AppError> {
    let form = MemberForm {
        start_date: today(&page).to_string(),
        ..MemberForm::default()
    };
    form_page(&page, None, form, FieldErrors::default()).await
}

pub async fn create(
    page: CoachPage,
    Form(form): Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    let fields = match form.validate(&page.department, today(&page)) {
        Ok(fields) => fields,
        Err(errors) => return form_page(&page, None, form, errors).await,
    };
    let (_, member) = page
        .write(move |conn, _| Ok(Member::create(conn, &fields)?))
        .await?;
    page.session
        .set_flash(&format!("{} was added to the crew.", member.name))?;
    Ok(see_other(&format!("/crew/{}", member.id)))
}

pub async fn edit_form(page: CoachPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (user, member) = page
        .read(move |conn, _| {
            let member = Member::find(conn, id)?;
            refuse_if_erased(conn, id)?;
            Ok(member)
        })
        .await?;
    page.record_access("member details", vec![id]).await?;
    let form = MemberForm {
        name: member.name,
        station: member.station,
        platoon: member.platoon.map(|p| p.to_string()).unwrap_or_default(),
        start_date: member.start_date.to_string(),
        notes: member.notes,
    };
    render(
        StatusCode::OK,
        &MemberFormPage {
            chrome: page.chrome(&user)?,
            member_id: Some(id),
            form,
            errors: FieldErrors::default(),
            platoons: page.department.platoon_list(),
        },
    )
}

pub async fn update(
    page: CoachPage,
    path: web::Path<i32>,
    Form(form): Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let fields = match form.validate(&page.department, today(&page)) {
        Ok(fields) => fields,
        Err(errors) => return form_page(&page, Some(id), form, errors).await,
    };
    page.write(move |conn, _| {
        Member::find(conn, id)?;
        refuse_if_erased(conn, id)?;
        Ok(Member::update(conn, id, &fields)?)
    })
    .await?;
    page.session.set_flash("Changes saved.")?;
    Ok(see_other(&format!("/crew/{id}")))
}

/// An erased record stays anonymous: its profile cannot be edited, or a
/// name could be typed back onto the former member's history.
fn refuse_if_erased(conn: &mut diesel::SqliteConnection, id: i32) -> Result<(), AppError> {
    if crate::models::erasure::find(conn, id)?.is_some() {
        return Err(AppError::Forbidden(
            "This member's personal data was erased: the record stays anonymous and its profile cannot be edited.",
        ));
    }
    Ok(())
}

pub async fn deactivate(
    page: CoachPage,
    path: web::Path<i32>,
    state: web::Data<crate::state::AppState>,
) -> Result<HttpResponse, AppError> {
    let sessions = &state.sessions;
    set_active(page, path.into_inner(), false, sessions).await
}

pub async fn reactivate(
    page: CoachPage,
    path: web::Path<i32>,
    state: web::Data<crate::state::AppState>,
) -> Result<HttpResponse, AppError> {
    let sessions = &state.sessions;
    set_active(page, path.into_inner(), true, sessions).await
}

async fn set_active(
    page: CoachPage,
    id: i32,
    active: bool,
    sessions: &SessionCache,
) -> Result<HttpResponse, AppError> {
    let (_, member) = page
        .write(move |conn, _| {
            // An erased record stays anonymous: reactivating it would let an
            // invitation hand someone else the former member's history.
            if active && crate::models::erasure::find(conn, id)?.is_some() {
                return Err(AppError::Forbidden(
                    "This member's personal data was erased: the record stays anonymous and cannot be made active again.",
                ));
            }
            Ok(Member::set_active(conn, id, active)?)
        })
        .await?;
    // Disabling deleted the account's sessions; the in-memory copy follows.
    if let Some(user_id) = member.user_id.filter(|_| !active) {
        sessions.forget_user(user_id);
    }
    page.session.set_flash(&if active {
        format!("{} is active again.", member.name)
    } else {
        format!(
            "{} was deactivated: hidden from lists, history kept, login turned off.",
            member.name
        )
    })?;
    Ok(see_other(&format!("/crew/{id}")))
}

// --------------------------------------------------------- the member page

/// The current assignment as the member page shows it.
pub struct AssignmentView {
    pub assignment: Assignment,
    pub stage: Stage,
    pub dose: String,
    pub hold_seconds: u8,
    pub custom_dose: bool,
}

#[derive(Template)]
#[template(path = "crew/show.html")]
struct MemberPage {
    chrome: Chrome,
    member: Member,
    account_email: Option<String>,
    on_duty_today: bool,
    current: Option<AssignmentView>,
    stage_errors: FieldErrors,
    stage_form: StageForm,
    tz: chrono_tz::Tz,
    flags: Vec<OpenFlag>,
    history: HistoryView,
    retest: RetestStatus,
    /// The latest range test holds loading.
    loading_hold: Option<LoadingHoldView>,
    /// The latest range test's asymmetry proposes single-leg work.
    single_leg: Option<SingleLegView>,
    /// On hold today: until when, and why.
    on_hold: Option<(NaiveDate, String)>,
    /// Back from a hold this past week: what the return meant.
    back_from_hold: Option<String>,
    /// Readiness on shift: the weekly trend and the latest answers.
    readiness: ReadinessTrend,
    /// The coach's decisions on needs-attention lines, newest first.
    decisions: Vec<DecisionEntry>,
    /// What needs a decision now, with its evidence (as on needs attention).
    attention: Vec<Line>,
    /// The earliest snooze date.
    tomorrow: String,
    /// Ready to advance: the advance button is the primary action.
    ready: bool,
    /// On a loaded stage: the member's working load, or what is prescribed.
    working_load: Option<String>,
    /// Erased: when (department time) and by whom. The record stays
    /// anonymous and cannot be reactivated.
    erased: Option<(String, String)>,
}

impl MemberPage {
    fn on_member_page(&self) -> bool {
        true
    }

    fn typed(&self, _line: &Line, _field: &str) -> String {
        String::new()
    }

    fn error(&self, _line: &Line, _field: &str) -> String {
        String::new()
    }

    /// A stored UTC time in the department's time zone.
    fn local(&self, at: &chrono::NaiveDateTime) -> String {
        crate::domain::today::moment_text(crate::domain::today::local(self.tz, *at))
    }
}

/// Single-leg work the latest range test proposes for its weaker side.
pub struct SingleLegView {
    /// "left" or "right".
    pub side: &'static str,
    pub tested_on: NaiveDate,
    /// The test's numbers, e.g. "knee-hugged 5 in left, 8 in right: 37.5%
    /// difference (flagged above 15%)".
    pub numbers: String,
}

/// What the member page's stage and hold forms send (kept when shown again).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct StageForm {
    pub action: String,
    pub stage: String,
    pub note: String,
    /// The hold form: its last day, and why.
    pub until: String,
    pub reason: String,
}

struct MemberData {
    member: Member,
    account_email: Option<String>,
    current: Option<AssignmentView>,
    flags: Vec<OpenFlag>,
    history: HistoryView,
    last_test: Option<NaiveDate>,
    loading_hold: Option<LoadingHold>,
    single_leg: Option<SingleLegProposal>,
    day: MemberDay,
    decisions: Vec<DecisionEntry>,
    attention: Vec<Line>,
    erasure: Option<crate::models::erasure::Erasure>,
}

fn load_member(
    conn: &mut diesel::SqliteConnection,
    id: i32,
    department: &std::sync::Arc<Department>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<MemberData, AppError> {
    let member = Member::find(conn, id)?;
    let day = MemberDay::new(department, &member, Assignment::active_for(conn, id)?, now);
    let account_email = match member.user_id {
        Some(user_id) => Some(User::find(conn, user_id)?.email),
        None => None,
    };
    // The history view holds the catalog and the timeline; the page reads
    // them from there rather than loading them again.
    let history = HistoryView::load(conn, id, department.units(), department.tz())?;
    let current = day.assignment.clone().and_then(|assignment| {
        let stage = history
            .stages
            .iter()
            .find(|s| s.id == assignment.stage)?
            .clone();
        let dose = assignment.dose(&stage.spec());
        Some(AssignmentView {
            dose: dose_text(
                dose.sets as i32,
                dose.reps_low as i32,
                dose.reps_high as i32,
                stage.per_leg,
            ),
            hold_seconds: dose.hold_seconds,
            custom_dose: assignment.has_custom_dose(),
            assignment,
            stage,
        })
    });
    // The latest test, read once: its date (the retest), the loading hold
    // and the single-leg proposal all come from it.
    let latest = RangeTest::latest(conn, id)?;
    let thresholds = department.thresholds();
    Ok(MemberData {
        account_email,
        current,
        flags: OpenFlag::for_member(conn, id)?,
        decisions: crate::models::attention::decisions_of(conn, id)?,
        attention: crate::app::attention::lines_of(conn, department, now, id)?,
        history,
        last_test: latest.as_ref().map(|t| t.fields.tested_on),
        loading_hold: crate::app::range_test::hold_of(latest.as_ref(), &thresholds),
        single_leg: day.assignment.as_ref().and_then(|a| {
            crate::app::range_test::proposal_of(latest.as_ref(), &thresholds, a.variation_list())
        }),
        erasure: crate::models::erasure::find(conn, id)?,
        member,
        day,
    })
}

/// Renders the member page, with the stage form's errors when there are any.
pub async fn member_page(
    page: &CoachingPage,
    id: i32,
    stage_form: StageForm,
    stage_errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let department = page.department.clone();
    let now = page.now;
    let (user, data) = page
        .read_all(move |conn, user| {
            access::check(conn, user, id)?;
            load_member(conn, id, &department, now)
        })
        .await?;
    page.record_access("member page", vec![id]).await?;
    let department = &page.department;
    let on_duty_today = data.day.on_duty == Some(true);
    let on_hold = data.day.hold().map(|h| {
        let reason = data.day.assignment.as_ref().map(|a| a.hold_reason.clone());
        (h.until, reason.unwrap_or_default())
    });
    let back_from_hold = data.day.back_from_hold();
    let readiness = ReadinessTrend::new(&data.history.sessions, data.day.calendar_day)?;
    let ready = data
        .flags
        .iter()
        .any(|f| f.kind == CoachFlag::ReadyToAdvance);
    let units = department.units();
    let working_load = data.current.as_ref().and_then(|c| {
        if c.stage.load_kind == LoadKind::Bodyweight {
            return None;
        }
        Some(match c.assignment.working_load_grams {
            Some(g) => Load::from_grams(g as i64).display(units),
            None => "not set yet: the first session sets it".to_string(),
        })
    });
    render(
        stage_errors.status(),
        &MemberPage {
            chrome: page.chrome(&user)?,
            member: data.member,
            account_email: data.account_email,
            on_duty_today,
            current: data.current,
            stage_errors,
            stage_form,
            tz: department.tz(),
            flags: data.flags,
            history: data.history,
            retest: RetestStatus::new(data.last_test, today(page), &department.thresholds()),
            loading_hold: data
                .loading_hold
                .map(|h| LoadingHoldView::new(&h, department.units())),
            single_leg: data.single_leg.map(|p| SingleLegView {
                side: p.weaker.as_str(),
                tested_on: p.tested_on,
                numbers: p.numbers_text(department.units()),
            }),
            on_hold,
            back_from_hold,
            readiness,
            decisions: data.decisions,
            attention: data.attention,
            tomorrow: (today(page) + chrono::Duration::days(1)).to_string(),
            ready,
            working_load,
            erased: data.erasure.map(|e| {
                (
                    crate::domain::today::moment_text(crate::domain::today::local(
                        department.tz(),
                        e.erased_at,
                    )),
                    e.erased_by,
                )
            }),
        },
    )
}

pub async fn show(page: CoachingPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    member_page(
        &page,
        path.into_inner(),
        StageForm::default(),
        FieldErrors::default(),
    )
    .await
}
