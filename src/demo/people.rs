//! The demo's cast: names, coach notes and the words a coach writes when
//! moving someone. Fixed lists, picked with the seeded generator.

pub const FIRST_NAMES: [&str; 48] = [
    "Alex", "Jordan", "Sam", "Casey", "Riley", "Morgan", "Taylor", "Jamie", "Drew", "Avery",
    "Quinn", "Reese", "Dana", "Robin", "Kerry", "Logan", "Maria", "Luis", "Aisha", "Priya",
    "Tomas", "Hana", "Kenji", "Grace", "Owen", "Nadia", "Marcus", "Elena", "Darius", "Sofia",
    "Liam", "Chloe", "Mateo", "Zoe", "Noah", "Ines", "Ethan", "Leah", "Caleb", "Maya", "Isaac",
    "Rosa", "Gavin", "Tess", "Victor", "Jade", "Wyatt", "Lena",
];

pub const LAST_NAMES: [&str; 48] = [
    "Ortiz",
    "Nguyen",
    "Walsh",
    "Okafor",
    "Brennan",
    "Kowalski",
    "Reyes",
    "Fischer",
    "Haddad",
    "Lindqvist",
    "Moreau",
    "Patel",
    "O'Neill",
    "Tanaka",
    "Sandoval",
    "Becker",
    "Murphy",
    "Silva",
    "Novak",
    "Adeyemi",
    "Castillo",
    "Doyle",
    "Yamada",
    "Petrov",
    "Romero",
    "Schultz",
    "Ibrahim",
    "Keller",
    "Duarte",
    "Hughes",
    "Lam",
    "Ferraro",
    "Mensah",
    "Quinlan",
    "Varga",
    "Osei",
    "Barros",
    "Kaplan",
    "Delgado",
    "Foster",
    "Jensen",
    "Mahler",
    "Park",
    "Rossi",
    "Soto",
    "Tran",
    "Wolfe",
    "Zamora",
];

/// Notes a coach keeps on a member's record.
pub const MEMBER_NOTES: [&str; 10] = [
    "Old ACL repair on the left knee; watch the knee line on single-leg work.",
    "Desk-heavy rotation at the moment (fire prevention); trains mostly on shift.",
    "Back strain in 2024, cleared by PT. Keep the ribs-down cue front of mind.",
    "Prefers kettlebell to dumbbell at stage 5.",
    "Hamstrings take over when tired: feet closer, tuck first.",
    "Recruit class of last spring; very keen, slow them down on tempo.",
    "Wants to be ready for the stair-climb test in the autumn.",
    "Shoulder surgery last year: use a thick pad and let them set the bar from the rack.",
    "Back from parental leave; restarted at the floor bridge on purpose.",
    "Engine company officer; good at nudging the rest of the crew to log.",
];

/// Why a coach confirmed a move up.
pub const ADVANCE_NOTES: [&str; 6] = [
    "Checked the form at the station: hips level, ribs down.",
    "Two clean sessions and a good squeeze at the top. Moving up.",
    "Watched a set on shift; ready for the next step.",
    "Form holds under fatigue now. Advance.",
    "Felt it in the glutes only on both sides. Go ahead.",
    "Tempo is controlled; confirmed after a video check.",
];

/// Why a coach moved someone back after a red flag.
pub const REGRESS_NOTES: [&str; 3] = [
    "Hip joint sore after the last session: back one stage until it settles.",
    "Knee complaint; easing off to the previous stage while PT has a look.",
    "Talked it through after the pain report: one stage down for now.",
];

/// Notes a coach writes on a range test, by what the analysis found.
pub const TEST_NOTE_ASYMMETRY: &str = "Uneven sides: extra single-leg sets on the weaker side.";
pub const TEST_NOTE_COMPENSATION: &str = "Lower back doing a lot of the lift; cue the pelvic tuck.";
pub const TEST_NOTE_NEAR_ZERO: &str = "Very little true hip extension: no load until it improves.";

/// Session notes members leave now and then.
pub const SESSION_NOTES: [&str; 6] = [
    "Done between calls.",
    "Tight hamstrings after the ladder drill.",
    "Felt strong today.",
    "Bench at station was too high, used the box.",
    "Short on time, kept the rest short.",
    "Back-to-back runs this morning.",
];

/// Why a coach entered a session on a member's behalf.
pub const COACH_ENTRY_NOTES: [&str; 4] = [
    "Entered from the station's paper log.",
    "Phone left in the rig; entered by the coach.",
    "Logged for them after the group session.",
    "Entered late from the shift's whiteboard.",
];
