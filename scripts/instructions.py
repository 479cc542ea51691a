#!/usr/bin/env python3
"""Instructions per fresh today page, counted by callgrind: a measure this
noisy shared machine cannot move (wall-clock rates move by +-30% with the
load; instruction counts repeat to within 0.1%).

    scripts/instructions.py BINARY [BINARY ...]
    scripts/instructions.py --roster BINARY [BINARY ...]

Seeds one department like bench.py's "fresh" part (64 members with 52 weeks
of history, each logged in), then for each binary: starts it under
`valgrind --tool=callgrind` on a copy of that database, asks for 64 today
pages (warm-up), zeroes the counters, asks for 256 more (the 64 members in
turn, each at an address of its own), dumps, and prints the instructions
per request. With --roster: one department of 1,000 members x 104 weeks
(bench.py's big roster), 2 warm-up requests, then 10 rosters drawn from
scratch as the coach (each at an address of its own); --path / counts
needs attention instead, --weeks 208 the doubled history. With --keep DIR the callgrind file of each binary is kept
there (read it with `callgrind_annotate --inclusive=yes FILE`).
"""

import argparse
import glob
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402

REQUESTS = 256
ROSTER_REQUESTS = 10


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binaries", nargs="+")
    ap.add_argument("--keep", help="keep each binary's callgrind file in this directory")
    ap.add_argument("--roster", action="store_true", help="the 1,000-member roster instead of today pages")
    ap.add_argument("--weeks", type=int, default=104, help="with --roster: weeks of history")
    ap.add_argument("--path", default="/roster", help="with --roster: the coach's page (/ is needs attention)")
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed")
    tmp = tempfile.mkdtemp(prefix="bridgework-instructions-")
    try:
        bench.APP = os.path.abspath(args.binaries[0])
        if args.roster:
            dep = bench.Department(tmp, "roster")
            dep.seed(1000, args.weeks)
            server = dep.serve()
            cookies = [bench.login(server, "coach@bench.test")]
            path, warm, requests = args.path, 2, ROSTER_REQUESTS
            what = f"GET {path} as the coach, drawn from scratch"
        else:
            dep, server, cookies, _ = bench.fresh_department(tmp, "fresh")
            cookies = cookies[: bench.READERS]
            path, warm, requests, what = "/", len(cookies), REQUESTS, "fresh today page"
        server.stop()
        for binary in args.binaries:
            out = os.path.join(tmp, "callgrind.out")
            wrapper = os.path.join(tmp, "under-valgrind.sh")
            with open(wrapper, "w") as f:
                f.write(f"#!/bin/sh\nexec valgrind --tool=callgrind --callgrind-out-file={out} "
                        f"{os.path.abspath(binary)} \"$@\"\n")
            os.chmod(wrapper, 0o755)
            bench.APP = wrapper
            server = dep.serve()
            try:
                def ask(n, tag):
                    conn = http.client.HTTPConnection(server.host, server.port, timeout=120)
                    for i in range(n):
                        conn.request("GET", f"{path}?{tag}={i}", headers={"Cookie": cookies[i % len(cookies)]})
                        r = conn.getresponse()
                        r.read()
                        if r.status != 200:
                            raise SystemExit(f"GET {path}: {r.status}")

                ask(warm, "warm")
                subprocess.run(["callgrind_control", "-z", str(server.proc.pid)], capture_output=True, check=True)
                ask(requests, "fresh")
                for f in glob.glob(out + "*"):
                    os.remove(f)
                subprocess.run(["callgrind_control", "-d", str(server.proc.pid)], capture_output=True, check=True)
                time.sleep(1)
                total = 0
                for f in glob.glob(out + "*"):
                    with open(f) as text:
                        for line in text:
                            if line.startswith(("summary:", "totals:")):
                                total += int(line.split()[1])
                                break
                    if args.keep:
                        os.makedirs(args.keep, exist_ok=True)
                        shutil.copy(f, os.path.join(args.keep, os.path.basename(binary) + ".callgrind"))
                print(f"{os.path.basename(binary):<24} {total // requests:>12,} instructions per {what}",
                      flush=True)
            finally:
                server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
