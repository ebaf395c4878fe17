"""Loading and validating the CSV knowledge base in ``data/``.

Read with ``csv`` first: a bad value is reported by file, row and column before pandas
sees it. Tables are cached; accessors hand out copies, so no notebook alters the data.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

_PACKAGE_DIR = Path(__file__).resolve().parent
# The grades a claim of the source article can get, strongest support first.
VERDICTS = ("supported", "simplified", "contested", "not supported")


def data_dir() -> Path:
    """Return the folder holding twitchlib's CSV files.

    An installed wheel carries them inside the package (``twitchlib/data``); a
    source checkout keeps them in the top-level ``data/`` folder.
    """
    installed = _PACKAGE_DIR / "data"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "data"


class DataFileError(ValueError):
    """A shipped data file is malformed; the message names file, row and column."""

    def __init__(
        self, file: str, message: str, row: int | None = None, column: str | None = None
    ):
        self.file, self.row, self.column = file, row, column
        where = f"data/{file}"
        if row is not None:
            # Row 1 is the first data row; the file line adds the header line.
            where += f", row {row} (line {row + 1})"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "str"  # str | float | int | bool | list
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    # Name of another table whose key column every value (or list item) must exist in.
    refers_to: str | None = None
    check: Callable[[object], str | None] | None = None


@dataclass(frozen=True)
class Table:
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()


def _source(required: bool = True) -> Column:
    return Column("source", "list", required=required, refers_to="sources")


_TABLES: dict[str, Table] = {}


def _table(name: str, *columns: Column, key: tuple[str, ...] = ()) -> None:
    _TABLES[name] = Table(f"{name}.csv", tuple(columns), key)


_table(
    "sources",
    Column("key"),
    Column("citation"),
    Column("url", required=False),
    key=("key",),
)
_table(
    "rda",
    Column("age_min_years", "float", minimum=0, maximum=130),
    Column("age_max_years", "float", minimum=0, maximum=130),
    Column("sex", choices=("female", "male")),
    Column("life_stage", choices=("general", "pregnancy", "lactation")),
    Column("mg_per_day", "float", minimum=1, maximum=1000),
    Column("kind", choices=("RDA", "AI")),
    _source(),
    key=("age_min_years", "sex", "life_stage"),
)
_table(
    "upper_limits",
    Column("age_min_years", "float", minimum=0, maximum=130),
    Column("age_max_years", "float", minimum=0, maximum=130),
    Column(
        "supplemental_ul_mg_per_day", "float", required=False, minimum=1, maximum=1000
    ),
    Column("note"),
    _source(),
    key=("age_min_years",),
)
_table(
    "foods",
    Column("food"),
    Column("serving"),
    Column("mg_per_serving", "float", minimum=0, maximum=1000),
    Column("percent_dv", "float", minimum=0, maximum=300),
    Column("food_group"),
    Column("note", required=False),
    _source(),
    key=("food",),
)
_table(
    "serum_ranges",
    Column("quantity"),
    Column("unit", choices=("mmol/L",)),
    Column("normal_low", "float", minimum=0, maximum=10),
    Column("normal_high", "float", minimum=0, maximum=10),
    Column("cutoffs"),
    _source(),
    key=("quantity",),
)
_table(
    "caffeine",
    Column("drink"),
    Column("serving"),
    Column("mg_min", "float", minimum=0, maximum=1000),
    Column("mg_max", "float", minimum=0, maximum=1000),
    _source(),
    key=("drink",),
)
_table(
    "lab_units",
    Column("quantity", choices=("magnesium", "potassium", "calcium")),
    Column("unit", choices=("mmol/L", "mEq/L", "mg/dL")),
    Column("mmol_per_l_per_unit", "float", minimum=0.01, maximum=10),
    Column("note"),
    _source(),
    key=("quantity", "unit"),
)
_table(
    "nutrition_facts",
    Column("fact"),
    Column("value", "float"),
    Column("unit"),
    Column("note"),
    _source(),
    key=("fact",),
)
_table(
    "quantities",
    Column("quantity"),
    Column("label"),
    Column("role", choices=("underlying", "factor", "mediator", "outcome")),
    Column("unit", required=False),
    Column("landmarks", required=False),
    Column("description"),
    _source(),
    key=("quantity",),
)
_table(
    "relations",
    Column("source_quantity", refers_to="quantities"),
    Column("relation", choices=("I+", "I-", "P+", "P-")),
    Column("target", refers_to="quantities"),
    Column("condition", required=False),
    Column("mechanism", "list", refers_to="mechanisms"),
    Column("explanation"),
    _source(),
    key=("source_quantity", "target"),
)
_table(
    "mechanisms",
    Column("mechanism"),
    Column("name"),
    Column("kind", choices=("low_magnesium", "other")),
    Column("description"),
    _source(),
    key=("mechanism",),
)
_table(
    "causes",
    Column("cause"),
    Column("name"),
    Column(
        "category", choices=("electrolyte", "lifestyle", "medication", "neurological")
    ),
    Column("mechanism", "list", refers_to="mechanisms"),
    Column("acts_on", "list", refers_to="quantities"),
    Column("scenario_setting"),
    Column("typical_timing"),
    Column("accompanying_symptoms"),
    Column("relief_strategy"),
    _source(),
    key=("cause",),
)
_table(
    "comparison",
    Column("feature"),
    Column("magnesium_deficiency"),
    Column("other_causes"),
    _source(),
    key=("feature",),
)
_table(
    "deficiency_origins",
    Column("origin"),
    Column("name"),
    Column("how"),
    Column("quantity", "list", required=False, refers_to="quantities"),
    _source(),
    key=("origin",),
)
_table(
    "relief",
    Column("strategy"),
    Column(
        "category",
        choices=("diet", "hydration", "supplement", "medical", "lifestyle", "stress"),
    ),
    Column("detail"),
    Column("addresses", "list", refers_to="causes"),
    Column("caution", required=False),
    _source(),
    key=("strategy",),
)
# A named value with its unit, whether it is sourced, why, and from where.
_PARAMETER_COLUMNS = (
    Column("value", "float"),
    Column("unit"),
    Column("status", choices=("illustrative", "sourced", "derived")),
    Column("rationale"),
    _source(),
)
_table("model_weights", Column("weight"), *_PARAMETER_COLUMNS, key=("weight",))
_table("membrane", Column("parameter"), *_PARAMETER_COLUMNS, key=("parameter",))
_table(
    "claims",
    Column("claim"),
    Column(
        "section",
        choices=(
            "role",
            "mechanisms",
            "other_causes",
            "triggers",
            "comparison",
            "relief",
            "conclusion",
        ),
    ),
    Column("source_topic"),
    Column("statement"),
    Column("encoded_in"),
    Column("tests", "list"),
    Column("verdict", choices=VERDICTS),
    Column("evidence"),
    Column("evidence_source", "list", refers_to="sources"),
    Column("nudge"),
    key=("claim",),
)
_table(
    "alerts",
    Column("alert"),
    Column("quantity", refers_to="quantities"),
    Column("comparison", choices=("<", "<=", ">", ">=")),
    Column("threshold", "float"),
    Column("unit"),
    Column("kind", choices=("emergency", "caution", "outside_model")),
    Column("message"),
    _source(),
    key=("alert",),
)
_table(
    "red_flags",
    Column("flag"),
    Column("sign"),
    Column("why_it_matters"),
    Column("action"),
    Column("lessons", "list"),
    _source(),
    key=("flag",),
)
_table(
    "quiz",
    Column("lesson", "int", minimum=0, maximum=99),
    Column("question_id"),
    Column("question"),
    Column("option"),
    Column("correct", "bool"),
    Column("feedback"),
    # Shown after a wrong first try: the clue to look at again, never the answer.
    Column("nudge"),
    key=("question_id", "option"),
)
_table(
    "cases",
    Column("case"),
    Column("title"),
    Column("story"),
    Column("timing"),
    Column("accompanying_symptoms"),
    Column("context"),
    Column("best_fit", refers_to="causes"),
    # Other answers a sound argument can reach (e.g. caffeine beside stress).
    Column("also_sound", "list", required=False, refers_to="causes"),
    Column("options", "list", refers_to="causes"),
    Column("reasoning"),
    Column("nudge"),
    key=("case",),
)
# The course's way-finding (lesson order, titles, curriculum links) and its glossary.
_table(
    "lessons",
    Column("lesson", "int", minimum=0, maximum=99),
    Column("notebook"),
    Column("title"),
    Column("minutes", "int", minimum=5, maximum=120),
    Column("extension_minutes", "int", minimum=0, maximum=120),
    Column("curriculum", "list"),
    key=("lesson",),
)
_table(
    "glossary",
    Column("term"),
    Column("definition"),
    Column("first_lesson", "int", minimum=0, maximum=99),
    Column("variants", "list", required=False),
    _source(),
    key=("term",),
)

_SINGULAR = {
    "sources": "source",
    "quantities": "quantity",
    "mechanisms": "mechanism",
    "causes": "cause",
}
# The key column other tables point at with ``refers_to``.
_KEY_COLUMN = {
    "sources": "key",
    "quantities": "quantity",
    "mechanisms": "mechanism",
    "causes": "cause",
}


def table_names() -> tuple[str, ...]:
    """Names of every table twitchlib ships, e.g. ``'foods'``."""
    return tuple(_TABLES)


def _parse(value: str, col: Column, file: str, row: int) -> object:
    text = value.strip()
    if text == "":
        if col.required:
            raise DataFileError(file, "a value is required", row, col.name)
        return () if col.kind == "list" else None
    if col.kind == "str":
        if col.choices is not None and text not in col.choices:
            raise DataFileError(
                file, f"'{text}' is not one of {', '.join(col.choices)}", row, col.name
            )
        return text
    if col.kind == "list":
        return tuple(item.strip() for item in text.split(";") if item.strip())
    if col.kind == "bool":
        if text not in ("True", "False"):
            raise DataFileError(
                file, f"expected True or False, got '{text}'", row, col.name
            )
        return text == "True"
    try:
        number = float(text) if col.kind == "float" else int(text)
    except ValueError:
        raise DataFileError(
            file, f"expected a number, got '{text}'", row, col.name
        ) from None
    if isinstance(number, float) and not math.isfinite(number):
        raise DataFileError(
            file, f"expected a finite number, got '{text}'", row, col.name
        )
    low = -math.inf if col.minimum is None else col.minimum
    high = math.inf if col.maximum is None else col.maximum
    if not low <= number <= high:
        raise DataFileError(
            file,
            f"{number:g} is outside the allowed range {low:g} to {high:g}",
            row,
            col.name,
        )
    return number


def _read(name: str, directory: Path) -> pd.DataFrame:
    spec = _TABLES[name]
    path = directory / spec.file
    if not path.is_file():
        raise DataFileError(spec.file, "the file is missing")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise DataFileError(spec.file, "the file is empty") from None
        expected = [c.name for c in spec.columns]
        if header != expected:
            missing = [c for c in expected if c not in header]
            unknown = [c for c in header if c not in expected]
            detail = []
            if missing:
                detail.append(f"missing {', '.join(missing)}")
            if unknown:
                detail.append(f"unknown {', '.join(unknown)}")
            if not detail:
                detail.append("columns are out of order")
            raise DataFileError(
                spec.file,
                f"header must be {','.join(expected)} ({'; '.join(detail)})",
            )
        records = []
        for row_number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(expected):
                raise DataFileError(
                    spec.file,
                    f"expected {len(expected)} fields, found {len(cells)}"
                    " (a stray or missing comma or quote?)",
                    row_number,
                )
            records.append(
                {
                    c.name: _parse(v, c, spec.file, row_number)
                    for c, v in zip(spec.columns, cells, strict=True)
                }
            )
    if not records:
        raise DataFileError(spec.file, "the file has no rows")
    if spec.key:
        seen: dict[tuple, int] = {}
        for row_number, record in enumerate(records, start=1):
            key = tuple(record[k] for k in spec.key)
            if key in seen:
                raise DataFileError(
                    spec.file,
                    f"duplicate {'/'.join(spec.key)} {key if len(key) > 1 else key[0]!r}"
                    f" (first seen in row {seen[key]})",
                    row_number,
                    spec.key[0],
                )
            seen[key] = row_number
    frame = pd.DataFrame.from_records(records, columns=[c.name for c in spec.columns])
    frame.attrs["row_numbers"] = list(range(1, len(records) + 1))
    return frame


def _check_references(name: str, frame: pd.DataFrame, directory: Path) -> None:
    spec = _TABLES[name]
    for col in spec.columns:
        if col.refers_to is None:
            continue
        target = _load(col.refers_to, directory)
        keys = set(target[_KEY_COLUMN[col.refers_to]])
        for row_number, value in enumerate(frame[col.name], start=1):
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                if item is not None and item not in keys:
                    raise DataFileError(
                        spec.file,
                        f"'{item}' is not a known {_SINGULAR[col.refers_to]}"
                        f" (see {col.refers_to}.csv)",
                        row_number,
                        col.name,
                    )


@cache
def _load(name: str, directory: Path) -> pd.DataFrame:
    if name not in _TABLES:
        raise KeyError(
            f"unknown table {name!r}; twitchlib ships: {', '.join(sorted(_TABLES))}"
        )
    frame = _read(name, directory)
    _check_references(name, frame, directory)
    # Checks across rows: a case's answers are among its options; a quiz is whole.
    checks = {"cases": _check_case_answers, "quiz": _check_quiz_questions}
    checks.get(name, lambda _: None)(frame)
    return frame


def load_table(name: str, directory: str | Path | None = None) -> pd.DataFrame:
    """Return one validated table of the knowledge base as a new DataFrame.

    Parameters
    ----------
    name : str
        The table, for example ``"foods"`` or ``"causes"``; see :func:`table_names`.
    directory : path, optional
        Read from this folder instead of the shipped data (used to check edited
        copies).

    Raises
    ------
    DataFileError
        If the file is missing or malformed; the message names file, row and column.

    Examples
    --------
    >>> float(load_table("serum_ranges").set_index("quantity").loc["serum_magnesium", "normal_low"])
    0.75
    """
    folder = Path(directory).resolve() if directory is not None else data_dir()
    return _load(name, folder).copy(deep=True)


def clear_data_cache() -> None:
    """Forget every table read so far, so the next :func:`load_table` reads the files again.

    Tables are read and checked once per folder and kept; call this after editing a
    file in ``data/`` in a running session (the tools do, after writing one).

    >>> clear_data_cache()
    >>> len(load_table("foods")) > 0
    True
    """
    _load.cache_clear()


def validate_all(directory: str | Path | None = None) -> None:
    """Load and cross-check every table; raise :class:`DataFileError` on the first fault."""
    for name in _TABLES:
        load_table(name, directory)
    _check_acyclic(load_table("relations", directory))


def _check_acyclic(relations: pd.DataFrame) -> None:
    """The causal graph must have no loop: a loop has no cause-before-effect order."""
    targets: dict[str, set[str]] = {}
    pairs = relations[["source_quantity", "target"]].itertuples(index=False)
    for source, target in pairs:
        targets.setdefault(source, set()).add(target)
    state: dict[str, int] = {}  # 1: on the current path, 2: finished

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(targets.get(node, ())):
            if state.get(nxt) == 1:
                chain = path + [node]  # state 1: nxt is on it
                loop = chain[chain.index(nxt) :] + [nxt]
                raise DataFileError(
                    "relations.csv", f"the relations form a loop: {' -> '.join(loop)}"
                )
            if nxt not in state:
                visit(nxt, path + [node])
        state[node] = 2

    for node in sorted(targets):
        if node not in state:
            visit(node, [])


def _check_case_answers(cases: pd.DataFrame) -> None:
    """Every accepted answer of a case is one of the options the student sees."""
    for row_number, row in enumerate(cases.itertuples(), start=1):
        for answer in (row.best_fit, *row.also_sound):
            if answer not in row.options:
                raise DataFileError(
                    "cases.csv",
                    f"'{answer}' is accepted but is not among the options",
                    row_number,
                    "options",
                )
        if row.best_fit in row.also_sound:
            raise DataFileError(
                "cases.csv",
                f"'{row.best_fit}' is the best fit; list only other sound answers here",
                row_number,
                "also_sound",
            )


def _check_quiz_questions(quiz: pd.DataFrame) -> None:
    """Each question has one right option, and one text, lesson and nudge on all rows."""
    for question, rows in quiz.groupby("question_id", sort=False):
        faults = [c for c in ("lesson", "question", "nudge") if rows[c].nunique() > 1]
        if int(rows.correct.sum()) != 1 or faults:
            column = faults[0] if faults else "correct"
            why = "differs between its rows" if faults else "needs exactly one True"
            row = int(rows.index[0]) + 1
            raise DataFileError("quiz.csv", f"{question!r}: {why}", row, column)
