"""Charge screening: how calcium and magnesium outside a cell move its gates.

Calcium and magnesium ions outside a nerve cell sit near the negative charges on
the outer face of the membrane and screen them (Hille, Woodhull & Shapiro 1975).
With less screening the sodium and potassium gates behave as if the membrane were
more depolarized, so they open at more negative voltages. The gates' voltage
dependence moves by

    shift (mV) = S · log10( (Ca + e·Mg) / (Ca_ref + e·Mg_ref) )

where ``S`` is the screening slope (mV per tenfold change of the mixture), ``e`` how
strongly magnesium screens compared with calcium, and ``Ca_ref``, ``Mg_ref`` the
middles of the normal serum ranges. ``S`` and ``e`` are in
``data/model_weights.csv`` and the ranges in ``data/serum_ranges.csv``, each with
its source.

This one rule is shared by both models that need it: the Hodgkin–Huxley nerve
(:mod:`twitchlib.nerve`, where each gate is evaluated at ``V − shift``) and the
likelihood model (:mod:`twitchlib.likelihood`, where a loss of screening raises the
odds of twitching). The functions here do not check their inputs; the models check
them against their own ranges first.

>>> from twitchlib import screening
>>> w = screening.weights()
>>> round(w.reference_calcium_mmol_l, 3), round(w.reference_magnesium_mmol_l, 3)
(1.235, 0.85)
>>> screening.gating_shift_mv(w.reference_calcium_mmol_l, w.reference_magnesium_mmol_l)
0.0
>>> round(screening.gating_shift_mv(0.6, 0.3), 1)
-7.8
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ._data import data_dir, load_table

__all__ = ["ScreeningWeights", "gating_shift_mv", "weights"]


@dataclass(frozen=True)
class ScreeningWeights:
    """The numbers of the screening rule, each read from ``data/``.

    Attributes
    ----------
    slope_mv_per_decade : float, mV
        Shift of the gates per tenfold change of the screening mixture.
    magnesium_efficacy : float, no unit
        How strongly magnesium screens, as a fraction of calcium.
    reference_calcium_mmol_l, reference_magnesium_mmol_l : float, mmol/L
        Ionized calcium and serum magnesium at which the shift is zero: the middles
        of their normal ranges.
    """

    slope_mv_per_decade: float
    magnesium_efficacy: float
    reference_calcium_mmol_l: float
    reference_magnesium_mmol_l: float

    @property
    def reference_mixture_mmol_l(self) -> float:
        """Calcium plus weighted magnesium at the reference, in mmol/L."""
        return (
            self.reference_calcium_mmol_l
            + self.magnesium_efficacy * self.reference_magnesium_mmol_l
        )


@lru_cache(maxsize=4)
def _weights(directory: str) -> ScreeningWeights:
    model = load_table("model_weights", directory).set_index("weight")["value"]
    ranges = load_table("serum_ranges", directory).set_index("quantity")

    def middle(quantity: str) -> float:
        return float(ranges.loc[quantity, ["normal_low", "normal_high"]].mean())

    return ScreeningWeights(
        slope_mv_per_decade=float(model["screening_slope_mv_per_decade"]),
        magnesium_efficacy=float(model["magnesium_screening_efficacy"]),
        reference_calcium_mmol_l=middle("ionized_calcium"),
        reference_magnesium_mmol_l=middle("serum_magnesium"),
    )


def weights() -> ScreeningWeights:
    """The screening rule's numbers from the shipped data.

    >>> weights().slope_mv_per_decade
    22.5
    """
    return _weights(str(data_dir()))


def gating_shift_mv(ionized_calcium: Any, serum_magnesium: Any) -> Any:
    """How far calcium and magnesium move the gates, in mV (negative: easier to excite).

    Parameters
    ----------
    ionized_calcium : float or array, mmol/L, above 0
    serum_magnesium : float or array, mmol/L, 0 or above

    Numbers give a float and arrays an array (NumPy broadcasting). The inputs are
    not checked: callers check them against their own ranges first.

    Examples
    --------
    >>> round(gating_shift_mv(1.235, 0.2), 2)
    -2.13
    >>> gating_shift_mv(np.array([1.235, 0.6]), 0.85).round(1).tolist()
    [0.0, -4.7]
    """
    w = weights()
    mixture = np.asarray(ionized_calcium) + w.magnesium_efficacy * np.asarray(
        serum_magnesium
    )
    shift = w.slope_mv_per_decade * np.log10(mixture / w.reference_mixture_mmol_l)
    if np.ndim(shift) == 0:
        return float(shift)
    return shift
