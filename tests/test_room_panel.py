"""The live round on a student's dashboard, driven without a browser: the question,
one answer changeable while open, refusals in words, the room after the reveal, the
browser's key keeping a reloaded page the same student, and predict-first."""

from __future__ import annotations

import pytest

from twitchlib import answers
from twitchlib.lessons import room, room_bank
from twitchlib.store import STORE_ENV, STORE_FILE, ClassStore, new_student_key
from twitchlib.ui import Explorer


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / STORE_FILE
    monkeypatch.setenv(STORE_ENV, str(path))
    store = ClassStore(path)
    yield store
    monkeypatch.delenv(STORE_ENV)
    answers.class_store()  # forget this test's store


def page(store, key=None, explorer=None):
    """A student's page: its panel, with the browser's key said (as on load)."""
    panel = room.RoomPanel(store, explorer)
    panel.key.key = key or new_student_key()
    return panel


def test_outside_the_class_server_there_is_no_panel(monkeypatch):
    monkeypatch.delenv(STORE_ENV, raising=False)
    assert room.room_panel() is None


def test_a_student_answers_changes_it_and_sees_the_room_after_the_reveal(store):
    q = room_bank.question("case:hot_run")
    panel = page(store)
    assert "Waiting for your teacher" in panel.prompt.value
    round_id = store.open_round(q.id, q.lesson, q.options)
    panel.refresh()
    labels = [b.description for b in panel.choices.children]
    assert labels == list(q.options)
    wrong = next(o for o in q.options if o not in q.sound)
    assert panel.answer(wrong) is None
    assert f"Your answer: <b>{wrong}" in panel.mine.value
    assert panel.answer(q.sound[0]) is None  # changed while open
    assert store.round_summary(round_id).distribution == {q.sound[0]: 1}
    assert "room" not in panel.room.value.lower()  # nothing of the room while open
    store.close_round(round_id)
    panel.refresh()
    assert "Answers are closed" in panel.mine.value
    assert all(b.disabled for b in panel.choices.children)
    assert "closed" in panel.answer(wrong)  # refused in words, nothing changed
    assert store.round_summary(round_id).distribution == {q.sound[0]: 1}
    store.reveal(round_id)
    panel.refresh()
    assert "The room:" in panel.room.value and "1 of 1" in panel.room.value
    assert "You were right" in panel.room.value
    assert "Sound answers:" in panel.room.value and "(both count)" in panel.room.value


@pytest.mark.parametrize(
    "typed, says",
    [("lots", "is not a number"), ("250", "outside that range"), ("", "type a number")],
)
def test_a_wrong_number_is_refused_in_words_and_nothing_is_stored(store, typed, says):
    q = room_bank.question("number:caffeine-600mg")
    round_id = store.open_round(q.id, q.lesson)
    panel = page(store)
    assert says in panel.answer(typed)
    assert "Not sent" in panel.mine.value
    assert store.round_summary(round_id).answered == 0
    assert panel.answer("14 %") is None
    assert store.round_summary(round_id).distribution == {"14": 1}


def test_a_reloaded_page_is_the_same_student_with_the_same_answer(store):
    q = room_bank.question("claim:C08")
    round_id = store.open_round(q.id, q.lesson, q.options)
    key = new_student_key()
    first = page(store, key)
    first.name.value = "Ada"
    first.answer("supported")
    # The browser keeps its key; the reloaded page (a new kernel) says it again.
    answers.class_store()  # the same process stands in for the new kernel here
    again = page(store, key)
    assert "Your answer: <b>supported" in again.mine.value
    again.answer("not supported")
    assert store.round_summary(round_id).distribution == {"not supported": 1}
    assert [s.name for s in store.students()].count("Ada") == 1


def test_two_students_never_see_or_replace_each_others_answer(store):
    q = room_bank.question("claim:C08")
    round_id = store.open_round(q.id, q.lesson, q.options)
    ada, bo = new_student_key(), new_student_key()
    page(store, ada).answer("supported")
    bo_page = page(store, bo)
    assert "You have not answered" in bo_page.mine.value
    bo_page.answer("contested")
    assert store.my_answer(round_id, ada).answer == "supported"
    assert store.round_summary(round_id).distribution == {
        "contested": 1,
        "supported": 1,
    }


def test_a_key_the_store_refuses_leaves_the_page_its_own_secret(store):
    panel = page(store, "short")
    assert panel.student == answers.class_key() != "short"
    assert panel.answer("anything") is not None  # no round yet, said in words


def test_a_ready_page_nobody_has_opened_joins_no_one(store):
    q = room_bank.question("claim:C08")
    store.open_round(q.id, q.lesson, q.options)
    panel = room.RoomPanel(store)  # the browser has not said its key
    assert store.students() == []
    assert "not said who you are" in panel.answer("supported")
    assert store.round_summary(store.current_round().round_id).answered == 0


def test_predict_first_hides_the_likelihood_until_the_reveal(store):
    explorer = Explorer()
    q = room_bank.question("number:caffeine-600mg")
    store.set_predict_first(True)
    round_id = store.open_round(q.id, q.lesson)
    panel = page(store, explorer=explorer)
    assert "hidden until your teacher reveals it" in explorer.headline.value
    assert "%" not in explorer.headline.value.split("twitch-likelihood")[1]
    assert "twitchlib-withheld" in explorer.waterfall._dom_classes
    store.reveal(round_id)
    panel.refresh()
    assert "hidden until" not in explorer.headline.value
    assert "twitchlib-withheld" not in explorer.waterfall._dom_classes
    store.open_round(q.id, q.lesson)
    panel.refresh()
    assert "hidden until" in explorer.headline.value
    store.set_predict_first(False)
    panel.refresh()
    assert "hidden until" not in explorer.headline.value


def test_predict_first_hides_the_nerve_explorers_spikes_too(store):
    import ipywidgets as w

    count = w.HTML("6 spikes")
    q = room_bank.question("number:spikes-calcium-0.9")
    store.set_predict_first(True)
    round_id = store.open_round(q.id, q.lesson)
    panel = room.RoomPanel(store, None, withheld=[count])
    panel.key.key = new_student_key()
    assert "twitchlib-withheld" in count._dom_classes
    panel.answer("3")
    store.reveal(round_id)
    panel.refresh()
    assert "twitchlib-withheld" not in count._dom_classes
    assert "The model gives</b> 6 spikes in 100 ms (a teaching estimate)" in (
        panel.room.value
    )
    assert "matched the model" not in panel.room.value
    # The student reads that their own guess was off, not only the model's value.
    assert "Your prediction, 3 spikes in 100 ms, is further from it." in (
        panel.room.value
    )


def test_the_class_dashboard_is_the_dashboard_alone_outside_class(monkeypatch):
    monkeypatch.delenv(STORE_ENV, raising=False)
    from twitchlib.ui import Dashboard

    assert isinstance(room.class_dashboard(), Dashboard)
