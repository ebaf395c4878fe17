"""A student's progress across the lessons, and the exit ticket that hands it in.

- :func:`begin_lesson` notes in the answer file that a lesson was opened (each lesson's
  first code cell calls it).
- :func:`progress` shows a checklist: lessons opened, quiz questions answered, exercises
  solved, from the answer file in the student's folder (:mod:`twitchlib.answers`).
- :func:`exit_ticket` shows a name box and a button that saves the lesson's answers to
  one file, ``exit-ticket_lesson03_Ada-Lovelace.json``, in the student's folder. The
  student hands the file in through the school's usual channel (a shared drive, the
  learning platform). The name the student typed is the only personal data in it.
- :func:`read_ticket` reads a ticket back, with a clear :class:`TicketError` for a file
  that is not one; the class report (``twitchlib class-report``) uses it.

A ticket keeps, for each question, the first try (the one a teacher scores, so a
student who was wrong and then right is not counted right first time), the last try,
the number of tries and the tries themselves. Version 1 tickets, which kept only the
last answer, are still read: their answer is the only known try.

>>> import tempfile
>>> from pathlib import Path
>>> path = save_exit_ticket(3, "Ada Lovelace", folder=tempfile.mkdtemp())
>>> path.name
'exit-ticket_lesson03_Ada-Lovelace.json'
>>> read_ticket(path).name
'Ada Lovelace'
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import answers as _answers
from ._data import load_table

TICKET_FORMAT = "twitchlib exit ticket"
# Version 2 keeps every try (the first is the one that is scored); version 1 kept only
# the last answer and a count, and is still read (see :func:`read_ticket`).
TICKET_VERSION = 2
READABLE_VERSIONS = (1, 2)
MAX_NAME_CHARS = 60
MAX_TICKET_BYTES = 1_000_000
# A student who keeps pressing Check must not grow the ticket without end: the first
# MAX_TRIES_KEPT - 1 tries and the last are kept, and ``attempts`` still counts them all.
MAX_TRIES_KEPT = 20
# Kinds that have a right answer; a reason or a prediction is kept as text only.
JUDGED_KINDS = ("quiz", "exercise", "case")


class TicketError(ValueError):
    """A file handed in as an exit ticket is not a readable twitchlib exit ticket."""


@dataclass(frozen=True)
class TicketTry:
    """One try at a question: the answer given and whether it was right (None where
    the question has no right answer, such as a reason)."""

    answer: str
    correct: bool | None


@dataclass(frozen=True)
class TicketAnswer:
    """One question in a ticket: its first try (the one that is scored), its last, and
    every try in between.

    ``first_try_right`` is True, False, or None where the question has no right answer
    or the first try is not known; ``attempts`` counts every try, ``tries`` keeps them
    (at most :data:`MAX_TRIES_KEPT`: the first ones and the last). "Show the answer"
    counts as a try that was not right. ``history_known`` is False for a version 1
    ticket, which kept only the last answer: then that answer is the only known try,
    and the first is known only when there was one try.
    """

    kind: str
    question: str
    first_answer: str | None
    first_try_right: bool | None
    last_answer: str
    last_right: bool | None
    attempts: int
    tries: tuple[TicketTry, ...]
    history_known: bool = True

    @property
    def answer(self) -> str:
        """The last answer given (what version 1 tickets held)."""
        return self.last_answer

    @property
    def correct(self) -> bool | None:
        """Whether the last answer was right."""
        return self.last_right

    def as_record(self) -> dict:
        """The answer as it is written in a version 2 ticket."""
        return {
            "kind": self.kind,
            "question": self.question,
            "first_answer": self.first_answer,
            "first_try_right": self.first_try_right,
            "last_answer": self.last_answer,
            "last_right": self.last_right,
            "attempts": self.attempts,
            "tries": [{"answer": t.answer, "correct": t.correct} for t in self.tries],
        }


@dataclass(frozen=True)
class Ticket:
    """An exit ticket: lesson number, the name the student typed, when, the answers,
    and the ticket's format version (1: only last answers kept; 2: every try)."""

    lesson: int
    name: str
    saved: str
    answers: tuple[TicketAnswer, ...]
    version: int = TICKET_VERSION
    # The class server's page id (tickets saved there carry one): two students who
    # typed the same name are still two students.
    student_id: str | None = None


def lessons():
    """The lessons table (number, notebook, title, minutes, curriculum links)."""
    return load_table("lessons")


def _lesson_number(lesson: int | str) -> int:
    try:
        number = int(str(lesson).strip())
    except ValueError:
        raise ValueError(
            f"lesson must be a lesson number such as 3 or '03'; got {lesson!r}"
        ) from None
    known = lessons().lesson.tolist()
    if number not in known:
        raise ValueError(
            f"lesson must be one of {', '.join(f'{n:02d}' for n in known)};"
            f" got {lesson!r}"
        )
    return number


class _Line(str):
    """Text that shows as itself (no quotes) as a cell's result."""

    def __repr__(self) -> str:
        return str(self)


def begin_lesson(lesson: int | str) -> str:
    """Note that a lesson was opened; returns a line saying where answers are kept.

    >>> begin_lesson(3).startswith("Lesson 03")
    True
    """
    number = _lesson_number(lesson)
    _answers.record(number, "opened", f"{number:02d}", "", None)
    path = _answers.answers_file()
    if _answers.in_class():
        where = "your answers are kept by the class server, for this page only"
    elif path is not None:
        where = (
            f"your answers are saved on this computer in {path.name}, in this folder"
        )
    else:
        where = "answers are not being saved (recording is off)"
    title = lessons().set_index("lesson").loc[number, "title"]
    return _Line(f"Lesson {number:02d} · {title}: {where}.")


def _quiz_questions() -> dict[int, list[str]]:
    quiz = load_table("quiz")
    return {
        int(lesson): list(dict.fromkeys(rows.question_id))
        for lesson, rows in quiz.groupby("lesson")
    }


def _case_names() -> list[str]:
    return load_table("cases").case.tolist()


class Progress:
    """The checklist shown by :func:`progress`; ``table`` is a pandas DataFrame."""

    def __init__(self, table):
        self.table = table

    def __repr__(self) -> str:
        return self.table.to_string(index=False)

    def _repr_html_(self) -> str:
        return (
            "<p><b>Your progress</b> (from the answer file in this folder)</p>"
            + self.table.to_html(index=False, escape=True)
        )


def progress() -> Progress:
    """A checklist across lessons: opened, quiz questions answered (and how many were
    right at the first try, as the exit ticket scores them), exercises solved.

    >>> list(progress().table.columns)
    ['lesson', 'title', 'opened', 'quiz answered', 'quiz right first time', 'exercises solved']
    """
    import pandas as pd

    from .exercises import exercises

    recorded = _answers.answers()
    quiz = _quiz_questions()
    rows = []
    for lesson in lessons().itertuples():
        mine = [a for a in recorded if a.lesson == lesson.lesson]
        questions = quiz.get(lesson.lesson, [])
        first: dict[str, _answers.Answer] = {}
        for a in mine:  # oldest first: the first answer to each question stays
            if a.kind == "quiz":
                first.setdefault(a.question, a)
        solved = {a.question for a in mine if a.kind == "exercise" and a.correct}
        wanted = [e.exercise_id for e in exercises(lesson.lesson)]
        rows.append(
            {
                "lesson": f"{lesson.lesson:02d}",
                "title": lesson.title,
                "opened": "yes" if any(a.kind == "opened" for a in mine) else "not yet",
                "quiz answered": f"{len([q for q in questions if q in first])} of {len(questions)}",
                "quiz right first time": f"{len([q for q in questions if q in first and first[q].correct])}"
                f" of {len(questions)}",
                "exercises solved": f"{len([e for e in wanted if e in solved])} of {len(wanted)}",
            }
        )
    return Progress(pd.DataFrame(rows))


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name, flags=re.UNICODE).strip("-_")


def _clean_name(name: object) -> str:
    if not isinstance(name, str):
        raise ValueError("name must be text: the name you want your teacher to see")
    cleaned = " ".join(name.split())
    if not _slug(cleaned):
        raise ValueError(
            "name must not be empty: type the name your teacher knows you by"
        )
    if len(cleaned) > MAX_NAME_CHARS:
        raise ValueError(
            f"name must be at most {MAX_NAME_CHARS} characters; got {len(cleaned)}"
        )
    return cleaned


def _kept(tries: list[TicketTry]) -> tuple[TicketTry, ...]:
    if len(tries) <= MAX_TRIES_KEPT:
        return tuple(tries)
    return tuple(tries[: MAX_TRIES_KEPT - 1]) + (tries[-1],)


def ticket_answers(lesson: int | str, name: str | None = None) -> list[TicketAnswer]:
    """Each question of the lesson the student answered: first try, last try, every try.

    With ``name`` (the name on the ticket), answers that a ticket handed in under
    another name on this login took with it are left out: they are that student's.

    Questions come in the order they were first answered. The first try is the one a
    teacher scores; "Show the answer" was recorded by the quiz as a try that was not
    right, so it counts as one.

    >>> import os, tempfile
    >>> from twitchlib import answers
    >>> before = os.environ.get("TWITCHLIB_ANSWERS")
    >>> os.environ["TWITCHLIB_ANSWERS"] = os.path.join(tempfile.mkdtemp(), "a.jsonl")
    >>> _ = answers.record(3, "quiz", "q3_normal", "The likelihood jumps", False)
    >>> _ = answers.record(3, "quiz", "q3_normal", "Nothing", True)
    >>> [(a.first_try_right, a.last_right, a.attempts) for a in ticket_answers(3)]
    [(False, True, 2)]
    >>> if before is None:
    ...     del os.environ["TWITCHLIB_ANSWERS"]
    ... else:
    ...     os.environ["TWITCHLIB_ANSWERS"] = before
    """
    number = _lesson_number(lesson)
    recorded = _answers.answers(lesson=number)
    if name is not None:
        # A login several students share (a lab's one account): each ticket handed
        # in closes a stretch of answers that is its student's; this ticket holds
        # the stretches its name closed and the one still open.
        mine, kept, stretch = _slug(_clean_name(name)).lower(), [], []
        for entry in recorded:
            if entry.kind != _answers.HANDED_IN:
                stretch.append(entry)
                continue
            if _slug(entry.answer).lower() == mine:
                kept += stretch
            stretch = []
        recorded = kept + stretch
    tries: dict[tuple[str, str], list[TicketTry]] = {}
    for entry in recorded:
        if entry.kind in ("opened", _answers.HANDED_IN):
            continue
        correct = entry.correct if entry.kind in JUDGED_KINDS else None
        tries.setdefault((entry.kind, entry.question), []).append(
            TicketTry(entry.answer, correct)
        )
    return [
        TicketAnswer(
            kind,
            question,
            given[0].answer,
            given[0].correct,
            given[-1].answer,
            given[-1].correct,
            len(given),
            _kept(given),
        )
        for (kind, question), given in tries.items()
    ]


def save_exit_ticket(
    lesson: int | str, name: str, folder: str | Path | None = None
) -> Path:
    """Write the lesson's exit ticket; returns its path.

    ``lesson`` is the lesson number; ``name`` the student's name as typed (at most 60
    characters); ``folder`` defaults to the current folder (the notebook's).
    """
    number = _lesson_number(lesson)
    cleaned = _clean_name(name)
    ticket = {
        "format": TICKET_FORMAT,
        "version": TICKET_VERSION,
        "lesson": number,
        "name": cleaned,
        "saved": datetime.now(UTC).isoformat(timespec="seconds"),
        "answers": [a.as_record() for a in ticket_answers(number, cleaned)],
    }
    stem = f"exit-ticket_lesson{number:02d}_{_slug(cleaned)}"
    page = _answers.class_student_id()
    if page is not None:
        # In the class server every page saves into one folder: the page's own id in
        # the name keeps two students who type the same name from replacing each
        # other's ticket. The store keeps it too, under the page's secret.
        stem += f"_{page[:8]}"
        ticket["student_id"] = page
        try:
            _answers.save_class_ticket(number, cleaned, ticket)
        except ValueError as problem:  # the store refused it: say why, save nothing
            raise ValueError(f"the class server did not keep it: {problem}") from None
    path = Path(folder or Path.cwd()) / f"{stem}.json"
    path.write_text(json.dumps(ticket, ensure_ascii=False, indent=1), encoding="utf-8")
    if page is None:  # the class server keeps each page apart already
        _answers.record(number, _answers.HANDED_IN, f"{number:02d}", cleaned, None)
    return path


def exit_ticket(lesson: int | str):
    """The end-of-lesson box: type your name, press Save, hand in the file it names."""
    import ipywidgets as w

    number = _lesson_number(lesson)
    intro = w.HTML(
        "<p><b>Exit ticket.</b> Type your name and press <b>Save my exit ticket</b>."
        " Your answers to this lesson are written to one file in this folder: hand it"
        " in as your teacher asks or, studying alone, keep it as a record of your"
        " work. Nothing is sent anywhere, and your name is the only personal detail"
        " in it.</p>"
    )
    name = w.Text(
        description="Your name",
        placeholder="as your teacher knows you",
        style={"description_width": "initial"},
    )
    button = w.Button(description="Save my exit ticket", tooltip="Save my exit ticket")
    status = w.HTML()

    def on_click(_):
        try:
            path = save_exit_ticket(number, name.value)
        except (ValueError, OSError) as problem:
            status.value = (
                f"<p role='alert'>Not saved: {html.escape(str(problem))}.</p>"
            )
            return
        count = len(ticket_answers(number, name.value))
        status.value = (
            f"<p role='status'>Saved {count} answer{'' if count == 1 else 's'} to"
            f" <b>{html.escape(path.name)}</b> in this folder.</p>"
        )

    button.on_click(on_click)
    return w.VBox([intro, name, button, status])


def read_ticket(path: str | Path) -> Ticket:
    """Read and check one exit ticket; a file that is not one raises :class:`TicketError`.

    The message names the file and what is wrong with it.
    """
    path = Path(path)

    def fail(reason: str) -> TicketError:
        return TicketError(f"{path.name}: {reason}")

    try:
        if path.stat().st_size > MAX_TICKET_BYTES:
            raise fail(
                f"larger than {MAX_TICKET_BYTES // 1000} kB, so not an exit ticket"
            )
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as problem:
        raise fail(f"cannot be read ({problem.strerror})") from None
    except UnicodeDecodeError:
        raise fail("not a text file, so not an exit ticket") from None
    except json.JSONDecodeError as problem:
        raise fail(
            f"not valid JSON (line {problem.lineno}): damaged or not an exit ticket"
        ) from None
    if not isinstance(data, dict) or data.get("format") != TICKET_FORMAT:
        raise fail("not a twitchlib exit ticket (no 'format' marker)")
    version = data.get("version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        raise fail(
            f"exit ticket version {version!r}; this twitchlib reads versions"
            f" {' and '.join(str(v) for v in READABLE_VERSIONS)}"
        )
    lesson = data.get("lesson")
    if not isinstance(lesson, int) or isinstance(lesson, bool) or not 0 <= lesson <= 99:
        raise fail(f"'lesson' must be a lesson number 0-99; got {lesson!r}")
    try:
        name = _clean_name(data.get("name"))
    except ValueError as problem:
        raise fail(str(problem)) from None
    items = data.get("answers")
    if not isinstance(items, list):
        raise fail("'answers' must be a list")
    read_answer = _version_1_answer if version == 1 else _version_2_answer
    parsed = []
    for index, item in enumerate(items, start=1):
        try:
            parsed.append(read_answer(item))
        except TicketError as problem:
            raise fail(f"answer {index} {problem}") from None
    page = data.get("student_id")
    return Ticket(
        lesson,
        name,
        str(data.get("saved", "")),
        tuple(parsed),
        version,
        page if isinstance(page, str) and page else None,
    )


def _judgement(value: object, kind: str, what: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise TicketError(f"has a '{what}' that is not true, false or null")
    if kind not in JUDGED_KINDS and value is not None:
        raise TicketError(
            f"is a {kind}, which has no right answer, but its '{what}' is {value!r}"
        )
    return value


def _kind(item: object) -> str:
    if not isinstance(item, dict):
        raise TicketError("is not a record of an answer")
    kind = item.get("kind")
    kinds = [k for k in _answers.KINDS if k not in ("opened", _answers.HANDED_IN)]
    if kind not in kinds:
        raise TicketError(
            f"has an unknown kind {kind!r}; the kinds are {', '.join(kinds)}"
        )
    return kind


def _count(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise TicketError(
            f"has 'attempts' {value!r}; it must be a whole number, 1 or more"
        )
    return value


def _version_1_answer(item: object) -> TicketAnswer:
    """A version 1 answer: only the last answer and a count; it is the only known try."""
    if not isinstance(item, dict) or not {
        "kind",
        "question",
        "answer",
        "correct",
        "attempts",
    } <= set(item):
        raise TicketError("lacks kind, question, answer, correct or attempts")
    kind = _kind(item)
    correct = _judgement(item["correct"], kind, "correct")
    attempts = _count(item["attempts"])
    answer = str(item["answer"])
    single = attempts == 1
    return TicketAnswer(
        kind,
        str(item["question"]),
        answer if single else None,
        correct if single else None,
        answer,
        correct,
        attempts,
        (TicketTry(answer, correct),),
        history_known=False,
    )


V2_FIELDS = (
    "kind",
    "question",
    "first_answer",
    "first_try_right",
    "last_answer",
    "last_right",
    "attempts",
    "tries",
)


def _version_2_answer(item: object) -> TicketAnswer:
    if not isinstance(item, dict):
        raise TicketError("is not a record of an answer")
    if not set(V2_FIELDS) <= set(item):
        raise TicketError(f"lacks one of {', '.join(V2_FIELDS)}")
    kind = _kind(item)
    attempts = _count(item["attempts"])
    given = item["tries"]
    if not isinstance(given, list) or not given:
        raise TicketError("has 'tries' that is not a list of at least one try")
    if len(given) > min(attempts, MAX_TRIES_KEPT):
        raise TicketError(
            f"keeps {len(given)} tries but counts {attempts} attempts"
            f" (at most {MAX_TRIES_KEPT} are kept)"
        )
    tries = []
    for number, one in enumerate(given, start=1):
        if not isinstance(one, dict) or not {"answer", "correct"} <= set(one):
            raise TicketError(f"has try {number} without an answer and a 'correct'")
        tries.append(
            TicketTry(str(one["answer"]), _judgement(one["correct"], kind, "correct"))
        )
    first = TicketTry(
        str(item["first_answer"]),
        _judgement(item["first_try_right"], kind, "first_try_right"),
    )
    last = TicketTry(
        str(item["last_answer"]), _judgement(item["last_right"], kind, "last_right")
    )
    if first != tries[0] or last != tries[-1]:
        raise TicketError("has a first or last answer that differs from its tries")
    return TicketAnswer(
        kind,
        str(item["question"]),
        first.answer,
        first.correct,
        last.answer,
        last.correct,
        attempts,
        tuple(tries),
    )
