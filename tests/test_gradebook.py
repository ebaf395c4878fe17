"""The class report scores first tries, keeps every ticket, and writes gradebook CSVs."""

import csv
import json

import pytest

import twitchlib as tl
from twitchlib import answers
from twitchlib.delivery.class_report import class_report
from twitchlib.delivery.cli import main
from twitchlib.delivery.gradebook import (
    GRADEBOOK_FORMATS,
    gradebook_items,
    gradebook_table,
    write_gradebook,
)
from twitchlib.ui.choice import SHOWN

QUESTION = "q5_coffee"


def _ticket(folder, scratch, lesson, name, records, monkeypatch):
    monkeypatch.setenv("TWITCHLIB_ANSWERS", str(scratch / f"{name}.jsonl"))
    monkeypatch.setattr(answers, "_memory", [])
    for record in records:
        answers.record(lesson, *record)
    return tl.save_exit_ticket(lesson, name, folder=folder)


@pytest.fixture
def sample(tmp_path, monkeypatch):
    """Lesson 05: Ada wrong first then right, Ben an empty ticket, Chloé right first
    with a case and its reason, Dev asked to be shown, Eli a version 1 ticket tried
    twice, and Fin's ticket from lesson 04."""
    folder, scratch = tmp_path / "tickets", tmp_path / "scratch"
    folder.mkdir()
    scratch.mkdir()
    wrong, right = "Magnesium deficiency", "Too much caffeine"
    _ticket(
        folder,
        scratch,
        5,
        "Ada Lovelace",
        [("quiz", QUESTION, wrong, False), ("quiz", QUESTION, right, True)],
        monkeypatch,
    )
    _ticket(folder, scratch, 5, "Ben", [], monkeypatch)
    _ticket(
        folder,
        scratch,
        5,
        "Chloé",
        [
            ("quiz", QUESTION, right, True),
            ("case", "after_surgery", "low_calcium", True),
            ("reason", "after_surgery", "the tingling around the mouth", None),
        ],
        monkeypatch,
    )
    _ticket(
        folder,
        scratch,
        5,
        "Dev",
        [("quiz", QUESTION, SHOWN, False), ("quiz", QUESTION, right, True)],
        monkeypatch,
    )
    (folder / "exit-ticket_lesson05_Eli.json").write_text(
        json.dumps(
            {
                "format": "twitchlib exit ticket",
                "version": 1,
                "lesson": 5,
                "name": "Eli",
                "saved": "2026-01-01T10:00:00+00:00",
                "answers": [
                    {
                        "kind": "quiz",
                        "question": QUESTION,
                        "answer": right,
                        "correct": True,
                        "attempts": 2,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    _ticket(
        folder, scratch, 4, "Fin", [("quiz", "q4_rda", "310 mg/day", True)], monkeypatch
    )
    return folder


def test_first_tries_are_the_headline_beside_the_last(sample):
    report = class_report(sample)
    assert report.lesson == 5
    row = report.results.set_index("question").loc[QUESTION]
    # Ada (wrong first), Chloé (right), Dev (shown first), Eli (not known): 1 of 3.
    assert (row.answered, row.right_first_time, row.first_try_not_known) == (4, 1, 1)
    assert row.percent_right_first_time == 33 and row.right == 4
    assert row.percent_right == 100


def test_every_ticket_is_listed_and_students_are_counted_by_ticket(sample):
    report = class_report(sample)
    students = report.students.set_index("student")
    assert set(students.index) == {"Ada Lovelace", "Ben", "Chloé", "Dev", "Eli"}
    assert students.loc["Ben", "questions_answered"] == 0
    assert "empty ticket" in students.loc["Ben", "note"]
    assert students.loc["Ada Lovelace", "right_first_time"] == 0
    assert students.loc["Ada Lovelace", "right_at_last_try"] == 1
    assert students.loc["Chloé", "percent_right_first_time"] == 100
    assert "first try is not known" in students.loc["Eli", "note"]
    assert list(report.empty_tickets.student) == ["Ben"]
    assert "5 exit ticket(s) from 5 student(s) (1 with no answers)" in report.summary()


def test_a_ticket_from_another_lesson_is_flagged_not_merged(sample):
    report = class_report(sample)
    assert list(report.other_lessons.student) == ["Fin"]
    assert set(report.results.lesson) == {5} and "q4_rda" not in set(
        report.results.question
    )
    assert "from another lesson (04)" in report.summary()
    # Asked for lesson 04, the lesson 05 tickets are the ones set apart.
    other = class_report(sample, lesson=4)
    assert set(other.other_lessons.student) == {
        "Ada Lovelace",
        "Ben",
        "Chloé",
        "Dev",
        "Eli",
    }
    assert list(other.results.question) == ["q4_rda"]


def test_questions_and_cases_are_shown_by_their_words(sample):
    report = class_report(sample)
    page = report.to_markdown()
    quiz = tl.load_table("quiz")
    words = quiz[quiz.question_id == QUESTION].question.iloc[0]
    title = tl.load_table("cases").set_index("case").loc["after_surgery", "title"]
    assert words in page and f"Case: {title}" in page
    for key in (QUESTION, "after_surgery", "low_calcium", "q4_rda"):
        assert key not in page


def test_each_reason_is_shown_beside_its_choice_and_whether_it_was_right(sample):
    reasons = class_report(sample).reasons
    (row,) = reasons.itertuples()
    cause = tl.causes().set_index("cause").loc["low_calcium", "name"]
    assert (row.student, row.choice, row.choice_right) == ("Chloé", cause, True)
    assert row.reason == "the tingling around the mouth"
    assert "| yes |" in class_report(sample).to_markdown()


def _read(path, encoding):
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    return list(csv.reader(raw.decode(encoding).splitlines()))


@pytest.mark.parametrize("platform", ["moodle", "canvas"])
def test_the_gradebook_matches_the_documented_columns(sample, tmp_path, platform):
    report = class_report(sample)
    path, notes = write_gradebook(report, platform, tmp_path / "out")
    form = GRADEBOOK_FORMATS[platform]
    rows = _read(path, form.encoding)
    items = gradebook_items(report)
    expected_identity = {
        "moodle": ["Full name", "ID number", "Email address"],
        "canvas": ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"],
    }[platform]
    assert rows[0] == expected_identity + [name for _, name in items]
    assert all(name.startswith("Lesson 05: ") for _, name in items)
    quiz = tl.load_table("quiz")
    assert [k for k, _ in items][:4] == list(
        dict.fromkeys(quiz[quiz.lesson == 5].question_id)
    )
    column = rows[0].index(dict(items)[QUESTION])
    by_name = {row[0]: row for row in rows[1:]}
    assert list(by_name) == ["Ada Lovelace", "Ben", "Chloé", "Dev", "Eli"]  # no Fin
    assert by_name["Ada Lovelace"][column] == "0"  # wrong first, right later
    assert by_name["Chloé"][column] == "1"
    assert by_name["Dev"][column] == "0"  # shown the answer first
    assert by_name["Eli"][column] == ""  # version 1, first try not known
    assert set(by_name["Ben"][len(expected_identity) :]) == {""}  # empty ticket
    assert any("Fin (lesson 04)" in note for note in notes)
    assert any("Eli" in note for note in notes)


def test_a_roster_fills_the_identity_columns(sample, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,email,id_number,sis_login_id,section\n"
        "ada lovelace,ada@school.example,A1,ada1,5B\nChloé,chloe@school.example,C3,,5B\n",
        encoding="utf-8",
    )
    report = class_report(sample)
    path, notes = write_gradebook(report, "moodle", tmp_path / "out", roster)
    rows = {r[0]: r for r in _read(path, "utf-8")[1:]}
    assert rows["Ada Lovelace"][1:3] == ["A1", "ada@school.example"]
    assert rows["Chloé"][1:3] == ["C3", "chloe@school.example"]
    assert any("Ben, Dev, Eli" in note for note in notes)
    path, _ = write_gradebook(report, "canvas", tmp_path / "out", roster)
    rows = {r[0]: r for r in _read(path, "utf-8")[1:]}
    assert rows["Ada Lovelace"][3:5] == ["ada1", "5B"]


def test_a_bad_roster_and_an_undocumented_platform_are_refused_in_words(
    sample, tmp_path
):
    roster = tmp_path / "roster.csv"
    roster.write_text("student,mail\nAda,a@b\n", encoding="utf-8")
    report = class_report(sample)
    with pytest.raises(ValueError, match="roster roster.csv needs a 'name' column"):
        write_gradebook(report, "moodle", tmp_path / "out", roster)
    with pytest.raises(ValueError, match="no documented CSV import"):
        gradebook_table(report, "google")
    assert not (tmp_path / "out").exists()


def test_the_command_writes_the_gradebook(sample, tmp_path, capsys):
    out = tmp_path / "report"
    assert (
        main(["class-report", str(sample), "--out", str(out), "--gradebook", "canvas"])
        == 0
    )
    printed = capsys.readouterr().out
    assert (
        "gradebook for Canvas" in printed and (out / "gradebook-canvas.csv").is_file()
    )
    assert (
        main(["class-report", str(sample), "--out", str(out), "--gradebook", "google"])
        == 2
    )
    assert "no documented CSV import" in capsys.readouterr().out
    assert not (out / "gradebook-google.csv").exists()


def test_two_students_who_typed_the_same_name_are_two_students(sample):
    for page in ("a1b2c3d4e5", "f6a7b8c9d0"):
        path = sample / f"exit-ticket_lesson05_Sam_{page[:8]}.json"
        data = json.loads((sample / "exit-ticket_lesson05_Ben.json").read_text("utf-8"))
        data.update(name="Sam", student_id=page)
        path.write_text(json.dumps(data), encoding="utf-8")
    report = class_report(sample)
    assert report.duplicates.empty
    assert list(report.students.student).count("Sam") == 2
    assert "from 7 student(s)" in report.summary()
    _header, rows, notes = gradebook_table(report, "canvas")
    assert [row[0] for row in rows].count("Sam") == 2
    assert any("same name" in note and "sam" in note for note in notes)


def _live_class(folder):
    """A class server's folder after two live questions, one asked again: Ada right
    then right, Ben wrong then right, a projector page with no name, Cy joined late."""
    from twitchlib.lessons import room_bank
    from twitchlib.store import STORE_FILE, ClassStore, new_student_key

    for name in ("03_the_twitch_explorer.ipynb", "dashboard.ipynb"):
        (folder / name).write_text("{}", encoding="utf-8")
    store = ClassStore(folder / STORE_FILE)
    ada, ben, cy, projector = (new_student_key() for _ in range(4))
    store.join(ada, "Ada")
    store.join(ben, "Ben")
    store.join(projector)
    claim = room_bank.question("claim:C08")
    wrong = next(o for o in claim.options if o not in claim.sound)
    first = store.open_round(claim.id, claim.lesson, claim.options)
    store.submit(first, ada, claim.answer)
    store.submit(first, ben, wrong)
    store.submit(first, projector, wrong)
    store.reveal(first)
    again = store.open_round(claim.id, claim.lesson, claim.options)
    store.submit(again, ada, claim.answer)
    store.submit(again, ben, claim.answer)
    store.reveal(again)
    number = room_bank.question("number:caffeine-600mg")
    guess = store.open_round(number.id, number.lesson)
    store.join(cy, "Cy")
    store.submit(guess, cy, "40")
    store.close_round(guess)
    return store, claim, number


def test_the_report_and_gradebooks_hold_the_live_rounds(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    store, claim, number = _live_class(folder)
    report = class_report(folder)
    # The notebooks and the class store are not tickets: not "skipped" either.
    assert report.skipped.empty
    votes = report.live.votes.set_index(["question", "student"])
    assert set(votes.index.get_level_values("student")) == {"Ada", "Ben", "Cy"}
    ben = votes.loc[(claim.id, "Ben")]
    assert (ben["first vote right"], ben["final vote right"]) == (False, True)
    assert ben["final vote"] == claim.answer and ben["times asked"] == 2
    cy = votes.loc[(number.id, "Cy")]
    assert cy["first vote"] == f"40 {number.unit}" and cy["first vote right"] is False
    assert votes.loc[(number.id, "Ada"), "first vote"] == ""
    shown = report.live_votes.set_index("student")
    assert shown.loc["Ada", "first vote right"].tolist() == ["yes", "no vote"]
    counts = report.live.counts
    assert list(counts["students who answered"]) == [2, 2, 1]  # the projector: not
    assert list(counts["asked again"]) == [False, True, False]
    assert "Live rounds: 2 question(s) asked in 3 round(s)" in report.summary()
    headings = [h for h, _ in report.tables()]
    assert "Live rounds: each student's first and final vote" in headings
    out = report.write(tmp_path / "report").read_text(encoding="utf-8")
    assert claim.prompt[:40] in out and "student_id" not in out
    for platform, identity in (("moodle", 3), ("canvas", 5)):
        header, rows, _ = gradebook_table(report, platform)
        assert header[:identity] == list(GRADEBOOK_FORMATS[platform].identity)
        assert [h.split(":")[0] for h in header[identity:]] == [
            "Live round 1",
            "Live round 2",
        ]
        assert {r[0]: r[identity:] for r in rows} == {
            "Ada": ["1", ""],
            "Ben": ["0", ""],
            "Cy": ["", "0"],
        }


def test_a_ticket_and_the_live_votes_of_one_student_are_one_row(
    sample, tmp_path, monkeypatch
):
    from twitchlib.store import STORE_FILE, ClassStore, new_student_key

    store = ClassStore(sample / STORE_FILE)
    key = new_student_key()
    store.join(key, "Chloé")
    round_id = store.open_round("claim:C08", 7, ["a", "b"])
    store.submit(round_id, key, "a")
    header, rows, _ = gradebook_table(class_report(sample), "moodle")
    names = [r[0] for r in rows]
    assert names.count("Chloé") == 1 and header[-1].startswith("Live round 1")
    # The other students' items stay where the existing columns put them.
    assert len({len(r) for r in rows}) == 1 and len(rows[0]) == len(header)
