//! Proofs against the real server binary, each on a fresh temporary
//! database: concurrent session logs from many members, kill -9 while
//! writing, a backup while writing (and a restore), and the memory a burst
//! of logins leaves behind. Each prints its numbers and exits non-zero when
//! a check fails. `scripts/proof.sh` builds and runs them; `.ci/run` runs
//! the short `ci` mode.
//!
//! ```sh
//! cargo build --release --bin bridgework --example proof
//! target/release/examples/proof concurrent          # 50 members, 2,000 logs
//! target/release/examples/proof crash --cycles 20
//! target/release/examples/proof backup
//! target/release/examples/proof login-burst
//! target/release/examples/proof ci                  # all of them, short
//! ```

mod check;
mod client;
mod seed;
mod server;

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser, Subcommand};
use futures_util::future::join_all;
use rand::RngExt;
use reqwest::StatusCode;

use client::Member;
use server::{Flags, Server};

#[derive(Parser)]
struct Cli {
    /// The server binary (default: target/<profile>/bridgework beside this one).
    #[arg(long, global = true)]
    bin: Option<PathBuf>,
    #[command(subcommand)]
    proof: Proof,
}

#[derive(Subcommand)]
enum Proof {
    /// Members log sessions at once with distinct keys, then clients send
    /// one key at the same instant: each log stored exactly once.
    Concurrent {
        #[arg(long, default_value_t = 50)]
        members: usize,
        #[arg(long, default_value_t = 2000)]
        logs: usize,
        #[arg(long, default_value_t = 10)]
        same_key: usize,
    },
    /// Write under load, kill -9 at a random moment, check, restart.
    Crash {
        #[arg(long, default_value_t = 20)]
        cycles: usize,
        #[arg(long, default_value_t = 10)]
        members: usize,
    },
    /// Run the backup command while members log, check the copy, restore it.
    Backup {
        #[arg(long, default_value_t = 10)]
        members: usize,
    },
    /// Simultaneous logins; resident memory before and after.
    LoginBurst {
        #[arg(long, default_value_t = 50)]
        logins: usize,
        #[arg(long, default_value_t = 3)]
        bursts: usize,
        /// Every login from the same address (no proxy headers; works with
        /// older binaries too). By default each login comes from its own
        /// address behind a trusted proxy, so all of them reach the hashing.
        #[arg(long)]
        same_address: bool,
        /// Fail when resident memory after a burst is at or above this.
        #[arg(long, default_value_t = 100)]
        max_mib: u64,
    },
    /// Every proof in a short, bounded form (for CI).
    Ci,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let result = runtime.block_on(async {
        let bin = server::binary(cli.bin)?;
        println!("server binary: {}", bin.display());
        match cli.proof {
            Proof::Concurrent {
                members,
                logs,
                same_key,
            } => concurrent(&bin, members, logs, same_key).await,
            Proof::Crash { cycles, members } => crash(&bin, cycles, members).await,
            Proof::Backup { members } => backup(&bin, members).await,
            Proof::LoginBurst {
                logins,
                bursts,
                same_address,
                max_mib,
            } => login_burst(&bin, logins, bursts, same_address, max_mib).await,
            Proof::Ci => {
                let mut ok = concurrent(&bin, 50, 500, 10).await?;
                ok &= crash(&bin, 3, 8).await?;
                ok &= backup(&bin, 8).await?;
                ok &= login_burst(&bin, 50, 1, false, 100).await?;
                Ok(ok)
            }
        }
    });
    match result {
        Ok(true) => {
            println!("PASS");
            std::process::ExitCode::SUCCESS
        }
        Ok(false) => {
            println!("FAIL");
            std::process::ExitCode::FAILURE
        }
        Err(e) => {
            println!("ERROR: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Prints a check and returns whether it held.
fn expect(ok: bool, what: &str) -> bool {
    println!("  [{}] {what}", if ok { "ok" } else { "FAILED" });
    ok
}

fn fresh_database(members: usize) -> anyhow::Result<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("proof.sqlite3");
    seed::department(&db, members)?;
    Ok((dir, db))
}

async fn log_in_all(base: &str, members: usize) -> anyhow::Result<Vec<Member>> {
    let mut phones = Vec::with_capacity(members);
    for i in 0..members {
        phones.push(Member::login(base, &seed::member_email(i)).await?);
    }
    Ok(phones)
}

/// p50, p99 and max of a set of durations, in milliseconds.
fn percentiles(times: &mut [Duration]) -> (f64, f64, f64) {
    if times.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1;
        times[i].as_secs_f64() * 1000.0
    };
    (at(0.50), at(0.99), at(1.0))
}

fn log_trouble(log: &str) -> (usize, usize) {
    let locked = log
        .lines()
        .filter(|l| l.to_lowercase().contains("database is locked"))
        .count();
    let errors = log.lines().filter(|l| l.contains("ERROR")).count();
    (locked, errors)
}

// ------------------------------------------------------------- concurrent

async fn concurrent(
    bin: &Path,
    members: usize,
    logs: usize,
    same_key: usize,
) -> anyhow::Result<bool> {
    println!("== concurrent: {members} members, {logs} session logs with distinct keys, {same_key} clients with one key");
    let (_dir, db) = fresh_database(members)?;
    let server = Server::start(bin, &db, &Flags::default())?;
    let base = server.address.clone();
    let phones = log_in_all(&base, members).await?;
    let twins = {
        let mut twins = Vec::new();
        for _ in 0..same_key {
            twins.push(Member::login(&base, &seed::member_email(0)).await?);
        }
        twins
    };

    let started = Instant::now();
    let streams = phones.iter().enumerate().map(|(i, phone)| {
        let base = &base;
        let count = logs / members + usize::from(i < logs % members);
        async move {
            let mut answers = Vec::with_capacity(count);
            for n in 0..count {
                let key = format!("load-{i}-{n}");
                let answer = phone.log(base, &key).await;
                answers.push((key, answer));
            }
            answers
        }
    });
    let answers: Vec<_> = join_all(streams).await.into_iter().flatten().collect();
    let elapsed = started.elapsed();

    let same: Vec<_> = join_all(twins.iter().map(|t| t.log(&base, "one-key-for-all"))).await;
    let log = server.kill9();
    let report = check::database(&db)?;

    let acknowledged: Vec<&String> = answers
        .iter()
        .filter(|(_, a)| a.stored().is_some())
        .map(|(k, _)| k)
        .collect();
    let server_errors = answers
        .iter()
        .filter(|(_, a)| a.status.is_some_and(|s| s.is_server_error()))
        .count();
    let failed = answers.iter().filter(|(_, a)| a.status.is_none()).count();
    let lost = acknowledged
        .iter()
        .filter(|k| !report.keys.contains_key(k.as_str()))
        .count();
    let twice = acknowledged
        .iter()
        .filter(|k| report.keys.get(k.as_str()).is_some_and(|n| *n > 1))
        .count();
    let load_rows = report
        .keys
        .keys()
        .filter(|k| k.starts_with("load-"))
        .count();
    let mut times: Vec<Duration> = answers.iter().map(|(_, a)| a.elapsed).collect();
    let (p50, p99, max) = percentiles(&mut times);
    let (locked, errors) = log_trouble(&log);
    let same_ids: HashSet<Option<i32>> = same.iter().map(client::Answer::stored).collect();
    let same_rows = report.keys.get("one-key-for-all").copied().unwrap_or(0);

    println!(
        "  requests {} acknowledged {} lost {lost} stored twice {twice} 5xx {server_errors} no answer {failed}",
        answers.len(),
        acknowledged.len()
    );
    println!(
        "  {:.0} logs/s over {:.2} s; latency p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms (target: max under 250 ms: {})",
        acknowledged.len() as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64(),
        if max < 250.0 { "met" } else { "not met" }
    );
    println!(
        "  same key from {same_key} clients: answers {:?}, rows {same_rows}",
        same.iter()
            .map(|a| a.status.map(|s| s.as_u16()))
            .collect::<Vec<_>>()
    );
    println!("  server log: {locked} 'database is locked', {errors} ERROR lines");
    let mut ok = true;
    ok &= expect(
        acknowledged.len() == answers.len(),
        "every log acknowledged",
    );
    ok &= expect(
        lost == 0 && twice == 0,
        "every acknowledged log stored exactly once",
    );
    ok &= expect(
        load_rows == acknowledged.len(),
        "nothing stored that was not acknowledged",
    );
    ok &= expect(
        server_errors == 0 && failed == 0,
        "no 5xx, no dropped request",
    );
    ok &= expect(
        locked == 0 && errors == 0,
        "no 'database is locked', no ERROR in the log",
    );
    ok &= expect(
        same_rows == 1 && same_ids.len() == 1 && !same_ids.contains(&None),
        "one key from many clients at once: one session, every client sent to it",
    );
    Ok(ok)
}

// ------------------------------------------------------------------ crash

/// Logs sessions until the server stops answering; the keys it acknowledged.
async fn write_until_gone(phone: &Member, base: &str, prefix: &str) -> (Vec<(String, i32)>, usize) {
    let mut stored = Vec::new();
    let mut refused = 0;
    for n in 0.. {
        let key = format!("{prefix}-{n}");
        let answer = phone.log(base, &key).await;
        match (answer.status, answer.stored()) {
            (None, _) => break,
            (_, Some(id)) => stored.push((key, id)),
            (Some(_), None) => refused += 1,
        }
    }
    (stored, refused)
}

async fn crash(bin: &Path, cycles: usize, members: usize) -> anyhow::Result<bool> {
    println!("== crash: {cycles} cycles of writing with {members} members and kill -9 at a random moment");
    let (_dir, db) = fresh_database(members)?;
    let mut server = Some(Server::start(bin, &db, &Flags::default())?);
    let phones = log_in_all(&server.as_ref().context("server")?.address, members).await?;
    let mut acknowledged: Vec<String> = Vec::new();
    let mut ok = true;
    let mut total_refused = 0;
    let mut rng = rand::rng();
    for cycle in 1..=cycles {
        let running = match server.take() {
            Some(s) => s,
            None => Server::start(bin, &db, &Flags::default())?,
        };
        let base = running.address.clone();
        let after = Duration::from_millis(rng.random_range(150..1500));
        let writers = join_all(phones.iter().enumerate().map(|(i, phone)| {
            let base = &base;
            async move { write_until_gone(phone, base, &format!("crash-{cycle}-{i}")).await }
        }));
        let killer = async move {
            tokio::time::sleep(after).await;
            running.kill9()
        };
        let (written, log) = tokio::join!(writers, killer);
        let mut this_cycle = 0;
        for (stored, refused) in written {
            this_cycle += stored.len();
            total_refused += refused;
            acknowledged.extend(stored.into_iter().map(|(k, _)| k));
        }
        let report = check::database(&db)?;
        let lost = acknowledged
            .iter()
            .filter(|k| !report.keys.contains_key(k.as_str()))
            .count();
        let (locked, errors) = log_trouble(&log);
        println!(
            "  cycle {cycle:2}: killed after {:4} ms, acknowledged {this_cycle:4} (total {:5}), rows {:5} (the rest were in flight at a kill), lost {lost}, integrity {}, foreign key problems {}, locked {locked}, ERROR {errors}",
            after.as_millis(),
            acknowledged.len(),
            report.keys.len(),
            report.integrity,
            report.foreign_key_problems
        );
        ok &= report.integrity == "ok" && report.foreign_key_problems == 0 && lost == 0;
        ok &= locked == 0 && errors == 0;
    }
    // The server starts again on what the last kill left.
    let last = Server::start(bin, &db, &Flags::default())?;
    let reopened = phones[0].can_open(&last.address, "/history").await;
    drop(last);
    println!(
        "  {cycles} kill cycles, {} logs acknowledged, {total_refused} refused answers",
        acknowledged.len()
    );
    ok = expect(ok, "after every kill: integrity_check ok, foreign_key_check empty, every acknowledged log present") & ok;
    ok &= expect(
        reopened,
        "the server starts on the last database and its sessions still work",
    );
    Ok(ok)
}

// ----------------------------------------------------------------- backup

async fn backup(bin: &Path, members: usize) -> anyhow::Result<bool> {
    println!("== backup while {members} members log sessions, then a restore");
    let (dir, db) = fresh_database(members)?;
    let copy = dir.path().join("backup.sqlite3");
    let server = Server::start(bin, &db, &Flags::default())?;
    let base = server.address.clone();
    let phones = log_in_all(&base, members).await?;
    let acknowledged: RefCell<Vec<(usize, String, i32)>> = RefCell::new(Vec::new());
    let stop = std::cell::Cell::new(false);
    let writers = join_all(phones.iter().enumerate().map(|(i, phone)| {
        let (base, acknowledged, stop) = (&base, &acknowledged, &stop);
        async move {
            let mut n = 0;
            while !stop.get() {
                let key = format!("backup-{i}-{n}");
                n += 1;
                if let Some(id) = phone.log(base, &key).await.stored() {
                    acknowledged.borrow_mut().push((i, key, id));
                }
            }
        }
    }));
    let controller = async {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let before: Vec<(usize, String, i32)> = acknowledged.borrow().clone();
        let (bin, db, copy) = (bin.to_path_buf(), db.clone(), copy.clone());
        let started = Instant::now();
        let output = tokio::task::spawn_blocking(move || {
            std::process::Command::new(bin)
                .arg("--database")
                .arg(db)
                .arg("backup")
                .arg(copy)
                .output()
        })
        .await;
        let took = started.elapsed();
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.set(true);
        (before, output, took)
    };
    let (_, (before, output, took)) = tokio::join!(writers, controller);
    let output = output??;
    let total = acknowledged.borrow().len();
    let mut ok = expect(
        output.status.success(),
        &format!(
            "backup command succeeded in {} ms: {}",
            took.as_millis(),
            String::from_utf8_lossy(&output.stdout).trim()
        ),
    );
    let report = check::database(&copy)?;
    let missing = before
        .iter()
        .filter(|(_, k, _)| !report.keys.contains_key(k))
        .count();
    println!(
        "  acknowledged before the backup {}, in the copy {} (missing {missing}); acknowledged in all {total}",
        before.len(),
        report.keys.len()
    );
    ok &= expect(
        report.integrity == "ok",
        &format!("the copy's integrity_check: {}", report.integrity),
    );
    ok &= expect(
        report.foreign_key_problems == 0,
        "the copy's foreign_key_check is empty",
    );
    ok &= expect(
        missing == 0,
        "every log acknowledged before the backup is in the copy",
    );

    // Restore as the README says: stop, put the copy in place, remove the
    // -wal and -shm files, start.
    drop(server.kill9());
    let side = |suffix: &str| PathBuf::from(format!("{}{suffix}", db.display()));
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(side(suffix));
    }
    std::fs::copy(&copy, &db)?;
    let restored = Server::start(bin, &db, &Flags::default())?;
    let (member, _, id) = before
        .last()
        .cloned()
        .context("nothing logged before the backup")?;
    let opens = phones[member]
        .can_open(&restored.address, &format!("/sessions/{id}"))
        .await;
    drop(restored);
    let report = check::database(&db)?;
    let missing = before
        .iter()
        .filter(|(_, k, _)| !report.keys.contains_key(k))
        .count();
    ok &= expect(
        !opens && missing == 0 && report.integrity == "ok",
        "restored: the server starts on the copy, every log from before is there, and no session comes back (a copy holds none: the member logs in again)",
    );
    Ok(ok)
}

// ------------------------------------------------------------ login burst

async fn login_burst(
    bin: &Path,
    logins: usize,
    bursts: usize,
    same_address: bool,
    max_mib: u64,
) -> anyhow::Result<bool> {
    println!(
        "== login burst: {bursts} x {logins} simultaneous logins ({})",
        if same_address {
            "one address"
        } else {
            "each from its own address behind a trusted proxy"
        }
    );
    let (_dir, db) = fresh_database(logins)?;
    let flags = Flags {
        trust_proxy: !same_address,
    };
    let server = Server::start(bin, &db, &flags)?;
    let base = server.address.clone();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (idle, _) = server.memory_kib()?;
    println!("  resident memory idle: {:.1} MiB", idle as f64 / 1024.0);
    let mut ok = true;
    let mut after = idle;
    for burst in 1..=bursts {
        let mut ready = Vec::with_capacity(logins);
        for i in 0..logins {
            let client = client::new_client();
            let token = client::login_page_token(&client, &base).await?;
            ready.push((
                client,
                token,
                format!("10.{burst}.{}.{}", i / 250, i % 250 + 1),
            ));
        }
        let started = Instant::now();
        let answers = join_all(ready.iter().enumerate().map(|(i, (client, token, ip))| {
            let email = seed::member_email(i);
            let base = &base;
            async move {
                let forwarded = (!same_address).then_some(ip.as_str());
                client::post_login(client, base, &email, token, forwarded).await
            }
        }))
        .await;
        let took = started.elapsed();
        let count = |s: StatusCode| answers.iter().filter(|a| a.status == Some(s)).count();
        let (in_, busy, limited) = (
            count(StatusCode::SEE_OTHER),
            count(StatusCode::SERVICE_UNAVAILABLE),
            count(StatusCode::TOO_MANY_REQUESTS),
        );
        let other = answers.len() - in_ - busy - limited;
        let mut times: Vec<Duration> = answers.iter().map(|a| a.elapsed).collect();
        let (p50, p99, max) = percentiles(&mut times);
        tokio::time::sleep(Duration::from_secs(1)).await;
        let (rss, peak) = server.memory_kib()?;
        after = rss;
        println!(
            "  burst {burst}: {in_} logged in, {busy} busy (503), {limited} limited (429), {other} other in {:.0} ms (p50 {p50:.0} ms, max {max:.0} ms, p99 {p99:.0} ms); resident after {:.1} MiB, peak {:.1} MiB",
            took.as_secs_f64() * 1000.0,
            rss as f64 / 1024.0,
            peak as f64 / 1024.0
        );
        ok &= other == 0;
    }
    let log = server.kill9();
    let (_, errors) = log_trouble(&log);
    ok &= expect(errors == 0, "no ERROR in the log");
    ok &= expect(
        after < max_mib * 1024,
        &format!(
            "resident memory after the bursts {:.1} MiB, under {max_mib} MiB",
            after as f64 / 1024.0
        ),
    );
    Ok(ok)
}
