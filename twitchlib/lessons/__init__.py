"""The lessons layer: one module per lesson, the registry, and the notebook reader.

- ``lesson_00.py`` … ``lesson_07.py``: what is particular to each lesson (its
  exercises with their judges and hints, its worksheet tables, its demos), with the
  title and time from ``data/lessons.csv``;
- :mod:`.course`: the registry (:func:`registry`, :func:`lesson`) and :func:`check`;
- :mod:`.checking` and :mod:`.reading`: the ladder of hints and a worked solution,
  and the readers that say what a student's answer is when it is not what is asked;
- :mod:`.notebook`: :func:`read_notebook`, the one reader of lesson notebooks;
- :mod:`.authoring`: checks that a lesson's wording and tags agree.

How to add a lesson: ``docs/adding-a-lesson.md``.

>>> from twitchlib.lessons import lesson
>>> [e.exercise_id for e in lesson(3).exercises]
['03.1']
"""

from .checking import CheckResult, Exercise, Unreadable
from .course import (
    EXERCISES,
    LESSONS,
    check,
    exercise,
    exercises,
    lesson,
    lesson_for_notebook,
    registry,
)
from .notebook import LessonNotebook, read_notebook
from .spec import DataTable, LessonSpec

__all__ = [
    "EXERCISES",
    "LESSONS",
    "CheckResult",
    "DataTable",
    "Exercise",
    "LessonNotebook",
    "LessonSpec",
    "Unreadable",
    "check",
    "exercise",
    "exercises",
    "lesson",
    "lesson_for_notebook",
    "read_notebook",
    "registry",
]
