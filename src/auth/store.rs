//! A server-side session store in SQLite for actix-session: the cookie holds
//! only a random key, so logging out or disabling an account really ends the
//! session.

use std::collections::HashMap;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::clock::Clock;
use crate::db::DbPool;
use crate::schema::web_sessions;

#[derive(Clone)]
pub struct SqliteSessionStore {
    pool: DbPool,
    clock: Clock,
}

type State = HashMap<String, String>;

impl SqliteSessionStore {
    pub fn new(pool: DbPool, clock: Clock) -> Self {
        SqliteSessionStore { pool, clock }
    }

    fn expiry(&self, ttl: &Duration) -> NaiveDateTime {
        (self.clock.now() + chrono::Duration::seconds(ttl.whole_seconds())).naive_utc()
    }

    async fn blocking<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        F: FnOnce(&mut SqliteConnection) -> anyhow::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::rt::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }
}

fn user_of(state: &State) -> Option<i32> {
    state
        .get(super::session::USER_ID)
        .and_then(|v| serde_json::from_str::<i32>(v).ok())
}

impl SessionStore for SqliteSessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        let id = key.as_ref().to_owned();
        let now = self.clock.now().naive_utc();
        let row: Option<String> = self
            .blocking(move |conn| {
                Ok(web_sessions::table
                    .filter(web_sessions::id.eq(id))
                    .filter(web_sessions::expires_at.gt(now))
                    .select(web_sessions::state)
                    .first(conn)
                    .optional()?)
            })
            .await
            .map_err(LoadError::Other)?;
        match row {
            None => Ok(None),
            Some(json) => serde_json::from_str(&json)
                .map(Some)
                .map_err(|e| LoadError::Deserialization(e.into())),
        }
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let json = serde_json::to_string(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let id = crate::token::alphanumeric(64);
        let expires = self.expiry(ttl);
        let user = user_of(&state);
        let key = id.clone();
        let now = self.clock.now().naive_utc();
        self.blocking(move |conn| {
            conn.immediate_transaction(|conn| {
                diesel::delete(web_sessions::table.filter(web_sessions::expires_at.le(now)))
                    .execute(conn)?;
                diesel::insert_into(web_sessions::table)
                    .values((
                        web_sessions::id.eq(&id),
                        web_sessions::state.eq(&json),
                        web_sessions::user_id.eq(user),
                        web_sessions::expires_at.eq(expires),
                    ))
                    .execute(conn)?;
                Ok::<_, diesel::result::Error>(())
            })?;
            Ok(())
        })
        .await
        .map_err(SaveError::Other)?;
        SessionKey::try_from(key).map_err(|e| SaveError::Other(e.into()))
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let json =
            serde_json::to_string(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let expires = self.expiry(ttl);
        let user = user_of(&state);
        let id = key.as_ref().to_owned();
        let updated = self
            .blocking(move |conn| {
                Ok(conn.immediate_transaction(|conn| {
                    diesel::update(web_sessions::table.find(&id))
                        .set((
                            web_sessions::state.eq(&json),
                            web_sessions::user_id.eq(user),
                            web_sessions::expires_at.eq(expires),
                        ))
                        .execute(conn)
                })?)
            })
            .await
            .map_err(UpdateError::Other)?;
        if updated == 1 {
            Ok(key)
        } else {
            // The row was purged meanwhile (logout elsewhere, account disabled):
            // start a fresh session rather than resurrecting the old key.
            self.save(state, ttl).await.map_err(|e| match e {
                SaveError::Serialization(e) => UpdateError::Serialization(e),
                SaveError::Other(e) => UpdateError::Other(e),
            })
        }
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        let expires = self.expiry(ttl);
        let id = key.as_ref().to_owned();
        self.blocking(move |conn| {
            conn.immediate_transaction(|conn| {
                diesel::update(web_sessions::table.find(&id))
                    .set(web_sessions::expires_at.eq(expires))
                    .execute(conn)
            })?;
            Ok(())
        })
        .await
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        let id = key.as_ref().to_owned();
        self.blocking(move |conn| {
            conn.immediate_transaction(|conn| {
                diesel::delete(web_sessions::table.find(&id)).execute(conn)
            })?;
            Ok(())
        })
        .await
    }
}
