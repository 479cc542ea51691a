//! Writes the engine's effects (`domain::effects`) for one member's
//! assignment: the stage change and its timeline line, the load carried to
//! the next session, coach flags raised and answered, a variation added. Runs inside the
//! caller's immediate transaction.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::domain::effects::Effect;
use crate::models::assignment::Assignment;
use crate::models::session_log::{raise_flags, OpenFlag};

/// Who and what an effect is written for.
pub struct Writer<'a> {
    pub assignment: &'a mut Assignment,
    /// The coach who decided, or `None` when the app did (auto-advance,
    /// a restore, a pain regression).
    pub by: Option<i32>,
    /// The session that raised any flag.
    pub session_id: Option<i32>,
    pub now: NaiveDateTime,
}

impl Writer<'_> {
    /// Writes `effects` in order; the assignment in hand follows them.
    pub fn write(
        &mut self,
        conn: &mut SqliteConnection,
        effects: &[Effect],
    ) -> diesel::QueryResult<()> {
        let member_id = self.assignment.member_id;
        for effect in effects {
            match effect {
                Effect::StageChange {
                    to,
                    reason,
                    note,
                    regression,
                } => {
                    self.assignment.change_stage_for(
                        conn,
                        i32::from(*to),
                        *reason,
                        note,
                        self.by,
                        regression.as_ref(),
                        self.session_id,
                        self.now,
                    )?;
                }
                Effect::Carry { .. } => {
                    let after = crate::domain::effects::apply(&self.assignment.state(), effect);
                    self.assignment.carry(conn, &after)?;
                }
                Effect::RaiseFlag(kind) => {
                    raise_flags(conn, member_id, self.session_id, &[*kind], self.now)?;
                }
                Effect::ResolveFlag(kind) => {
                    OpenFlag::resolve_kind(conn, member_id, *kind, self.by, self.now)?;
                }
                Effect::StartHold { hold, reason } => {
                    self.assignment
                        .start_hold(conn, hold, reason, self.by, self.now)?;
                }
                Effect::EndHold { to, hold, note } => {
                    self.assignment.end_hold(
                        conn,
                        i32::from(*to),
                        hold,
                        note,
                        self.by,
                        self.now,
                    )?;
                }
                Effect::AddVariation { variation, note } => {
                    self.assignment
                        .add_variation(conn, *variation, note, self.by, self.now)?;
                }
            }
        }
        Ok(())
    }
}
