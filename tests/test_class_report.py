"""Exit tickets and the class report: real tickets merged, bad files skipped, duplicates kept."""

import json
import subprocess
import sys

import pytest

import twitchlib as tl
from conftest import ROOT
from twitchlib import answers
from twitchlib.coursework import TicketError, read_ticket, save_exit_ticket
from twitchlib.delivery.class_report import class_report
from twitchlib.delivery.cli import main


@pytest.fixture(autouse=True)
def answer_file(tmp_path, monkeypatch):
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(tmp_path / "twitchlib-answers.jsonl"))
    monkeypatch.setattr(answers, "_memory", [])


def test_a_ticket_holds_the_lessons_answers_and_only_the_name(tmp_path):
    answers.record(3, "quiz", "q3_normal", "The likelihood jumps", False)
    answers.record(3, "quiz", "q3_normal", "Nothing", True)
    tl.check("03.1", 5)
    answers.record(4, "quiz", "q4_rda", "310 mg/day", True)  # another lesson
    path = tl.save_exit_ticket(3, "  Zoë   van Dijk ", folder=tmp_path)
    assert path.name == "exit-ticket_lesson03_Zoë-van-Dijk.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"format", "version", "lesson", "name", "saved", "answers"}
    assert data["name"] == "Zoë van Dijk"
    by_question = {a["question"]: a for a in data["answers"]}
    assert set(by_question) == {"q3_normal", "03.1"}
    # Wrong first, then right: the first try is what counts, and both are kept.
    quiz = by_question["q3_normal"]
    assert (quiz["first_try_right"], quiz["last_right"], quiz["attempts"]) == (
        False,
        True,
        2,
    )
    assert [t["answer"] for t in quiz["tries"]] == ["The likelihood jumps", "Nothing"]
    assert read_ticket(path).answers[0].question == "q3_normal"


@pytest.mark.parametrize("name", ["", "   ", "/", "x" * 61, None])
def test_a_ticket_needs_a_usable_name(name, tmp_path):
    with pytest.raises(ValueError, match="name"):
        tl.save_exit_ticket(3, name, folder=tmp_path)


def test_a_ticket_needs_a_known_lesson(tmp_path):
    with pytest.raises(ValueError, match="lesson must be one of"):
        tl.save_exit_ticket(42, "Ada", folder=tmp_path)


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
        (b'{"lesson": 3', "not valid JSON"),
        (b'["a", "list"]', "not a twitchlib exit ticket"),
        (b'{"format": "something else"}', "not a twitchlib exit ticket"),
        (b'{"format": "twitchlib exit ticket", "version": 9}', "version 9"),
        (
            b'{"format": "twitchlib exit ticket", "version": 1, "lesson": "three", "name": "A",'
            b' "answers": []}',
            "'lesson' must be",
        ),
        (
            b'{"format": "twitchlib exit ticket", "version": 1, "lesson": 3, "name": "",'
            b' "answers": []}',
            "name must not be empty",
        ),
        (
            b'{"format": "twitchlib exit ticket", "version": 1, "lesson": 3, "name": "A",'
            b' "answers": [{"kind": "quiz"}]}',
            "answer 1 lacks",
        ),
        (
            b'{"format": "twitchlib exit ticket", "version": 1, "lesson": 3, "name": "A",'
            b' "answers": [{"kind": "hack", "question": "q", "answer": "a", "correct": 2,'
            b' "attempts": 1}]}',
            "unknown kind",
        ),
    ],
)
def test_a_bad_file_gets_a_clear_message(content, reason, tmp_path):
    path = tmp_path / "handed-in.json"
    path.write_bytes(content)
    with pytest.raises(TicketError, match=reason) as raised:
        read_ticket(path)
    assert "handed-in.json" in str(raised.value)


@pytest.fixture(scope="module")
def sample_class(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "sample_class.py"),
            str(folder),
            "--lesson",
            "5",
            "--students",
            "8",
        ],
        check=True,
        capture_output=True,
    )
    return folder


def test_the_class_report_merges_tickets_skips_bad_files_and_flags_duplicates(
    sample_class,
):
    report = class_report(sample_class)
    assert report.tickets == 9  # 8 students, one of them twice
    assert sorted(report.skipped.file) == [
        "exit-ticket_lesson05_Quinn.json",
        "notes from the lesson.txt",
    ]
    assert all(report.skipped.reason.str.len() > 10)
    assert len(report.duplicates) == 2
    assert report.duplicates.student.str.casefold().nunique() == 1
    results = report.results
    quiz = tl.load_table("quiz")
    assert set(quiz[quiz.lesson == 5].question_id) <= set(results.question)
    assert set(tl.load_table("cases").case) <= set(results.question)
    assert (results.right <= results.answered).all()
    assert results.answered.max() <= 8  # each student once, from the latest ticket
    # The table agrees with the tickets themselves.
    row = results[results.question == "exam_week"].iloc[0]
    counted = set(report.answers[report.answers.latest].file)
    assert len(counted) == 8 and len(set(report.duplicates.file) & counted) == 1
    tickets = [read_ticket(sample_class / name) for name in counted]
    answered = [
        a
        for t in tickets
        for a in t.answers
        if a.question == "exam_week" and a.kind == "case"
    ]
    assert row.answered == len(answered) and row.right == sum(
        a.correct for a in answered
    )
    # The headline is the first try, counted from the tickets' own first tries.
    assert row.right_first_time == sum(a.first_try_right for a in answered)
    quiz_row = results[results.kind == "quiz"].iloc[0]
    quiz_answers = [
        a for t in tickets for a in t.answers if a.question == quiz_row.question
    ]
    assert quiz_row.right_first_time == sum(a.first_try_right for a in quiz_answers)
    assert quiz_row.right == sum(a.last_right for a in quiz_answers)
    students = report.students
    assert len(students) == report.tickets - len(report.other_lessons)
    for ticket_file in sorted(counted)[:3]:
        ticket = read_ticket(sample_class / ticket_file)
        mine = students.set_index("file").loc[ticket_file]
        judged = [a for a in ticket.answers if a.kind in ("quiz", "exercise", "case")]
        assert mine.right_first_time == sum(a.first_try_right for a in judged)
        assert mine.right_at_last_try == sum(a.last_right for a in judged)
    assert not report.reasons.empty
    wrong = report.wrong_answers
    assert (wrong.groupby(["lesson", "question"]).size() <= 3).all()
    assert len(report.figure().data[0].y) == len(results)


def test_the_command_writes_the_report_without_a_cdn(sample_class, tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["class-report", str(sample_class), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "skipped notes from the lesson.txt" in printed
    page = (out / "class-report.html").read_text(encoding="utf-8")
    assert "cdn." not in page and 'src="plotly.min.js"' in page
    assert (out / "plotly.min.js").stat().st_size > 1_000_000
    for name in ("results.csv", "wrong-answers.csv", "answers.csv", "class-report.md"):
        assert (out / name).is_file()
    assert main(["class-report", str(tmp_path / "nowhere")]) == 1


def test_a_folder_with_no_tickets_gives_an_empty_report(tmp_path):
    report = class_report(tmp_path)
    assert report.tickets == 0 and report.results.empty


def _box_parts(box):
    """The radio buttons, reason box and Check button of one quiz or case question."""
    return box.choice, box.why, box.button


def test_the_quiz_and_case_widgets_record_answers_and_reasons():
    import twitchlib.lessons.activities  # noqa: F401

    first = tl.lessons.activities.quiz(3).children[0]
    radio, _, button = _box_parts(first)
    radio.value = radio.options[0]
    button.click()
    case = tl.lessons.activities.case_exercises().children[2]
    radio, reason, button = _box_parts(case)
    reason.value = "anxious, breathing fast, six coffees"
    radio.value = radio.options[0][1]
    button.click()
    recorded = answers.answers()
    kinds = [(a.lesson, a.kind) for a in recorded]
    assert (3, "quiz") in kinds and (5, "case") in kinds and (5, "reason") in kinds
    assert any(a.answer == "anxious, breathing fast, six coffees" for a in recorded)


def test_the_exit_ticket_box_saves_a_file_in_the_students_folder(tmp_path, monkeypatch):
    import ipywidgets as w

    monkeypatch.chdir(tmp_path)
    tl.check("03.1", 4)
    box = tl.exit_ticket(3)
    name = next(k for k in box.children if isinstance(k, w.Text))
    button = next(k for k in box.children if isinstance(k, w.Button))
    status = box.children[-1]
    button.click()
    assert "Not saved" in status.value and not list(tmp_path.glob("exit-ticket*"))
    name.value = "Sam Lee"
    button.click()
    saved = list(tmp_path.glob("exit-ticket*"))
    assert [p.name for p in saved] == ["exit-ticket_lesson03_Sam-Lee.json"]
    assert "Saved 1 answer to" in status.value


def test_progress_shows_the_checklist():
    tl.begin_lesson(3)
    tl.check("03.1", 4)
    table = tl.progress().table.set_index("lesson")
    assert table.loc["03", "opened"] == "yes" and table.loc["04", "opened"] == "not yet"
    assert table.loc["03", "exercises solved"] == "0 of 1"
    assert "<table" in tl.progress()._repr_html_()


def test_progress_counts_a_quiz_question_right_only_when_right_first_time():
    from twitchlib.lessons.activities import quiz_questions

    rows = quiz_questions(4)
    question = rows.question_id.iloc[0]
    wrong = rows[(rows.question_id == question) & ~rows.correct].option.iloc[0]
    right = rows[(rows.question_id == question) & rows.correct].option.iloc[0]
    tl.answers.record(4, "quiz", question, wrong, False)
    tl.answers.record(4, "quiz", question, right, True)  # the second try
    table = tl.progress().table.set_index("lesson")
    asked = rows.question_id.nunique()
    assert table.loc["04", "quiz answered"] == f"1 of {asked}"
    assert table.loc["04", "quiz right first time"] == f"0 of {asked}"


def test_the_courses_own_pages_are_not_skipped_and_the_report_looks_like_the_site(
    sample_class, tmp_path
):
    """The glossary page travels with the notebooks: it is no damaged ticket. The
    report carries the site's style sheet and draws its chart only with tickets."""
    import shutil

    folder = tmp_path / "class"
    shutil.copytree(sample_class, folder)
    (folder / "glossary.md").write_text("# Glossary\n", encoding="utf-8")
    report = class_report(folder)
    assert "glossary.md" not in set(report.skipped.file)
    page = report.write(tmp_path / "out").read_text(encoding="utf-8")
    css = (ROOT / "twitchlib" / "delivery" / "site_static" / "site.css").read_text()
    assert f"<style>{css}</style>" in page
    assert "plotly.min.js" in page
    (tmp_path / "empty-class").mkdir()
    empty = class_report(tmp_path / "empty-class")
    assert "plotly" not in empty.write(tmp_path / "empty").read_text(encoding="utf-8")


def test_on_a_shared_login_a_ticket_holds_only_its_own_students_answers(
    tmp_path, monkeypatch
):
    """One lab account, two students in turn: Bob's ticket holds neither Alice's
    first try nor her answer, and his own first try is the one scored."""
    from twitchlib import answers

    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(tmp_path / "answers.jsonl"))
    monkeypatch.setattr(answers, "_memory", [])
    answers.record(4, "quiz", "q4_rda", "About 50 mg/day short of 310 mg", True)
    alice = json.loads(save_exit_ticket(4, "Alice", tmp_path).read_text())
    answers.record(4, "quiz", "q4_rda", "About 110 mg/day short of 420 mg", False)
    answers.record(4, "quiz", "q4_rda", "About 50 mg/day short of 310 mg", True)
    bob = json.loads(save_exit_ticket(4, "Bob", tmp_path).read_text())
    [mine] = bob["answers"]
    assert mine["first_answer"] == "About 110 mg/day short of 420 mg"
    assert (mine["first_try_right"], mine["attempts"]) == (False, 2)
    assert alice["answers"][0]["attempts"] == 1
    # Alice, saving again after Bob, keeps her own answers, and none of his.
    again = json.loads(save_exit_ticket(4, "alice", tmp_path).read_text())
    assert again["answers"] == alice["answers"]
