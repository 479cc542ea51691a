#!/usr/bin/env python3
"""Bench seeder: fills a migrated Bridgework database with crew members and
their training history, written straight into SQLite so that a thousand
members with years of history take seconds, not hours.

This is for benchmarks only (the demo department, `bridgework demo`, plays
history through the engine for people to explore). The rows follow the
schema's rules: one active assignment per member, stage changes in the
timeline, sessions with their sets (loads that grow on the loaded stages),
a range test every six weeks, a few open coach flags.

With --logins N, N more members get an account of their own
(member01@bench.test, ...), with the password of the member created by
`bridgework create-member` (its hash is copied), so a benchmark can log in
as many different members without hashing a password N times.

Members already in the database (for example the one created with
`bridgework create-member`, who logs in for the today page) get a history
too when they have none; new members are added up to --members in all.

    bench_seed.py DB --members 1000 --weeks 104 [--logins 72] [--today 2026-11-24] [--seed 1]
"""

import argparse
import datetime as dt
import random
import sqlite3

STAGE_SETS = {1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 5, 7: 5}
STAGE_REPS = {1: 15, 2: 15, 3: 20, 4: 12, 5: 15, 6: 5, 7: 3}
PER_LEG = {2, 4}
HOLD = {3: 1, 4: 3}


def load_for(stage, weeks_in):
    """Grams on the loaded stages, growing with time at the stage."""
    if stage == 5:
        return 9072 + 2268 * min(weeks_in // 2, 8)
    if stage in (6, 7):
        return 20412 + 2268 * min(weeks_in, 40)
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--members", type=int, required=True, help="members in all")
    ap.add_argument("--weeks", type=int, required=True, help="weeks of history")
    ap.add_argument("--today", default=dt.date.today().isoformat())
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--logins", type=int, default=0, help="members with accounts of their own")
    ap.add_argument("--per-week", type=float, default=2.5, help="sessions a week")
    args = ap.parse_args()

    rnd = random.Random(args.seed)
    today = dt.date.fromisoformat(args.today)
    start = today - dt.timedelta(days=7 * args.weeks)
    con = sqlite3.connect(args.db)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA synchronous = OFF")
    cur = con.cursor()
    coach = cur.execute("SELECT id FROM users WHERE role = 'coach' ORDER BY id LIMIT 1").fetchone()
    if coach is None:
        raise SystemExit("create a coach first (bridgework create-coach)")
    coach = coach[0]
    stamp = f"{today.isoformat()} 08:00:00"

    platoons = ["A", "B", "C", None]
    if args.logins:
        template = cur.execute(
            "SELECT password_hash FROM users WHERE email = 'member@bench.test'"
        ).fetchone()
        if template is None:
            raise SystemExit("--logins needs member@bench.test (bridgework create-member)")
        for i in range(1, args.logins + 1):
            cur.execute(
                "INSERT INTO users (email, name, password_hash, role, active, created_at)"
                " VALUES (?, ?, ?, 'member', 1, ?)",
                (f"member{i:02d}@bench.test", f"Login Member {i:02d}", template[0], stamp),
            )
            cur.execute(
                "INSERT INTO members (name, station, platoon, start_date, user_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (f"Login Member {i:02d}", f"Station {i % 8 + 1}", platoons[i % 4], start.isoformat(),
                 cur.lastrowid, stamp),
            )
    existing = cur.execute("SELECT count(*) FROM members").fetchone()[0]
    new_members = []
    for i in range(existing, args.members):
        new_members.append(
            (f"Member {i + 1:04d}", f"Station {i % 8 + 1}", platoons[i % 4], start.isoformat(), stamp)
        )
    cur.executemany(
        "INSERT INTO members (name, station, platoon, start_date, created_at) VALUES (?, ?, ?, ?, ?)",
        new_members,
    )
    todo = [
        r[0]
        for r in cur.execute(
            "SELECT id FROM members m WHERE NOT EXISTS "
            "(SELECT 1 FROM assignments a WHERE a.member_id = m.id) ORDER BY id"
        )
    ]
    next_session = (cur.execute("SELECT coalesce(max(id), 0) FROM session_logs").fetchone()[0]) + 1
    next_assignment = (cur.execute("SELECT coalesce(max(id), 0) FROM assignments").fetchone()[0]) + 1

    logs, sets, changes, tests, flags, assignments = [], [], [], [], [], []
    for member in todo:
        aid = next_assignment
        next_assignment += 1
        stage, since = 1, start
        weeks_per_stage = rnd.randint(6, 14)
        changes.append((member, aid, None, 1, "assigned", coach, f"{start.isoformat()} 09:00:00"))
        day = start
        n = 0
        while day < today:
            weeks_in = (day - since).days // 7
            if stage < 7 and weeks_in >= weeks_per_stage:
                changes.append((member, aid, stage, stage + 1, "advance", None, f"{day.isoformat()} 09:00:00"))
                stage, since = stage + 1, day
                weeks_per_stage = rnd.randint(6, 14)
                weeks_in = 0
            if rnd.random() < args.per_week / 7:
                n += 1
                finished = rnd.random() > 0.04
                pain = "lower_back" if rnd.random() < 0.003 else "none"
                logs.append(
                    (next_session, member, aid, stage, day.isoformat(),
                     "finished" if finished else "partial", 1 if finished else 0,
                     "glutes", pain, 0, 1, "stay", f"bench-{member}-{n}", coach,
                     f"{day.isoformat()} 10:00:00", f"{day.isoformat()} 10:00:00")
                )
                load = load_for(stage, weeks_in)
                count = STAGE_SETS[stage] if finished else 1
                for s in range(1, count + 1):
                    reps = STAGE_REPS[stage]
                    sets.append((next_session, s, reps, reps if stage in PER_LEG else None, load, HOLD.get(stage, 0)))
                next_session += 1
            if (day - start).days % 42 == 3:
                base = rnd.randint(90_000, 160_000)
                left, right = base, int(base * rnd.uniform(0.8, 1.0))
                tests.append(
                    (member, day.isoformat(), base + 40_000, left + 20_000, right + 20_000, left, right,
                     "glutes", "glutes", "glutes", coach, f"{day.isoformat()} 11:00:00", f"{day.isoformat()} 11:00:00")
                )
            day += dt.timedelta(days=1)
        assignments.append((aid, member, stage, 3, since.isoformat(), 1, coach, f"{since.isoformat()} 09:00:00"))
        if rnd.random() < 0.03:
            flags.append((member, "ready_to_advance", stamp))

    cur.executemany(
        "INSERT INTO assignments (id, member_id, stage, sessions_per_week, start_date, active, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        assignments,
    )
    cur.executemany(
        "INSERT INTO stage_changes (member_id, assignment_id, from_stage, to_stage, reason, changed_by, changed_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        changes,
    )
    cur.executemany(
        "INSERT INTO session_logs (id, member_id, assignment_id, stage, trained_on, status, as_prescribed,"
        " felt, pain, cramp, good_form, outcome, idempotency_key, entered_by, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        logs,
    )
    cur.executemany(
        "INSERT INTO session_sets (session_id, set_number, reps, reps_other_side, load_grams, hold_seconds)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        sets,
    )
    cur.executemany(
        "INSERT INTO range_tests (member_id, tested_on, double_leg_um, ninety_left_um, ninety_right_um,"
        " hugged_left_um, hugged_right_um, felt_a, felt_b, felt_c, tested_by, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        tests,
    )
    cur.executemany(
        "INSERT INTO coach_flags (member_id, kind, created_at) VALUES (?, ?, ?)",
        flags,
    )
    con.commit()
    con.close()
    print(f"seeded {len(todo)} members: {len(logs)} sessions, {len(sets)} sets, {len(tests)} range tests")


if __name__ == "__main__":
    main()
