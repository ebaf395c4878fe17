"""Exact Shapley values: an order-independent split of a total change among factors.

Adding factors one by one gives an answer that depends on the order whenever
factors interact (two medicines that both lower magnesium, say). The Shapley value
(Shapley 1953) averages each factor's marginal effect over every order in which
the factors could be added; it is the unique split that adds up to the total
(efficiency), gives equal shares to factors with equal effects (symmetry) and
nothing to a factor that changes nothing (null factor).

With k factors there are 2**k coalitions; every one is evaluated in a single
vectorised call, so k = 13 costs one model pass over 8,192 rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from math import factorial

import numpy as np

# Coalitions of more factors than this are refused (2**16 rows per scenario).
MAX_PLAYERS = 16


def coalitions(k: int) -> np.ndarray:
    """A (2**k, k) boolean table: row ``s`` holds the factors in coalition ``s``.

    >>> coalitions(2).astype(int).tolist()
    [[0, 0], [1, 0], [0, 1], [1, 1]]
    """
    if not 0 <= k <= MAX_PLAYERS:
        raise ValueError(
            f"the number of factors must be from 0 to {MAX_PLAYERS} (got {k})"
        )
    return _coalitions(k)


@lru_cache(maxsize=MAX_PLAYERS + 1)
def _coalitions(k: int) -> np.ndarray:
    masks = np.arange(2**k)
    table = ((masks[:, None] >> np.arange(k)) & 1).astype(bool)
    table.flags.writeable = False
    return table


@lru_cache(maxsize=MAX_PLAYERS + 1)
def shapley_matrix(k: int) -> np.ndarray:
    """The (k, 2**k) matrix W with Shapley values = W @ (values over all coalitions).

    W[j, S] is s!(k-s-1)!/k! for a coalition S of size s+1 that holds j, and minus
    that weight for a coalition of size s that lacks j.

    >>> shapley_matrix(2).tolist()
    [[-0.5, 0.5, -0.5, 0.5], [-0.5, -0.5, 0.5, 0.5]]
    """
    members = _coalitions(k)
    sizes = members.sum(axis=1)
    weights = np.array(
        [factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)] + [0.0]
    )
    matrix = np.where(members.T, weights[sizes - 1], -weights[np.minimum(sizes, k)])
    matrix.flags.writeable = False
    return matrix


@lru_cache(maxsize=MAX_PLAYERS + 1)
def pairs(k: int) -> tuple[np.ndarray, np.ndarray]:
    """For each factor j, the coalitions without j and the same ones with j added.

    Two (k, 2**(k-1)) index arrays, for the marginal steps v(S + j) - v(S).
    """
    members = _coalitions(k)
    masks = np.arange(2**k)
    without = np.array([masks[~members[:, j]] for j in range(k)]).reshape(k, -1)
    with_j = without | (1 << np.arange(k))[:, None]
    return without, with_j


def shapley_from_table(values: np.ndarray, k: int) -> np.ndarray:
    """Shapley values from a value table over all coalitions.

    Parameters
    ----------
    values : array, shape (2**k, ...)
        The value of every coalition, indexed as in :func:`coalitions` (any
        trailing axes, e.g. several outputs or several scenarios, are kept).
    k : int
        The number of factors.

    Returns
    -------
    array, shape (k, ...)
        Each factor's Shapley value; they add up to ``values[-1] - values[0]``.

    Examples
    --------
    >>> v = np.array([0.0, 1.0, 1.0, 3.0])  # the two factors interact
    >>> shapley_from_table(v, 2).tolist()
    [1.5, 1.5]
    """
    values = np.asarray(values, dtype=float)
    if not 0 <= k <= MAX_PLAYERS or values.shape[0] != 2**k:
        raise ValueError(
            f"values must have 2**k rows for k from 0 to {MAX_PLAYERS}"
            f" (got {values.shape[0]} rows, k = {k})"
        )
    if k == 0:
        return np.zeros((0,) + values.shape[1:])
    flat = values.reshape(2**k, -1)
    return (shapley_matrix(k) @ flat).reshape((k,) + values.shape[1:])


def shapley(
    evaluate: Callable[[dict[str, np.ndarray]], np.ndarray],
    baseline: Mapping[str, float],
    target: Mapping[str, float],
    players: list[str] | tuple[str, ...],
) -> dict[str, float]:
    """Each player's Shapley share of ``evaluate(target) - evaluate(baseline)``.

    ``evaluate`` takes a dict of equal-length arrays (one entry per name in
    ``baseline``) and returns one value per row; the players are switched from
    their baseline to their target value, coalition by coalition.

    >>> f = lambda x: x["a"] * x["b"]
    >>> shapley(f, {"a": 0.0, "b": 0.0}, {"a": 1.0, "b": 2.0}, ["a", "b"])
    {'a': 1.0, 'b': 1.0}
    """
    k = len(players)
    members = coalitions(k)
    columns = {
        name: np.full(2**k, float(value), dtype=float)
        for name, value in baseline.items()
    }
    for j, name in enumerate(players):
        columns[name] = np.where(
            members[:, j], float(target[name]), float(baseline[name])
        )
    shares = shapley_from_table(np.asarray(evaluate(columns), dtype=float), k)
    return {name: float(s) for name, s in zip(players, shares, strict=True)}
