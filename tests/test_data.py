import shutil

import pytest

import twitchlib as tl
from twitchlib._data import DataFileError, data_dir, load_table, table_names


def test_every_table_loads_and_cross_checks():
    tl.validate_all()


def test_every_file_in_data_is_a_known_table_and_documented(root):
    readme = (root / "data" / "README.md").read_text(encoding="utf-8")
    files = sorted(p.stem for p in (root / "data").glob("*.csv"))
    assert files == sorted(table_names())
    for name in files:
        assert f"## {name}.csv" in readme, (
            f"data/README.md does not document {name}.csv"
        )
        for column in load_table(name).columns:
            assert f"`{column}`" in readme, (
                f"{name}.csv column {column} is undocumented"
            )


def test_every_figure_carries_a_known_source():
    known = set(tl.sources().key)
    for name in table_names():
        frame = load_table(name)
        if "source" in frame.columns:
            for row, keys in enumerate(frame.source, start=1):
                assert keys, f"{name}.csv row {row} has no source"
                assert set(keys) <= known


def test_nih_ods_is_the_source_of_the_diet_figures():
    for name in ("rda", "upper_limits", "foods"):
        assert all("ods_mg" in keys for keys in load_table(name).source), name
    assert "ods.od.nih.gov" in tl.sources().set_index("key").loc["ods_mg", "url"]


def test_serum_ranges_match_the_reference():
    ranges = tl.serum_ranges().set_index("quantity")
    assert tuple(ranges.loc["serum_magnesium", ["normal_low", "normal_high"]]) == (
        0.75,
        0.95,
    )
    assert tuple(ranges.loc["serum_potassium", ["normal_low", "normal_high"]]) == (
        3.5,
        5.0,
    )
    assert tuple(ranges.loc["ionized_calcium", ["normal_low", "normal_high"]]) == (
        1.16,
        1.31,
    )


def test_tables_are_copies():
    frame = tl.foods()
    frame.loc[0, "mg_per_serving"] = 0
    assert tl.foods().loc[0, "mg_per_serving"] == 156


@pytest.fixture
def copied_data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        (
            "foods.csv",
            "Chia seeds,1 oz,111",
            "Chia seeds,1 oz,lots",
            r"data/foods.csv, row 2 \(line 3\), column 'mg_per_serving': expected a number, got 'lots'",
        ),
        (
            "foods.csv",
            "Chia seeds,1 oz,111",
            "Chia seeds,1 oz,-3",
            r"data/foods.csv, row 2 \(line 3\), column 'mg_per_serving': -3 is outside",
        ),
        (
            "rda.csv",
            "0,0.5,male,general,30,AI",
            "0,0.5,man,general,30,AI",
            r"data/rda.csv, row 2 \(line 3\), column 'sex': 'man' is not one of female, male",
        ),
        (
            "relations.csv",
            "magnesium,P+,charge_screening",
            "magnesium,P+,charge_screen",
            r"data/relations.csv, row 11 \(line 12\), column 'target': 'charge_screen' is not a known quantity",
        ),
        (
            "foods.csv",
            "Banana,1 medium,32,8,fruit,,ods_mg",
            "Banana,1 medium,32,8,fruit,,nih",
            r"data/foods.csv, row 18 \(line 19\), column 'source': 'nih' is not a known source",
        ),
        (
            "caffeine.csv",
            "Coffee,8 oz,80,100,fda_caffeine",
            "Coffee,8 oz,80,fda_caffeine",
            r"data/caffeine.csv, row 1 \(line 2\): expected 5 fields, found 4",
        ),
        (
            "serum_ranges.csv",
            "quantity,unit",
            "quantity,units",
            r"data/serum_ranges.csv: header must be .*missing unit; unknown units",
        ),
        (
            "relations.csv",
            "axon_excitability,P+,twitching",
            "axon_excitability,P+,charge_screening",
            r"data/relations.csv: the relations form a loop",
        ),
        (
            "cases.csv",
            ",stress_anxiety,excessive_caffeine,magnesium_deficiency;stress_anxiety;",
            ",stress_anxiety,dehydration,magnesium_deficiency;stress_anxiety;",
            r"data/cases.csv, row 3 \(line 4\), column 'options': 'dehydration' is accepted but",
        ),
    ],
)
def test_a_hand_edited_file_names_file_row_and_column(
    copied_data, file, old, new, message
):
    _edit(copied_data / file, old, new)
    with pytest.raises(DataFileError, match=message):
        tl.validate_all(copied_data)


def test_a_missing_file_is_named(copied_data):
    (copied_data / "causes.csv").unlink()
    with pytest.raises(DataFileError, match="data/causes.csv: the file is missing"):
        tl.validate_all(copied_data)
