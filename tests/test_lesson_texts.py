"""What the lessons and data say agrees with the physiology and with the source article.

Each test pins one correction of issue 17 so that a later edit cannot quietly undo it.
"""

import json
import re

import twitchlib as tl
from conftest import ROOT
from twitchlib import nerve

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        source = cell["source"]
        cell["text"] = "".join(source) if isinstance(source, list) else source
    return cells


def _markdown(path):
    return [c["text"] for c in _cells(path) if c["cell_type"] == "markdown"]


def _sentences(text):
    return re.split(r"(?<=[.!?])\s+", text)


def _all_texts():
    """Every lesson's markdown and every sentence-bearing cell of the data tables."""
    texts = [t for path in LESSONS for t in _markdown(path)]
    for name in ("glossary", "causes", "cases", "quiz", "claims", "red_flags"):
        frame = tl.load_table(name)
        for column in frame.columns:
            texts += [v for v in frame[column] if isinstance(v, str)]
    return texts


def test_low_potassium_is_never_taught_as_exciting_nerves():
    # Hypokalaemia hyperpolarises membranes: harder to excite (StatPearls).
    exciting = re.compile(
        r"(low|less|shortfall of|lack of) potassium[^.;()]*"
        r"(more excitable|excites|over-?excit|hyperexcit|easier to excite)"
    )
    for text in _all_texts():
        for match in exciting.finditer(text.lower()):
            clause = match.group(0)
            assert "harder" in clause or "not " in clause or "rather than" in clause, (
                clause
            )
    term = tl.load_table("glossary").set_index("term").loc["hypokalaemia"]
    assert "harder to excite" in term.definition and "weakness" in term.definition


def test_the_article_is_quoted_only_for_what_it_says(source_text):
    # Lesson 07 once said the article "hints that caffeine drains magnesium".
    article = source_text.lower()
    assert "drain" not in article
    for path in LESSONS:
        for text in _markdown(path):
            for sentence in _sentences(text):
                lower = sentence.lower()
                if "article" in lower and "drain" in lower:
                    assert "does not" in lower, sentence
    glossary = tl.load_table("glossary").set_index("term")
    # The article never mentions over-breathing's mechanism; its source is the studies.
    assert "article" not in glossary.loc["hyperventilation", "source"]


def test_the_glossary_agrees_with_the_graded_claims():
    glossary = tl.load_table("glossary").set_index("term")
    magnesium = glossary.loc["magnesium", "definition"].lower()
    # C02 is "simplified": magnesium is no general calcium blocker.
    assert "block calcium" not in magnesium and "blocks calcium" not in magnesium
    # C14 is "contested": the dehydration entry says so instead of stating a mechanism.
    dehydration = glossary.loc["dehydration", "definition"].lower()
    assert "debated" in dehydration or "contested" in dehydration
    hyperventilation = glossary.loc["hyperventilation", "definition"].lower()
    assert "carbon dioxide" in hyperventilation and "excitable" in hyperventilation


def test_sudden_slurred_speech_is_an_emergency():
    flags = tl.red_flags().set_index("flag")
    sudden = flags[flags.sign.str.contains("sudden slurred speech")]
    assert len(sudden) == 1
    assert (
        "emergency" in sudden.iloc[0].action
        and "stroke" in sudden.iloc[0].why_it_matters
    )
    lesson02 = "\n".join(_markdown(ROOT / "notebooks/02_many_roads_to_a_twitch.ipynb"))
    assert "stroke: call emergency services" in lesson02


def test_sams_case_has_a_real_risk_factor():
    sam = tl.load_table("cases").set_index("case").loc["night_twitches"]
    origins = tl.deficiency_origins()
    risks = ("crohn", "diarrhoea", "alcohol", "proton-pump", "diuretic", "diabetes")
    assert any(word in sam.context.lower() for word in risks)
    assert "gut" in " ".join(origins.origin).replace("_", " ")
    quiz = tl.load_table("quiz").query("question_id == 'q5_night'")
    right = quiz[quiz.correct].iloc[0]
    assert "diarrhoea" in right.option or "gut" in right.option


def test_exam_week_is_one_story_with_over_breathing():
    lee = tl.load_table("cases").set_index("case").loc["exam_week"]
    assert "shallow" not in lee.accompanying_symptoms
    assert "over-breathing" in lee.accompanying_symptoms
    milligrams = re.search(r"about (\d+) mg", lee.context).group(1)
    code = "\n".join(
        c["text"]
        for c in _cells(ROOT / "notebooks/05_telling_causes_apart.ipynb")
        if c["cell_type"] == "code"
    )
    assert f"caffeine_mg_per_day={milligrams}" in code
    assert "carbon dioxide" in lee.reasoning and "hardly changes" in lee.reasoning


def test_lesson_06_answer_matches_the_membrane():
    # With calcium normal no magnesium level turns one spike into a train at 3 µA/cm².
    for magnesium in (0.3, 0.05):
        assert (
            nerve.simulate(
                3.0, 200.0, ionized_calcium=1.24, serum_magnesium=magnesium
            ).spike_count
            == 1
        )
    assert (
        nerve.simulate(3.0, 200.0, ionized_calcium=0.9, serum_magnesium=0.3).spike_count
        > 1
    )
    answer = "\n".join(_markdown(ROOT / "notebooks/06_inside_the_nerve.ipynb"))
    assert "no magnesium level turns it into a train" in answer


def test_lesson_05_assesses_published_cases_emergency_first():
    cells = _cells(ROOT / "notebooks/05_telling_causes_apart.ipynb")
    markdown = "\n".join(c["text"] for c in cells if c["cell_type"] == "markdown")
    keys = set(tl.sources().key)
    cited = re.findall(r"key `([a-z0-9_]+)`", markdown)
    assert len(cited) >= 2 and set(cited) <= keys
    cases = [
        c["text"]
        for c in cells
        if c["cell_type"] == "code"
        and "case_" in c["text"]
        and "tl.assess" in c["text"]
    ]
    assert len(cases) >= 2
    for code in cases:
        # The emergency words are printed before any likelihood.
        assert 0 <= code.index(".notices") < code.index(".likelihood")


def _outputs_before(name: str, index: int) -> str:
    """Every output text of the committed notebook's cells above cell ``index``."""
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    return " ".join(
        "".join(value) if isinstance(value, list) else str(value)
        for cell in cells[:index]
        for output in cell.get("outputs", [])
        for value in [output.get("text", ""), *output.get("data", {}).values()]
    ).lower()


def test_no_grade_is_shown_before_the_question_it_would_answer():
    from twitchlib.lessons import read_notebook

    # Lesson 05 asks which row of the comparison is the weakest clue: the grades
    # (the timing row is "not supported") come after the answer.
    name = "05_telling_causes_apart.ipynb"
    lesson = read_notebook(ROOT / "notebooks" / name)
    before = _outputs_before(name, lesson.prompt("05.ask.weakest-clue").cell.index)
    assert "magnesium deficiency (the article)" in before  # the table, ungraded
    for verdict in (
        "not supported",
        "simplified",
        "contested",
        "what the evidence says",
    ):
        assert verdict not in before, verdict
    # Lesson 07 asks for verdict predictions: how many claims have each verdict is
    # shown only after them.
    name = "07_reading_a_health_article.ipynb"
    lesson = read_notebook(ROOT / "notebooks" / name)
    demo = next(d for d in lesson.demos if d.id == "07.demo.claim-verdicts")
    before = _outputs_before(name, demo.cell.index)
    for verdict in ("not supported", "simplified", "contested"):
        assert verdict not in before, verdict
