"""Make a folder of exit tickets from an imaginary class, through the students' own code paths.

Usage: python tools/sample_class.py OUT_FOLDER [--lesson 3] [--students 12] [--seed 1]

Each imaginary student answers the lesson's quiz (as the quiz widget announces it),
tries the exercise with ``tl.check`` (some wrong first), gives reasons in lesson 05, and
saves an exit ticket with ``tl.save_exit_ticket``. One student saves twice, and the
folder also gets a damaged ticket and a foreign file, as real collections do. Used for
the class report shown in docs/teacher-guide.md and by tests.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import twitchlib as tl  # noqa: E402
import twitchlib.lessons.activities  # noqa: E402,F401  (judge_case, as the case widget uses it)
from twitchlib import answers  # noqa: E402
from twitchlib.exercises import exercises  # noqa: E402

NAMES = [
    "Ada",
    "Ben",
    "Chloé",
    "Dev",
    "Eli",
    "Fatima",
    "Goran",
    "Hana",
    "Ivo",
    "Jun",
    "Kemal",
    "Lena",
    "Mo",
    "Nia",
    "Oskar",
    "Priya",
]
WRONG_TRIES = {
    "03.1": [5, 9, 0.3],
    "05.1": [["Stress and anxiety"], ["Magnesium deficiency"]],
    "06.1": [0.05, 0.5],
    "00.1": [0.5],
    "01.1": [("up", "up", "up")],
    "07.1": [["C08"]],
    "02.1": [["Dehydration"]],
    "04.1": [["Almonds, dry roasted"]],
}
REASONS = {
    "magnesium_deficiency": "it comes at rest, with tiredness and poor appetite",
    "dehydration": "it came right after the run in the heat, with thirst",
    "stress_anxiety": "they were anxious and breathing fast",
    "excessive_caffeine": "six cups of coffee a day",
    "tight_footwear": "only in the new narrow shoes",
    "diuretic_side_effect": "it started with the new water tablet",
}


def make_class(out: Path, lesson: int = 3, students: int = 12, seed: int = 1) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    quiz = tl.load_table("quiz")
    questions = [
        (qid, rows)
        for qid, rows in quiz[quiz.lesson == lesson].groupby("question_id", sort=False)
    ]
    solutions = _solutions()
    with tempfile.TemporaryDirectory() as scratch:
        for number, name in enumerate(NAMES[:students]):
            os.environ["TWITCHLIB_ANSWERS"] = str(Path(scratch) / f"{number}.jsonl")
            tl.begin_lesson(lesson)
            skill = rng.random()
            for qid, rows in questions:
                tries = 1 + (rng.random() > skill) + (rng.random() > 0.8)
                for attempt in range(tries):
                    right = attempt == tries - 1 and rng.random() < 0.5 + skill / 2
                    pool = rows[rows.correct] if right else rows[~rows.correct]
                    option = pool.option.iloc[rng.randrange(len(pool))]
                    answers.record(lesson, "quiz", qid, option, bool(right))
            if lesson == 5:
                cases = tl.load_table("cases")
                for case in cases.itertuples():
                    choice = (
                        case.best_fit
                        if rng.random() < 0.6 + skill / 3
                        else rng.choice([o for o in case.options if o != case.best_fit])
                    )
                    sound = tl.lessons.activities.judge_case(case.case, choice)[0]
                    answers.record(5, "case", case.case, choice, sound)
                    reason = REASONS.get(choice, "it seemed the most likely")
                    answers.record(5, "reason", case.case, reason, None)
            for exercise in exercises(lesson):
                wrong = WRONG_TRIES.get(exercise.exercise_id, [])
                for answer in wrong[: rng.randrange(len(wrong) + 1)]:
                    tl.check(exercise.exercise_id, answer)
                if rng.random() < 0.4 + skill / 2:
                    tl.check(exercise.exercise_id, solutions[exercise.exercise_id])
            tl.save_exit_ticket(lesson, name, folder=out)
            if number == 2:  # saved again after one more quiz answer: a duplicate
                qid, rows = questions[0]
                answers.record(
                    lesson, "quiz", qid, rows.option.iloc[0], bool(rows.correct.iloc[0])
                )
                path = tl.save_exit_ticket(lesson, name.upper(), folder=out)
                path.rename(path.with_name(path.stem + "-again.json"))
    os.environ.pop("TWITCHLIB_ANSWERS", None)
    (out / f"exit-ticket_lesson{lesson:02d}_Quinn.json").write_text(
        '{"format": "twitchlib exit ticket", "version": 1, "lesson": ', encoding="utf-8"
    )
    (out / "notes from the lesson.txt").write_text(
        "Remember the projector cable.\n", encoding="utf-8"
    )


def _solutions() -> dict:
    import numpy as np

    from twitchlib import nerve

    curve = tl.sweep("stress", range(11), base={"caffeine_mg_per_day": 400})
    magnesium = np.round(np.arange(0.0, 1.5, 0.05), 2)
    causes = tl.causes()
    foods = tl.foods()
    dry = tl.propagate({"hydration": "down"})
    low = tl.assess(tl.Scenario(stress=2)).likelihood
    high = tl.assess(tl.Scenario(stress=8)).likelihood
    return {
        "00.1": high - low,
        "01.1": (dry["electrolyte_balance"], dry["muscle_fatigue"], dry["twitching"]),
        "07.1": tl.claims().query("verdict in ['contested', 'not supported']"),
        "02.1": causes[causes.typical_timing.str.contains("exercise|standing")],
        "03.1": curve[curve.likelihood > 0.30].stress.min(),
        "04.1": foods[foods.percent_dv >= 15].sort_values(
            "mg_per_serving", ascending=False
        ),
        "05.1": ["Stress and anxiety", "Too much caffeine"],
        "06.1": magnesium[~nerve.fires_spontaneously(0.8, magnesium)].min(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lesson", type=int, default=3)
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    make_class(args.out, args.lesson, args.students, args.seed)
    print(f"{len(list(args.out.iterdir()))} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
