//! Telling people when it matters: who hears about a member's pain report,
//! and the emails for a pain report and for invitation and reset links.
//! The facts are read in the write's own transaction; the email is queued
//! by the caller once the write has committed (`mail::Mailer::send`).

use askama::Template;
use chrono::NaiveDate;
use diesel::prelude::*;

use crate::domain::progression::Pain;
use crate::domain::Named;
use crate::mail::Email;
use crate::models::user::Role;
use crate::schema::{coach_flags, members, session_logs, trainer_stations, users};

/// A coach's address to write to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub email: String,
}

/// Who coaches a member, so who is told about their pain reports: every
/// active fitness coordinator, and the active peer fitness trainers of the
/// member's station.
pub fn coaches_of(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<Vec<Recipient>> {
    let station: String = members::table
        .find(member_id)
        .select(members::station)
        .first(conn)?;
    let trainers = trainer_stations::table
        .filter(trainer_stations::station.eq(station))
        .select(trainer_stations::user_id);
    users::table
        .filter(
            users::role.eq(Role::Coach.as_str()).or(users::role
                .eq(Role::Trainer.as_str())
                .and(users::id.eq_any(trainers))),
        )
        .filter(users::active.eq(true))
        .order(users::id)
        .select((users::name, users::email))
        .load::<(String, String)>(conn)
        .map(|rows| {
            rows.into_iter()
                .map(|(name, email)| Recipient { name, email })
                .collect()
        })
}

/// A session logged with pain, for the member's coaches. Only what a coach
/// needs to act: who, when, that pain was reported, and where to look; the
/// kind of pain and the session itself stay in the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PainReport {
    pub member_id: i32,
    pub member: String,
    pub trained_on: NaiveDate,
    pub to: Vec<Recipient>,
}

impl PainReport {
    /// The report a stored session makes, if it was logged with pain and
    /// someone coaches the member.
    pub fn of_session(
        conn: &mut SqliteConnection,
        session_id: i32,
    ) -> QueryResult<Option<PainReport>> {
        let (member_id, member, trained_on, pain) = session_logs::table
            .inner_join(members::table)
            .filter(session_logs::id.eq(session_id))
            .select((
                session_logs::member_id,
                members::name,
                session_logs::trained_on,
                session_logs::pain,
            ))
            .first::<(i32, String, NaiveDate, Pain)>(conn)?;
        if pain == Pain::None {
            return Ok(None);
        }
        let to = coaches_of(conn, member_id)?;
        if to.is_empty() {
            return Ok(None);
        }
        Ok(Some(PainReport {
            member_id,
            member,
            trained_on,
            to,
        }))
    }

    /// The email, with a link to the member's page at `base` (the public
    /// address).
    pub fn email(&self, base: &str) -> Result<Email, askama::Error> {
        let body = PainReportText {
            member: &self.member,
            date: crate::domain::today::day_text(self.trained_on),
            link: format!("{base}/crew/{}", self.member_id),
        }
        .render()?;
        Ok(Email {
            to: self.to.iter().map(|r| r.email.clone()).collect(),
            subject: format!("Pain reported: {}", self.member),
            body,
        })
    }
}

#[derive(Template)]
#[template(path = "mail/pain_report.txt")]
struct PainReportText<'a> {
    member: &'a str,
    date: String,
    link: String,
}

/// An invitation or password-reset link, to email to the person it is for.
pub struct LinkEmail<'a> {
    pub to: &'a str,
    pub name: &'a str,
    /// The coach sending it.
    pub from_coach: &'a str,
    pub department: &'a str,
    pub link: &'a str,
    pub valid_days: i64,
    /// A new password for an existing account, rather than a new account.
    pub reset: bool,
}

#[derive(Template)]
#[template(path = "mail/link.txt")]
struct LinkText<'a> {
    l: &'a LinkEmail<'a>,
}

impl LinkEmail<'_> {
    pub fn email(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            to: vec![self.to.to_string()],
            subject: if self.reset {
                "Set a new Bridgework password".to_string()
            } else {
                "Your Bridgework invitation".to_string()
            },
            body: LinkText { l: self }.render()?,
        })
    }
}

/// How many members with an open pain report the coach's navigation shows:
/// one COUNT over the open flags (partial index), active members only, as
/// the roster's "Pain reported".
pub fn open_pain_reports(conn: &mut SqliteConnection) -> QueryResult<i64> {
    use crate::domain::progression::CoachFlag;
    use strum::VariantArray;
    let kinds: Vec<&'static str> = CoachFlag::VARIANTS
        .iter()
        .filter(|f| f.is_pain())
        .map(|f| f.as_str())
        .collect();
    coach_flags::table
        .inner_join(members::table)
        .filter(coach_flags::resolved_at.is_null())
        .filter(coach_flags::kind.eq_any(kinds))
        .filter(members::active.eq(true))
        .select(diesel::dsl::count(coach_flags::member_id).aggregate_distinct())
        .first(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pain_report_names_the_member_the_date_and_links_their_page_only() {
        let report = PainReport {
            member_id: 7,
            member: "Riley Ortiz".to_string(),
            trained_on: NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
            to: vec![
                Recipient {
                    name: "Casey".to_string(),
                    email: "casey@station.test".to_string(),
                },
                Recipient {
                    name: "Pat".to_string(),
                    email: "pat@station.test".to_string(),
                },
            ],
        };
        let email = report.email("https://bw.example.org").unwrap();
        assert_eq!(email.to, ["casey@station.test", "pat@station.test"]);
        assert_eq!(email.subject, "Pain reported: Riley Ortiz");
        assert!(
            email.body.contains("Riley Ortiz reported pain"),
            "{}",
            email.body
        );
        assert!(email.body.contains("on Wed 18 Nov 2026."), "{}", email.body);
        assert!(
            email.body.contains("https://bw.example.org/crew/7\n"),
            "{}",
            email.body
        );
        for detail in ["back", "hip", "knee"] {
            assert!(
                !email.body.to_lowercase().contains(detail),
                "{}",
                email.body
            );
        }
    }

    #[test]
    fn a_link_email_says_whether_it_is_an_invitation_or_a_reset() {
        let cases = [
            (
                false,
                "Your Bridgework invitation",
                "choose the email and password",
            ),
            (true, "Set a new Bridgework password", "set a new password"),
        ];
        for (reset, subject, says) in cases {
            let email = LinkEmail {
                to: "riley@home.test",
                name: "Riley Ortiz",
                from_coach: "Casey Coach",
                department: "Metro Fire",
                link: "https://bw.example.org/invite/abc",
                valid_days: 7,
                reset,
            }
            .email()
            .unwrap();
            assert_eq!(email.to, ["riley@home.test"]);
            assert_eq!(email.subject, subject);
            assert!(email.body.contains(says), "{reset}: {}", email.body);
            assert!(
                email.body.contains("https://bw.example.org/invite/abc\n"),
                "{}",
                email.body
            );
            assert!(email.body.contains("7 days"), "{}", email.body);
        }
    }
}
