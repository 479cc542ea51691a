//! A department to load: a coach and crew members, each with an account and
//! the progression assigned, written straight into a fresh database.

use std::path::Path;

use bridgework::auth::password;
use bridgework::models::assignment::{AssignFields, Assignment};
use bridgework::models::member::{Member, MemberFields};
use bridgework::models::user::{Role, User};

pub const PASSWORD: &str = "proof of load passphrase";

pub fn member_email(i: usize) -> String {
    format!("member{i}@proof.test")
}

/// Creates the database (migrations) with `members` crew members who can
/// log in and have something to log against.
pub fn department(db: &Path, members: usize) -> anyhow::Result<()> {
    let pool = bridgework::db::open(db)?;
    let mut conn = pool.get()?;
    let hash = password::hash(PASSWORD)?;
    let now = chrono::Utc::now().naive_utc();
    let start = now.date() - chrono::Duration::days(28);
    conn.immediate_transaction(|conn| {
        let coach = User::create(conn, "coach@proof.test", "Proof Coach", &hash, Role::Coach)?;
        for i in 0..members {
            let name = format!("Member {i}");
            let user = User::create(conn, &member_email(i), &name, &hash, Role::Member)?;
            // They have read the data-use statement (its page is not what
            // the proofs are about).
            bridgework::models::statement::acknowledge_current(conn, user.id, now)?;
            let member = Member::create(
                conn,
                &MemberFields {
                    name,
                    station: "Station 1".to_string(),
                    platoon: None,
                    start_date: start,
                    notes: String::new(),
                },
            )?;
            Member::link_user(conn, member.id, user.id)?;
            Assignment::assign(
                conn,
                member.id,
                &AssignFields {
                    stage: 1,
                    sessions_per_week: 2,
                    training_days: "mon,thu".to_string(),
                    start_date: start,
                    auto_advance: false,
                },
                coach.id,
                now,
            )?;
        }
        Ok::<_, anyhow::Error>(())
    })
}
