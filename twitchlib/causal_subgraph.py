"""A smaller picture of the causal graph: only some quantities, with what the full
graph implies between them (lesson 01's six-quantity graph for a projector).

>>> from twitchlib import causal_model
>>> small = subgraph(causal_model(), ["calcium", "charge_screening", "twitching"])
>>> [(r.source, r.kind, r.target) for r in small.relations]
[('calcium', 'P+', 'charge_screening'), ('calcium', 'P+', 'twitching'), ('charge_screening', 'P-', 'twitching')]
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .qualitative import CausalModel, Relation

__all__ = ["subgraph"]


def subgraph(model: CausalModel, keep: Sequence[str]) -> CausalModel:
    """The graph of only the quantities ``keep``, for a picture a class can read.

    A relation between two kept quantities stays as it is (with its condition).
    A chain through quantities left out becomes one relation whose sign is the
    product of the chain's signs (an ``I`` kind if any link is a process), so
    nothing is drawn that the full graph does not imply; a chain with a condition
    on the way is left out rather than summarised.

    >>> from twitchlib import causal_model
    >>> small = subgraph(causal_model(),
    ...     ["magnesium", "calcium", "charge_screening", "axon_excitability",
    ...      "transmitter_release", "twitching"])
    >>> len(small.quantities), small.propagate({"calcium": "down"})["twitching"].value
    (6, '?')
    """
    for name in keep:
        if name not in model.quantities:
            raise ValueError(
                f"keep: unknown quantity {name!r}; the graph's quantities are"
                f" {', '.join(model.quantities)}"
            )
    kept = set(keep)
    found: dict[tuple[str, str, str], dict] = {}
    for start in keep:
        for chain in _chains_to_kept(model, start, kept):
            if len(chain) > 1 and any(r.condition for r in chain):
                continue
            sign = 1
            for rel in chain:
                sign *= rel.sign
            first = chain[0]
            kind = (
                first.kind
                if len(chain) == 1
                else ("I" if any(r.kind.startswith("I") for r in chain) else "P")
                + ("+" if sign > 0 else "-")
            )
            key = (start, kind, chain[-1].target)
            entry = found.setdefault(
                key,
                {
                    "source_quantity": start,
                    "relation": kind,
                    "target": chain[-1].target,
                    "condition": first.condition_text() if len(chain) == 1 else "",
                    "mechanism": (),
                    "explanation": first.explanation
                    if len(chain) == 1
                    else "through "
                    + ", ".join(model.label(r.target) for r in chain[:-1]),
                },
            )
            entry["mechanism"] = tuple(
                dict.fromkeys(
                    [*entry["mechanism"], *(m for r in chain for m in r.mechanisms)]
                )
            )
    quantities = pd.DataFrame(
        [
            {
                "quantity": q.name,
                "label": q.label,
                "role": q.role,
                "unit": q.unit or "",
                "landmarks": ";".join(f"{v:g}:{m}" for v, m in q.landmarks),
                "description": q.description,
            }
            for q in (model.quantities[n] for n in model.order if n in kept)
        ]
    )
    return CausalModel(quantities, pd.DataFrame(list(found.values())))


def _chains_to_kept(
    model: CausalModel, start: str, kept: set[str]
) -> list[list[Relation]]:
    """Every chain from ``start`` that ends at the first kept quantity it meets."""
    chains: list[list[Relation]] = []

    def walk(node: str, trail: list[Relation]) -> None:
        for rel in model.outgoing[node]:
            trail.append(rel)
            if rel.target in kept:
                chains.append(list(trail))
            else:
                walk(rel.target, trail)
            trail.pop()

    walk(start, [])
    return chains
