//! The database: the connection pool with its pragmas, the embedded
//! migrations, and helpers that run queries off the async threads and writes
//! in immediate transactions.

use std::path::Path;

use actix_web::web;
use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::AppError;

pub type DbPool = Pool<ConnectionManager<SqliteConnection>>;
pub type DbConn = PooledConnection<ConnectionManager<SqliteConnection>>;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// Pragmas every pooled connection needs, in this order: the busy timeout
/// first so the others wait for a lock instead of failing.
const CONNECTION_PRAGMAS: &str =
    "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";

/// A reader's connection cannot write: whatever runs on it is a read.
const READER_PRAGMAS: &str = "PRAGMA query_only = ON;";

#[derive(Debug)]
struct Pragmas {
    reader: bool,
}

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for Pragmas {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(CONNECTION_PRAGMAS)
            .map_err(diesel::r2d2::Error::QueryError)?;
        if self.reader {
            conn.batch_execute(READER_PRAGMAS)
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// The connections pages read from on the request's own thread (`read`),
/// one per server worker: a worker holds one only while its page's reads
/// run, never across an await, so none waits for another.
#[derive(Clone)]
pub struct Readers(DbPool);

/// Opens one connection with the pragmas set, for operator commands.
pub fn connect(path: &Path) -> anyhow::Result<SqliteConnection> {
    ensure_parent_dir(path)?;
    owner_only(path)?;
    let url = path.to_string_lossy();
    let mut conn = SqliteConnection::establish(&url)
        .with_context(|| format!("opening database {}", path.display()))?;
    conn.batch_execute(CONNECTION_PRAGMAS)?;
    Ok(conn)
}

/// Prepares the database for serving: WAL mode (once), pending migrations,
/// then a pool whose connections all carry the pragmas.
pub fn open(path: &Path) -> anyhow::Result<DbPool> {
    let mut conn = connect(path)?;
    conn.batch_execute("PRAGMA journal_mode = WAL;")?;
    migrate(&mut conn)?;
    drop(conn);
    let manager = ConnectionManager::<SqliteConnection>::new(path.to_string_lossy());
    Pool::builder()
        .max_size(8)
        .connection_customizer(Box::new(Pragmas { reader: false }))
        .build(manager)
        .context("building the connection pool")
}

/// The readers for a server of `workers` workers, on a database `open` has
/// prepared.
pub fn readers(path: &Path, workers: usize) -> anyhow::Result<Readers> {
    let manager = ConnectionManager::<SqliteConnection>::new(path.to_string_lossy());
    let size = u32::try_from(workers.max(1)).unwrap_or(u32::MAX);
    Ok(Readers(
        Pool::builder()
            .max_size(size)
            .connection_customizer(Box::new(Pragmas { reader: true }))
            .build(manager)
            .context("building the readers")?,
    ))
}

/// Applies pending migrations.
pub fn migrate(conn: &mut SqliteConnection) -> anyhow::Result<()> {
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map_err(|e| anyhow::anyhow!("running migrations: {e}"))?;
    for version in applied {
        tracing::info!(%version, "applied migration");
    }
    Ok(())
}

/// The database holds password hashes and sessions: it is created readable
/// and writable by its owner only (0600), and an existing one, with its -wal
/// and -shm files, is brought to that. SQLite gives the -wal, -shm and
/// journal files it creates the database file's mode.
fn owner_only(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if path.as_os_str() == ":memory:" {
        return Ok(());
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating database {}", path.display()))?;
    let mut files = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        files.push(name.into());
    }
    for file in files.iter().filter(|f| f.exists()) {
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("making {} private to its owner", file.display()))?;
    }
    Ok(())
}

fn ensure_parent_dir(path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating directory {}", dir.display()))?;
    }
    Ok(())
}

/// Runs `f` on the calling thread with a reader, in one read transaction
/// (every statement sees the same snapshot, and the read lock is taken
/// once). A person's page reads a few rows through indexes in well under a
/// millisecond and, in WAL mode, a read never waits for a writer: handing
/// such reads to another thread cost more than the reads themselves
/// (BENCHMARKS.md). Reads across the whole department, which take
/// milliseconds, go through `run` so they never hold up a worker's other
/// connections.
pub fn read<T, F>(readers: &Readers, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut SqliteConnection) -> Result<T, AppError>,
{
    let mut conn = readers.0.get().map_err(AppError::internal)?;
    let conn: &mut SqliteConnection = &mut conn;
    conn.transaction(f)
}

/// Runs `f` with a pooled connection on the blocking thread pool.
pub async fn run<T, F>(pool: &DbPool, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut SqliteConnection) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get().map_err(AppError::internal)?;
        f(&mut conn)
    })
    .await
    .map_err(AppError::internal)?
}

/// The single writer's queue. SQLite has one write lock; left to itself,
/// each waiting writer sleeps in its busy handler in growing steps (up to
/// 100 ms) and waiters are not served in order, so under load a few writes
/// wait over a second. Writers here queue first come, first served before
/// they take a connection, so the lock is never contended within the app and
/// the busy timeout only covers other processes (a backup, an operator).
/// One instance serves one department, so one queue per process.
static WRITE_QUEUE: std::sync::OnceLock<tokio::sync::Mutex<()>> = std::sync::OnceLock::new();

/// How many of the app's writes to one database have ended: each is
/// committed (or rolled back) by the time the count moves. One per served
/// database (the app's, shared by its pages, session store and sweeps),
/// handed to `write_turn`.
#[derive(Debug, Clone, Default)]
pub struct Writes(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl Writes {
    pub fn done(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A turn in the write queue; ending it counts a write done.
pub struct WriteTurn {
    writes: Writes,
    _queue: tokio::sync::MutexGuard<'static, ()>,
}

impl Drop for WriteTurn {
    fn drop(&mut self) {
        self.writes
            .0
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Waits for this process's turn to write; hold the turn for the whole
/// write transaction.
pub async fn write_turn(writes: &Writes) -> WriteTurn {
    WriteTurn {
        writes: writes.clone(),
        _queue: WRITE_QUEUE
            .get_or_init(|| tokio::sync::Mutex::new(()))
            .lock()
            .await,
    }
}

/// Runs `f` in an immediate transaction (the write lock is taken at BEGIN, so
/// two writers never deadlock upgrading a read lock) on the blocking pool,
/// in its turn in the write queue.
pub async fn write<T, F>(pool: &DbPool, writes: &Writes, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut SqliteConnection) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let _turn = write_turn(writes).await;
    run(pool, move |conn| conn.immediate_transaction(f)).await
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }

    #[derive(QueryableByName)]
    struct CompileOption {
        #[diesel(sql_type = Text)]
        compile_options: String,
    }

    /// Without the planner stability guarantee, every statement with a bound
    /// `LIMIT ?` is prepared again at each run and the statement cache is
    /// worthless (.cargo/config.toml sets the flag for the bundled SQLite).
    #[test]
    fn the_bundled_sqlite_keeps_query_plans_stable() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let options: Vec<CompileOption> = diesel::sql_query("PRAGMA compile_options")
            .load(&mut conn)
            .unwrap();
        assert!(
            options.iter().any(|o| o.compile_options == "ENABLE_QPSG"),
            "SQLite was built without SQLITE_ENABLE_QPSG"
        );
    }

    /// A connection is only ever used by one thread at a time (the pool
    /// hands it out whole), so the bundled SQLite is built without its
    /// per-connection mutexes and without the global memory statistics,
    /// whose mutex every allocation took (.cargo/config.toml).
    #[test]
    fn the_bundled_sqlite_takes_no_mutex_per_call() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let options: Vec<String> = diesel::sql_query("PRAGMA compile_options")
            .load::<CompileOption>(&mut conn)
            .unwrap()
            .into_iter()
            .map(|o| o.compile_options)
            .collect();
        for wanted in ["THREADSAFE=2", "DEFAULT_MEMSTATUS=0"] {
            assert!(
                options.iter().any(|o| o == wanted),
                "SQLite was built without SQLITE_{wanted}: {options:?}"
            );
        }
    }

    /// A reader reads the database and cannot write to it.
    #[test]
    fn a_reader_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("readers.db");
        drop(super::open(&path).unwrap());
        let readers = super::readers(&path, 1).unwrap();
        let refused = super::read(&readers, |conn| {
            Ok(conn.batch_execute("CREATE TABLE nothing (id INTEGER)")?)
        });
        assert!(refused.is_err(), "a reader wrote");
        let migrations = super::read(&readers, |conn| {
            Ok(
                diesel::sql_query("SELECT count(*) AS n FROM __diesel_schema_migrations")
                    .get_result::<Count>(conn)?
                    .n,
            )
        })
        .unwrap();
        assert!(migrations > 0, "a reader reads the database");
    }
}
