//! The page cache: the bytes of a page as last rendered for a session, kept
//! until anything is committed to the database, the department's settings
//! change or the minute turns. Reloading the roster or today's workout then
//! costs a lookup instead of the page's queries and template.
//!
//! What makes a kept page right to serve again:
//! - the database is unchanged: the version (`db::ChangeWatch`, SQLite's
//!   `data_version`) is read *before* the page reads its data, so a commit
//!   that lands in between makes the entry stale at once rather than wrong.
//!   Each worker thread has a watch of its own (a shared one was a lock the
//!   workers queued on), and a version means something only to the watch
//!   that read it, so each worker keeps its own copy of a page;
//! - the department's settings are the same generation the page was drawn
//!   with (they live in memory, `models::department::Settings`);
//! - the clock is in the same minute (pages show days and shift times,
//!   nothing finer);
//! - it is the same session and the same path and query: the page carries
//!   the session's CSRF token, so one session's page is never another's.
//!
//! A page may hold one-time keys (the workout forms' idempotency keys, so
//! that two tabs are two submissions): it renders them through
//! `Memo::fresh_key`, the cache keeps the page with holes where they were,
//! and every answer fills the holes with new keys.
//!
//! The account is still checked on every request in effect: deactivating a
//! member, a new password or a logout is a commit (the version moves) and
//! ends the session in the session cache, so the next request is refused
//! before it gets here. A page with a one-shot message (flash) is neither
//! served from nor kept in the cache, and only 200 answers are kept.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppError;

/// What the cache holds at most, in bytes of page (a 1,000-member roster
/// is about half a megabyte).
pub const BUDGET_BYTES: usize = 8 << 20;

/// Which page, for whom, as seen by which watch.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// The worker's watch (`ChangeWatch::id`).
    pub watch: u32,
    pub user_id: i32,
    /// The session's CSRF token, which the page's forms carry.
    pub csrf: String,
    /// The path and query asked for.
    pub path: String,
}

/// What a kept page was drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The database's version (`ChangeWatch::version`).
    pub version: crate::db::Version,
    /// The settings' generation (`Settings::current`).
    pub settings: u64,
    /// The minute of the page's clock reading (Unix time / 60).
    pub minute: i64,
}

/// Length of a one-time key (alphanumeric, about 190 bits).
pub const FRESH_KEY_LEN: usize = 32;

/// A new one-time key.
pub fn fresh_key() -> String {
    crate::token::alphanumeric(FRESH_KEY_LEN)
}

/// A rendered page cut at its one-time keys: `parts[0]`, a key, `parts[1]`,
/// ... `holes[i]` says which key goes after `parts[i]` (a key may appear
/// more than once).
#[derive(Debug)]
pub struct Kept {
    parts: Vec<Bytes>,
    holes: Vec<usize>,
}

impl Kept {
    /// Cuts `body` wherever one of `markers` appears.
    fn cut(body: Bytes, markers: &[String]) -> Kept {
        let mut parts = Vec::with_capacity(markers.len() + 1);
        let mut holes = Vec::with_capacity(markers.len());
        let mut start = 0;
        loop {
            let rest = &body[start..];
            let next = markers
                .iter()
                .enumerate()
                .filter_map(|(i, m)| find(rest, m.as_bytes()).map(|at| (at, i, m.len())))
                .min();
            let Some((at, hole, len)) = next else { break };
            parts.push(body.slice(start..start + at));
            holes.push(hole);
            start += at + len;
        }
        parts.push(body.slice(start..));
        Kept { parts, holes }
    }

    /// The page with new keys in its holes.
    fn fill(&self) -> Bytes {
        if self.holes.is_empty() {
            return self.parts[0].clone();
        }
        let keys: Vec<String> = (0..=*self.holes.iter().max().unwrap_or(&0))
            .map(|_| fresh_key())
            .collect();
        let len =
            self.parts.iter().map(Bytes::len).sum::<usize>() + self.holes.len() * FRESH_KEY_LEN;
        let mut body = Vec::with_capacity(len);
        for (part, hole) in self.parts.iter().zip(self.holes.iter()) {
            body.extend_from_slice(part);
            body.extend_from_slice(keys[*hole].as_bytes());
        }
        body.extend_from_slice(&self.parts[self.parts.len() - 1]);
        Bytes::from(body)
    }

    fn len(&self) -> usize {
        self.parts.iter().map(Bytes::len).sum()
    }
}

/// What one kept page counts against the budget.
fn size(key: &Key, page: &Kept) -> usize {
    key.path.len() + key.csrf.len() + page.len()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

struct Entries {
    pages: HashMap<Key, (Stamp, Arc<Kept>)>,
    bytes: usize,
}

pub struct PageCache {
    budget: usize,
    entries: Mutex<Entries>,
    /// Pages served from the cache since start-up.
    hits: std::sync::atomic::AtomicU64,
}

impl PageCache {
    pub fn new(budget: usize) -> PageCache {
        PageCache {
            budget,
            entries: Mutex::new(Entries {
                pages: HashMap::new(),
                bytes: 0,
            }),
            hits: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// The page kept for `key`, if it was drawn from exactly `stamp`, with
    /// new keys in its holes.
    pub fn get(&self, key: &Key, stamp: Stamp) -> Option<Bytes> {
        let kept = {
            let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            match entries.pages.get(key) {
                Some((drawn, kept)) if *drawn == stamp => kept.clone(),
                _ => return None,
            }
        };
        self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Some(kept.fill())
    }

    /// Keeps a page. When the budget would be passed, everything kept goes
    /// (pages are cheap to draw again; the budget bounds memory, not speed).
    pub fn put(&self, key: Key, stamp: Stamp, page: Kept) {
        if page.len() > self.budget {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let added = size(&key, &page);
        if entries.bytes + added > self.budget {
            entries.pages.clear();
            entries.bytes = 0;
        }
        if let Some((old_key, (_, old))) = entries.pages.remove_entry(&key) {
            entries.bytes -= size(&old_key, &old);
        }
        entries.bytes += added;
        entries.pages.insert(key, (stamp, Arc::new(page)));
    }

    /// How many pages were served from the cache since start-up.
    pub fn hits(&self) -> u64 {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many pages are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().unwrap().pages.len()
    }
}

/// A page's answer as HTML.
pub fn html(status: StatusCode, body: impl actix_web::body::MessageBody + 'static) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// A page that was not in the cache: rendering it through `render` keeps it
/// there (when it may be kept) for the next request.
pub struct Memo<'a> {
    slot: Option<(&'a PageCache, Key, Stamp)>,
    /// The stand-ins rendered where one-time keys go.
    markers: Vec<String>,
}

impl<'a> Memo<'a> {
    /// A page that is never kept.
    pub fn none() -> Memo<'static> {
        Memo {
            slot: None,
            markers: Vec::new(),
        }
    }

    pub(super) fn keeping(cache: &'a PageCache, key: Key, stamp: Stamp) -> Memo<'a> {
        Memo {
            slot: Some((cache, key, stamp)),
            markers: Vec::new(),
        }
    }

    /// A one-time key for the page: every answer, kept or not, carries a
    /// new one here.
    pub fn fresh_key(&mut self) -> String {
        let key = fresh_key();
        if self.slot.is_some() {
            self.markers.push(key.clone());
        }
        key
    }

    /// Renders the page; a 200 answer is kept for the next request.
    pub fn render<T: Template>(
        self,
        status: StatusCode,
        page: &T,
    ) -> Result<HttpResponse, AppError> {
        let body = Bytes::from(page.render().map_err(AppError::internal)?);
        let (StatusCode::OK, Some((cache, key, stamp))) = (status, self.slot) else {
            return Ok(html(status, body));
        };
        // The keys rendered this time are spent on this answer; the kept copy
        // gets new ones each time it is served.
        cache.put(key, stamp, Kept::cut(body.clone(), &self.markers));
        Ok(html(status, body))
    }
}

/// The cache's answer to a page asking for itself.
pub enum Lookup<'a> {
    /// Kept and still right: send this.
    Hit(HttpResponse),
    /// Draw the page, through the memo.
    Miss(Memo<'a>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::ChangeWatch;

    fn key(path: &str) -> Key {
        Key {
            watch: 0,
            user_id: 1,
            csrf: "t".repeat(43),
            path: path.to_string(),
        }
    }

    const STAMP: Stamp = Stamp {
        version: crate::db::Version { writes: 0, data: 1 },
        settings: 0,
        minute: 100,
    };

    #[test]
    fn a_page_is_served_only_for_the_stamp_it_was_drawn_from() {
        let cache = PageCache::new(1 << 20);
        cache.put(key("/"), STAMP, Kept::cut(Bytes::from_static(b"page"), &[]));
        assert_eq!(cache.get(&key("/"), STAMP).as_deref(), Some(&b"page"[..]));
        for other in [
            Stamp {
                version: crate::db::Version { writes: 0, data: 2 },
                ..STAMP
            },
            Stamp {
                version: crate::db::Version { writes: 1, data: 1 },
                ..STAMP
            },
            Stamp {
                settings: 1,
                ..STAMP
            },
            Stamp {
                minute: 101,
                ..STAMP
            },
        ] {
            assert_eq!(cache.get(&key("/"), other), None, "{other:?}");
        }
        assert_eq!(cache.get(&key("/?sort=name"), STAMP), None);
        let mut other_session = key("/");
        other_session.csrf = "u".repeat(43);
        assert_eq!(cache.get(&other_session, STAMP), None);
        let mut other_user = key("/");
        other_user.user_id = 2;
        assert_eq!(cache.get(&other_user, STAMP), None);
        let mut other_worker = key("/");
        other_worker.watch = 1;
        assert_eq!(cache.get(&other_worker, STAMP), None);
    }

    #[test]
    fn the_budget_bounds_what_is_kept() {
        let cache = PageCache::new(1000);
        for n in 0..50 {
            cache.put(
                key(&format!("/{n}")),
                STAMP,
                Kept::cut(Bytes::from(vec![b'x'; 100]), &[]),
            );
            let bytes = cache.entries.lock().unwrap().bytes;
            assert!(bytes <= 1000, "{bytes} bytes kept after {n}");
        }
        assert!(cache.len() > 0);
        cache.put(
            key("/big"),
            STAMP,
            Kept::cut(Bytes::from(vec![b'x'; 2000]), &[]),
        );
        assert_eq!(cache.get(&key("/big"), STAMP), None);
    }

    #[test]
    fn every_answer_gets_new_one_time_keys_in_the_same_places() {
        let first = fresh_key();
        let second = fresh_key();
        let body = format!("<a>{first}</a><b>{second}</b><c>{first}</c>");
        let kept = Kept::cut(Bytes::from(body), &[first.clone(), second.clone()]);
        assert_eq!(kept.holes, vec![0, 1, 0]);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..20 {
            let served = String::from_utf8(kept.fill().to_vec()).unwrap();
            let doc: Vec<&str> = served
                .split(['<', '>', '/'])
                .filter(|t| t.len() == FRESH_KEY_LEN)
                .collect();
            assert_eq!(doc.len(), 3, "{served}");
            assert_eq!(doc[0], doc[2], "the same key in both of its places");
            assert_ne!(doc[0], doc[1]);
            assert!(![&first, &second].contains(&&doc[0].to_string()));
            assert!(seen.insert(doc[0].to_string()), "a key served twice");
            assert!(served.starts_with("<a>") && served.ends_with("</c>"));
        }
        let plain = Kept::cut(Bytes::from_static(b"no keys"), &[first]);
        assert_eq!(&plain.fill()[..], b"no keys");
    }

    #[test]
    fn keeping_the_same_page_again_replaces_it() {
        let cache = PageCache::new(1000);
        for _ in 0..20 {
            cache.put(
                key("/"),
                STAMP,
                Kept::cut(Bytes::from(vec![b'x'; 100]), &[]),
            );
        }
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.entries.lock().unwrap().bytes, 1 + 43 + 100);
    }

    #[test]
    fn the_version_moves_with_a_commit_from_any_connection_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("watch.db");
        let pool = crate::db::open(&path).unwrap();
        let watch = ChangeWatch::open(
            &path,
            crate::db::Writes::default(),
            std::time::Duration::ZERO,
        )
        .unwrap();
        let first = watch.version().unwrap();
        assert_eq!(watch.version(), Some(first), "nothing committed");
        use diesel::connection::SimpleConnection;
        let mut conn = pool.get().unwrap();
        conn.batch_execute("SELECT count(*) FROM users").unwrap();
        assert_eq!(watch.version(), Some(first), "a read is not a change");
        conn.batch_execute("CREATE TABLE scratch (x INTEGER)")
            .unwrap();
        let second = watch.version().unwrap();
        assert_ne!(second, first, "a commit from the pool");
        let mut outside = crate::db::connect(&path).unwrap();
        outside
            .batch_execute("INSERT INTO scratch VALUES (1)")
            .unwrap();
        assert_ne!(
            watch.version(),
            Some(second),
            "a commit from another connection"
        );
        // The watch holds no read transaction between readings, so a
        // checkpoint can still empty the write-ahead log.
        #[derive(diesel::QueryableByName)]
        struct Checkpoint {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            busy: i32,
        }
        use diesel::RunQueryDsl;
        let done: Checkpoint = diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)")
            .get_result(&mut outside)
            .unwrap();
        assert_eq!(done.busy, 0, "the watch blocked a checkpoint");
    }
}
