"""The qualitative calcium-magnesium balance model.

Quantities (``data/quantities.csv``) are linked by signed causal relations
(``data/relations.csv``) in the style of qualitative process theory (Forbus 1984):
``I+``/``I-`` are direct influences of a process (a loss or a supply that changes an
amount over time), ``P+``/``P-`` are qualitative proportionalities that pass a change
on. For reasoning about directions both kinds pass signs the same way.

:func:`propagate` answers "what if?" questions: given the quantities that change,
it returns the direction of every other quantity, ``?`` where opposing influences
meet (never silently resolved), and explains each result as a causal chain.
"""

from __future__ import annotations

import enum
import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ._data import DataFileError, data_dir, load_table


class Direction(enum.Enum):
    """The direction of change of a quantity: up, down, unchanged or ambiguous."""

    UP = "↑"
    DOWN = "↓"
    UNCHANGED = "="
    AMBIGUOUS = "?"

    @property
    def sign(self) -> int | None:
        return {"↑": 1, "↓": -1, "=": 0}.get(self.value)

    @property
    def word(self) -> str:
        return {"↑": "rises", "↓": "falls", "=": "is unchanged", "?": "is ambiguous"}[
            self.value
        ]

    @classmethod
    def parse(cls, value: object) -> Direction:
        """Accept ``Direction``, ``+1``/``-1``/``0``, ``"up"``/``"down"``, ``"↑"``, ..."""
        if isinstance(value, Direction):
            return value
        aliases = {
            1: cls.UP,
            -1: cls.DOWN,
            0: cls.UNCHANGED,
            "up": cls.UP,
            "+": cls.UP,
            "↑": cls.UP,
            "rise": cls.UP,
            "rises": cls.UP,
            "down": cls.DOWN,
            "-": cls.DOWN,
            "↓": cls.DOWN,
            "fall": cls.DOWN,
            "falls": cls.DOWN,
            "low": cls.DOWN,
            "lower": cls.DOWN,
            "decrease": cls.DOWN,
            "decreases": cls.DOWN,
            "high": cls.UP,
            "higher": cls.UP,
            "increase": cls.UP,
            "increases": cls.UP,
            "unchanged": cls.UNCHANGED,
            "=": cls.UNCHANGED,
            "?": cls.AMBIGUOUS,
            "ambiguous": cls.AMBIGUOUS,
        }
        key = value.strip().lower() if isinstance(value, str) else value
        if isinstance(key, bool) or key not in aliases:
            raise ValueError(
                f"a change must be 'up' or 'down' (or +1/-1, '↑'/'↓'); got {value!r}"
            )
        return aliases[key]

    def __mul__(self, sign: int) -> Direction:
        if self is Direction.AMBIGUOUS or sign == 0:
            return self if sign else Direction.UNCHANGED
        return Direction.parse(self.sign * sign)


def combine(directions: Iterable[Direction]) -> Direction:
    """Qualitative addition: opposing or ambiguous influences give ``?``.

    >>> combine([Direction.UP, Direction.DOWN])
    <Direction.AMBIGUOUS: '?'>
    """
    found = {d for d in directions if d is not Direction.UNCHANGED}
    if not found:
        return Direction.UNCHANGED
    if Direction.AMBIGUOUS in found or len(found) > 1:
        return Direction.AMBIGUOUS
    return found.pop()


@dataclass(frozen=True)
class Quantity:
    """A node of the causal graph, with its quantity space of landmarks."""

    name: str
    label: str
    role: str
    unit: str | None
    landmarks: tuple[tuple[float, str], ...]
    description: str

    def band(self, value: float) -> str:
        """Name the interval of the quantity space that ``value`` lies in.

        >>> causal_model().quantities["magnesium"].band(0.6)
        'between 0.5 and 0.75 mmol/L (0.5: threshold below which symptoms usually begin; 0.75: lower end of normal)'
        """
        if not self.landmarks:
            return f"{value:g} {self.unit or ''}".strip()
        unit = f" {self.unit}" if self.unit else ""
        values = [v for v, _ in self.landmarks]
        for (low, low_name), (high, high_name) in zip(
            self.landmarks, self.landmarks[1:], strict=False
        ):
            if low <= value < high:
                return (
                    f"between {low:g} and {high:g}{unit} ({low:g}: {low_name};"
                    f" {high:g}: {high_name})"
                )
        if value < values[0]:
            return f"below {values[0]:g}{unit} ({values[0]:g}: {self.landmarks[0][1]})"
        return f"at or above {values[-1]:g}{unit} ({values[-1]:g}: {self.landmarks[-1][1]})"


@dataclass(frozen=True)
class Relation:
    """A signed causal link, e.g. magnesium P+ calcium_blocking."""

    source: str
    kind: str
    target: str
    condition: tuple[str, str, float] | None
    mechanisms: tuple[str, ...]
    explanation: str

    @property
    def sign(self) -> int:
        return 1 if self.kind.endswith("+") else -1

    def active(self, levels: Mapping[str, float]) -> bool:
        """A conditional relation acts only when its condition holds for ``levels``."""
        if self.condition is None:
            return True
        name, op, threshold = self.condition
        if name not in levels:
            return False
        return _OPERATORS[op](levels[name], threshold)

    def condition_text(self) -> str:
        if self.condition is None:
            return ""
        name, op, threshold = self.condition
        return f"{name} {op} {threshold:g}"


_OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_CONDITION = re.compile(r"^\s*([a-z_]+)\s*(<=|>=|<|>)\s*([0-9.]+)\s*$")


def _text(value: object) -> str | None:
    """Optional text cells arrive as NaN from pandas; treat them as absent."""
    return value if isinstance(value, str) and value.strip() else None


def _landmarks(text: str | None) -> tuple[tuple[float, str], ...]:
    if not _text(text):
        return ()
    marks = []
    for item in text.split(";"):
        value, _, meaning = item.partition(":")
        marks.append((float(value), meaning.strip()))
    return tuple(sorted(marks))


@dataclass(frozen=True)
class Link:
    """How one quantity's change reached another in a propagation."""

    source: str
    relation: Relation
    effect: Direction


class CausalModel:
    """The quantities and relations, in an order where causes precede effects."""

    def __init__(self, quantities: pd.DataFrame, relations: pd.DataFrame):
        self.quantities: dict[str, Quantity] = {}
        for row_number, row in enumerate(quantities.itertuples(index=False), start=1):
            try:
                marks = _landmarks(row.landmarks)
            except ValueError:
                raise DataFileError(
                    "quantities.csv",
                    "landmarks must read 'value:meaning;value:meaning'",
                    row_number,
                    "landmarks",
                ) from None
            self.quantities[row.quantity] = Quantity(
                row.quantity,
                row.label,
                row.role,
                _text(row.unit),
                marks,
                row.description,
            )
        rels = []
        for row_number, row in enumerate(relations.itertuples(index=False), start=1):
            condition = None
            if _text(row.condition):
                match = _CONDITION.match(row.condition)
                if not match or match.group(1) not in self.quantities:
                    raise DataFileError(
                        "relations.csv",
                        "a condition reads 'quantity < number' (or <=, >, >=)",
                        row_number,
                        "condition",
                    )
                condition = (match.group(1), match.group(2), float(match.group(3)))
            rels.append(
                Relation(
                    row.source_quantity,
                    row.relation,
                    row.target,
                    condition,
                    row.mechanism,
                    row.explanation,
                )
            )
        self.relations: tuple[Relation, ...] = tuple(rels)
        self.incoming: dict[str, list[Relation]] = defaultdict(list)
        self.outgoing: dict[str, list[Relation]] = defaultdict(list)
        for rel in rels:
            self.incoming[rel.target].append(rel)
            self.outgoing[rel.source].append(rel)
        self.order: tuple[str, ...] = self._topological_order()

    def _topological_order(self) -> tuple[str, ...]:
        pending = {q: len(self.incoming[q]) for q in self.quantities}
        ready = [q for q, n in pending.items() if n == 0]
        order = []
        while ready:
            name = ready.pop(0)
            order.append(name)
            for rel in self.outgoing[name]:
                pending[rel.target] -= 1
                if pending[rel.target] == 0:
                    ready.append(rel.target)
        if len(order) != len(self.quantities):
            stuck = sorted(q for q, n in pending.items() if n > 0)
            raise DataFileError(
                "relations.csv", f"the relations form a loop through {', '.join(stuck)}"
            )
        return tuple(order)

    def label(self, name: str) -> str:
        return self.quantities[name].label

    def depth(self) -> dict[str, int]:
        """Longest path from any root to each quantity (for drawing in layers)."""
        depth: dict[str, int] = {}
        for name in self.order:
            depth[name] = max(
                (depth[r.source] + 1 for r in self.incoming[name]), default=0
            )
        return depth

    def nodes_frame(self) -> pd.DataFrame:
        """The quantities as a table, with a layered layout (``x``, ``y``) for drawing."""
        depth = self.depth()
        rows = []
        per_layer: dict[int, int] = defaultdict(int)
        for name in self.order:
            layer = depth[name]
            rows.append(
                {
                    "quantity": name,
                    "label": self.label(name),
                    "role": self.quantities[name].role,
                    "unit": self.quantities[name].unit,
                    "x": float(layer),
                    "y": float(per_layer[layer]),
                }
            )
            per_layer[layer] += 1
        frame = pd.DataFrame(rows)
        # Centre each layer vertically so the drawing reads left to right.
        for layer, count in per_layer.items():
            mask = frame["x"] == layer
            frame.loc[mask, "y"] -= (count - 1) / 2
        return frame

    def edges_frame(self) -> pd.DataFrame:
        """The relations as a table: source, target, relation, sign, condition, mechanisms."""
        return pd.DataFrame(
            [
                {
                    "source": r.source,
                    "target": r.target,
                    "relation": r.kind,
                    "sign": r.sign,
                    "condition": r.condition_text(),
                    "mechanisms": ";".join(r.mechanisms),
                    "explanation": r.explanation,
                }
                for r in self.relations
            ]
        )

    def paths(
        self,
        start: str,
        end: str = "twitching",
        relations: Iterable[Relation] | None = None,
    ) -> list[list[Relation]]:
        """Every chain of relations leading from ``start`` to ``end``."""
        allowed = set(self.relations if relations is None else relations)
        found: list[list[Relation]] = []

        def walk(node: str, trail: list[Relation]) -> None:
            if node == end and trail:
                found.append(list(trail))
                return
            for rel in self.outgoing[node]:
                if rel in allowed:
                    trail.append(rel)
                    walk(rel.target, trail)
                    trail.pop()

        walk(start, [])
        return found

    def propagate(
        self, changes: Mapping[str, object], levels: Mapping[str, float] | None = None
    ) -> Propagation:
        """See :func:`propagate`."""
        if not isinstance(changes, Mapping):
            raise TypeError(
                "changes must be a dictionary of quantity and direction, such as"
                f" {{'hydration': 'down'}} (got {type(changes).__name__} {changes!r})"
            )
        if not changes:
            raise ValueError("give at least one change, e.g. {'magnesium': 'down'}")
        parsed = {}
        for name, value in changes.items():
            self._check_name(name, "changes")
            direction = Direction.parse(value)
            if direction is Direction.AMBIGUOUS:
                raise ValueError(f"a change of {name} must be 'up' or 'down', not '?'")
            parsed[name] = direction
        levels = dict(levels or {})
        for name, value in levels.items():
            self._check_name(name, "levels")
            unit = self.quantities[name].unit or "its unit"
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"levels[{name!r}] must be a number in {unit}")
        active = [r for r in self.relations if r.active(levels)]
        incoming: dict[str, list[Relation]] = defaultdict(list)
        for rel in active:
            incoming[rel.target].append(rel)
        directions: dict[str, Direction] = {}
        links: dict[str, list[Link]] = {}
        for name in self.order:
            arrived = [
                Link(r.source, r, directions[r.source] * r.sign)
                for r in incoming[name]
                if directions[r.source] is not Direction.UNCHANGED
            ]
            own = [parsed[name]] if name in parsed else []
            directions[name] = combine(own + [link.effect for link in arrived])
            links[name] = arrived
        return Propagation(self, parsed, levels, directions, links, tuple(active))

    def _check_name(self, name: str, where: str) -> None:
        if name not in self.quantities:
            import difflib

            close = difflib.get_close_matches(str(name), self.quantities, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise ValueError(
                f"unknown quantity {name!r} in {where}.{hint} Known quantities: "
                f"{', '.join(self.quantities)}."
            )


@dataclass(frozen=True)
class Propagation:
    """The result of :func:`propagate`: directions, their reasons and explanations."""

    model: CausalModel
    changes: dict[str, Direction]
    levels: dict[str, float]
    directions: dict[str, Direction]
    links: dict[str, list[Link]]
    active: tuple[Relation, ...]

    def __getitem__(self, name: str) -> Direction:
        # A quantity by its key ("muscle_fatigue") or in words ("neuromuscular
        # fatigue", as the repr and explain() print it).
        if isinstance(name, str) and name not in self.directions:
            words = " ".join(name.replace("_", " ").lower().split())
            by_words = {
                q.label.lower(): key for key, q in self.model.quantities.items()
            } | {key.replace("_", " "): key for key in self.model.quantities}
            name = by_words.get(words, name)
        self.model._check_name(name, "the propagation")
        return self.directions[name]

    def changed(self) -> dict[str, Direction]:
        """Only the quantities that move (up, down or ambiguous)."""
        return {
            n: d for n, d in self.directions.items() if d is not Direction.UNCHANGED
        }

    def chains(self, end: str = "twitching") -> list[list[tuple[str, Direction]]]:
        """Every causal chain from a changed quantity to ``end``, as (quantity, direction).

        Each step carries the direction *this chain* gives it (the start's change
        times the signs along the way), so a chain reads to its own end even where
        chains meet with opposite signs; :attr:`directions` holds each quantity's net
        change, "?" where they conflict (see :meth:`explain`).
        """
        result = []
        for start in self.changes:
            for path in self.model.paths(start, end, self.active):
                direction = self.directions[start]
                steps = [(start, direction)]
                for rel in path:
                    direction = direction * rel.sign
                    steps.append((rel.target, direction))
                if all(d is not Direction.UNCHANGED for _, d in steps):
                    result.append(steps)
        return result

    def chain_text(self, chain: list[tuple[str, Direction]]) -> str:
        return " → ".join(f"{self.model.label(n)} {d.value}" for n, d in chain)

    def dormant(self) -> list[Relation]:
        """Conditional relations from a changed quantity that did not act."""
        moved = self.changed()
        return [
            r
            for r in self.model.relations
            if r.condition is not None and r not in self.active and r.source in moved
        ]

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity: label, direction and the quantities that moved it."""
        return pd.DataFrame(
            [
                {
                    "quantity": n,
                    "label": self.model.label(n),
                    "direction": d.value,
                    "because_of": ", ".join(
                        f"{link.source} {link.effect.value}" for link in self.links[n]
                    ),
                }
                for n, d in self.directions.items()
            ]
        )

    def explain(self, end: str = "twitching") -> str:
        """Walk the causal chains in words, and name every ambiguity and its cause."""
        label = self.model.label
        given = ", ".join(f"{label(n)} {d.value}" for n, d in self.changes.items())
        lines = [
            f"Change: {given}.",
            f"Result: {label(end)} {self.directions[end].value}"
            f" ({label(end)} {self.directions[end].word}).",
        ]
        chains = self.chains(end)
        if chains:
            lines.append("Why:")
            lines += [f"  {i}. {self.chain_text(c)}" for i, c in enumerate(chains, 1)]
        ambiguous = [
            n
            for n in self.model.order
            if self.directions[n] is Direction.AMBIGUOUS
            and len(
                {lk.effect for lk in self.links[n]}
                | ({self.changes[n]} if n in self.changes else set())
            )
            > 1
        ]
        for name in ambiguous:
            pushes = [
                f"{label(lk.source)} {self.directions[lk.source].value} "
                + {Direction.UP: "pushes it up", Direction.DOWN: "pushes it down"}.get(
                    lk.effect, "passes its own ambiguity on"
                )
                for lk in self.links[name]
            ]
            if name in self.changes:
                pushes.insert(
                    0,
                    f"the change you made pushes it "
                    f"{'up' if self.changes[name] is Direction.UP else 'down'}",
                )
            lines.append(
                f"Ambiguous: {label(name)} ?: opposing influences meet ("
                + "; ".join(pushes)
                + "). Directions alone cannot say which wins; that takes numbers."
            )
        for rel in self.dormant():
            lines.append(
                f"Not triggered: {label(rel.source)} → {label(rel.target)} acts only"
                f" when {rel.condition_text()} {self.model.quantities[rel.condition[0]].unit}"
                f" ({rel.explanation})."
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        # In words: a student reads this; result["neuromuscular fatigue"] takes them.
        moved = ", ".join(
            f"{self.model.label(n)} {d.value}" for n, d in self.changed().items()
        )
        return f"Propagation({moved})"


@lru_cache(maxsize=1)
def _cached_model(directory: str) -> CausalModel:
    return CausalModel(
        load_table("quantities", directory), load_table("relations", directory)
    )


def causal_model() -> CausalModel:
    """The causal graph shipped in ``data/`` (loaded once).

    >>> "charge_screening" in causal_model().quantities
    True
    """
    return _cached_model(str(data_dir()))


def propagate(
    changes: Mapping[str, object], levels: Mapping[str, float] | None = None
) -> Propagation:
    """Propagate qualitative changes through the causal graph.

    Parameters
    ----------
    changes : mapping
        Quantity name to direction, e.g. ``{"magnesium": "down"}`` or
        ``{"caffeine": +1, "magnesium": -1}``.
    levels : mapping, optional
        Values in the quantities' own units (e.g. ``{"magnesium": 0.4}`` mmol/L)
        that decide conditional relations: severe magnesium deficiency
        (below 0.5 mmol/L) also pulls potassium and calcium down.

    Returns
    -------
    Propagation
        ``result["twitching"]`` is a :class:`Direction`; ``result.explain()`` walks
        the chains in words.

    Examples
    --------
    >>> result = propagate({"magnesium": "down"})
    >>> result["twitching"].value
    '↑'
    >>> result.chain_text(result.chains()[0])
    'serum magnesium ↓ → charge screening of the axon membrane ↓ → motor-axon excitability ↑ → twitching ↑'
    """
    return causal_model().propagate(changes, levels)
