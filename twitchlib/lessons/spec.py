"""What a lesson declares about itself: :class:`LessonSpec` and :class:`DataTable`.

Each lesson module (``twitchlib/lessons/lesson_05.py``) defines one ``LESSON`` spec:
its number and notebook, its exercises, the data tables of its worksheet, its demos,
and whether it shows the cases. Its title, time and curriculum links are read from
``data/lessons.csv`` (one row per lesson), so they have one home too.

>>> from twitchlib.lessons import lesson
>>> lesson(5).title, lesson(5).minutes
('Telling causes apart', 45)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .._data import load_table
from .checking import Exercise


@dataclass(frozen=True)
class DataTable:
    """A worksheet table to fill: the first ``given`` columns are printed, the others
    are left blank on the worksheet and filled in on the answer key."""

    title: str
    instructions: str
    columns: tuple[str, ...]
    given: int
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class LessonSpec:
    """Everything particular to one lesson that is not in its notebook's text.

    ``demos`` are the ids of the notebook's demo cells (tag ``demo``), in order;
    ``shows_cases`` says the lesson works through the cases of ``data/cases.csv``
    (its answer key and worksheet list them); ``tables`` computes the worksheet's
    data tables from the model, so the answer key follows the model. ``choices``
    maps a prompt's id to the options its prediction box offers (a prompt without
    an entry takes a written prediction); ``right_choices`` names, for a prompt
    whose options have one answer the lesson's reasoning reaches, that option, so a
    student studying alone learns whether their choice matched. ``answer_lines`` gives a written answer
    more room on the printed worksheet (lines, by prompt id; the default is 3 or 4).
    ``withheld_cases`` are cases (by title) an exercise asks about, so no widget or
    worksheet shows them first; ``extension_cases`` are the cases of the extension.
    ``nothing_to_move`` are Ask-yourself prompts beside a demo that has no control to
    move (a table to read, cases to judge): the worksheet asks them plainly, without
    a predict / observe / explain row.
    """

    number: int
    notebook: str
    exercises: tuple[Exercise, ...] = ()
    demos: tuple[str, ...] = ()
    shows_cases: bool = False
    tables: Callable[[], list[DataTable]] = field(default=lambda: [])
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    right_choices: Mapping[str, str] = field(default_factory=dict)
    answer_lines: Mapping[str, int] = field(default_factory=dict)
    withheld_cases: tuple[str, ...] = ()
    extension_cases: tuple[str, ...] = ()
    nothing_to_move: tuple[str, ...] = ()

    def _row(self):
        table = load_table("lessons").set_index("lesson")
        if self.number not in table.index:
            raise LookupError(
                f"lesson {self.number:02d} has no row in data/lessons.csv"
            )
        return table.loc[self.number]

    @property
    def title(self) -> str:
        """The lesson's title, from ``data/lessons.csv``."""
        return str(self._row().title)

    @property
    def minutes(self) -> int:
        """The class time of the lesson's core in minutes, from ``data/lessons.csv``.

        The core is every cell not tagged ``extension``; it fits this time.
        """
        return int(self._row().minutes)

    @property
    def extension_minutes(self) -> int:
        """The time of the lesson's optional extension in minutes (0 if it has none).

        The extension is the cells tagged ``extension``, opened by a heading
        ``## Extension: …``: for a longer period or for homework.

        >>> from twitchlib.lessons import lesson
        >>> lesson(0).extension_minutes
        0
        """
        return int(self._row().extension_minutes)

    @property
    def curriculum(self) -> list[str]:
        """The lesson's curriculum links, from ``data/lessons.csv``."""
        return list(self._row().curriculum)

    @property
    def label(self) -> str:
        """``"05 · Telling causes apart"``: how the course names the lesson."""
        return f"{self.number:02d} · {self.title}"
