"""Lab-report values in the units real reports use, converted to the model's mmol/L.

Reports give magnesium in mmol/L, mEq/L or mg/dL, potassium in mmol/L or mEq/L,
and calcium often as *total* (albumin-corrected) serum calcium rather than the
ionized calcium the model needs. The conversion factors come from the molar
masses and charges (``data/lab_units.csv``); total calcium is turned into
ionized calcium with a stated approximation (:func:`ionized_from_total_calcium`).
"""

from __future__ import annotations

import math
import numbers
import re
from functools import lru_cache

from ._data import data_dir, load_table

# The quantities a lab report gives, by the scenario factor each one sets.
LAB_QUANTITY = {
    "serum_magnesium": "magnesium",
    "serum_potassium": "potassium",
    "ionized_calcium": "calcium",
}

_VALUE_WITH_UNIT = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*([A-Za-z/]+)\s*$")
_UNIT_SPELLINGS = {
    "mmol/l": "mmol/L",
    "meq/l": "mEq/L",
    "mg/dl": "mg/dL",
}


@lru_cache(maxsize=1)
def _factors(directory: str) -> dict[tuple[str, str], float]:
    table = load_table("lab_units", directory)
    return {
        (q, u): float(f)
        for q, u, f in zip(
            table["quantity"], table["unit"], table["mmol_per_l_per_unit"], strict=True
        )
    }


@lru_cache(maxsize=1)
def _facts(directory: str) -> dict[str, float]:
    facts = load_table("nutrition_facts", directory).set_index("fact")["value"]
    return {k: float(v) for k, v in facts.items()}


def units(quantity: str) -> tuple[str, ...]:
    """The units accepted for ``quantity`` ("magnesium", "potassium" or "calcium").

    >>> units("magnesium")
    ('mmol/L', 'mEq/L', 'mg/dL')
    """
    return tuple(u for q, u in _factors(str(data_dir())) if q == quantity)


def lab_value(value: float | str, quantity: str, unit: str | None = None) -> float:
    """A lab value in mmol/L, from a number with a unit or a text like ``"1.7 mg/dL"``.

    Parameters
    ----------
    value : number or str
        The reported value; a text carries its unit (``"3.1 mEq/L"``).
    quantity : str
        ``"magnesium"``, ``"potassium"`` or ``"calcium"`` (for calcium, the value
        is taken as ionized calcium; for a total calcium use
        :func:`ionized_from_total_calcium`).
    unit : str, optional
        ``"mmol/L"`` (default for a bare number), ``"mEq/L"`` or ``"mg/dL"``.

    Returns
    -------
    float
        The value in mmol/L.

    Examples
    --------
    >>> round(lab_value("1.7 mg/dL", "magnesium"), 3)
    0.699
    >>> lab_value(1.6, "magnesium", "mEq/L")
    0.8
    >>> lab_value("3.1 mEq/L", "potassium")
    3.1
    """
    if quantity not in ("magnesium", "potassium", "calcium"):
        raise ValueError(
            f"quantity must be 'magnesium', 'potassium' or 'calcium' (got {quantity!r})"
        )
    if isinstance(value, str):
        match = _VALUE_WITH_UNIT.match(value)
        if not match:
            raise ValueError(
                f"{quantity} value {value!r} is not a number with a unit; write it"
                f" like '0.8 mmol/L' (units: {', '.join(units(quantity))})"
            )
        number = float(match.group(1).replace(",", "."))
        text_unit = match.group(2)
        if unit is not None and _canonical(unit, quantity) != _canonical(
            text_unit, quantity
        ):
            raise ValueError(
                f"{quantity} value {value!r} carries a unit that differs from"
                f" unit={unit!r}"
            )
        unit = text_unit
    elif isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{quantity} must be a number or a text like '0.8 mmol/L'"
            f" (got {type(value).__name__} {value!r})"
        )
    else:
        number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{quantity} value must be a finite number (got {number})")
    unit = "mmol/L" if unit is None else _canonical(unit, quantity)
    return number * _factors(str(data_dir()))[(quantity, unit)]


def _canonical(unit: str, quantity: str) -> str:
    canonical = _UNIT_SPELLINGS.get(unit.strip().lower().replace(" ", ""))
    if canonical is None or canonical not in units(quantity):
        raise ValueError(
            f"unknown unit {unit!r} for {quantity}; use one of"
            f" {', '.join(units(quantity))}"
        )
    return canonical


def ionized_from_total_calcium(
    total: float | str, unit: str | None = None, albumin_g_dl: float | None = None
) -> float:
    """An approximate ionized calcium (mmol/L) from a total serum calcium.

    Total calcium is first corrected for albumin when it is given (corrected
    total = total + 0.8 × (4.0 − albumin g/dL), in mg/dL; Payne et al. 1973), and
    then halved: about half of plasma calcium is free (ionized), about 40 % bound
    to protein and 10 % complexed. **Caveat:** this is an approximation. The free
    share changes with albumin, pH (alkalosis lowers it) and other binding
    partners, so a measured ionized calcium always wins over this estimate.

    Examples
    --------
    >>> round(ionized_from_total_calcium("9.4 mg/dL"), 2)
    1.17
    >>> round(ionized_from_total_calcium(7.6, "mg/dL", albumin_g_dl=3.0), 2)
    1.05
    """
    facts = _facts(str(data_dir()))
    mmol = lab_value(total, "calcium", unit)
    if albumin_g_dl is not None:
        if (
            isinstance(albumin_g_dl, bool)
            or not isinstance(albumin_g_dl, numbers.Real)
            or not 0.5 <= albumin_g_dl <= 7.0
        ):
            raise ValueError(
                f"albumin_g_dl must be a number from 0.5 to 7 g/dL (got {albumin_g_dl!r})"
            )
        correction_mg_dl = facts["albumin_correction_mg_dl"] * (
            facts["albumin_reference_g_dl"] - float(albumin_g_dl)
        )
        mmol += lab_value(correction_mg_dl, "calcium", "mg/dL")
    return mmol * facts["ionized_calcium_fraction"]
