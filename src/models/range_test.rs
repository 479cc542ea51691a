//! Single-leg range tests: the recorded fields, a member's tests, and the
//! audit trail of corrections and deletions. Heights are stored in
//! micrometres; the analysis lives in `domain::range_test`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::domain::Named;
use serde::{Deserialize, Serialize};

use crate::domain::range_test::{Position, RangeInput};
use crate::domain::units::{Height, Units};
use crate::schema::{range_test_audit, range_tests, users};

/// Where a position can be felt, as stored (value) and shown (label). The
/// analysis only asks whether it was felt anywhere but the glutes.
pub const FELT_AREAS: [(&str, &str); 4] = [
    ("glutes", "Glutes"),
    ("hamstrings", "Hamstrings"),
    ("lower_back", "Lower back"),
    ("quads", "Quads"),
];

/// The stored comma list for the ticked areas: known values only, in the
/// order of `FELT_AREAS`, each once.
pub fn felt_list<S: AsRef<str>>(ticked: &[S]) -> String {
    FELT_AREAS
        .iter()
        .filter(|(value, _)| ticked.iter().any(|t| t.as_ref() == *value))
        .map(|(value, _)| *value)
        .collect::<Vec<_>>()
        .join(",")
}

/// The labels of a stored comma list, for display ("Glutes, Lower back").
pub fn felt_labels(list: &str) -> String {
    let labels: Vec<&str> = FELT_AREAS
        .iter()
        .filter(|(value, _)| felt_values(list).any(|v| v == *value))
        .map(|(_, label)| *label)
        .collect();
    labels.join(", ")
}

fn felt_values(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|v| !v.is_empty())
}

/// What a coach records: the form writes it, an edit replaces it, and the
/// audit trail keeps it (as JSON) before and after every change.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Queryable,
    Selectable,
    Insertable,
    AsChangeset,
    Serialize,
    Deserialize,
)]
#[diesel(table_name = range_tests)]
pub struct RangeTestFields {
    #[diesel(deserialize_as = crate::models::Day)]
    pub tested_on: NaiveDate,
    pub double_leg_um: i64,
    pub ninety_left_um: i64,
    pub ninety_right_um: i64,
    pub hugged_left_um: i64,
    pub hugged_right_um: i64,
    pub felt_a: String,
    pub felt_b: String,
    pub felt_c: String,
    pub cramp: bool,
    pub pain: bool,
    pub pain_where: String,
    pub notes: String,
}

impl RangeTestFields {
    pub fn double_leg(&self) -> Height {
        Height::from_micrometres(self.double_leg_um)
    }

    pub fn ninety_left(&self) -> Height {
        Height::from_micrometres(self.ninety_left_um)
    }

    pub fn ninety_right(&self) -> Height {
        Height::from_micrometres(self.ninety_right_um)
    }

    pub fn hugged_left(&self) -> Height {
        Height::from_micrometres(self.hugged_left_um)
    }

    pub fn hugged_right(&self) -> Height {
        Height::from_micrometres(self.hugged_right_um)
    }

    /// Where a position was felt, as stored.
    pub fn felt(&self, position: Position) -> &str {
        match position {
            Position::DoubleLeg => &self.felt_a,
            Position::NinetyNinety => &self.felt_b,
            Position::KneeHugged => &self.felt_c,
        }
    }

    /// The test as the analysis reads it.
    pub fn input(&self) -> RangeInput {
        RangeInput {
            double_leg: self.double_leg(),
            ninety_left: self.ninety_left(),
            ninety_right: self.ninety_right(),
            hugged_left: self.hugged_left(),
            hugged_right: self.hugged_right(),
            pain: self.pain,
            cramp: self.cramp,
            felt_elsewhere: Position::ALL
                .map(|p| felt_values(self.felt(p)).any(|area| area != "glutes")),
        }
    }

    /// Every field that differs from `after`, worded for the audit trail in
    /// the department's units.
    pub fn changes(&self, after: &RangeTestFields, units: Units) -> Vec<FieldChange> {
        let height = |um: i64| Height::from_micrometres(um).display(units);
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        let felt = |list: &str| {
            let labels = felt_labels(list);
            if labels.is_empty() {
                "nothing ticked".to_string()
            } else {
                labels
            }
        };
        let text = |t: &str| {
            if t.is_empty() {
                "(empty)".to_string()
            } else {
                t.to_string()
            }
        };
        let (b, a) = (self, after);
        let mut changes = Vec::new();
        let mut push = |field: &'static str, before: String, after: String| {
            if before != after {
                changes.push(FieldChange {
                    field,
                    before,
                    after,
                });
            }
        };
        push("Date", b.tested_on.to_string(), a.tested_on.to_string());
        push(
            "A, double-leg",
            height(b.double_leg_um),
            height(a.double_leg_um),
        );
        push("B left", height(b.ninety_left_um), height(a.ninety_left_um));
        push(
            "B right",
            height(b.ninety_right_um),
            height(a.ninety_right_um),
        );
        push("C left", height(b.hugged_left_um), height(a.hugged_left_um));
        push(
            "C right",
            height(b.hugged_right_um),
            height(a.hugged_right_um),
        );
        push("Felt in A", felt(&b.felt_a), felt(&a.felt_a));
        push("Felt in B", felt(&b.felt_b), felt(&a.felt_b));
        push("Felt in C", felt(&b.felt_c), felt(&a.felt_c));
        push("Hamstring cramp", yes_no(b.cramp), yes_no(a.cramp));
        push("Pain", yes_no(b.pain), yes_no(a.pain));
        push("Pain where", text(&b.pain_where), text(&a.pain_where));
        push("Notes", text(&b.notes), text(&a.notes));
        changes
    }
}

/// One changed field in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = range_tests)]
pub struct RangeTest {
    pub id: i32,
    pub member_id: i32,
    #[diesel(embed)]
    pub fields: RangeTestFields,
    pub tested_by: i32,
    #[diesel(deserialize_as = crate::models::Moment)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::models::Moment)]
    pub updated_at: NaiveDateTime,
}

/// What the audit trail records.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum AuditAction {
    Edit,
    Delete,
}

/// One entry of the audit trail, with the name of who made the change.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub range_test_id: i32,
    pub action: AuditAction,
    pub by: String,
    pub changed_at: NaiveDateTime,
    pub before: RangeTestFields,
    /// `None` for a deletion.
    pub after: Option<RangeTestFields>,
}

impl RangeTest {
    pub fn find(conn: &mut SqliteConnection, id: i32) -> QueryResult<RangeTest> {
        range_tests::table
            .find(id)
            .select(RangeTest::as_select())
            .first(conn)
    }

    /// A test with the name of the coach who recorded it.
    pub fn find_with_tester(
        conn: &mut SqliteConnection,
        id: i32,
    ) -> QueryResult<(RangeTest, String)> {
        range_tests::table
            .inner_join(users::table)
            .filter(range_tests::id.eq(id))
            .select((RangeTest::as_select(), users::name))
            .first(conn)
    }

    /// Every test of a member, newest first, in one query.
    pub fn for_member(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<Vec<RangeTest>> {
        range_tests::table
            .filter(range_tests::member_id.eq(member_id))
            .order((range_tests::tested_on.desc(), range_tests::id.desc()))
            .select(RangeTest::as_select())
            .load(conn)
    }

    /// A member's latest test (the newest date; the last recorded that day).
    pub fn latest(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<Option<RangeTest>> {
        range_tests::table
            .filter(range_tests::member_id.eq(member_id))
            .order((range_tests::tested_on.desc(), range_tests::id.desc()))
            .select(RangeTest::as_select())
            .first(conn)
            .optional()
    }

    pub fn create(
        conn: &mut SqliteConnection,
        member_id: i32,
        fields: &RangeTestFields,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<RangeTest> {
        diesel::insert_into(range_tests::table)
            .values((
                fields,
                range_tests::member_id.eq(member_id),
                range_tests::tested_by.eq(by),
                range_tests::created_at.eq(now),
                range_tests::updated_at.eq(now),
            ))
            .returning(RangeTest::as_returning())
            .get_result(conn)
    }

    /// Corrects a test, keeping the fields before and after in the audit
    /// trail. Returns false (and records nothing) when nothing changed.
    pub fn update(
        conn: &mut SqliteConnection,
        id: i32,
        fields: &RangeTestFields,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let before = RangeTest::find(conn, id)?;
        if before.fields == *fields {
            return Ok(false);
        }
        diesel::update(range_tests::table.find(id))
            .set((fields, range_tests::updated_at.eq(now)))
            .execute(conn)?;
        record(conn, &before, AuditAction::Edit, Some(fields), by, now)?;
        Ok(true)
    }

    /// Deletes a test; the audit trail keeps what it held.
    pub fn delete(
        conn: &mut SqliteConnection,
        id: i32,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<RangeTest> {
        let test = RangeTest::find(conn, id)?;
        record(conn, &test, AuditAction::Delete, None, by, now)?;
        diesel::delete(range_tests::table.find(id)).execute(conn)?;
        Ok(test)
    }

    /// The corrections of one test, oldest first.
    pub fn audit_trail(conn: &mut SqliteConnection, id: i32) -> QueryResult<Vec<AuditEntry>> {
        load_audit(
            conn,
            range_test_audit::table
                .filter(range_test_audit::range_test_id.eq(id))
                .into_boxed(),
        )
    }

    /// A member's deleted tests, most recent deletion first.
    pub fn deletions_for_member(
        conn: &mut SqliteConnection,
        member_id: i32,
    ) -> QueryResult<Vec<AuditEntry>> {
        let mut entries = load_audit(
            conn,
            range_test_audit::table
                .filter(range_test_audit::member_id.eq(member_id))
                .filter(range_test_audit::action.eq(AuditAction::Delete.as_str()))
                .into_boxed(),
        )?;
        entries.reverse();
        Ok(entries)
    }
}

fn to_json(fields: &RangeTestFields) -> QueryResult<String> {
    serde_json::to_string(fields)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))
}

fn from_json(text: &str) -> QueryResult<RangeTestFields> {
    serde_json::from_str(text).map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))
}

fn record(
    conn: &mut SqliteConnection,
    before: &RangeTest,
    action: AuditAction,
    after: Option<&RangeTestFields>,
    by: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(range_test_audit::table)
        .values((
            range_test_audit::range_test_id.eq(before.id),
            range_test_audit::member_id.eq(before.member_id),
            range_test_audit::action.eq(action.as_str()),
            range_test_audit::changed_by.eq(by),
            range_test_audit::changed_at.eq(now),
            range_test_audit::before_json.eq(to_json(&before.fields)?),
            range_test_audit::after_json.eq(after.map(to_json).transpose()?),
        ))
        .execute(conn)?;
    Ok(())
}

type AuditQuery<'a> = range_test_audit::BoxedQuery<'a, diesel::sqlite::Sqlite>;

/// Audit entries matching `query`, oldest first, with who made each, in one
/// query.
fn load_audit(conn: &mut SqliteConnection, query: AuditQuery<'_>) -> QueryResult<Vec<AuditEntry>> {
    let rows = query
        .inner_join(users::table)
        .order((
            range_test_audit::changed_at.asc(),
            range_test_audit::id.asc(),
        ))
        .select((
            range_test_audit::range_test_id,
            range_test_audit::action,
            users::name,
            range_test_audit::changed_at,
            range_test_audit::before_json,
            range_test_audit::after_json,
        ))
        .load::<(
            i32,
            AuditAction,
            String,
            NaiveDateTime,
            String,
            Option<String>,
        )>(conn)?;
    rows.into_iter()
        .map(|(range_test_id, action, by, changed_at, before, after)| {
            Ok(AuditEntry {
                range_test_id,
                action,
                by,
                changed_at,
                before: from_json(&before)?,
                after: after.as_deref().map(from_json).transpose()?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> RangeTestFields {
        RangeTestFields {
            tested_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            double_leg_um: 203_200,
            ninety_left_um: 152_400,
            ninety_right_um: 165_100,
            hugged_left_um: 50_800,
            hugged_right_um: 127_000,
            felt_a: "glutes".to_string(),
            felt_b: "glutes,hamstrings".to_string(),
            felt_c: String::new(),
            cramp: false,
            pain: false,
            pain_where: String::new(),
            notes: String::new(),
        }
    }

    #[test]
    fn felt_lists_keep_known_areas_in_order() {
        assert_eq!(
            felt_list(&["quads", "glutes", "elbow", "glutes"]),
            "glutes,quads"
        );
        assert_eq!(felt_list::<&str>(&[]), "");
        assert_eq!(felt_labels("lower_back,glutes"), "Glutes, Lower back");
    }

    #[test]
    fn felt_elsewhere_means_anything_but_the_glutes() {
        let input = fields().input();
        assert_eq!(input.felt_elsewhere, [false, true, false]);
        assert_eq!(input.hugged_left.micrometres, 50_800);
    }

    #[test]
    fn changes_name_each_field_in_the_departments_units() {
        let before = fields();
        let mut after = before.clone();
        after.hugged_left_um = 63_500;
        after.notes = "Re-measured".to_string();
        after.felt_c = "lower_back".to_string();
        let changes = before.changes(&after, Units::Imperial);
        let want = [
            ("C left", "2 in", "2.5 in"),
            ("Felt in C", "nothing ticked", "Lower back"),
            ("Notes", "(empty)", "Re-measured"),
        ];
        assert_eq!(changes.len(), want.len());
        for (change, (field, b, a)) in changes.iter().zip(want) {
            assert_eq!(
                (change.field, change.before.as_str(), change.after.as_str()),
                (field, b, a)
            );
        }
        assert!(before.changes(&before, Units::Metric).is_empty());
    }

    #[test]
    fn fields_round_trip_through_json() {
        let f = fields();
        assert_eq!(from_json(&to_json(&f).unwrap()).unwrap(), f);
    }
}
