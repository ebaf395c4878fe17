"""Lesson 07, reading a health article: its exercise (07.1), the claims its demo
grades, and the worksheet's verdict table."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..knowledge import claims
from .checking import Exercise, Names, read_names
from .spec import DataTable, LessonSpec

EXPECTS_07_1 = (
    'give the claims\' ids (e.g. ["C01", "C02"]) or the rows of the claims table'
)
# The claims the lesson's demo asks students to grade, in its order
# (``tl.lessons.activities.claim_verdicts(...)`` in the notebook; tests/test_course.py checks).
DEMO_CLAIMS = ("C08", "C17", "C22", "C14", "C13", "C29")


WEAK_VERDICTS = ("contested", "not supported")


@cache
def claim_ids() -> Names:
    """The claims by id (``C08``, in any case), for reading answers."""
    return Names(claims(), ("claim",), "claim id", "claims")


@cache
def weak_claims() -> tuple[str, ...]:
    """The ids of the claims graded contested or not supported.

    >>> all(c.startswith("C") for c in weak_claims())
    True
    """
    table = claims()
    return tuple(table[table.verdict.isin(WEAK_VERDICTS)].claim)


def judge_07_1(answer: Any) -> tuple[bool, str]:
    """Exercise 07.1: the claims the evidence does not back."""
    given = read_names(answer, claim_ids(), EXPECTS_07_1)
    right = list(weak_claims())
    verdicts = claims().set_index("claim").verdict
    missing = [c for c in right if c not in given]
    extra = [c for c in given if c not in right]
    if not missing and not extra:
        return True, (
            f"{len(right)} claims ({', '.join(right)}): read each one's evidence"
            " and the source it cites before you rewrite it."
        )
    if not given:
        return False, (
            "no claim passed your filter. The verdicts are written in lowercase:"
            " 'contested' and 'not supported' (with a space)."
        )
    if len(set(given)) == len(verdicts):
        return False, "that is every claim: your filter kept every row."
    for verdict in WEAK_VERDICTS:
        if set(given) == {c for c in right if verdicts[c] == verdict}:
            other = next(v for v in WEAK_VERDICTS if v != verdict)
            return False, (
                f"you found the {verdict} claims; the claims graded {other} count too"
                f" (written '{other}', in lowercase"
                + (", with a space)." if " " in other else ").")
            )
    parts = []
    if missing:
        found = {verdicts[c] for c in given if c in right}
        unfound = [
            v
            for v in WEAK_VERDICTS
            if v in {verdicts[c] for c in missing} and v not in found
        ]
        hint = (
            f" (the claims graded {' and '.join(unfound)} count too)" if unfound else ""
        )
        parts.append(
            f"{len(missing)} {'claim is' if len(missing) == 1 else 'claims are'}"
            f" missing{hint}"
        )
    if extra:
        graded = ", ".join(f"{c} is graded {verdicts[c]}" for c in extra)
        parts.append(f"{graded}: only contested and not supported claims count")
    return False, "; ".join(parts) + "."


def worksheet_tables() -> list[DataTable]:
    """Predict each demo claim's verdict, then check it against the evidence."""
    table = claims().set_index("claim")
    rows = tuple(
        (cid, str(table.loc[cid, "statement"]), "", str(table.loc[cid, "verdict"]))
        for cid in DEMO_CLAIMS
        if cid in table.index
    )
    return [
        DataTable(
            "Predict the verdict, then check it",
            "Before you read the evidence, write the verdict you expect"
            " (supported, simplified, contested, not supported); then check.",
            ("claim", "the article says", "I predict", "the evidence says"),
            3,
            rows,
        )
    ]


LESSON = LessonSpec(
    number=7,
    notebook="07_reading_a_health_article.ipynb",
    exercises=(
        Exercise(
            "07.1",
            "The claims the evidence does not back",
            EXPECTS_07_1,
            (
                "tl.claims().query(\"verdict == 'contested'\") keeps the contested claims.",
                "verdict in ['contested', 'not supported'] matches either verdict.",
                "Step by step: weak = tl.claims().query(\"verdict in ['contested',"
                " 'not supported']\") keeps those claims; weak.claim holds their ids,"
                " and answer = weak (the table) works too.",
            ),
            judge_07_1,
            lambda: ", ".join(weak_claims()),
        ),
    ),
    demos=("07.demo.claim-verdicts",),
    tables=worksheet_tables,
    choices={"07.think.wrong-or-unproven": ("Wrong", "Only unproven")},
    right_choices={"07.think.wrong-or-unproven": "Only unproven"},
    # Two rewritten claims, a sentence or two each.
    answer_lines={"07.question.rewrite": 10},
)
