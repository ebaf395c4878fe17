"""A gradebook CSV from the class report: one row per student, one column per item.

Each cell is the student's **first try** at the item: 1 right, 0 not right ("Show the
answer" first counts as not right), blank when the student did not answer it or when
the first try is not known (an older version 1 ticket, where the item was tried more
than once). Every student of the reported lesson has a row, an empty ticket too;
tickets from other lessons are left out (the class report lists them). After the
items, one column per live question of the class server (``Live round 1: ...``): 1
when the student's first vote was right, 0 when wrong, blank when they did not vote;
every student who typed a name in the class server has a row (see
:mod:`twitchlib.delivery.round_report`).

The columns follow each platform's documented grade import:

- **Moodle** (``moodle``): "Grade import", MoodleDocs,
  https://docs.moodle.org/311/en/Grade_import (also /20/en/ and /27/en/): a CSV file
  with a header row, UTF-8 (the import form's standard encoding) and commas; at import
  the teacher maps one column to the user, "Email address" to ``useremail`` or
  "ID number" to ``useridnumber``, and each grade column to a grade item (or a new
  one). The file here: ``Full name``, ``ID number``, ``Email address``, then one column
  per item. The name is for the teacher's eyes; Moodle matches students only by
  e-mail or ID number, which come from a roster (below).
- **Canvas** (``canvas``): the Ohio State University's guide for Canvas, "Import a
  CSV file to Carmen Grades",
  https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades
  : the file needs the student's name *or* Canvas ID *or* SIS User ID, the SIS Login
  ID and the Section, then one column per assignment (a new column makes a new
  assignment), with the columns as Canvas's own gradebook export names them:
  ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``. Text is UTF-8
  (Instructure's CSV rule for imports, https://developerdocs.instructure.com/services/canvas/sis/file.sis_csv).
  Instructure's own page on importing grades was not found in the references
  searched, so this follows the university's guide.
- **Google Classroom**: no documented CSV import of grades was found (Google's
  Classroom documentation found describes grades through the Classroom API only:
  https://developers.google.com/workspace/classroom/guides/key-concepts/grades), so no
  Google format is offered rather than one guessed.

A roster CSV (``--roster``) gives each student's platform identity: a ``name`` column
(as typed on the exit tickets) and any of ``email``, ``id_number`` (Moodle),
``canvas_name``, ``canvas_id``, ``sis_user_id``, ``sis_login_id``, ``section``
(Canvas). Without one the identity columns stay blank, and the command says so.

>>> GRADEBOOK_FORMATS["canvas"].identity
('Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section')
"""

from __future__ import annotations

import csv
import textwrap
from dataclasses import dataclass
from pathlib import Path

from .._data import load_table
from ..coursework import JUDGED_KINDS
from ..exercises import exercises
from .report_words import question_texts


@dataclass(frozen=True)
class GradebookFormat:
    """A platform's grade-import CSV: its identity columns (in order), the roster
    field that fills each, the encoding, and where it is documented."""

    platform: str
    identity: tuple[str, ...]
    roster_fields: tuple[str | None, ...]
    encoding: str
    source: str


GRADEBOOK_FORMATS = {
    "moodle": GradebookFormat(
        "Moodle",
        ("Full name", "ID number", "Email address"),
        (None, "id_number", "email"),
        "utf-8",
        "https://docs.moodle.org/311/en/Grade_import",
    ),
    "canvas": GradebookFormat(
        "Canvas",
        ("Student", "ID", "SIS User ID", "SIS Login ID", "Section"),
        ("canvas_name", "canvas_id", "sis_user_id", "sis_login_id", "section"),
        "utf-8",
        "https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/"
        "calculating-final-grades/import-csv-file-carmen-grades",
    ),
}
NOT_OFFERED = {
    "google": (
        "Google Classroom: no documented CSV import of grades was found, so twitchlib"
        " does not write one; the Moodle or Canvas file opens in Google Sheets"
    )
}
ROSTER_FIELDS = (
    "name",
    "email",
    "id_number",
    "canvas_name",
    "canvas_id",
    "sis_user_id",
    "sis_login_id",
    "section",
)
MAX_COLUMN_CHARS = 80


def _lesson_items(lesson: int) -> list[str]:
    quiz = load_table("quiz")
    keys = list(dict.fromkeys(quiz[quiz.lesson == lesson].question_id))
    return keys + [e.exercise_id for e in exercises(lesson)]


def gradebook_items(report) -> list[tuple[str, str]]:
    """The items of the reported lesson as (question key, column name in words).

    The lesson's quiz questions and exercises come first, in the lesson's order (a
    column even if nobody answered), then the other items students answered (lesson
    05's cases, lesson 07's claims), in the order first met.
    """
    if report.lesson is None:
        return []
    counted = report.counted
    judged = counted[counted.kind.isin(JUDGED_KINDS)]
    keys = _lesson_items(report.lesson)
    keys += [k for k in dict.fromkeys(judged.question) if k not in keys]
    texts = dict(zip(judged.question, judged.question_text, strict=True))
    known = question_texts({report.lesson})
    items, used = [], set()
    for key in keys:
        words = texts.get(key) or known.get(key, key)
        name = f"Lesson {report.lesson:02d}: " + textwrap.shorten(
            " ".join(words.split()), MAX_COLUMN_CHARS, placeholder=" …"
        )
        # Two questions that shorten alike must still be two columns.
        base, n = name, 2
        while name in used:
            name, n = f"{base} ({n})", n + 1
        used.add(name)
        items.append((key, name))
    return items


def read_roster(path: str | Path) -> dict[str, dict[str, str]]:
    """A roster CSV as {name as typed, folded: {field: value}}; a clear ValueError
    names the file and the column that is missing or unknown."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as problem:
        raise ValueError(
            f"roster {path.name} cannot be read as UTF-8 text ({problem})"
        ) from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().casefold() for h in reader.fieldnames or []]
    if "name" not in header:
        raise ValueError(
            f"roster {path.name} needs a 'name' column (the name as typed on the"
            f" exit tickets); its columns are {', '.join(header) or 'none'}"
        )
    unknown = [h for h in header if h not in ROSTER_FIELDS]
    if unknown:
        raise ValueError(
            f"roster {path.name} has unknown column(s) {', '.join(unknown)}; the"
            f" columns it may have are {', '.join(ROSTER_FIELDS)}"
        )
    roster = {}
    for row in reader:
        fields = {k.strip().casefold(): (v or "").strip() for k, v in row.items() if k}
        name = " ".join(fields.get("name", "").split())
        if name:
            roster[name.casefold()] = fields
    return roster


def gradebook_table(
    report, platform: str, roster: dict[str, dict[str, str]] | None = None
) -> tuple[list[str], list[list[str]], list[str]]:
    """The gradebook as (header, rows, notes) for ``platform`` (``moodle``, ``canvas``).

    Rows are the students of the reported lesson in name order, from each one's
    latest ticket; a cell is "1", "0" or "" (see the module's text). ``notes`` say in
    words what a teacher must check before importing.
    """
    if platform in NOT_OFFERED:
        raise ValueError(NOT_OFFERED[platform])
    if platform not in GRADEBOOK_FORMATS:
        raise ValueError(
            f"platform must be one of {', '.join(GRADEBOOK_FORMATS)}; got {platform!r}"
        )
    form = GRADEBOOK_FORMATS[platform]
    items = gradebook_items(report)
    tickets = report.tickets_read
    latest = tickets[~tickets.other_lesson & tickets.latest].sort_values(
        ["student", "file"], key=lambda c: c.str.casefold()
    )
    counted = report.counted
    live = report.live
    firsts = live.first_votes()
    live_ids = {name.casefold(): sid for sid, name in live.students.items()}
    unmatched = dict(live.students)
    notes, missing, unknown_first = [], [], []
    rows = []

    def live_cells(sid: str | None) -> list[str]:
        got = [firsts.get((qid, sid)) for qid, _ in live.items]
        return ["" if v is None else str(int(bool(v))) for v in got]

    def identity_of(name: str) -> list[str]:
        given = (roster or {}).get(name.casefold())
        if given is None:
            missing.append(name)
            given = {}
        return [
            name
            if field is None
            else given.get(field) or (name if field == "canvas_name" else "")
            for field in form.roster_fields
        ]

    for ticket in latest.itertuples():
        mine = counted[
            (counted.file == ticket.file) & counted.kind.isin(JUDGED_KINDS)
        ].set_index("question")
        identity = identity_of(ticket.student)
        # The class server's page id ties a ticket to the student's live votes.
        sid = ticket.student_id if ticket.student_id in unmatched else None
        sid = sid or live_ids.get(ticket.student.casefold())
        unmatched.pop(sid or "", None)
        cells = []
        for key, _name in items:
            first = mine.first_try_right.get(key) if key in mine.index else None
            if key in mine.index and first is None:
                unknown_first.append(ticket.student)
            cells.append("" if first is None else str(int(bool(first))))
        rows.append(identity + cells + live_cells(sid))
    # Students who voted in the class server but handed in no ticket.
    for sid, name in unmatched.items():
        rows.append(identity_of(name) + [""] * len(items) + live_cells(sid))
    rows.sort(key=lambda row: row[0].casefold())
    if missing and platform == "moodle":
        notes.append(
            "Moodle matches students by e-mail address or ID number: fill those in for"
            f" {', '.join(missing)} (or give a roster with --roster) before importing"
        )
    elif missing:
        notes.append(
            "Canvas matches a student by the name Canvas shows (as 'Last, First'), the"
            " Canvas ID or the SIS User ID: check the rows of"
            f" {', '.join(missing)} (or give a roster with --roster) before importing"
        )
    if unknown_first:
        notes.append(
            "Left blank where the first try is not known (older tickets):"
            f" {', '.join(sorted(set(unknown_first)))}"
        )
    names = [ticket.student.casefold() for ticket in latest.itertuples()]
    shared = sorted({n for n in names if names.count(n) > 1})
    if shared:
        notes.append(
            "More than one student typed the same name (their tickets came from"
            f" different pages of the class server): {', '.join(shared)}; tell their"
            " rows apart before importing"
        )
    others = report.other_lessons
    if not others.empty:
        notes.append(
            "Not in the gradebook, from another lesson: "
            + ", ".join(
                f"{r.student} (lesson {r.lesson:02d})" for r in others.itertuples()
            )
        )
    columns = [name for _, name in items] + [
        f"Live round {n}: "
        + textwrap.shorten(words, MAX_COLUMN_CHARS, placeholder=" …")
        for n, (_, words) in enumerate(live.items, start=1)
    ]
    return list(form.identity) + columns, rows, notes


def write_gradebook(
    report,
    platform: str,
    out_dir: str | Path,
    roster: str | Path | None = None,
) -> tuple[Path, list[str]]:
    """Write ``gradebook-<platform>.csv`` in ``out_dir``; returns its path and notes.

    ``platform`` is ``moodle`` or ``canvas``; ``roster`` an optional roster CSV.
    """
    people = read_roster(roster) if roster is not None else None
    header, rows, notes = gradebook_table(report, platform, people)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"gradebook-{platform}.csv"
    with path.open(
        "w", encoding=GRADEBOOK_FORMATS[platform].encoding, newline=""
    ) as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path, notes


def add_gradebook_argument(parser) -> None:
    """Add ``--gradebook`` and ``--roster`` to the class-report command."""
    parser.add_argument(
        "--gradebook",
        choices=sorted([*GRADEBOOK_FORMATS, *NOT_OFFERED]),
        help="also write a gradebook CSV of first-try scores for Moodle or Canvas"
        " (Google Classroom documents no CSV grade import, so none is offered)",
    )
    parser.add_argument(
        "--roster",
        type=Path,
        default=None,
        help="a CSV with a 'name' column (as typed on the tickets) and the students'"
        " e-mail, id_number, canvas_id, sis_user_id, sis_login_id or section",
    )
