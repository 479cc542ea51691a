//! The program's numbers as an officer sees them: members per stage,
//! adherence, range-test flags and open pain reports, counted per station,
//! per platoon and per month, never with a name. A group of fewer than
//! five members is not shown on its own ("fewer than 5"): with so few, a
//! count would point at a person.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

/// The smallest group whose numbers are shown.
pub const SMALLEST_GROUP: usize = 5;

/// What the numbers are made of, one per active member (no name, no id).
#[derive(Debug, Clone, Default)]
pub struct MemberFacts {
    pub station: String,
    pub platoon: String,
    /// The current stage, 1 to 7; `None` when not assigned.
    pub stage: Option<i32>,
    /// Sessions done over scheduled in the last 28 days, 0 to 1.
    pub adherence: Option<f64>,
    /// The latest range test raised a flag (pain or cramp, near-zero
    /// extension, asymmetry, compensation...).
    pub range_flag: bool,
    pub retest_due: bool,
    /// A pain report no coach has dealt with yet.
    pub open_pain: bool,
}

/// One group's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Numbers {
    pub members: usize,
    /// Members at stage 1 to 7 (index 0 is stage 1).
    pub per_stage: [usize; 7],
    pub not_assigned: usize,
    /// The mean adherence over the members with something scheduled, in
    /// whole percent.
    pub adherence_pct: Option<u32>,
    pub range_flags: usize,
    pub retest_due: usize,
    pub open_pain: usize,
}

/// A group (a station, a platoon, the whole department): its numbers, or
/// `None` when it has fewer than five members.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    pub numbers: Option<Numbers>,
}

/// The numbers of a set of members, or `None` for fewer than five.
pub fn numbers(members: &[&MemberFacts]) -> Option<Numbers> {
    if members.len() < SMALLEST_GROUP {
        return None;
    }
    let mut per_stage = [0; 7];
    let mut not_assigned = 0;
    for m in members {
        match m.stage {
            Some(s @ 1..=7) => per_stage[(s - 1) as usize] += 1,
            _ => not_assigned += 1,
        }
    }
    let ratios: Vec<f64> = members.iter().filter_map(|m| m.adherence).collect();
    let adherence_pct = (!ratios.is_empty())
        .then(|| (ratios.iter().sum::<f64>() / ratios.len() as f64 * 100.0).round() as u32);
    Some(Numbers {
        members: members.len(),
        per_stage,
        not_assigned,
        adherence_pct,
        range_flags: members.iter().filter(|m| m.range_flag).count(),
        retest_due: members.iter().filter(|m| m.retest_due).count(),
        open_pain: members.iter().filter(|m| m.open_pain).count(),
    })
}

/// The members grouped by `key` (a station, a platoon), by name; members
/// with an empty key are grouped as `blank`.
pub fn groups(
    members: &[MemberFacts],
    key: impl Fn(&MemberFacts) -> &str,
    blank: &str,
) -> Vec<Group> {
    let mut by: BTreeMap<String, Vec<&MemberFacts>> = BTreeMap::new();
    for m in members {
        let k = key(m);
        let name = if k.is_empty() { blank } else { k };
        by.entry(name.to_string()).or_default().push(m);
    }
    by.into_iter()
        .map(|(name, list)| Group {
            numbers: numbers(&list),
            name,
        })
        .collect()
}

/// The whole department as one group.
pub fn department(members: &[MemberFacts]) -> Group {
    Group {
        name: "All members".to_string(),
        numbers: numbers(&members.iter().collect::<Vec<_>>()),
    }
}

/// One month's counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MonthCounts {
    /// "2026-11".
    pub month: String,
    /// Members who logged a session or had a range test that month.
    pub members: usize,
    pub sessions: usize,
    /// Sessions with pain reported.
    pub pain_reports: usize,
    pub range_tests: usize,
    /// Range tests that raised a flag (pain, cramp, near-zero extension,
    /// asymmetry, compensation...).
    pub range_flags: usize,
}

/// A logged session, reduced to what the months count: when, whose, pain.
pub struct SessionFact {
    pub on: NaiveDate,
    pub member_id: i32,
    pub pain: bool,
}

/// A range test, reduced likewise: when, whose, whether it raised a flag.
pub struct TestFact {
    pub on: NaiveDate,
    pub member_id: i32,
    pub flagged: bool,
}

/// The months' counts, oldest first (months with nothing are left out).
pub fn months(sessions: &[SessionFact], tests: &[TestFact]) -> Vec<MonthCounts> {
    let key = |d: NaiveDate| d.format("%Y-%m").to_string();
    let mut by: BTreeMap<String, (MonthCounts, BTreeSet<i32>)> = BTreeMap::new();
    for s in sessions {
        let (m, people) = by.entry(key(s.on)).or_default();
        m.sessions += 1;
        m.pain_reports += usize::from(s.pain);
        people.insert(s.member_id);
    }
    for t in tests {
        let (m, people) = by.entry(key(t.on)).or_default();
        m.range_tests += 1;
        m.range_flags += usize::from(t.flagged);
        people.insert(t.member_id);
    }
    by.into_iter()
        .map(|(month, (counts, people))| MonthCounts {
            month,
            members: people.len(),
            ..counts
        })
        .collect()
}

/// A month's line: its counts, or `None` when fewer than five members
/// trained that month.
pub fn month_line(counts: MonthCounts) -> (String, Option<MonthCounts>) {
    let shown = (counts.members >= SMALLEST_GROUP).then(|| counts.clone());
    (counts.month, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(station: &str, stage: i32, pain: bool) -> MemberFacts {
        MemberFacts {
            station: station.to_string(),
            platoon: "A".to_string(),
            stage: Some(stage),
            adherence: Some(0.5),
            range_flag: false,
            retest_due: false,
            open_pain: pain,
        }
    }

    #[test]
    fn a_group_of_fewer_than_five_is_not_shown() {
        // (members in the group, shown)
        let cases = [
            (0, false),
            (1, false),
            (4, false),
            (5, true),
            (6, true),
            (40, true),
        ];
        for (n, shown) in cases {
            let members: Vec<MemberFacts> = (0..n).map(|_| member("S1", 2, false)).collect();
            let groups = groups(&members, |m| &m.station, "No station");
            if n == 0 {
                assert!(groups.is_empty());
                continue;
            }
            assert_eq!(groups[0].numbers.is_some(), shown, "{n} members");
            assert_eq!(department(&members).numbers.is_some(), shown, "{n} members");
        }
    }

    #[test]
    fn a_shown_group_counts_stages_adherence_flags_and_pain() {
        let mut members: Vec<MemberFacts> = vec![
            member("S1", 1, true),
            member("S1", 1, false),
            member("S1", 3, false),
            member("S1", 7, false),
            member("S1", 7, true),
            member("S2", 2, true),
        ];
        members[2].stage = None;
        members[3].adherence = Some(1.0);
        members[4].adherence = None;
        members[1].range_flag = true;
        members[0].retest_due = true;
        let groups = groups(&members, |m| &m.station, "No station");
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].name, "S1");
        let n = groups[0].numbers.as_ref().unwrap();
        assert_eq!(n.members, 5);
        assert_eq!(n.per_stage, [2, 0, 0, 0, 0, 0, 2]);
        assert_eq!(n.not_assigned, 1);
        // (0.5 + 0.5 + 0.5 + 1.0) / 4
        assert_eq!(n.adherence_pct, Some(63));
        assert_eq!((n.range_flags, n.retest_due, n.open_pain), (1, 1, 2));
        assert_eq!(groups[1].name, "S2");
        assert_eq!(groups[1].numbers, None);
        let all = department(&members).numbers.unwrap();
        assert_eq!((all.members, all.open_pain), (6, 3));
    }

    #[test]
    fn months_count_sessions_pain_and_range_tests_and_the_members_behind_them() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let session = |on, member_id, pain| SessionFact {
            on,
            member_id,
            pain,
        };
        let sessions = [
            session(d(10, 1), 1, false),
            session(d(10, 3), 1, true),
            session(d(10, 31), 2, false),
            session(d(11, 1), 3, false),
        ];
        let tests = [
            TestFact {
                on: d(10, 2),
                member_id: 4,
                flagged: true,
            },
            TestFact {
                on: d(12, 2),
                member_id: 1,
                flagged: false,
            },
        ];
        let months = months(&sessions, &tests);
        let row = |m: &MonthCounts| {
            (
                m.month.clone(),
                m.members,
                m.sessions,
                m.pain_reports,
                m.range_tests,
                m.range_flags,
            )
        };
        assert_eq!(
            months.iter().map(row).collect::<Vec<_>>(),
            vec![
                ("2026-10".to_string(), 3, 3, 1, 1, 1),
                ("2026-11".to_string(), 1, 1, 0, 0, 0),
                ("2026-12".to_string(), 1, 0, 0, 1, 0),
            ]
        );
    }

    #[test]
    fn a_month_with_fewer_than_five_members_training_is_not_shown() {
        // (members training, shown)
        for (members, shown) in [(0, false), (4, false), (5, true), (12, true)] {
            let counts = MonthCounts {
                month: "2026-11".to_string(),
                members,
                sessions: members * 8,
                pain_reports: 1,
                ..MonthCounts::default()
            };
            let (month, line) = month_line(counts);
            assert_eq!(month, "2026-11");
            assert_eq!(line.is_some(), shown, "{members}");
        }
    }
}
