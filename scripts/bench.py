#!/usr/bin/env python3
"""Bridgework's speed benchmark, on the release build, with wrk.

Runs, in one go and on one machine:

1. Side by side with a same-bytes server (examples/same_bytes.rs, a minimal
   actix-web handler answering with the exact bytes the app served): the
   member's today page, the roster of one member and the roster of 120
   members, requests per second at 64 connections, and the ratio.
   The p99 latency at 64 clients on the today page, and the app's resident
   memory (VmRSS, the highest reading while wrk runs).
2. The roster of 1,000 members x 104 weeks: the median of single requests
   (one at a time on a kept-alive connection), and the same with the
   history doubled (208 weeks); their ratio; the page's size plain and
   gzipped. "Drawn" requests each carry a query string of their own, so
   no cache could answer them and every one runs the page's queries and
   template; "kept" requests repeat one address, as a coach reloading does
   (the app has no page cache since the third pass, so both are drawn).
3. The write rate: POST /log ("done as prescribed", each with a new key)
   for a member with about 650 sessions, at 8 connections.
4. "fresh": the today page of 64 different members (52 weeks of history
   each), every request at an address of its own (wrk's Lua script rotates
   the 64 members' session cookies and appends a unique query string), so
   no cache of any kind can answer it; side by side with the same bytes
   (the same script, so both pay the same Lua).
5. "mixed": the same 64 members loading their today page while 8 others
   log sessions (POST /log) at the same time: req/s and p99 for both.

    scripts/bench.py [--quick] [--json FILE]

--quick (what .ci/run calls) runs each wrk for 2 s and seeds 200 members
instead of 1,000 for part 2; the full run uses 10 s and 1,000 members.
Nothing here asserts: the numbers are printed (and written as JSON) to be
quoted in BENCHMARKS.md.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(ROOT, "target", "release", "bridgework")
SAME = os.path.join(ROOT, "target", "release", "examples", "same_bytes")
SEED = os.path.join(ROOT, "scripts", "bench_seed.py")
PASSWORD = "bench-password-123"


def sh(cmd, env=None, **kw):
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, **kw)


class Server:
    """A process that prints its address on its first line of output."""

    def __init__(self, cmd, env=None):
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://([^/]+)/", line)
        if not m:
            self.stop()
            raise SystemExit(f"server did not start: {cmd} printed {line!r}")
        self.host, port = m.group(1).rsplit(":", 1)
        self.port = int(port)
        self.url = f"http://{self.host}:{self.port}"

    def rss_kb(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Department:
    """A database in a temporary directory, with a coach and one member."""

    def __init__(self, tmp, name):
        self.db = os.path.join(tmp, name, "bench.db")
        os.makedirs(os.path.dirname(self.db))
        self.env = dict(os.environ, BRIDGEWORK_DATABASE=self.db, BRIDGEWORK_PASSWORD=PASSWORD,
                        BRIDGEWORK_BIND="127.0.0.1:0", BRIDGEWORK_LOG="warn")
        sh([APP, "migrate"], self.env)
        sh([APP, "create-coach", "--email", "coach@bench.test", "--name", "Bench Coach"], self.env)
        sh([APP, "create-member", "--email", "member@bench.test", "--name", "Bench Member",
            "--station", "Station 1", "--platoon", "A"], self.env)
        self.acknowledge()

    def acknowledge(self):
        """Every member account has read the data-use statement in force: the
        statement's own page (where a first login lands) is not what is
        measured."""
        db = sqlite3.connect(self.db)
        with db:
            db.execute("INSERT OR IGNORE INTO statement_acknowledgements (user_id, version, acknowledged_at) "
                       "SELECT id, (SELECT version FROM data_statement WHERE id = 1), CURRENT_TIMESTAMP "
                       "FROM users WHERE role = 'member'")
        db.close()

    def seed(self, members, weeks):
        out = sh([sys.executable, SEED, self.db, "--members", str(members), "--weeks", str(weeks)])
        self.acknowledge()
        return out.stdout.strip()

    def seed_logins(self, members, weeks, logins):
        out = sh([sys.executable, SEED, self.db, "--members", str(members), "--weeks", str(weeks),
                  "--logins", str(logins)])
        self.acknowledge()
        return out.stdout.strip()

    def serve(self):
        return Server([APP, "serve"], self.env)


def login(server, email):
    """Logs in through the form; returns the Cookie header value."""
    conn = http.client.HTTPConnection(server.host, server.port)
    conn.request("GET", "/login")
    r = conn.getresponse()
    body = r.read().decode()
    cookie = r.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD})
    conn.request("POST", "/login", form, {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    r = conn.getresponse()
    r.read()
    if r.status != 303:
        raise SystemExit(f"login as {email} failed: {r.status}")
    return r.getheader("Set-Cookie").split(";")[0]


def fetch(server, path, cookie, gzip_ok=False):
    conn = http.client.HTTPConnection(server.host, server.port)
    headers = {"Cookie": cookie}
    if gzip_ok:
        headers["Accept-Encoding"] = "gzip"
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise SystemExit(f"GET {path}: {r.status}")
    return body, r.getheader("Content-Encoding")


def wrk(url, seconds, conns, cookie=None, script=None):
    cmd = ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--latency"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def ms(label):
        m = re.search(rf"\s{label}\s+([\d.]+)(us|ms|s)\b", out)
        if not m:
            return None
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50_ms": ms("50%"), "p99_ms": ms("99%"),
            "non_2xx": int(errors.group(1)) if errors else 0, "socket_errors": sock.group(1) if sock else ""}


def under_load(server, fn):
    """Runs fn() while sampling the server's VmRSS; returns (result, max kB)."""
    peak = [server.rss_kb()]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], server.rss_kb())
            time.sleep(0.1)

    t = threading.Thread(target=sample)
    t.start()
    try:
        return fn(), peak[0]
    finally:
        done.set()
        t.join()


def side_by_side(tmp, server, name, path, cookie, seconds, script=None):
    body, _ = fetch(server, path, cookie)
    file = os.path.join(tmp, f"{name}.html")
    with open(file, "wb") as f:
        f.write(body)
    same = Server([SAME, file])
    try:
        app, rss = under_load(server, lambda: wrk(server.url + path, seconds, 64, None if script else cookie, script))
        ref = wrk(same.url + path, seconds, 64, script=script)
    finally:
        same.stop()
    row = {"page": name, "bytes": len(body), "app": app, "same_bytes": ref,
           "ratio": app["rps"] / ref["rps"], "app_rss_kb": rss}
    print(f"{name:<16} {len(body):>8} B  app {app['rps']:>9.0f} req/s (p99 {app['p99_ms']:.1f} ms)"
          f"  same-bytes {ref['rps']:>9.0f} req/s  ratio {row['ratio']:.0%}  RSS {rss / 1024:.1f} MB"
          + (f"  non-2xx {app['non_2xx']}" if app["non_2xx"] else ""), flush=True)
    return row


def single_requests(server, path, cookie, n, drawn=False):
    """Median and max of n requests, one at a time on one connection; with
    `drawn`, each asks for an address of its own (past any cache)."""
    conn = http.client.HTTPConnection(server.host, server.port)
    times = []
    for i in range(n + 2):
        target = f"{path}?draw={i}-{time.time()}" if drawn else path
        t = time.perf_counter()
        conn.request("GET", target, headers={"Cookie": cookie})
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            raise SystemExit(f"GET {path}: {r.status}")
        times.append((time.perf_counter() - t) * 1000)
    times = times[2:]  # warm-up
    return statistics.median(times), max(times)


LOG_SCRIPT = r"""
counter = 0
local csrf = os.getenv("BENCH_CSRF")
request = function()
  counter = counter + 1
  local key = string.format("bench-%d-%d-%d", os.time(), math.random(1, 1000000000), counter)
  local body = "csrf_token=" .. csrf .. "&action=prescribed&key=" .. key
  local headers = {}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", "/log", headers, body)
end
"""


def write_rate(tmp, seconds, weeks):
    dep = Department(tmp, f"log-{weeks}")
    seeded = dep.seed(1, weeks)
    server = dep.serve()
    try:
        cookie = login(server, "member@bench.test")
        body, _ = fetch(server, "/", cookie)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', body.decode()).group(1)
        script = os.path.join(tmp, "log.lua")
        with open(script, "w") as f:
            f.write(LOG_SCRIPT)
        os.environ["BENCH_CSRF"] = csrf
        cmd = ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Cookie: {cookie}", "-s", script, server.url + "/log"]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        sessions = sh(["sqlite3", dep.db, "SELECT count(*) FROM session_logs"]).stdout.strip() \
            if shutil.which("sqlite3") else "?"
    finally:
        server.stop()
    print(f"log writes       {seeded}: {rps:.0f} logs/s at 8 connections"
          + (f" ({bad.group(1)} non-2xx)" if bad else "") + f"; {sessions} sessions after", flush=True)
    return {"seeded": seeded, "logs_per_s": rps, "non_2xx": int(bad.group(1)) if bad else 0}


FRESH_SCRIPT = r"""
-- Each request: the next of the members' cookies, at an address of its own.
local cookies = {}
for c in string.gmatch(os.getenv("BENCH_COOKIES"), "[^ ]+") do cookies[#cookies + 1] = c end
local n = 0
setup = function(thread)
  n = n + 1
  thread:set("tid", n)
end
local counter = 0
request = function()
  counter = counter + 1
  local cookie = cookies[(counter + (tid or 0) * 7) % #cookies + 1]
  local path = string.format("/?fresh=%d-%d", tid or 0, counter)
  return wrk.format("GET", path, {["Cookie"] = cookie})
end
"""

MIXED_LOG_SCRIPT = r"""
-- Each request: the next member (cookie and CSRF token) logs a session.
local members = {}
for c, t in string.gmatch(os.getenv("BENCH_LOGGERS"), "([^ ]+)|([^ ]+)") do
  members[#members + 1] = {c, t}
end
local n = 0
setup = function(thread)
  n = n + 1
  thread:set("tid", n)
end
local counter = 0
request = function()
  counter = counter + 1
  local m = members[(counter + (tid or 0) * 3) % #members + 1]
  local key = string.format("mixed-%d-%d-%d", tid or 0, counter, math.random(1, 1000000000))
  local body = "csrf_token=" .. m[2] .. "&action=prescribed&key=" .. key
  return wrk.format("POST", "/log", {["Cookie"] = m[1],
    ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
"""

READERS = 64
WRITERS = 8


def fresh_department(tmp, name):
    """A department whose READERS + WRITERS members each have an account
    and 52 weeks of history; returns it with the server and their logins."""
    dep = Department(tmp, name)
    seeded = dep.seed_logins(READERS + WRITERS, 52, READERS + WRITERS - 1)
    server = dep.serve()
    emails = ["member@bench.test"] + [f"member{i:02d}@bench.test" for i in range(1, READERS + WRITERS)]
    cookies = [login(server, e) for e in emails]
    return dep, server, cookies, seeded


def write_script(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def fresh_pages(tmp, seconds):
    dep, server, cookies, seeded = fresh_department(tmp, "fresh")
    try:
        os.environ["BENCH_COOKIES"] = " ".join(cookies[:READERS])
        script = write_script(tmp, "fresh.lua", FRESH_SCRIPT)
        row = side_by_side(tmp, server, f"today-fresh-{READERS}", "/", cookies[0], seconds, script)
    finally:
        server.stop()
    row["seeded"] = seeded
    return row


def mixed(tmp, seconds):
    dep, server, cookies, seeded = fresh_department(tmp, "mixed")
    try:
        loggers = []
        for cookie in cookies[READERS:]:
            body, _ = fetch(server, "/", cookie)
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', body.decode()).group(1)
            loggers.append(f"{cookie}|{csrf}")
        os.environ["BENCH_COOKIES"] = " ".join(cookies[:READERS])
        os.environ["BENCH_LOGGERS"] = " ".join(loggers)
        read_script = write_script(tmp, "fresh.lua", FRESH_SCRIPT)
        log_script = write_script(tmp, "mixed-log.lua", MIXED_LOG_SCRIPT)
        out = {}

        def both():
            t = threading.Thread(target=lambda: out.setdefault(
                "log", wrk(server.url + "/log", seconds, WRITERS, script=log_script)))
            t.start()
            out["today"] = wrk(server.url + "/", seconds, READERS, script=read_script)
            t.join()

        _, rss = under_load(server, both)
    finally:
        server.stop()
    r, w = out["today"], out["log"]
    print(f"mixed            today ({READERS} members) {r['rps']:>7.0f} req/s p99 {r['p99_ms']:.1f} ms"
          f" | log ({WRITERS} members) {w['rps']:>5.0f} req/s p99 {w['p99_ms']:.1f} ms  RSS {rss / 1024:.1f} MB"
          + (f"  non-2xx today {r['non_2xx']} log {w['non_2xx']}" if r["non_2xx"] or w["non_2xx"] else ""),
          flush=True)
    return {"today": r, "log": w, "app_rss_kb": rss, "seeded": seeded}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="2 s runs, 200 members for the big roster")
    ap.add_argument("--json", help="write the results here")
    ap.add_argument("--only", default="pages,fresh,mixed,roster,log", help="comma list of parts")
    ap.add_argument("--app", help="the bridgework binary (default: target/release/bridgework)")
    args = ap.parse_args()
    global APP
    if args.app:
        APP = os.path.abspath(args.app)
    seconds = 2 if args.quick else 10
    big = 200 if args.quick else 1000
    singles = 10 if args.quick else 30
    parts = set(args.only.split(","))
    for tool in ("wrk",):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed")
    if not (os.path.exists(APP) and os.path.exists(SAME)):
        raise SystemExit("build first: cargo build --release --bin bridgework --example same_bytes")
    results = {"quick": args.quick}
    tmp = tempfile.mkdtemp(prefix="bridgework-bench-")
    try:
        if "pages" in parts:
            print("== pages vs same bytes (64 connections) ==", flush=True)
            dep = Department(tmp, "pages")
            dep.seed(1, 52)
            server = dep.serve()
            rows = []
            try:
                member = login(server, "member@bench.test")
                coach = login(server, "coach@bench.test")
                rows.append(side_by_side(tmp, server, "today", "/", member, seconds))
                rows.append(side_by_side(tmp, server, "roster-1", "/roster", coach, seconds))
                dep.seed(120, 52)
                rows.append(side_by_side(tmp, server, "roster-120", "/roster", coach, seconds))
                # The coach's home: needs attention over the same 120.
                rows.append(side_by_side(tmp, server, "attention-120", "/", coach, seconds))
            finally:
                server.stop()
            results["pages"] = rows
        if "fresh" in parts:
            print(f"== today page of {READERS} members, each request at an address of its own ==", flush=True)
            results["fresh"] = fresh_pages(tmp, seconds)
        if "mixed" in parts:
            print(f"== mixed: {READERS} members load today while {WRITERS} others log ==", flush=True)
            results["mixed"] = mixed(tmp, seconds)
        if "roster" in parts:
            print(f"== roster of {big} members, one request at a time ==", flush=True)
            rosters = []
            for weeks in (104, 208):
                dep = Department(tmp, f"roster-{weeks}")
                t = time.perf_counter()
                seeded = dep.seed(big, weeks)
                seed_s = time.perf_counter() - t
                size = os.path.getsize(dep.db)
                server = dep.serve()
                try:
                    coach = login(server, "coach@bench.test")
                    median, worst = single_requests(server, "/roster", coach, singles, drawn=True)
                    kept, _ = single_requests(server, "/roster", coach, singles)
                    plain, _ = fetch(server, "/roster", coach)
                    wire, enc = fetch(server, "/roster", coach, gzip_ok=True)
                    rss = server.rss_kb()
                finally:
                    server.stop()
                row = {"members": big, "weeks": weeks, "seeded": seeded, "db_bytes": size,
                       "median_ms": median, "max_ms": worst, "kept_median_ms": kept, "page_bytes": len(plain),
                       "wire_bytes_gzip": len(wire), "content_encoding": enc, "rss_kb": rss}
                rosters.append(row)
                print(f"{big} x {weeks:>3} weeks  drawn: median {median:6.1f} ms  max {worst:6.1f} ms"
                      f"  kept: median {kept:5.1f} ms  page {len(plain) / 1024:.0f} KB"
                      f" ({len(wire) / 1024:.0f} KB on the wire, {enc or 'identity'})  db {size / 2**20:.0f} MB"
                      f"  RSS {rss / 1024:.1f} MB  [{seeded}; seeded in {seed_s:.0f} s]", flush=True)
            ratio = rosters[1]["median_ms"] / rosters[0]["median_ms"]
            print(f"doubling the history: x{ratio:.2f}", flush=True)
            results["roster"] = {"runs": rosters, "doubling_ratio": ratio}
        if "log" in parts:
            print("== logging ==", flush=True)
            results["log"] = [write_rate(tmp, seconds, 4), write_rate(tmp, seconds, 260)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
