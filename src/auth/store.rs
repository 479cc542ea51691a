//! A server-side session store in SQLite for actix-session: the cookie holds
//! only a random key, so logging out or disabling an account really ends the
//! session. A deleted session stays deleted: a request still in flight when
//! its session was ended cannot write it back. Only logged-in sessions are
//! worth a row; anything else is kept for an hour at most. Reads are served
//! from an in-memory copy (`session_cache`) that every write keeps in step,
//! inside its transaction. A row's id is the SHA-256 of the cookie's key
//! (`row_id`), so a read of the database file or a backup gives no key a
//! cookie could carry.

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
    writes: crate::db::Writes,
}

/// The longest a session without a logged-in user is kept.
pub const ANONYMOUS_TTL_SECS: i64 = 3600;

impl SqliteSessionStore {
    /// `writes` is the app's count of its writes (`db::Writes`), which the
    /// store's own writes add to.
    pub fn new(
        pool: DbPool,
        writes: crate::db::Writes,
        clock: Clock,
        cache: Arc<SessionCache>,
    ) -> Self {
        SqliteSessionStore {
            pool,
            writes,
            clock,
            cache,
        }
    }

    /// When a state saved now expires: after the configured life for a
    /// logged-in session, after at most an hour for anything else.
    fn expiry(&self, ttl: &Duration, state: &State) -> NaiveDateTime {
        let mut seconds = ttl.whole_seconds();
        if user_of(state).is_none() {
            seconds = seconds.min(ANONYMOUS_TTL_SECS);
        }
        (self.clock.now() + chrono::Duration::seconds(seconds)).naive_utc()
    }

    /// As `blocking`, in this process's turn in the write queue.
    async fn writing<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        F: FnOnce(&mut SqliteConnection) -> anyhow::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let _turn = crate::db::write_turn(&self.writes).await;
        self.blocking(f).await
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

/// Where a session key is stored and cached: its SHA-256, never the key.
fn row_id(key: &str) -> String {
    crate::token::digest(key)
}

fn user_of(state: &State) -> Option<i32> {
    state
        .get(super::session::USER_ID)
        .and_then(|v| serde_json::from_str::<i32>(v).ok())
}

impl SessionStore for SqliteSessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        let id = row_id(key.as_ref());
        let now = self.clock.now().naive_utc();
        if let Some(state) = self.cache.get(&id, now) {
            return Ok(Some(state));
        }
        // A removal between this read and filling the copy bumps the epoch,
        // and the stale row is then not cached.
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
        let key = crate::token::alphanumeric(64);
        let id = row_id(&key);
        if state.is_empty() {
            // Nothing to keep (a login that ended): the cookie gets a key that
            // loads as a fresh anonymous session, and no row is written.
            return SessionKey::try_from(key).map_err(|e| SaveError::Other(e.into()));
        }
        let json = serde_json::to_string(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let expires = self.expiry(ttl, &state);
        let user = user_of(&state);
        let now = self.clock.now().naive_utc();
        let cache = self.cache.clone();
        self.writing(move |conn| {
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
        let expires = self.expiry(ttl, &state);
        let user = user_of(&state);
        let id = row_id(key.as_ref());
        let now = self.clock.now().naive_utc();
        // Only a row that is still there (not logged out, not ended with its
        // account, not expired) is written; the state is never saved again
        // under a new key, so a request that was in flight when the session
        // ended cannot bring the login back. The browser keeps a key that
        // now loads as a fresh anonymous session.
        let cache = self.cache.clone();
        self.writing(move |conn| {
            let updated = conn.immediate_transaction(|conn| {
                let n = diesel::update(
                    web_sessions::table
                        .find(&id)
                        .filter(web_sessions::expires_at.gt(now)),
                )
                .set((
                    web_sessions::state.eq(&json),
                    web_sessions::user_id.eq(user),
                    web_sessions::expires_at.eq(expires),
                ))
                .execute(conn)?;
                if n == 1 {
                    cache.put(&id, state, user, expires, now);
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
        Ok(key)
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        let id = row_id(key.as_ref());
        let now = self.clock.now().naive_utc();
        let seconds = ttl.whole_seconds();
        let logged_in = now + chrono::Duration::seconds(seconds);
        let anonymous = now + chrono::Duration::seconds(seconds.min(ANONYMOUS_TTL_SECS));
        let cache = self.cache.clone();
        self.writing(move |conn| {
            // The next load reads the new expiry back from the database.
            cache.remove(&id);
            conn.immediate_transaction(|conn| {
                let live = web_sessions::table
                    .find(&id)
                    .filter(web_sessions::expires_at.gt(now));
                diesel::update(live.filter(web_sessions::user_id.is_not_null()))
                    .set(web_sessions::expires_at.eq(logged_in))
                    .execute(conn)?;
                diesel::update(live.filter(web_sessions::user_id.is_null()))
                    .set(web_sessions::expires_at.eq(anonymous))
                    .execute(conn)
            })?;
            Ok(())
        })
        .await
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        let id = row_id(key.as_ref());
        let cache = self.cache.clone();
        self.writing(move |conn| {
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

/// Deletes every expired session row (run now and then; saving a session
/// also clears them).
pub fn purge_expired(conn: &mut SqliteConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(web_sessions::table.filter(web_sessions::expires_at.le(now))).execute(conn)
}
