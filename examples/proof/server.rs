//! The server binary as a child process: started on a free port, its log
//! collected, its memory read from /proc, stopped gently or with SIGKILL.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use anyhow::{bail, Context};

pub struct Server {
    child: Child,
    pub address: String,
    log: Arc<Mutex<String>>,
}

/// Options the server starts with beyond the database.
#[derive(Clone, Default)]
pub struct Flags {
    pub trust_proxy: bool,
}

impl Server {
    pub fn start(bin: &Path, db: &Path, flags: &Flags) -> anyhow::Result<Server> {
        let mut command = Command::new(bin);
        command
            .arg("--database")
            .arg(db)
            .args(["--bind", "127.0.0.1:0", "--log-level", "warn"])
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if flags.trust_proxy {
            command.arg("--trust-proxy");
        }
        let mut child = command
            .arg("serve")
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let log = Arc::new(Mutex::new(String::new()));
        let address = loop {
            let Some(line) = lines.next() else {
                let _ = child.wait();
                bail!("the server quit before it was ready");
            };
            let line = line?;
            if let Some(rest) = line.split("running at ").nth(1) {
                break rest.trim().trim_end_matches('/').to_string();
            }
            log.lock().unwrap().push_str(&format!("{line}\n"));
        };
        // Keep draining both pipes so the server never blocks on its log.
        let collect = |log: Arc<Mutex<String>>, lines: Box<dyn Iterator<Item = String> + Send>| {
            std::thread::spawn(move || {
                for line in lines {
                    log.lock().unwrap().push_str(&format!("{line}\n"));
                }
            });
        };
        collect(log.clone(), Box::new(lines.map_while(Result::ok)));
        let stderr = BufReader::new(child.stderr.take().expect("stderr"));
        collect(log.clone(), Box::new(stderr.lines().map_while(Result::ok)));
        Ok(Server {
            child,
            address,
            log,
        })
    }

    /// Resident and peak resident memory in KiB (VmRSS, VmHWM).
    pub fn memory_kib(&self) -> anyhow::Result<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        let field = |name: &str| -> anyhow::Result<u64> {
            let line = status
                .lines()
                .find(|l| l.starts_with(name))
                .with_context(|| format!("no {name} in /proc status"))?;
            Ok(line
                .split_whitespace()
                .nth(1)
                .context("no number")?
                .parse()?)
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }

    /// Kills the server at once (SIGKILL: no shutdown, no flush) and returns
    /// its log.
    pub fn kill9(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Give the pipe readers a moment to take the last lines.
        std::thread::sleep(std::time::Duration::from_millis(50));
        let log = self.log.lock().unwrap().clone();
        log
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server binary: given, or beside this example's own binary
/// (target/<profile>/examples/proof -> target/<profile>/bridgework).
pub fn binary(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let path = match given {
        Some(path) => path,
        None => std::env::current_exe()?
            .parent()
            .and_then(Path::parent)
            .context("no target directory")?
            .join("bridgework"),
    };
    if !path.exists() {
        bail!(
            "no server binary at {} (build it: cargo build --bin bridgework)",
            path.display()
        );
    }
    Ok(path)
}
