//! The range-test form: record a test for a member, or correct one (the
//! correction goes into the audit trail). A form with errors comes back with
//! what was typed and a message beside each field.

use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

use serde::Deserialize;

use super::may_view;
use crate::domain::range_test::{analyse, Position, RangeInput, Thresholds};
use crate::domain::today::local_today;
use crate::domain::units::{Height, QuantityError, Units};
use crate::error::AppError;
use crate::models::member::Member;
use crate::models::range_test::{felt_list, RangeTest, RangeTestFields, FELT_AREAS};
use crate::web::{render, see_other, Chrome, CoachingPage, FieldErrors, Form};

/// The height inputs: name, label beside the input, message when empty.
const HEIGHTS: [(&str, &str, &str); 5] = [
    ("double_leg", "Both legs", "Enter the double-leg height."),
    ("ninety_left", "Left", "Enter the left side's 90/90 height."),
    (
        "ninety_right",
        "Right",
        "Enter the right side's 90/90 height.",
    ),
    (
        "hugged_left",
        "Left",
        "Enter the left side's knee-hugged height.",
    ),
    (
        "hugged_right",
        "Right",
        "Enter the right side's knee-hugged height.",
    ),
];
/// The felt-where checkboxes' names, by position (A, B, C).
const FELT_NAMES: [&str; 3] = ["felt_a", "felt_b", "felt_c"];
const MAX_NOTES: usize = 2000;
const MAX_PAIN_WHERE: usize = 200;

/// The form as posted; the felt-where checkboxes repeat their name.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Posted {
    tested_on: String,
    double_leg: String,
    ninety_left: String,
    ninety_right: String,
    hugged_left: String,
    hugged_right: String,
    felt_a: Vec<String>,
    felt_b: Vec<String>,
    felt_c: Vec<String>,
    cramp: Option<String>,
    pain: String,
    pain_where: String,
    notes: String,
}

/// What was typed, kept as text so a refused form shows it again.
#[derive(Debug, Clone, Default)]
pub struct TestForm {
    pub tested_on: String,
    /// By `HEIGHTS` order: A, B left, B right, C left, C right.
    pub heights: [String; 5],
    /// The ticked areas, by position (A, B, C).
    pub felt: [Vec<String>; 3],
    pub cramp: bool,
    /// "yes" or "no".
    pub pain: String,
    pub pain_where: String,
    pub notes: String,
}

impl TestForm {
    fn blank(today: NaiveDate) -> TestForm {
        TestForm {
            tested_on: today.to_string(),
            pain: "no".to_string(),
            ..TestForm::default()
        }
    }

    fn from_fields(f: &RangeTestFields, units: Units) -> TestForm {
        let felt = |list: &String| -> Vec<String> {
            list.split(',')
                .filter(|v| !v.is_empty())
                .map(String::from)
                .collect()
        };
        TestForm {
            tested_on: f.tested_on.to_string(),
            heights: [
                f.double_leg(),
                f.ninety_left(),
                f.ninety_right(),
                f.hugged_left(),
                f.hugged_right(),
            ]
            .map(|h| h.number(units)),
            felt: [&f.felt_a, &f.felt_b, &f.felt_c].map(felt),
            cramp: f.cramp,
            pain: if f.pain { "yes" } else { "no" }.to_string(),
            pain_where: f.pain_where.clone(),
            notes: f.notes.clone(),
        }
    }

    /// From the posted fields (names as in `HEIGHTS` and `FELT_NAMES`).
    fn from_posted(p: Posted) -> TestForm {
        TestForm {
            tested_on: p.tested_on,
            heights: [
                p.double_leg,
                p.ninety_left,
                p.ninety_right,
                p.hugged_left,
                p.hugged_right,
            ],
            felt: [p.felt_a, p.felt_b, p.felt_c],
            cramp: p.cramp.is_some(),
            pain: p.pain,
            pain_where: p.pain_where,
            notes: p.notes,
        }
    }

    fn pain(&self) -> bool {
        self.pain == "yes"
    }

    /// The heights, if all five parse.
    fn parsed_heights(&self, units: Units) -> Option<[Height; 5]> {
        let parsed: Vec<Height> = self
            .heights
            .iter()
            .map(|h| Height::parse(h, units).ok())
            .collect::<Option<_>>()?;
        parsed.try_into().ok()
    }

    /// Checks every field; on success, what to store.
    fn parse(&self, units: Units, today: NaiveDate) -> Result<RangeTestFields, FieldErrors> {
        let mut errors = FieldErrors::default();
        let tested_on = parse_date(&self.tested_on, today)
            .map_err(|message| errors.add("tested_on", message))
            .ok();
        let mut heights = [0i64; 5];
        for (i, (name, _, missing)) in HEIGHTS.iter().enumerate() {
            match Height::parse(&self.heights[i], units) {
                Ok(h) => heights[i] = h.micrometres,
                Err(QuantityError::Empty) => errors.add(*name, *missing),
                Err(other) => errors.add(*name, other.to_string()),
            }
        }
        let pain = self.pain();
        let pain_where = if pain {
            self.pain_where.trim().to_string()
        } else {
            String::new()
        };
        if pain && pain_where.is_empty() {
            errors.add("pain_where", "Say where it hurt.");
        }
        if pain_where.chars().count() > MAX_PAIN_WHERE {
            errors.add(
                "pain_where",
                format!("Keep this under {MAX_PAIN_WHERE} characters."),
            );
        }
        let notes = self.notes.trim().to_string();
        if notes.chars().count() > MAX_NOTES {
            errors.add(
                "notes",
                format!("Keep the notes under {MAX_NOTES} characters."),
            );
        }
        match tested_on {
            Some(tested_on) if errors.is_empty() => Ok(RangeTestFields {
                tested_on,
                double_leg_um: heights[0],
                ninety_left_um: heights[1],
                ninety_right_um: heights[2],
                hugged_left_um: heights[3],
                hugged_right_um: heights[4],
                felt_a: felt_list(&self.felt[0]),
                felt_b: felt_list(&self.felt[1]),
                felt_c: felt_list(&self.felt[2]),
                cramp: self.cramp,
                pain,
                pain_where,
                notes,
            }),
            _ => Err(errors),
        }
    }

    /// Entries that look mistyped (knee-hugged above double-leg), beside
    /// their fields; empty until every height parses.
    fn warnings(&self, units: Units, t: &Thresholds) -> FieldErrors {
        let mut warnings = FieldErrors::default();
        if let Some([a, bl, br, cl, cr]) = self.parsed_heights(units) {
            let input = RangeInput {
                double_leg: a,
                ninety_left: bl,
                ninety_right: br,
                hugged_left: cl,
                hugged_right: cr,
                ..RangeInput::default()
            };
            for w in analyse(&input, t).warnings {
                warnings.add(w.field(), w.message(units));
            }
        }
        warnings
    }
}

fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("Enter the date of the test.".to_string());
    }
    let date = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| "Enter the date as YYYY-MM-DD, such as 2026-11-23.".to_string())?;
    if date > today {
        return Err("The test date cannot be in the future.".to_string());
    }
    Ok(date)
}

/// One height input.
struct HeightInput {
    name: &'static str,
    label: &'static str,
    value: String,
    error: String,
    warning: String,
}

/// One felt-where checkbox.
struct FeltOption {
    id: String,
    value: &'static str,
    label: &'static str,
    checked: bool,
}

/// A position's fieldset: its heights and where it was felt.
struct PositionInput {
    legend: String,
    how: &'static str,
    heights: Vec<HeightInput>,
    felt_name: &'static str,
    felt: Vec<FeltOption>,
}

#[derive(Template)]
#[template(path = "range_tests/form.html")]
struct FormPage {
    chrome: Chrome,
    member: Member,
    heading: String,
    action: String,
    cancel: String,
    submit: &'static str,
    today: String,
    form: TestForm,
    positions: Vec<PositionInput>,
    errors: FieldErrors,
    unit: &'static str,
}

const HOW: [&str; 3] = [
    "Both feet down: squeeze the glutes, drive through the heels, lift the hips.",
    "The free leg raised with hip and knee both at 90 degrees.",
    "The free knee hugged to the chest, which locks the lower back out.",
];

/// Which heights belong to each position, by index into `HEIGHTS`.
const POSITION_HEIGHTS: [&[usize]; 3] = [&[0], &[1, 2], &[3, 4]];

struct FormContext {
    heading: String,
    action: String,
    cancel: String,
    submit: &'static str,
}

fn form_page(
    chrome: Chrome,
    member: Member,
    ctx: FormContext,
    form: TestForm,
    errors: FieldErrors,
    department: &crate::models::department::Department,
    today: NaiveDate,
) -> FormPage {
    let units = department.units();
    let warnings = form.warnings(units, &department.thresholds());
    let positions = Position::ALL
        .iter()
        .enumerate()
        .map(|(p, position)| PositionInput {
            legend: format!("{}: {}", position.letter(), position.label()),
            how: HOW[p],
            heights: POSITION_HEIGHTS[p]
                .iter()
                .map(|&i| {
                    let (name, label, _) = HEIGHTS[i];
                    HeightInput {
                        name,
                        label,
                        value: form.heights[i].clone(),
                        error: errors.get(name).to_string(),
                        warning: warnings.get(name).to_string(),
                    }
                })
                .collect(),
            felt_name: FELT_NAMES[p],
            felt: FELT_AREAS
                .iter()
                .map(|&(value, label)| FeltOption {
                    id: format!("{}_{value}", FELT_NAMES[p]),
                    value,
                    label,
                    checked: form.felt[p].iter().any(|v| v == value),
                })
                .collect(),
        })
        .collect();
    FormPage {
        chrome,
        member,
        heading: ctx.heading,
        action: ctx.action,
        cancel: ctx.cancel,
        submit: ctx.submit,
        today: today.to_string(),
        form,
        positions,
        errors,
        unit: units.length_unit(),
    }
}

fn new_context(member: &Member) -> FormContext {
    FormContext {
        heading: format!("Record a range test: {}", member.name),
        action: format!("/crew/{}/range-tests/new", member.id),
        cancel: format!("/crew/{}/range-tests", member.id),
        submit: "Save the test",
    }
}

fn edit_context(member: &Member, test_id: i32) -> FormContext {
    FormContext {
        heading: format!("Correct a range test: {}", member.name),
        action: format!("/range-tests/{test_id}/edit"),
        cancel: format!("/range-tests/{test_id}"),
        submit: "Save the correction",
    }
}

fn today(page: &CoachingPage) -> NaiveDate {
    local_today(page.department.tz(), page.now)
}

/// The form page for a member, with what was typed and any errors.
fn show_form(
    page: &CoachingPage,
    user: &crate::models::user::User,
    member: Member,
    ctx: FormContext,
    form: TestForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let status = errors.status();
    let view = form_page(
        page.chrome(user)?,
        member,
        ctx,
        form,
        errors,
        &page.department,
        today(page),
    );
    render(status, &view)
}

pub async fn new_form(page: CoachingPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let member_id = path.into_inner();
    let (user, member) = page
        .read(move |conn, user| may_view(conn, user, member_id))
        .await?;
    page.record_access("range test form", vec![member_id])
        .await?;
    let ctx = new_context(&member);
    let form = TestForm::blank(today(&page));
    show_form(&page, &user, member, ctx, form, FieldErrors::default())
}

pub async fn create(
    page: CoachingPage,
    path: web::Path<i32>,
    Form(posted): Form<Posted>,
) -> Result<HttpResponse, AppError> {
    let member_id = path.into_inner();
    let form = TestForm::from_posted(posted);
    let fields = match form.parse(page.department.units(), today(&page)) {
        Ok(fields) => fields,
        Err(errors) => {
            let (user, member) = page
                .read(move |conn, user| may_view(conn, user, member_id))
                .await?;
            let ctx = new_context(&member);
            return show_form(&page, &user, member, ctx, form, errors);
        }
    };
    let now = page.now.naive_utc();
    let (_, test) = page
        .write(move |conn, user| {
            may_view(conn, user, member_id)?;
            crate::app::range_test::record(conn, member_id, &fields, user.id, now)
        })
        .await?;
    tracing::info!(range_test_id = test.id, member_id, "range test recorded");
    page.session.set_flash("Range test saved.")?;
    Ok(see_other(&format!("/range-tests/{}", test.id)))
}

/// The test and its member, or 404 (also for a member the viewer may not
/// see).
fn load(
    conn: &mut diesel::SqliteConnection,
    user: &crate::models::user::User,
    id: i32,
) -> Result<(RangeTest, Member), AppError> {
    let test = RangeTest::find(conn, id)?;
    let member = may_view(conn, user, test.member_id)?;
    Ok((test, member))
}

pub async fn edit_form(page: CoachingPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (user, (test, member)) = page.read(move |conn, user| load(conn, user, id)).await?;
    page.record_access("range test form", vec![member.id])
        .await?;
    let form = TestForm::from_fields(&test.fields, page.department.units());
    let ctx = edit_context(&member, id);
    show_form(&page, &user, member, ctx, form, FieldErrors::default())
}

pub async fn update(
    page: CoachingPage,
    path: web::Path<i32>,
    Form(posted): Form<Posted>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = TestForm::from_posted(posted);
    let fields = match form.parse(page.department.units(), today(&page)) {
        Ok(fields) => fields,
        Err(errors) => {
            let (user, (_, member)) = page.read(move |conn, user| load(conn, user, id)).await?;
            let ctx = edit_context(&member, id);
            return show_form(&page, &user, member, ctx, form, errors);
        }
    };
    let now = page.now.naive_utc();
    let (_, changed) = page
        .write(move |conn, user| {
            load(conn, user, id)?;
            crate::app::range_test::correct(conn, id, &fields, user.id, now)
        })
        .await?;
    page.session.set_flash(if changed {
        "Correction saved; the change is in the audit trail below."
    } else {
        "Nothing was changed."
    })?;
    Ok(see_other(&format!("/range-tests/{id}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn filled() -> TestForm {
        TestForm {
            tested_on: "2026-11-02".to_string(),
            heights: ["8", "6", "6.5", "2", "5"].map(String::from),
            felt: [vec!["glutes".into()], vec![], vec!["quads".into()]],
            pain: "no".to_string(),
            pain_where: "left knee".to_string(),
            ..TestForm::default()
        }
    }

    #[test]
    fn a_complete_form_becomes_canonical_fields() {
        let f = filled().parse(Units::Imperial, d(2026, 11, 23)).unwrap();
        assert_eq!(f.double_leg_um, 203_200);
        assert_eq!(f.ninety_right_um, 165_100);
        assert_eq!(f.felt_c, "quads");
        // "where" only counts with pain.
        assert_eq!(f.pain_where, "");
        assert!(!f.pain);
    }

    #[test]
    fn each_bad_field_gets_its_own_message() {
        let mut form = filled();
        form.tested_on = "2026-11-24".to_string();
        form.heights[2] = String::new();
        form.heights[3] = "-1".to_string();
        form.pain = "yes".to_string();
        form.pain_where = " ".to_string();
        let errors = form.parse(Units::Imperial, d(2026, 11, 23)).unwrap_err();
        let cases = [
            ("tested_on", "The test date cannot be in the future."),
            ("ninety_right", "Enter the right side's 90/90 height."),
            ("hugged_left", "Cannot be negative."),
            ("pain_where", "Say where it hurt."),
            ("double_leg", ""),
        ];
        for (field, message) in cases {
            assert_eq!(errors.get(field), message, "{field}");
        }
        assert_eq!(errors.len(), 4);
        form.tested_on = "23/11/2026".to_string();
        let errors = form.parse(Units::Imperial, d(2026, 11, 23)).unwrap_err();
        assert_eq!(
            errors.get("tested_on"),
            "Enter the date as YYYY-MM-DD, such as 2026-11-23."
        );
    }

    #[test]
    fn posted_pairs_collect_repeated_checkboxes() {
        let body = b"csrf_token=x&felt_b=glutes&felt_b=lower_back&hugged_left=2&cramp=on";
        let form = TestForm::from_posted(crate::web::forms::parse(body).unwrap());
        assert_eq!(form.felt[1], ["glutes", "lower_back"]);
        assert_eq!(form.heights[3], "2");
        assert!(form.cramp);
    }

    #[test]
    fn knee_hugged_above_double_leg_is_a_warning_beside_the_field() {
        let mut form = filled();
        form.heights[4] = "9".to_string();
        let warnings = form.warnings(Units::Imperial, &Thresholds::default());
        assert_eq!(warnings.len(), 1);
        assert!(warnings
            .get("hugged_right")
            .starts_with("The knee-hugged height on the right (9 in)"));
        form.heights[0] = String::new();
        assert!(form
            .warnings(Units::Imperial, &Thresholds::default())
            .is_empty());
    }
}
