//! An in-memory copy of the live sessions, in front of the SQLite store
//! (`auth::store`), so a request does not hop to the database just to read
//! its session. The store writes through: every save, update and delete goes
//! to SQLite first and then here, so the database stays the truth (a restart
//! loses nothing) and this copy never holds what the database does not.
//!
//! Ending sessions stays immediate: logout deletes the key here and in the
//! database; disabling an account forgets all of its sessions
//! (`forget_user`, called where the account is disabled, after the commit);
//! an entry past its expiry is never returned. Writes to this copy happen
//! inside the database's write transaction, so they follow the database's
//! order; a read that missed puts what it found only if nothing was removed
//! meanwhile (`epoch`), so a logout racing a read cannot bring a key back.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDateTime;

/// A session's state as actix-session hands it to the store.
pub type State = HashMap<String, String>;

/// How many sessions are kept in memory; beyond this, sessions are read from
/// the database (a department has at most a few thousand logins).
const CAPACITY: usize = 20_000;

struct Entry {
    state: State,
    user_id: Option<i32>,
    expires_at: NaiveDateTime,
}

#[derive(Default)]
struct Inner {
    map: HashMap<String, Entry>,
    /// Counts removals, so a read that raced one does not store stale state.
    epoch: u64,
}

#[derive(Default)]
pub struct SessionCache {
    inner: Mutex<Inner>,
}

impl SessionCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves a map that is still whole.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Read before going to the database; hand it back to `put_loaded`.
    pub fn epoch(&self) -> u64 {
        self.lock().epoch
    }

    /// Keeps what a read found in the database, unless a session was
    /// removed since `epoch` was taken.
    pub fn put_loaded(
        &self,
        key: &str,
        state: State,
        user_id: Option<i32>,
        expires_at: NaiveDateTime,
        now: NaiveDateTime,
        epoch: u64,
    ) {
        let mut inner = self.lock();
        if inner.epoch == epoch {
            insert(&mut inner.map, key, state, user_id, expires_at, now);
        }
    }

    /// The state under `key`, when it is known here and not expired at `now`.
    pub fn get(&self, key: &str, now: NaiveDateTime) -> Option<State> {
        let mut inner = self.lock();
        match inner.map.get(key) {
            Some(e) if e.expires_at > now => Some(e.state.clone()),
            Some(_) => {
                inner.map.remove(key);
                None
            }
            None => None,
        }
    }

    /// Keeps what the database now holds under `key` (called inside the
    /// write transaction that stored it).
    pub fn put(
        &self,
        key: &str,
        state: State,
        user_id: Option<i32>,
        expires_at: NaiveDateTime,
        now: NaiveDateTime,
    ) {
        insert(&mut self.lock().map, key, state, user_id, expires_at, now);
    }

    pub fn set_expiry(&self, key: &str, expires_at: NaiveDateTime) {
        if let Some(e) = self.lock().map.get_mut(key) {
            e.expires_at = expires_at;
        }
    }

    pub fn remove(&self, key: &str) {
        let mut inner = self.lock();
        inner.epoch += 1;
        inner.map.remove(key);
    }

    /// Forgets every session of one account (it was disabled).
    pub fn forget_user(&self, user_id: i32) {
        let mut inner = self.lock();
        inner.epoch += 1;
        inner.map.retain(|_, e| e.user_id != Some(user_id));
    }

    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn insert(
    map: &mut HashMap<String, Entry>,
    key: &str,
    state: State,
    user_id: Option<i32>,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) {
    if map.len() >= CAPACITY && !map.contains_key(key) {
        map.retain(|_, e| e.expires_at > now);
        if map.len() >= CAPACITY {
            return;
        }
    }
    map.insert(
        key.to_string(),
        Entry {
            state,
            user_id,
            expires_at,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 24)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn state(user: &str) -> State {
        HashMap::from([("uid".to_string(), user.to_string())])
    }

    #[test]
    fn an_entry_is_returned_until_it_expires_and_removed_after() {
        let cache = SessionCache::default();
        cache.put("k", state("1"), Some(1), at(10), at(8));
        assert_eq!(cache.get("k", at(9)), Some(state("1")));
        assert_eq!(cache.get("k", at(10)), None);
        assert!(cache.is_empty());
    }

    #[test]
    fn forgetting_an_account_drops_its_sessions_only() {
        let cache = SessionCache::default();
        cache.put("a1", state("1"), Some(1), at(10), at(8));
        cache.put("a2", state("1"), Some(1), at(10), at(8));
        cache.put("b", state("2"), Some(2), at(10), at(8));
        cache.forget_user(1);
        assert_eq!(cache.get("a1", at(9)), None);
        assert_eq!(cache.get("a2", at(9)), None);
        assert_eq!(cache.get("b", at(9)), Some(state("2")));
    }

    #[test]
    fn a_read_that_raced_a_removal_is_not_kept() {
        let cache = SessionCache::default();
        let epoch = cache.epoch();
        cache.remove("k");
        cache.put_loaded("k", state("1"), Some(1), at(10), at(8), epoch);
        assert_eq!(cache.get("k", at(9)), None);
        let epoch = cache.epoch();
        cache.put_loaded("k", state("1"), Some(1), at(10), at(8), epoch);
        assert_eq!(cache.get("k", at(9)), Some(state("1")));
    }

    #[test]
    fn removal_and_a_new_expiry_take_effect() {
        let cache = SessionCache::default();
        cache.put("k", state("1"), Some(1), at(10), at(8));
        cache.set_expiry("k", at(9));
        assert_eq!(cache.get("k", at(9)), None);
        cache.put("k", state("1"), Some(1), at(10), at(8));
        cache.remove("k");
        assert_eq!(cache.get("k", at(9)), None);
    }
}
