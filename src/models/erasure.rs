//! Erasing a departed member's personal data (issue 22, item 5), and the
//! record that it was done: who erased which member, and when (never what
//! was erased).
//!
//! Removed: the name (replaced by "Former member #<id>"), the notes, the
//! free text of their sessions, range tests (and the corrections kept of
//! them) and timeline, the hold's reason, their invitations, calendar link
//! and web sessions; the account keeps no email, name or password and
//! cannot log in. Kept, anonymous, for the program's numbers: the sessions
//! with their sets, the stage changes, the range tests' heights and flags.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{
    assignments, invites, member_erasures, members, range_test_audit, range_tests, session_logs,
    stage_changes, users,
};

/// What the record keeps of an erasure.
#[derive(Debug, Clone, Queryable)]
pub struct Erasure {
    pub member_id: i32,
    /// The coach who erased, by name.
    pub erased_by: String,
    pub erased_at: NaiveDateTime,
}

/// The name an erased member is shown by.
pub fn placeholder_name(member_id: i32) -> String {
    format!("Former member #{member_id}")
}

/// The erasure of a member, if they were erased.
pub fn find(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<Option<Erasure>> {
    member_erasures::table
        .inner_join(users::table.on(users::id.eq(member_erasures::erased_by)))
        .filter(member_erasures::member_id.eq(member_id))
        .select((
            member_erasures::member_id,
            users::name,
            member_erasures::erased_at,
        ))
        .first(conn)
        .optional()
}

/// Erases the member's personal data and records the erasure. Returns the
/// erased account's id (its live sessions are to be forgotten), or `None`
/// when the member had none. The caller runs it in one immediate
/// transaction and has checked the member exists and is not yet erased.
pub fn erase(
    conn: &mut SqliteConnection,
    member_id: i32,
    by: i32,
    now: NaiveDateTime,
) -> QueryResult<Option<i32>> {
    let user_id: Option<i32> = members::table
        .find(member_id)
        .select(members::user_id)
        .first(conn)?;
    let name = placeholder_name(member_id);
    diesel::update(members::table.find(member_id))
        .set((
            members::name.eq(&name),
            members::notes.eq(""),
            members::active.eq(false),
            members::user_id.eq(None::<i32>),
        ))
        .execute(conn)?;
    if let Some(user_id) = user_id {
        diesel::update(users::table.find(user_id))
            .set((
                users::email.eq(format!("erased-{user_id}@erased.invalid")),
                users::name.eq(&name),
                // Not a hash any password can match: the account cannot log in.
                users::password_hash.eq("!erased"),
                users::active.eq(false),
            ))
            .execute(conn)?;
        super::web_session::purge_user(conn, user_id)?;
        super::calendar_feed::withdraw_made_by(conn, user_id)?;
        diesel::delete(invites::table.filter(invites::reset_user_id.eq(user_id))).execute(conn)?;
    }
    diesel::delete(invites::table.filter(invites::member_id.eq(member_id))).execute(conn)?;
    super::calendar_feed::withdraw_for_member(conn, member_id)?;
    super::outbox::forget_member(conn, member_id)?;
    diesel::update(session_logs::table.filter(session_logs::member_id.eq(member_id)))
        .set(session_logs::note.eq(""))
        .execute(conn)?;
    diesel::update(range_tests::table.filter(range_tests::member_id.eq(member_id)))
        .set((range_tests::notes.eq(""), range_tests::pain_where.eq("")))
        .execute(conn)?;
    scrub_range_test_audit(conn, member_id)?;
    diesel::update(stage_changes::table.filter(stage_changes::member_id.eq(member_id)))
        .set(stage_changes::note.eq(""))
        .execute(conn)?;
    diesel::update(assignments::table.filter(assignments::member_id.eq(member_id)))
        .set(assignments::hold_reason.eq(""))
        .execute(conn)?;
    diesel::insert_into(member_erasures::table)
        .values((
            member_erasures::member_id.eq(member_id),
            member_erasures::erased_by.eq(by),
            member_erasures::erased_at.eq(now),
        ))
        .execute(conn)?;
    Ok(user_id)
}

/// The free text fields a range test's JSON copy carries.
const RANGE_TEST_TEXT: [&str; 2] = ["notes", "pain_where"];

/// Blanks the free text in the copies the range-test audit trail keeps.
fn scrub_range_test_audit(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<()> {
    let rows: Vec<(i32, String, Option<String>)> = range_test_audit::table
        .filter(range_test_audit::member_id.eq(member_id))
        .select((
            range_test_audit::id,
            range_test_audit::before_json,
            range_test_audit::after_json,
        ))
        .load(conn)?;
    for (id, before, after) in rows {
        diesel::update(range_test_audit::table.find(id))
            .set((
                range_test_audit::before_json.eq(scrub_json(&before)),
                range_test_audit::after_json.eq(after.as_deref().map(scrub_json)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A range test's JSON copy with its free text blanked; text that does not
/// read as a JSON object is dropped whole (it cannot be told apart).
fn scrub_json(text: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(mut fields)) => {
            for key in RANGE_TEST_TEXT {
                if let Some(v) = fields.get_mut(key) {
                    *v = serde_json::Value::String(String::new());
                }
            }
            serde_json::Value::Object(fields).to_string()
        }
        _ => "{}".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_erasure_blanks_the_free_text_of_a_range_test_copy() {
        let cases = [
            (
                r#"{"notes":"torn ACL 2019","pain_where":"left knee","pain":true,"double_leg_um":1}"#,
                r#"{"double_leg_um":1,"notes":"","pain":true,"pain_where":""}"#,
            ),
            (r#"{"double_leg_um":2}"#, r#"{"double_leg_um":2}"#),
            ("not json", "{}"),
        ];
        for (stored, scrubbed) in cases {
            let got: serde_json::Value = serde_json::from_str(&scrub_json(stored)).unwrap();
            let want: serde_json::Value = serde_json::from_str(scrubbed).unwrap();
            assert_eq!(got, want, "{stored}");
        }
    }
}
