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
TICKET_VERSION = 1
MAX_NAME_CHARS = 60
MAX_TICKET_BYTES = 1_000_000


class TicketError(ValueError):
    """A file handed in as an exit ticket is not a readable twitchlib exit ticket."""


@dataclass(frozen=True)
class TicketAnswer:
    """One question's last answer in a ticket; ``attempts`` counts every answer given."""

    kind: str
    question: str
    answer: str
    correct: bool | None
    attempts: int


@dataclass(frozen=True)
class Ticket:
    """An exit ticket: lesson number, the name the student typed, when, the answers."""

    lesson: int
    name: str
    saved: str
    answers: tuple[TicketAnswer, ...]


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
    """A checklist across lessons: opened, quiz questions answered, exercises solved.

    >>> list(progress().table.columns)
    ['lesson', 'title', 'opened', 'quiz answered', 'quiz right', 'exercises solved']
    """
    import pandas as pd

    from .exercises import exercises

    recorded = _answers.answers()
    quiz = _quiz_questions()
    rows = []
    for lesson in lessons().itertuples():
        mine = [a for a in recorded if a.lesson == lesson.lesson]
        questions = quiz.get(lesson.lesson, [])
        last = {a.question: a for a in mine if a.kind == "quiz"}
        solved = {a.question for a in mine if a.kind == "exercise" and a.correct}
        wanted = [e.exercise_id for e in exercises(lesson.lesson)]
        rows.append(
            {
                "lesson": f"{lesson.lesson:02d}",
                "title": lesson.title,
                "opened": "yes" if any(a.kind == "opened" for a in mine) else "not yet",
                "quiz answered": f"{len([q for q in questions if q in last])} of {len(questions)}",
                "quiz right": f"{len([q for q in questions if q in last and last[q].correct])}"
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


def ticket_answers(lesson: int | str) -> list[TicketAnswer]:
    """The lesson's last answer to each question, with how many answers were given."""
    number = _lesson_number(lesson)
    latest: dict[tuple[str, str], TicketAnswer] = {}
    for entry in _answers.answers(lesson=number):
        if entry.kind == "opened":
            continue
        key = (entry.kind, entry.question)
        attempts = latest[key].attempts + 1 if key in latest else 1
        latest[key] = TicketAnswer(
            entry.kind, entry.question, entry.answer, entry.correct, attempts
        )
    return list(latest.values())


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
        "answers": [a.__dict__ for a in ticket_answers(number)],
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
    return path


def exit_ticket(lesson: int | str):
    """The end-of-lesson box: type your name, press Save, hand in the file it names."""
    import ipywidgets as w

    number = _lesson_number(lesson)
    intro = w.HTML(
        "<p><b>Exit ticket.</b> Type your name and press <b>Save my exit ticket</b>."
        " Your answers to this lesson are written to one file in this folder; hand it"
        " in as your teacher asks. Nothing is sent anywhere, and your name is the only"
        " personal detail in it.</p>"
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
        count = len(ticket_answers(number))
        status.value = (
            f"<p role='status'>Saved {count} answer(s) to"
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
    if data.get("version") != TICKET_VERSION:
        raise fail(
            f"exit ticket version {data.get('version')!r}; this twitchlib reads"
            f" version {TICKET_VERSION}"
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
    parsed = []
    for index, item in enumerate(items, start=1):
        try:
            answer = TicketAnswer(
                str(item["kind"]),
                str(item["question"]),
                str(item["answer"]),
                item["correct"],
                int(item["attempts"]),
            )
        except (KeyError, TypeError, ValueError):
            raise fail(
                f"answer {index} lacks kind, question, answer, correct or attempts"
            ) from None
        if answer.kind not in _answers.KINDS or answer.correct not in (
            True,
            False,
            None,
        ):
            raise fail(
                f"answer {index} has an unknown kind or a 'correct' that is not"
                " true, false or null"
            )
        parsed.append(answer)
    return Ticket(lesson, name, str(data.get("saved", "")), tuple(parsed))
