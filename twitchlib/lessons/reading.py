"""Reading what a student typed as an answer, and saying what it is when it is not
what the exercise asks for.

A judge reads an answer with :func:`read_number`, :func:`read_measure`,
:func:`read_names` or :func:`read_direction`. Each returns the kind of value the judge
compares, or raises :class:`Unreadable` with a message that names what the answer is
(a whole table, a True/False per row, a word, a wrong unit, a value that is not a
claim id…) and what to give instead, in words a student knows.

>>> read_number("12 %", "give a number")
12.0
>>> read_measure("0.09%", "give a change", {"%": 0.01})
(0.0009, '%')
"""

from __future__ import annotations

import difflib
import math
import numbers
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


class Unreadable(Exception):
    """The answer is not of the expected kind; the message says what is expected."""


# --- what an answer is, in a student's words --------------------------------------

_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve"
        " thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}


def _is_table(answer: Any) -> bool:
    return hasattr(answer, "columns") and hasattr(answer, "index")


def _is_column(answer: Any) -> bool:
    return (
        hasattr(answer, "index") and hasattr(answer, "tolist") and not _is_table(answer)
    )


def describe(answer: Any) -> str:
    """What ``answer`` is, in words a student knows ("a table of 3 rows", "text").

    >>> describe({"a": 1}), describe(len)
    ('a dictionary', 'a function')
    """
    if isinstance(answer, bool):
        return f"{answer}, a yes/no value"
    if isinstance(answer, str):
        return f"the text {answer!r}"
    if isinstance(answer, numbers.Number):
        return (
            f"the number {answer:g}"
            if isinstance(answer, float)
            else f"the number {answer}"
        )
    if _is_table(answer):
        return f"a table of {len(answer)} row(s)"
    if _is_column(answer):
        return f"a column of {len(answer)} value(s)"
    if isinstance(answer, dict):
        return "a dictionary"
    if isinstance(answer, (list, tuple, set, frozenset)):
        return f"a list of {len(answer)} value(s)"
    if callable(answer):
        return "a function"
    if hasattr(answer, "likelihood"):
        return "a whole assessment"
    if hasattr(answer, "shape"):
        return f"an array of {getattr(answer, 'size', '?')} value(s)"
    if hasattr(answer, "caffeine_mg_per_day"):
        return "a scenario (the settings you chose), not a result of the model"
    return "something other than a number, text or a list"


# --- numbers -----------------------------------------------------------------------


def _then(advice: str, expects: str) -> str:
    """What follows a diagnosis: the exercise's own advice as a new sentence, else
    what it expects."""
    return f". {advice[:1].upper()}{advice[1:]}" if advice else f"; {expects}"


_NUMBER = re.compile(
    r"^\s*(?:about|around|approx\.?|approximately|~|≈|stress(?: level)?|level)?\s*"
    r"(?P<number>[+\-−]?\d+(?:[.,]\d+)?(?:e[+\-]?\d+)?|[+\-−]?[.,]\d+)"
    r"\s*(?P<unit>.*?)\s*\.?\s*$",
    re.IGNORECASE,
)


def _parse_text(
    text: str, expects: str, units: dict[str, float | None]
) -> tuple[float, str]:
    match = _NUMBER.match(text)
    if match is not None and re.match(r"[^a-z%µ/°]", match.group("unit") or "a", re.I):
        match = None  # "9..5", "0.O9": more digits or marks follow, not a unit
    if match is None:
        words = text.strip().lower()
        # "level eight", "about six": the number is the last word.
        last = words.split()[-1].rstrip(".") if words else ""
        if last in _NUMBER_WORDS:
            raise Unreadable(
                f"{text!r} is a word; write the number in digits"
                f" ({_NUMBER_WORDS[last]}); {expects}."
            )
        if not words:
            raise Unreadable(f"the text is empty; {expects}.")
        digits = text.translate(str.maketrans("oOlI", "0011"))
        looks = _NUMBER.match(digits)
        if digits != text and looks and not looks.group("unit"):
            raise Unreadable(
                f"{text!r} has a letter (O or l) where a digit (0 or 1) goes;"
                f" {expects}."
            )
        raise Unreadable(f"{text!r} is not a number; {expects}.")
    number = match.group("number").replace("−", "-")
    if "," in number:
        # "9,5" is how much of Europe writes 9.5; "1,200" is a thousand and more.
        before, after = number.split(",")
        thousands = len(after) == 3 and before.lstrip("+-") not in ("", "0")
        number = before + ("" if thousands else ".") + after
    try:
        value = float(number)
    except OverflowError:
        raise Unreadable(f"{text!r} is far too large; {expects}.") from None
    unit = " ".join(match.group("unit").lower().split())
    if re.search(r"\d", unit):  # "11% to 21%": a range or a sum, not one number
        raise Unreadable(f"{text!r} holds more than one number; give one: {expects}.")
    if unit in ("st", "nd", "rd", "th"):  # "8th": a place in order
        raise Unreadable(
            f"{text!r} is a place in order; give the number alone"
            f" ({match.group('number')}); {expects}."
        )
    if unit and unit not in units:
        allowed = ", ".join([u for u, f in units.items() if f][:3]) or "no unit"
        raise Unreadable(
            f"{text!r} is in {unit!r}, which is not a unit of this answer"
            f" (it takes {allowed}); {expects}."
        )
    return value, unit


def read_measure(
    answer: Any,
    expects: str,
    units: dict[str, float | None] | None = None,
    *,
    several: str = "",
    empty: str = "",
    nan: str = "",
) -> tuple[float, str]:
    """A number and the unit it was typed with (``""`` when none), in the exercise's
    unit: ``units`` maps each unit a student may type (lowercase) to the factor that
    turns it into the exercise's unit, or to None for a unit the judge recognises in
    order to refuse it with its own words (a % after a stress level).

    ``several`` says what to do with many values (a column of stress levels: "take
    the smallest with .min()"), ``empty`` what an empty result probably means, ``nan``
    what a "not a number" result probably means. Each ends the message of
    :class:`Unreadable` in place of the general advice.

    >>> read_measure("9 percentage points", "give a change", {"percentage points": 0.01})
    (0.09, 'percentage points')
    >>> read_measure("0.1 mg", "give mmol/L", {"mmol/l": 1.0})
    Traceback (most recent call last):
    ...
    twitchlib.lessons.reading.Unreadable: '0.1 mg' is in 'mg', which is not a unit of this answer (it takes mmol/l); give mmol/L.
    """
    units = {key.lower(): factor for key, factor in (units or {}).items()}
    if isinstance(answer, bool):
        raise Unreadable(f"{answer} is a yes/no value, not a number; {expects}.")
    if _is_table(answer):
        if len(answer) == 0:
            raise Unreadable(
                f"your table is empty: no row passed{_then(empty, expects)}."
            )
        raise Unreadable(
            f"that is a whole table ({len(answer)} row(s)), not one number;"
            f" {several or expects}."
        )
    if (
        isinstance(answer, (list, tuple))
        or _is_column(answer)
        or hasattr(answer, "shape")
    ):
        values = answer.tolist() if hasattr(answer, "tolist") else answer
        # A numpy number's tolist() is the number itself.
        values = list(values) if isinstance(values, (list, tuple)) else [values]
        if len(values) == 1:
            return read_measure(
                values[0], expects, units, several=several, empty=empty, nan=nan
            )
        if not values:
            raise Unreadable(
                f"that is empty: nothing passed your condition{_then(empty, expects)}."
            )
        shown = ", ".join(
            f"{v:g}" if isinstance(v, float) else str(v) for v in values[:4]
        )
        more = "…" if len(values) > 4 else ""
        raise Unreadable(
            f"that holds {len(values)} values ({shown}{more}), not one;"
            f" {several or expects}."
        )
    if hasattr(answer, "likelihood") and not callable(answer):
        raise Unreadable(
            "that is a whole assessment (everything tl.assess says), not a number:"
            " use its .likelihood, e.g. tl.assess(tl.Scenario(stress=8)).likelihood"
        )
    unit = ""
    if isinstance(answer, str):
        value, unit = _parse_text(answer, expects, units)
        value *= units.get(unit) or 1.0
    elif isinstance(answer, numbers.Real):
        try:
            value = float(answer)
        except OverflowError:
            raise Unreadable(f"that number is far too large; {expects}.") from None
    elif callable(answer):
        raise Unreadable(
            f"that is a function, not its result: did you forget the brackets ()?"
            f" {expects}."
        )
    else:
        scenario = hasattr(answer, "caffeine_mg_per_day")
        then = ": give it to tl.assess and take .likelihood" if scenario else ""
        raise Unreadable(f"that is {describe(answer)}{then}; {expects}.")
    if math.isnan(value):
        raise Unreadable(
            'your answer is nan ("not a number"): the calculation had nothing to'
            f" work on. {nan or 'Often a filter kept no rows, so .min() found nothing'}."
        )
    if math.isinf(value):
        raise Unreadable(f"your answer is infinite; {expects}.")
    return value, unit


def read_number(answer: Any, expects: str, **advice: str) -> float:
    """A number from a number, a one-value list, array or column, or text like ``"12"``
    (a ``%`` sign after it is allowed and ignored); ``advice`` as for
    :func:`read_measure`.

    >>> read_number([1, 2], "give a number")
    Traceback (most recent call last):
    ...
    twitchlib.lessons.reading.Unreadable: that holds 2 values (1, 2), not one; give a number.
    """
    return read_measure(answer, expects, {"%": 1.0}, **advice)[0]


# --- names (causes, foods, claim ids) ----------------------------------------------


def _key(text: str) -> str:
    return " ".join(str(text).strip().strip("'\"").casefold().split())


def _loose(text: str) -> str:
    """A spelling with the usual slips of typing an id undone: "C-8", "c8" and "CO8"
    all become "c8", as "C08" does."""
    text = re.sub(r"[^a-z0-9]", "", _key(text))
    text = re.sub(r"(?<=\d)o|o(?=\d)", "0", text)
    return re.sub(r"\d+", lambda m: str(int(m.group())), text)


@dataclass(frozen=True)
class Names:
    """The names an answer is made of, read from the table they come from.

    ``table`` is that table (the causes, the foods, the claims); ``columns`` the
    columns whose values name a row, the one answers are given in first (other
    spellings, such as a cause's key, are accepted too); ``noun`` is what one name is
    called ("claim id"), ``plural`` what the rows are called ("claims").
    """

    table: Any
    columns: tuple[str, ...]
    noun: str
    plural: str
    accept_any: bool = False
    _lookup: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup = {}
        for row in self.table.itertuples(index=False):
            canonical = str(getattr(row, self.columns[0]))
            for column in self.columns:
                lookup[_key(getattr(row, column))] = canonical
        object.__setattr__(self, "_lookup", lookup)

    @classmethod
    def any_text(cls, column: str) -> Names:
        """Names with no table to check them against: any text is a name, and a table
        answer gives its ``column``."""
        return cls(pd.DataFrame({column: []}), (column,), "name", "rows", True)

    def canonical(self, item: Any) -> str | None:
        """The name as the table spells it, for any accepted spelling, or None.

        Case and spaces do not matter: ``"c08 "`` is claim ``"C08"``.
        """
        if self.accept_any:
            return item.strip() if isinstance(item, str) else None
        return self._lookup.get(_key(item)) if isinstance(item, str) else None

    def resolves(self, items: list[Any]) -> bool:
        return bool(items) and all(self.canonical(i) is not None for i in items)

    def column_of(self, items: list[Any]) -> str | None:
        """The other column of the table these values come from (``evidence``)."""
        keys = {_key(i) for i in items if isinstance(i, str)}
        for column in self.table.columns:
            if column in self.columns:
                continue
            values = {_key(v) for v in self.table[column] if isinstance(v, str)}
            if keys and keys <= values:
                return column
        return None

    def suggest(self, item: str) -> str | None:
        """The name closest to a mistyped one, or None."""
        spelled = [str(v) for v in self.table[self.columns[0]]]
        loose = [v for v in spelled if _loose(v) == _loose(item)]
        if loose:
            return loose[0]
        by_key = {_key(v): v for v in spelled}
        found = difflib.get_close_matches(_key(item), list(by_key), n=1, cutoff=0.6)
        if not found:
            starts = [v for k, v in by_key.items() if k.startswith(_key(item)) and item]
            return starts[0] if len(starts) == 1 else None
        return by_key[found[0]]


def _split_text(text: str, names: Names) -> list[str]:
    if names.canonical(text) is not None:
        return [text]
    cleaned = text.strip().strip("[](){}")
    by_commas, by_spaces = (
        [p.strip().strip("'\"") for p in re.split(pattern, cleaned) if p.strip()]
        for pattern in (r"[,;\n]+", r"[,;\s]+")
    )
    # In this order: the first split that finds the most wins.
    splits = [by_commas, _split_list_words(cleaned, names), by_spaces]
    # The split that finds the most names, then the most near misses ("caffeine and
    # stress" is two names, mistyped).
    best = max(
        splits,
        key=lambda parts: (
            sum(names.canonical(p) is not None for p in parts),
            sum(names.suggest(p) is not None for p in parts),
        ),
    )
    return best or [text]


def _split_list_words(text: str, names: Names) -> list[str]:
    """``text`` split as a list is written in words ("a, b and c", "a & b"), keeping
    a name that holds "and" itself ("Stress and anxiety") whole."""
    pieces = re.split(r"(\s*(?:[,;\n&]|\band\b)\s*)", text)
    count = len(pieces[::2])  # the words; the separators sit between them
    parts, i = [], 0
    while i < count:
        # The longest run of words, from this one on, that is one name.
        for j in range(count, i, -1):
            joined = "".join(pieces[2 * i : 2 * j - 1])
            if names.canonical(joined.strip()) is not None or j == i + 1:
                parts.append(joined.strip().strip("'\""))
                i = j
                break
    return [p for p in parts if p]


_MASK = (
    "that is a True/False for each row (a mask), not the rows themselves: use it to"
    " pick them, table[mask]"
)
_TRUE_FALSE = (
    "that is a list of True/False values, not names: keep the names for which it is"
    " True"
)


def _items(answer: Any, names: Names, expects: str) -> list[Any]:
    key = names.columns[0]
    if isinstance(answer, str):
        return _split_text(answer, names)
    if _is_table(answer):
        present = [c for c in names.columns if c in answer.columns]
        if present:
            return list(answer[present[0]].tolist())
        if names.resolves(list(answer.index)):
            return list(answer.index)
        for column in answer.columns:
            values = answer[column].tolist()
            if names.resolves(values):
                return values
        if len(answer) == 0:
            return []
        columns = ", ".join(str(c) for c in answer.columns) or "none"
        raise Unreadable(
            f"your table has no {key} column (its columns: {columns}); keep the"
            f" {key} column, or give the table of {names.plural} itself; {expects}."
        )
    if _is_column(answer):
        values = answer.tolist()
        if values and all(isinstance(v, bool) for v in values):
            raise Unreadable(f"{_MASK}; {expects}.")
        if not names.resolves(values) and names.resolves(list(answer.index)):
            return list(answer.index)
        return values
    if hasattr(answer, "tolist") and hasattr(answer, "shape"):
        answer = answer.tolist()
    if isinstance(answer, dict):
        answer = list(answer)
    if isinstance(answer, (list, tuple, set, frozenset)):
        values = list(answer)
        if len(values) == 1 and (_is_table(values[0]) or _is_column(values[0])):
            return _items(values[0], names, expects)
        if values and all(isinstance(v, bool) for v in values):
            raise Unreadable(f"{_TRUE_FALSE}; {expects}.")
        return values
    raise Unreadable(
        f"that is {describe(answer)}, not a list of {names.plural}; {expects}."
    )


def read_names(answer: Any, names: Names | str, expects: str) -> list[str]:
    """The names in ``answer`` (a list, text, a column or a table), as the table
    spells them, in the order given; an empty list for an empty result. ``names`` is
    a :class:`Names`, or only the column a table answer gives them in (then any text
    counts as a name).

    Raises :class:`Unreadable` naming what was given instead: another column of the
    table, numbers, a mask, or a name that is not one (with the nearest name).

    >>> import pandas as pd
    >>> claims = Names(pd.DataFrame({"claim": ["C01", "C02"], "evidence": ["x", "y"]}),
    ...                ("claim",), "claim id", "claims")
    >>> read_names("c02, C01", claims, "give claim ids")
    ['C02', 'C01']
    >>> read_names(["x"], claims, "give claim ids")
    Traceback (most recent call last):
    ...
    twitchlib.lessons.reading.Unreadable: these are not claim ids: they are the claims' evidence. Give the claim column (or the table itself); give claim ids.
    """
    if isinstance(names, str):
        names = Names.any_text(names)
    items = _items(answer, names, expects)
    key = names.columns[0]
    if any(not isinstance(i, str) for i in items):
        kinds = (
            "numbers"
            if all(isinstance(i, numbers.Number) for i in items)
            else "things that are not text"
        )
        raise Unreadable(
            f"the list holds {kinds}, not {names.noun}s: give the {key} column, or"
            f" the table of {names.plural} itself; {expects}."
        )
    unknown = [i for i in items if names.canonical(i) is None]
    if unknown:
        column = names.column_of(unknown)
        if column is not None:
            raise Unreadable(
                f"these are not {names.noun}s: they are the {names.plural}'"
                f" {column.replace('_', ' ')}. Give the {key} column (or the table"
                f" itself); {expects}."
            )
        shown = []
        for item in unknown[:3]:
            near = names.suggest(item)
            shown.append(f"{item!r}" + (f" (did you mean {near!r}?)" if near else ""))
        what = (
            f"is not a {names.noun}" if len(unknown) == 1 else f"are not {names.noun}s"
        )
        raise Unreadable(f"{', '.join(shown)} {what}; {expects}.")
    return [names.canonical(i) for i in items]


# --- directions --------------------------------------------------------------------

_DIRECTION_WORDS = {
    "up": "up",
    "↑": "up",
    "rises": "up",
    "rise": "up",
    "increase": "up",
    "increases": "up",
    "higher": "up",
    "more": "up",
    "goes up": "up",
    "+": "up",
    "+1": "up",
    "down": "down",
    "↓": "down",
    "falls": "down",
    "fall": "down",
    "decrease": "down",
    "decreases": "down",
    "lower": "down",
    "less": "down",
    "goes down": "down",
    "-": "down",
    "-1": "down",
    "unknown": "unknown",
    "?": "unknown",
    "ambiguous": "unknown",
    "undecided": "unknown",
    "none": "none",
    "unchanged": "none",
    "=": "none",
    "0": "none",
    "stays": "none",
    "same": "none",
}


def read_direction(answer: Any, expects: str) -> str:
    """A direction (``up``, ``down``, ``unknown`` or ``none``) from words or arrows.

    >>> read_direction("↑", "give a direction"), read_direction("Falls", "")
    ('up', 'down')
    """
    if answer is None:
        raise Unreadable(f"one of the directions is missing (None); {expects}.")
    text = str(getattr(answer, "value", answer)).strip().lower()
    for key in (text, text.split(".")[-1], text.rstrip("s")):
        if key in _DIRECTION_WORDS:
            return _DIRECTION_WORDS[key]
    raise Unreadable(
        f"{answer!r} is not a direction (use up, down or ?, or the arrows); {expects}."
    )
