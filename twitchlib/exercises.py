"""Exercises that check themselves: ``tl.check("03.1", answer)``.

Each lesson's exercise has an id (``"03.1"``: lesson 03, exercise 1). Its judge,
hints and right answer live in the lesson's module (``twitchlib/lessons/lesson_03.py``);
this module is the public name the lessons and older code use. A check says whether
the answer is right and why, or what is wrong, with a ladder of three hints and then
a worked solution, and never raises. Right answers are computed from the model when a check
runs, and every check is recorded in the student's answer file
(:mod:`twitchlib.answers`).

>>> import twitchlib as tl
>>> tl.check("03.1", ...).status
'unanswered'
"""

from __future__ import annotations

from .lessons.checking import TRIES_BEFORE_SOLUTION, CheckResult, Exercise, Unreadable
from .lessons.course import EXERCISES, check, exercise, exercises
from .lessons.lesson_01 import DEHYDRATION_ASKS

__all__ = [
    "DEHYDRATION_ASKS",
    "EXERCISES",
    "CheckResult",
    "Exercise",
    "TRIES_BEFORE_SOLUTION",
    "Unreadable",
    "check",
    "exercise",
    "exercises",
]
