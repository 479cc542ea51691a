-- The bridge-to-thrust catalog: the seven stages in order, with the numbers
-- the progression engine reads (dose, load kind, what qualifies for moving up)
-- and the words the stage page shows (setup, tempo, rules, cues, mistakes).
-- cues and mistakes hold one item per line; a mistake reads "mistake: fix".
CREATE TABLE stages (
  id INTEGER PRIMARY KEY NOT NULL,          -- stage number 1..7
  name TEXT NOT NULL,
  summary TEXT NOT NULL,                    -- one sentence: what the stage teaches
  setup TEXT NOT NULL,
  sets INTEGER NOT NULL,
  reps_low INTEGER NOT NULL,
  reps_high INTEGER NOT NULL,
  per_leg BOOLEAN NOT NULL,
  hold_seconds INTEGER NOT NULL,
  tempo TEXT NOT NULL,                      -- e.g. "1 s up, 2 s squeeze, 2 s down"
  load_kind TEXT NOT NULL CHECK (load_kind IN ('bodyweight','dumbbell','barbell','strength')),
  load_rule TEXT NOT NULL,                  -- plain words
  advance_reps INTEGER NOT NULL,            -- reps per set (per leg where per_leg) that qualify
  qualifying_sessions INTEGER NOT NULL,     -- consecutive qualifying sessions (2); 0 for the last stage
  coach_confirms BOOLEAN NOT NULL,          -- true: never auto-advance, the coach confirms
  advance_rule TEXT NOT NULL,               -- plain words, say where it is the coach's choice
  cues TEXT NOT NULL,                       -- one cue per line
  mistakes TEXT NOT NULL                    -- one per line, "mistake: fix"
);

INSERT INTO stages (id, name, summary, setup, sets, reps_low, reps_high, per_leg,
  hold_seconds, tempo, load_kind, load_rule, advance_reps, qualifying_sessions,
  coach_confirms, advance_rule, cues, mistakes) VALUES
(1, 'Floor glute bridge',
 'Learn to straighten the hips with the glutes, not by arching the lower back, before any weight goes on.',
 'Lie on your back with knees bent and feet flat on the floor, about hip-width apart; shoulders stay down on the floor.',
 3, 20, 20, FALSE, 2,
 '1 s up, 2 s squeeze, 2 s down',
 'bodyweight',
 'Bodyweight only: nothing is added at this stage.',
 20, 2, FALSE,
 'Move up after 2 sessions in a row with all 3 sets of 20, each with the 2 s squeeze, felt in the glutes and with no pain. A coach may also move you by hand.',
 'Press through your heels.
Tuck the pelvis a little, then lift.
Hold the top and squeeze for 2 s.
Keep the ribs down.
Chin tucked, eyes forward, not at the ceiling.',
 'Arching the lower back at the top: stop when hips and torso form a line, and tuck the pelvis.
Feet too far from the hips: bring them in so the hamstrings do not take over.
Pushing through the toes: drive through the heels so the quads do not take over.
Dropping straight back down: pause and squeeze at the top to keep the tension.'),

(2, 'Single-leg glute bridge',
 'Make each side do the work on its own, so one strong leg cannot cover for a weak one.',
 'Same position as the floor bridge, but lift one foot off the floor and keep only the working foot down; do every set on both sides.',
 3, 15, 20, TRUE, 0,
 '1 s up, a short squeeze, 2 s down',
 'bodyweight',
 'Bodyweight only: nothing is added at this stage.',
 15, 2, FALSE,
 'Move up after 2 sessions in a row with 3 sets of 15 on each leg, felt in the glutes and with no pain. Working up to 20 per leg is allowed; a coach may also move you by hand.',
 'Drive through the heel of the working foot.
Keep the hips level; do not let one side sag.
Tuck the pelvis, then lift.
Keep the ribs down.
Chin tucked, eyes forward.',
 'Hips tilting to one side: slow down and keep both hip bones at the same height.
Arching the lower back at the top: stop when hips and torso line up, and tuck the pelvis.
Working foot too far out: bring it closer so the hamstring does not take over.
Pushing through the toes: drive through the heel instead.'),

(3, 'Bodyweight hip thrust',
 'Learn the hip-thrust position on a bench, with a longer range of motion than the floor allows, still without weight.',
 'Rest your upper back on a bench about 16 in (40 cm) high so the lower edge of the shoulder blades is the pivot; knees bent, feet flat, about hip-width apart.',
 3, 20, 20, FALSE, 1,
 '1 s up, 1 s pause, 2 s down',
 'bodyweight',
 'Bodyweight only: nothing is added at this stage.',
 20, 2, FALSE,
 'Move up after 2 sessions in a row with 3 sets of 20, each rep paused for 1 s at the top, felt in the glutes and with no pain. A coach may also move you by hand.',
 'Lower edge of the shoulder blades on the bench.
Drive through the heels.
Tuck, then thrust.
Shins vertical at the top.
Pause for 1 s and squeeze.
Ribs down, chin tucked, eyes forward.',
 'Arching the lower back at the top: stop when hips line up with the torso, and tuck the pelvis.
Bench too high or too low: pivot on the lower edge of the shoulder blades; stand on blocks if needed.
Looking up at the ceiling: keep the chin tucked to spare the neck and keep tension.
Feet too far forward: bring them in so the hamstrings do not take over.
Skipping the pause: hold each rep for 1 s at the top.'),

(4, 'Single-leg hip thrust',
 'Build control and strength on each side from the bench before a weight is added.',
 'Same bench setup as the bodyweight hip thrust, with only the working foot on the floor; do every set on both sides.',
 3, 8, 12, TRUE, 3,
 '1 s up, 3 s hold, 2 s down',
 'bodyweight',
 'Bodyweight only: nothing is added at this stage.',
 12, 2, FALSE,
 'Move up after 2 sessions in a row with 3 sets of 12 on each leg, each rep held for 3 s at the top, with no pain. The coach may move you up earlier.',
 'Lower edge of the shoulder blades on the bench.
Drive through the heel of the working foot.
Keep the hips level.
Tuck, then thrust.
Hold the top for 3 s.
Ribs down, chin tucked.',
 'Hips tilting to one side: keep both hip bones at the same height, shorten the range if needed.
Arching the lower back at the top: stop when hips line up with the torso, and tuck the pelvis.
Cutting the hold short: count the full 3 s before lowering.
Bench at the wrong height: pivot on the lower edge of the shoulder blades.'),

(5, 'Dumbbell or kettlebell hip thrust',
 'Add the first outside load while keeping the same clean hip extension learned without weight.',
 'Same bench setup as the bodyweight hip thrust, with one dumbbell or kettlebell held across the hips.',
 3, 10, 15, FALSE, 0,
 '1 s up, a short squeeze, 2 s down',
 'dumbbell',
 'The coach picks the weight (20 lb / 10 kg is the usual start). Go up one weight, 5 lb (2.5 kg), once every set reaches 15 reps with good form.',
 15, 2, TRUE,
 'Ready when 2 sessions in a row reach 3 sets of 15 with good form and no pain; the coach checks the form and confirms the move, it never happens by itself.',
 'Hold the weight steady on the hips with both hands.
Lower edge of the shoulder blades on the bench.
Drive through the heels.
Tuck, then thrust.
Ribs down, chin tucked, eyes forward.',
 'Arching the lower back at the top: stop when hips line up with the torso, and tuck the pelvis.
Weight sliding toward the belly: keep it in the hip crease and hold it there.
Pushing through the toes: drive through the heels so the quads do not take over.
Rushing the reps: keep the squeeze at the top even as the reps climb.'),

(6, 'Barbell hip thrust',
 'Load the hip thrust with a barbell and earn every added pound with clean sets.',
 'Same bench setup as the bodyweight hip thrust, with a barbell resting in the hip crease on a thick pad.',
 5, 5, 5, FALSE, 0,
 '1 s up, a short squeeze, 2 s down',
 'barbell',
 'Start with the empty bar, 45 lb (20 kg). Add 5 lb (2.5 kg) only after all 5 sets of 5 were done with good form and no pain, and never more than 10 lb (5 kg) in any 7 days. Use a thick pad from 135 lb (60 kg) on.',
 5, 2, FALSE,
 'Ready for the strength phase after 2 sessions in a row of 5 sets of 5 above 225 lb (100 kg) with good form and no pain. A coach may also move you by hand.',
 'Bar in the hip crease, on a pad.
Lower edge of the shoulder blades on the bench.
Drive through the heels.
Tuck, then thrust.
Shins vertical at the top.
Ribs down, chin tucked, eyes forward.',
 'Bar rolling up toward the belly: use a pad and keep the bar in the hip crease.
Arching the lower back at the top: the weight is too heavy; stop when hips line up with the torso, and tuck the pelvis.
No pause at the top: squeeze before lowering so the glutes keep the tension.
Looking up: keep the chin tucked to spare the neck.
Adding weight after a messy session: repeat the load until all 5 sets of 5 are clean.'),

(7, 'Strength phase',
 'Keep building hip strength with heavier, lower-rep work and variations the coach rotates.',
 'Same setup as the barbell hip thrust; the coach may add a band above the knees, a slow lowering, a long pause or single-leg work.',
 5, 3, 3, FALSE, 0,
 '1 s up, a short squeeze, 2 s down',
 'strength',
 'Heavy loads chosen with the coach, under the same limit: no more than 10 lb (5 kg) added in any 7 days.',
 3, 0, TRUE,
 'This is the last stage; there is nothing to move up to. The coach changes the variations.',
 'Bar in the hip crease, on a pad.
Drive through the heels.
Tuck, then thrust.
Pause and squeeze at the top.
Ribs down, chin tucked, eyes forward.',
 'Chasing weight with an arched back: that trains the lower back, not the hips; lower the load and tuck the pelvis.
Knees caving in: push the knees out against the band.
Skipping the single-leg work: keep some for each side as upkeep for the lower back.
Bar rolling up the belly: pad it and keep it in the hip crease.');
