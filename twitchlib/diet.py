"""Magnesium on the plate: the RDA, food sources, a day's intake, supplement limits.

Figures are from the NIH Office of Dietary Supplements magnesium fact sheet.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from ._data import load_table


def _age(age_years: object) -> float:
    if isinstance(age_years, bool) or not isinstance(age_years, numbers.Real):
        raise TypeError(
            f"age_years must be a number of years from 0 to 130"
            f" (got {type(age_years).__name__} {age_years!r})"
        )
    age = float(age_years)
    if math.isnan(age) or not 0 <= age <= 130:
        raise ValueError(f"age_years must be from 0 to 130 years (got {age_years!r})")
    return age


def rda(
    age_years: float, sex: str, pregnant: bool = False, lactating: bool = False
) -> float:
    """Recommended magnesium intake in mg/day (Adequate Intake under 1 year).

    Parameters
    ----------
    age_years : float
        Age in years, 0 to 130.
    sex : {"female", "male"}
    pregnant, lactating : bool
        Pregnancy and lactation figures exist for ages 14 to 50.

    Examples
    --------
    >>> rda(25, "female")
    310.0
    >>> rda(25, "female", pregnant=True)
    350.0
    >>> rda(60, "male")
    420.0
    """
    age = _age(age_years)
    if sex not in ("female", "male"):
        raise ValueError(f"sex must be 'female' or 'male' (got {sex!r})")
    for name, flag in (("pregnant", pregnant), ("lactating", lactating)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False (got {flag!r})")
    if pregnant and lactating:
        raise ValueError("choose pregnant or lactating, not both")
    stage = "pregnancy" if pregnant else "lactation" if lactating else "general"
    if stage != "general" and sex != "female":
        raise ValueError(f"{stage} figures exist only for sex='female'")
    table = load_table("rda")
    rows = table[
        (table.sex == sex)
        & (table.life_stage == stage)
        & (table.age_min_years <= age)
        & (age < table.age_max_years)
    ]
    if rows.empty and age == 130:
        rows = table[
            (table.sex == sex)
            & (table.life_stage == stage)
            & (table.age_max_years == 130)
        ]
    if rows.empty:
        ages = table[table.life_stage == stage]
        raise ValueError(
            f"no {stage} figure for age {age:g} years; the fact sheet gives {stage}"
            f" figures for ages {ages.age_min_years.min():g} to"
            f" {ages.age_max_years.max():g}"
        )
    return float(rows.iloc[0].mg_per_day)


def foods() -> pd.DataFrame:
    """The 30 food sources of magnesium (mg per serving and % Daily Value).

    >>> foods().iloc[0]["food"]
    'Pumpkin seeds, roasted'
    """
    return load_table("foods")


def _food_row(table: pd.DataFrame, name: object) -> pd.Series:
    if not isinstance(name, str):
        raise TypeError(f"a food must be named by text (got {name!r})")
    match = table[table.food.str.lower() == name.strip().lower()]
    if match.empty:
        word = name.strip().lower()
        close = [f for f in table.food if word and word in f.lower()][
            :3
        ] or difflib.get_close_matches(name, table.food.tolist(), n=3, cutoff=0.4)
        hint = f" Did you mean: {'; '.join(close)}?" if close else ""
        raise ValueError(f"unknown food {name!r}.{hint} See twitchlib.foods().")
    return match.iloc[0]


@dataclass(frozen=True)
class Intake:
    """A day's magnesium from food, against the RDA."""

    items: pd.DataFrame
    total_mg: float
    rda_mg: float

    @property
    def percent_of_rda(self) -> float:
        return 100.0 * self.total_mg / self.rda_mg

    @property
    def shortfall_mg(self) -> float:
        return max(0.0, self.rda_mg - self.total_mg)

    def summary(self) -> str:
        verdict = (
            "meets the RDA"
            if self.shortfall_mg == 0
            else f"is {self.shortfall_mg:.0f} mg short of the RDA"
        )
        return (
            f"{self.total_mg:.0f} mg of magnesium from food: {self.percent_of_rda:.0f}%"
            f" of the {self.rda_mg:.0f} mg/day RDA; the day {verdict}."
        )


def daily_intake(
    servings: Mapping[str, float] | Iterable[tuple[str, float]],
    age_years: float,
    sex: str,
    pregnant: bool = False,
    lactating: bool = False,
) -> Intake:
    """Add up a day's magnesium from (food, servings) pairs and compare with the RDA.

    Parameters
    ----------
    servings : mapping or iterable of (food, servings)
        Food names as in :func:`foods` (case-insensitive); servings 0 to 20 each.
    age_years, sex, pregnant, lactating
        As for :func:`rda`.

    Examples
    --------
    >>> day = daily_intake({"Almonds, dry roasted": 1, "Spinach, boiled": 2}, 40, "male")
    >>> day.total_mg, day.rda_mg
    (236.0, 420.0)
    """
    pairs = list(servings.items()) if isinstance(servings, Mapping) else list(servings)
    table = foods()
    rows = []
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise TypeError(f"each item must be a (food, servings) pair (got {pair!r})")
        name, count = pair
        row = _food_row(table, name)
        if (
            isinstance(count, bool)
            or not isinstance(count, numbers.Real)
            or math.isnan(count)
            or not 0 <= count <= 20
        ):
            raise ValueError(
                f"servings of {row.food!r} must be a number from 0 to 20"
                f" (got {count!r})"
            )
        rows.append(
            {
                "food": row.food,
                "serving": row.serving,
                "servings": float(count),
                "mg": float(count) * row.mg_per_serving,
            }
        )
    items = pd.DataFrame(rows, columns=["food", "serving", "servings", "mg"])
    return Intake(
        items,
        float(items.mg.sum()),
        rda(age_years, sex, pregnant=pregnant, lactating=lactating),
    )


@dataclass(frozen=True)
class SupplementCheck:
    """A supplement dose against the Tolerable Upper Intake Level."""

    supplement_mg: float
    upper_limit_mg: float | None
    within_limit: bool
    message: str


def supplement_check(supplement_mg: float, age_years: float) -> SupplementCheck:
    """Compare a daily supplemental magnesium dose (mg) with the UL for the age.

    The UL covers supplements and medicines only: magnesium in food and water
    does not count towards it. Above it the usual first sign is diarrhoea. Every
    answer also says what the ODS fact sheet and the Cochrane review on cramps say:
    a supplement corrects a diagnosed deficiency and is no general twitch remedy;
    people with kidney disease risk too much magnesium; and magnesium interacts with
    some antibiotics, bisphosphonates (bone medicines), diuretics and proton-pump inhibitors.

    Examples
    --------
    >>> supplement_check(200, 30).within_limit
    True
    >>> supplement_check(500, 30).within_limit
    False
    """
    age = _age(age_years)
    if (
        isinstance(supplement_mg, bool)
        or not isinstance(supplement_mg, numbers.Real)
        or math.isnan(supplement_mg)
        or not 0 <= supplement_mg <= 5000
    ):
        raise ValueError(
            f"supplement_mg must be a number of mg/day from 0 to 5000"
            f" (got {supplement_mg!r})"
        )
    table = load_table("upper_limits")
    row = table[(table.age_min_years <= age) & (age < table.age_max_years)]
    row = row.iloc[0] if not row.empty else table.iloc[-1]
    limit = row.supplemental_ul_mg_per_day
    advice = (
        " A supplement corrects a diagnosed deficiency; it is no general remedy"
        " for twitches or cramps. People with kidney disease can build up too"
        " much magnesium, and magnesium interacts with some antibiotics,"
        " bisphosphonates (bone medicines), diuretics and proton-pump inhibitors: ask a"
        " healthcare provider before starting any supplement."
    )
    if limit is None or pd.isna(limit):
        return SupplementCheck(
            float(supplement_mg),
            None,
            supplement_mg == 0,
            "No upper limit is set for infants: magnesium should"
            " come from breast milk, formula and food." + advice,
        )
    slip = (  # a dose in grams typed where mg are asked
        f"Note: {supplement_mg:g} mg/day is a tiny amount; if you meant"
        f" {supplement_mg:g} g, that is {supplement_mg * 1000:g} mg/day. "
        if 0 < supplement_mg < 5
        else ""
    )
    limit = float(limit)
    within = supplement_mg <= limit
    if within:
        text = (
            f"{supplement_mg:g} mg/day is within the {limit:g} mg/day upper limit"
            " for supplemental magnesium at this age."
        )
    else:
        text = (
            f"{supplement_mg:g} mg/day is above the {limit:g} mg/day upper limit"
            " for supplemental magnesium; too much commonly causes diarrhoea."
        )
    return SupplementCheck(float(supplement_mg), limit, within, slip + text + advice)


# Standard conversions: ounces of weight to grams; US cups and tablespoons to millilitres.
_METRIC = {"oz": (28.35, "g"), "cup": (240.0, "mL"), "tablespoon": (15.0, "mL")}


def metric_serving(serving: str) -> str:
    """A food table serving in metric units, or ``""`` where no standard conversion applies.

    Uses 1 oz = 28.35 g, 1 cup = 240 mL and 1 tablespoon = 15 mL, rounded to a whole
    gram or 5 mL, hence "about". Counted servings ("1 medium", "1 slice") stay as they are.

    Examples
    --------
    >>> metric_serving("1 oz"), metric_serving("3.5 oz"), metric_serving("1/2 cup")
    ('about 28 g', 'about 99 g', 'about 120 mL')
    >>> metric_serving("2 tablespoons"), metric_serving("1 medium")
    ('about 30 mL', '')
    """
    if not isinstance(serving, str):
        raise TypeError(f"serving must be text such as '1 oz' (got {serving!r})")
    amount, _, unit = serving.strip().partition(" ")
    factor = _METRIC.get(unit.rstrip("s"))
    if factor is None:
        return ""
    top, _, bottom = amount.partition("/")
    try:
        quantity = float(top) / (float(bottom) if bottom else 1.0)
    except ValueError:
        return ""
    value = quantity * factor[0]
    value = round(value) if factor[1] == "g" else 5 * round(value / 5)
    return f"about {value:g} {factor[1]}"
