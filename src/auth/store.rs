//! A server-side session store in SQLite for actix-session: the cookie holds
//! only a random key, so logging out or disabling an account really ends the
//! session. Reads are served from an in-memory copy (`session_cache`) that
//! every write goes through after the database.

use std::sync::Arc;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::session_cache::{SessionCache, State};
use crate::clock::Clock;
use crate::db::DbPool;
use crate::schema::web_sessions;

#[derive(Clone)]
pub struct SqliteSessionStore {
    pool: DbPool,
    clock: Clock,
    cache: Arc<SessionCache>,
}

impl SqliteSessionStore {
    pub fn new(pool: DbPool, clock: Clock, cache: Arc<SessionCache>) -> Self {
        SqliteSessionStore { pool, clock, cache }
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
        if let Some(state) = self.cache.get(&id, now) {
            return Ok(Some(state));
        }
        let epoch = self.cache.epoch();
        let key = id.clone();
        let row: Option<(String, NaiveDateTime)> = self
            .blocking(move |conn| {
                Ok(web_sessions::table
                    .filter(web_sessions::id.eq(id))
                    .filter(web_sessions::expires_at.gt(now))
                    .select((web_sessions::state, web_sessions::expires_at))
                    .first(conn)
                    .optional()?)
            })
            .await
            .map_err(LoadError::Other)?;
        match row {
            None => Ok(None),
            Some((json, expires)) => {
                let state: State = serde_json::from_str(&json)
                    .map_err(|e| LoadError::Deserialization(e.into()))?;
                let user = user_of(&state);
                self.cache
                    .put_loaded(&key, state.clone(), user, expires, now, epoch);
                Ok(Some(state))
            }
        }
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let json = serde_json::to_string(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let id = crate::token::alphanumeric(64);
        let expires = self.expiry(ttl);
        let user = user_of(&state);
        let key = id.clone();
        let now = self.clock.now().naive_utc();
        let cache = self.cache.clone();
        self.blocking(move |conn| {
            let stored = conn.immediate_transaction(|conn| {
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
                // Under the write lock, so the copy follows the database's order.
                cache.put(&id, state, user, expires, now);
                Ok::<_, diesel::result::Error>(())
            });
            if stored.is_err() {
                cache.remove(&id);
            }
            Ok(stored?)
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
        let now = self.clock.now().naive_utc();
        let cache = self.cache.clone();
        let cached = state.clone();
        let updated = self
            .blocking(move |conn| {
                let updated = conn.immediate_transaction(|conn| {
                    let n = diesel::update(web_sessions::table.find(&id))
                        .set((
                            web_sessions::state.eq(&json),
                            web_sessions::user_id.eq(user),
                            web_sessions::expires_at.eq(expires),
                        ))
                        .execute(conn)?;
                    if n == 1 {
                        cache.put(&id, cached, user, expires, now);
                    } else {
                        cache.remove(&id);
                    }
                    Ok::<_, diesel::result::Error>(n)
                });
                if updated.is_err() {
                    cache.remove(&id);
                }
                Ok(updated?)
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
        let cache = self.cache.clone();
        self.blocking(move |conn| {
            conn.immediate_transaction(|conn| {
                diesel::update(web_sessions::table.find(&id))
                    .set(web_sessions::expires_at.eq(expires))
                    .execute(conn)?;
                cache.set_expiry(&id, expires);
                Ok::<_, diesel::result::Error>(())
            })?;
            Ok(())
        })
        .await
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        let id = key.as_ref().to_owned();
        let cache = self.cache.clone();
        self.blocking(move |conn| {
            cache.remove(&id);
            conn.immediate_transaction(|conn| {
                diesel::delete(web_sessions::table.find(&id)).execute(conn)?;
                cache.remove(&id);
                Ok::<_, diesel::result::Error>(())
            })?;
            Ok(())
        })
        .await
    }
}
