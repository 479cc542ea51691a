//! The one-time setup token. While no coach exists, the first visitor to
//! reach the server could create the first coach (or the demo department,
//! whose coach has a known password) and own the instance. So a server that
//! starts without a coach makes a random token and prints it in its log;
//! /setup and /setup/demo work only with it, which only the person who
//! started the server can read. It changes at every start and means nothing
//! once a coach exists.

use diesel::SqliteConnection;
use subtle::ConstantTimeEq;

use crate::models::user::User;

#[derive(Debug, Clone, Default)]
pub struct SetupToken(Option<String>);

impl SetupToken {
    /// A new token when the database has no coach yet (printed in the log
    /// with the setup address), else none.
    pub fn for_instance(conn: &mut SqliteConnection, public_base: &str) -> anyhow::Result<Self> {
        if User::any_coach(conn)? {
            return Ok(SetupToken(None));
        }
        let token = crate::token::hex(16);
        tracing::warn!(
            setup_url = %format!("{public_base}/setup?token={token}"),
            "no coach yet: open the setup address to create the first one (the token changes at every start)"
        );
        Ok(SetupToken(Some(token)))
    }

    /// Whether `given` is this start's token.
    pub fn accepts(&self, given: &str) -> bool {
        self.0
            .as_deref()
            .is_some_and(|token| bool::from(token.as_bytes().ct_eq(given.trim().as_bytes())))
    }

    pub fn value(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_token_itself_is_accepted() {
        let token = SetupToken(Some("abc123".to_string()));
        assert!(token.accepts("abc123"));
        assert!(token.accepts(" abc123 "));
        for wrong in ["", "abc12", "abc1234", "ABC123"] {
            assert!(!token.accepts(wrong), "{wrong:?}");
        }
        assert!(!SetupToken(None).accepts(""), "no token: nothing passes");
    }
}
