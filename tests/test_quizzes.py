"""Quizzes and cases that measure what a student knows, not where the answer sits.

The options come in an order of each student's own (a printed sheet and its key in one
fixed order); a wrong try brings a nudge to the deciding clue, never the answer; the
full reasoning waits for a right answer, the last try or "Show the answer"; every try
is recorded and the first one is scored.
"""

import html
import re

import pytest

import twitchlib as tl
from conftest import ROOT
from twitchlib import answers, load_table
from twitchlib.delivery.worksheets import read_lesson, worksheet_html
from twitchlib.lessons import activities
from twitchlib.ui.choice import SHOWN

STUDENTS = [f"student-{n}" for n in range(12)]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture
def student(monkeypatch):
    """Say which student is at the keyboard, for one test only."""
    monkeypatch.setattr(answers, "_student", {})

    def become(name):
        answers.set_student(name)
        return answers.student_key()

    return become


@pytest.fixture
def recorded(tmp_path, monkeypatch):
    """A fresh answer file for the test; returns a function that reads it back."""
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(tmp_path / "answers.jsonl"))
    monkeypatch.setattr(answers, "_memory", [])
    return answers.answers


def _questions():
    """Each quiz question: (id, its options as stored, its right option)."""
    quiz = load_table("quiz")
    return [
        (qid, rows.option.tolist(), rows[rows.correct].option.iloc[0])
        for qid, rows in quiz.groupby("question_id", sort=False)
    ]


def _sound(case):
    return {case.best_fit, *case.also_sound}


def _widget_options(box):
    return [o[1] if isinstance(o, tuple) else o for o in box.choice.options]


# --- the order of the options -------------------------------------------------------


def test_the_stored_first_option_is_never_the_right_one():
    for qid, options, right in _questions():
        assert options[0] != right, qid
    for case in load_table("cases").itertuples():
        assert case.options[0] not in _sound(case), case.case


def test_across_the_bank_the_right_answer_is_first_only_by_chance(student):
    questions = _questions()
    # By chance alone a question with n options has the right one first 1/n of the time.
    expected = sum(1 / len(options) for _, options, _ in questions)
    counts = []
    for name in STUDENTS:
        student(name)
        boxes = [b for n in range(8) for b in activities.quiz(n).children]
        assert len(boxes) == len(questions)
        counts.append(
            sum(
                _widget_options(box)[0] == right
                for box, (_, _, right) in zip(boxes, questions, strict=True)
            )
        )
    assert max(counts) < 0.75 * len(questions), counts
    assert abs(sum(counts) / len(counts) - expected) < 0.2 * len(questions), counts
    # Cases: a sound answer is first about as often as chance puts it there.
    cases = load_table("cases")
    by_chance = sum(len(_sound(c)) / len(c.options) for c in cases.itertuples())
    firsts = []
    for name in STUDENTS:
        student(name)
        boxes = activities.case_exercises().children
        firsts.append(
            sum(
                _widget_options(box)[0] in _sound(case)
                for box, case in zip(boxes, cases.itertuples(), strict=True)
            )
        )
    assert max(firsts) < len(cases), firsts
    assert abs(sum(firsts) / len(firsts) - by_chance) < 0.25 * len(cases), firsts


def test_each_student_keeps_an_order_and_students_differ(student):
    orders = {}
    for name in STUDENTS:
        student(name)
        first = [_widget_options(b) for b in activities.quiz(1).children]
        again = [_widget_options(b) for b in activities.quiz(1).children]
        assert first == again, name  # the same student, the same order every time
        orders[name] = first
    student(STUDENTS[0])
    assert [_widget_options(b) for b in activities.quiz(1).children] == orders[
        STUDENTS[0]
    ]
    questions = len(orders[STUDENTS[0]])
    differing = sum(
        len({tuple(orders[name][q]) for name in STUDENTS}) > 1 for q in range(questions)
    )
    assert differing == questions
    # Over the whole bank, two students mostly see different orders.
    a = [answers.option_order(q, o, "ada") for q, o, _ in _questions()]
    b = [answers.option_order(q, o, "ben") for q, o, _ in _questions()]
    assert sum(x != y for x, y in zip(a, b, strict=True)) > len(a) / 2


def test_the_order_follows_the_key_not_the_stored_order():
    options = ["310 mg/day", "420 mg/day", "350 mg/day"]
    order = answers.option_order("q4_rda", options, "ada")
    assert sorted(order) == sorted(options)
    assert answers.option_order("q4_rda", list(reversed(options)), "ada") == order
    pairs = [("Dehydration", "dehydration"), ("Nerve damage", "neuropathy")]
    assert sorted(answers.option_order("hot_run", pairs, "ada")) == sorted(pairs)


def _sheet_items(page):
    """Each quiz or case item of a sheet: its heading and its options in order."""
    items = re.findall(
        r"<h3>(.*?)</h3>.*?<ul class='options'>(.*?)</ul>", page, flags=re.S
    )
    return [
        (title, [html.unescape(o) for o in re.findall(r"<li[^>]*>(.*?)</li>", body)])
        for title, body in items
    ]


def test_a_printed_sheet_and_its_key_give_the_options_in_one_order():
    quiz = load_table("quiz")
    right_first = total = 0
    for path in LESSONS:
        lesson = read_lesson(path)
        sheet = _sheet_items(worksheet_html(lesson, key=False))
        key_page = worksheet_html(lesson, key=True)
        assert _sheet_items(key_page) == sheet, path.name
        marked = [
            html.unescape(o)
            for o in re.findall(r"<li class='right'>(.*?)</li>", key_page)
        ]
        mine = quiz[quiz.lesson == lesson.number]
        assert set(mine[mine.correct].option) <= set(marked), path.name
        for _, options in sheet:
            row = mine[mine.option.isin(options)]
            if len(row) == len(options):  # a quiz item (not a case)
                total += 1
                right_first += bool(row.set_index("option").correct[options[0]])
    assert total == quiz.question_id.nunique()
    assert right_first < total / 2


# --- what the options give away ---------------------------------------------------

MIN_OPTIONS = 3
MAX_SHARE_RIGHT_LONGEST = 1 / 3
MAX_RIGHT_TO_WRONG_LENGTH = 1.6


def test_the_options_do_not_give_the_right_one_away():
    """A test-wise student who knows nothing must not score by picking the longest.

    Every question has at least 3 options; the right option is the strictly longest
    in at most a third of the questions; and no right option is more than 1.6 times
    as long as the mean of its wrong ones. The quiz before this check had 18 of 33
    questions with two options, the right one strictly longest in 28 of 33, and a
    right option 7.1 times the mean length of its wrong one; the present file has
    3 or more options everywhere, the right one strictly longest in 4 of 33, and at
    most 1.42 times the mean of the wrong ones.
    """
    quiz = load_table("quiz")
    questions = quiz.groupby("question_id", sort=False)
    few = {qid: len(rows) for qid, rows in questions if len(rows) < MIN_OPTIONS}
    assert not few, f"fewer than {MIN_OPTIONS} options: {few}"
    longest, ratios = [], {}
    for qid, rows in questions:
        length = rows.option.str.len()
        right, wrong = length[rows.correct].iloc[0], length[~rows.correct]
        if right > wrong.max():
            longest.append(qid)
        ratios[qid] = right / wrong.mean()
    assert len(longest) <= MAX_SHARE_RIGHT_LONGEST * len(ratios), longest
    too_long = {
        q: round(r, 2) for q, r in ratios.items() if r > MAX_RIGHT_TO_WRONG_LENGTH
    }
    assert not too_long, f"right option much longer than the wrong ones: {too_long}"


# --- what the wording gives away ------------------------------------------------------

# Words a test-wise student reads as "too sure to be right" or "careful, so right".
ABSOLUTE = re.compile(
    r"\b(only|always|never|all|any|every|everyone|anyone|completely|guaranteed|"
    r"cures?|proves?|none|nothing|exactly|whatever|must|no effect|nearly every|"
    r"at all|however)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(can|could|may|might|often|some|sometimes|usually|partly|probably|likely|"
    r"unlikely|mostly|most|mainly|a little|about|roughly|perhaps|among others|"
    r"one hypothesis|not settled|fairly)\b",
    re.IGNORECASE,
)
# Less than one question's worth (1/33) above what blind guessing scores.
CUE_MARGIN = 0.02


def _expected_score(pick):
    """Mean score of a strategy that keeps some options and guesses among them.

    `pick(options)` returns the options the strategy keeps; a guess among them is
    right with probability 1/len(kept). Also returns blind guessing's mean score.
    """
    scores, chance = [], []
    for _, options, right in _questions():
        kept = pick(options) or options
        scores.append((right in kept) / len(kept))
        chance.append(1 / len(options))
    return sum(scores) / len(scores), sum(chance) / len(chance)


def test_picking_the_hedged_option_scores_no_better_than_guessing():
    """A student who knows nothing and picks "the careful one" must score about chance.

    The strategy: give each option +1 for a hedge word and -1 for an absolute word,
    keep the best, guess among ties. Before the rewording it scored 0.309 against
    chance 0.281; now 0.241 against 0.279.
    """

    def hedged(options):
        mark = [bool(HEDGE.search(o)) - bool(ABSOLUTE.search(o)) for o in options]
        return [o for o, m in zip(options, mark, strict=True) if m == max(mark)]

    score, chance = _expected_score(hedged)
    assert score <= chance + CUE_MARGIN, (round(score, 3), round(chance, 3))


def test_striking_out_the_absolute_options_scores_no_better_than_guessing():
    """Crossing out every option with "only", "never", "all"... must not help.

    Before the rewording it scored 0.322 against chance 0.281; now 0.289 against
    0.279.
    """
    score, chance = _expected_score(
        lambda options: [o for o in options if not ABSOLUTE.search(o)]
    )
    assert score <= chance + CUE_MARGIN, (round(score, 3), round(chance, 3))


def test_right_options_state_firm_facts_and_wrong_ones_hedge_too():
    """Absolutes and hedges each show up on both sides, not only on one."""
    right = [r for _, _, r in _questions()]
    wrong = [o for _, options, r in _questions() for o in options if o != r]
    for words in (ABSOLUTE, HEDGE):
        assert any(words.search(o) for o in right), words.pattern
        assert any(words.search(o) for o in wrong), words.pattern


# A citation, a year or a named authority in an option.
CITATION = re.compile(
    r"\b(1[89]\d\d|20\d\d|et al|Cochrane|NIH|ODS|FDA|WHO|Hille|Hodgkin|Huxley|"
    r"Layzer)\b"
)


def test_no_citation_marks_the_right_option():
    """A named source or year in an option must not be what marks it right.

    Any such marker found in a right option must also appear in a wrong one. Before
    the rewording q7_cochrane's right option alone said "(Cochrane, 2020)"; the
    sources now live in the feedback.
    """
    right, wrong = set(), set()
    for _, options, answer in _questions():
        for option in options:
            found = {m.lower() for m in CITATION.findall(option)}
            (right if option == answer else wrong).update(found)
    assert right <= wrong, sorted(right - wrong)


def test_the_quiz_does_not_repeat_the_lessons_worked_answer():
    """q1_ambiguous and q4_rda ask the student to apply the idea to a new case.

    The lesson's own worked examples are magnesium and stress rising together
    (lesson 01) and the RDA of a 25-year-old woman read straight off the table
    (lesson 04); the questions must not be those again word for word.
    """
    quiz = load_table("quiz").groupby("question_id").question.first()
    assert "magnesium rises and stress rises" not in quiz["q1_ambiguous"].lower()
    assert not quiz["q4_rda"].lower().startswith("what is the magnesium rda")


# --- tries, nudges and the answer ----------------------------------------------------


def test_a_nudge_points_at_the_clue_and_never_holds_the_answer():
    quiz = load_table("quiz")
    for qid, _options, right in _questions():
        nudge = activities.quiz_nudge(qid).casefold()
        assert len(nudge) > 40, qid
        assert right.casefold() not in nudge, qid
        # nor the start of the right option's own explanation
        feedback = quiz[(quiz.question_id == qid) & quiz.correct].feedback.iloc[0]
        assert feedback.casefold()[:40] not in nudge, qid
    # The shortest right answers: not even the word.
    assert "calcium" not in activities.quiz_nudge("q6_stronger").casefold()
    assert "310" not in activities.quiz_nudge("q4_rda")
    names = tl.causes().set_index("cause")["name"]
    for case in load_table("cases").itertuples():
        nudge = case.nudge.casefold()
        for cause in _sound(case):
            name = names[cause].casefold()
            assert name not in nudge, (case.case, name)
            assert name.split(" (")[0] not in nudge, (case.case, name)
        assert case.reasoning.casefold()[:40] not in nudge, case.case


def _question(qid):
    lesson = int(qid[1])
    boxes = activities.quiz(lesson).children
    stored = activities.quiz_questions(lesson)
    ids = list(dict.fromkeys(stored.question_id))
    return boxes[ids.index(qid)]


def test_a_wrong_try_brings_the_nudge_and_the_last_brings_the_answer(recorded):
    box = _question("q4_rda")
    nudge, answer = activities.quiz_nudge("q4_rda"), activities.quiz_answer("q4_rda")
    assert "two tries" in box.children[-2].value  # the widget says how many
    box.check("About 160 mg/day short of 420 mg")
    assert html.escape(nudge) in box.feedback.value
    assert "310" not in box.feedback.value and "one more try" in box.feedback.value
    box.check(
        "About 90 mg/day short of 350 mg"
    )  # the last try: now the reasoning, and the answer
    assert "310 mg/day" in box.feedback.value
    assert html.escape(answer) in box.feedback.value
    assert [(a.answer, a.correct) for a in recorded()] == [
        ("About 160 mg/day short of 420 mg", False),
        ("About 90 mg/day short of 350 mg", False),
    ]


def test_a_right_answer_shows_its_reasoning_at_once(recorded):
    box = _question("q4_rda")
    box.check("About 50 mg/day short of 310 mg")
    assert "✔" in box.feedback.value
    assert "rda(25, &#x27;female&#x27;)" in box.feedback.value


def test_show_the_answer_counts_as_not_right_first_time(recorded):
    box = _question("q1_screen")
    assert box.show.description == "Show the answer"
    box.show.click()
    assert "A fall in ionized calcium" in box.feedback.value
    box.check("A fall in ionized calcium")
    kept = [(a.answer, a.correct) for a in recorded()]
    assert kept == [(SHOWN, False), ("A fall in ionized calcium", True)]
    # After a right answer, looking at the answer again records nothing more.
    box.show.click()
    assert len(recorded()) == 2


def test_cases_nudge_first_and_show_their_reasoning_last(recorded):
    boxes = activities.case_exercises().children
    cases = load_table("cases")
    lee = cases.case.tolist().index("exam_week")
    box, row = boxes[lee], cases.iloc[lee]
    box.check("magnesium_deficiency")
    assert html.escape(row.nudge) in box.feedback.value
    assert html.escape(row.reasoning) not in box.feedback.value
    box.check("stress_anxiety")
    assert html.escape(row.reasoning) in box.feedback.value
    other = boxes[0]
    other.show.click()
    assert "Sound: Magnesium deficiency" in other.feedback.value
    kept = [(a.question, a.answer, a.correct) for a in recorded() if a.kind == "case"]
    assert kept == [
        ("exam_week", "magnesium_deficiency", False),
        ("exam_week", "stress_anxiety", True),
        (cases.case.iloc[0], SHOWN, False),
    ]


def test_claim_verdicts_nudge_before_the_evidence(recorded):
    box = activities.claim_verdicts(["C22"]).children[0]
    evidence = tl.judge_verdict("C22", "not supported")[1]
    box.check("supported")
    nudge = tl.claims().set_index("claim").loc["C22", "nudge"]
    assert html.escape(nudge) in box.feedback.value
    assert html.escape(evidence)[:40] not in box.feedback.value
    box.check("contested")
    assert html.escape(evidence)[:40] in box.feedback.value


def test_each_claim_has_its_own_nudge_and_it_never_names_a_verdict():
    claims = tl.claims()
    assert claims.nudge.is_unique
    for row in claims.itertuples():
        words = row.nudge.lower()
        named = [v for v in tl.knowledge.VERDICTS if v in words]
        assert not named, (row.claim, named)
        assert len(row.nudge) >= 40, row.claim


def test_tries_are_checked():
    with pytest.raises(ValueError, match="tries must be a whole number from 1 to 4"):
        tl.ui.ChoiceQuestion("<p>?</p>", ["a"], lambda v: (True, ""), tries=0)


def test_the_last_wrong_try_of_a_case_says_its_reasoning_once(recorded):
    boxes = activities.case_exercises().children
    cases = load_table("cases")
    for n, row in enumerate(cases.itertuples()):
        sound = {row.best_fit, *row.also_sound}
        wrong = [key for _label, key in boxes[n].choice.options if key not in sound]
        if len(wrong) < 2:
            continue
        for key in wrong[:2]:
            boxes[n].check(key)
        shown = boxes[n].feedback.value
        assert shown.count(html.escape(row.reasoning)) == 1, (row.case, shown)
        assert "The answer:" in shown
        return
    raise AssertionError("no case has two options that fit less well")
