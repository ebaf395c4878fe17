"""The live round on a student's dashboard: the teacher's question, one answer, the
room's answers after the reveal.

:func:`room_panel` is what the class server's dashboard shows above the explorers.
Outside the class server it returns None, so a lesson or a home copy shows nothing of
it. In the class server it polls the class store about once a second from a thread
of the kernel and shows:

- "Waiting for your teacher's question" until the teacher opens one;
- the question with its options (buttons) or a number box with its unit; the
  student's own answer, changeable until the round closes;
- after the reveal, the room's answers in words and the right answer with its
  reasoning.

Who the student is comes from :class:`StudentKey`, a random key kept in the
student's browser, so a reloaded page (a new kernel) is the same student; the name
or pseudonym the student types is the only personal detail kept. While the teacher
has predict-first on, the explorer hides the likelihood until the round is revealed
(:meth:`twitchlib.ui.Explorer.hide_likelihood`).

Example: ``room_panel()`` is None outside the class server.
"""

from __future__ import annotations

import html
import sqlite3
import threading
from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

from .. import answers
from ..store import StoreRefusal
from ..ui import Dashboard, Explorer, NerveExplorer
from . import room_bank

ASSETS = Path(__file__).resolve().parent.parent / "assets"
POLL_S = 1.0
NOT_ANSWERING = "the class store is not answering, so your answer is not saved yet"


class StudentKey(anywidget.AnyWidget):
    """An invisible widget whose browser side keeps the student's random key in
    localStorage and sends it here (``key``)."""

    _esm = ASSETS / "student_key.js"
    key = traitlets.Unicode("").tag(sync=True)


class RoomPanel:
    """The live round as one student sees it (see the module's text).

    ``store`` is the class store, ``explorer`` the twitch explorer whose likelihood
    predict-first hides (or None). :meth:`refresh` reads the store once; the
    polling thread calls it every :data:`POLL_S` seconds.
    """

    def __init__(self, store, explorer=None, withheld=()):
        self.store = store
        self.explorer = explorer
        # Other widgets that would give a number away (the nerve explorer's spike
        # count and trace) wait for the reveal too.
        self.withheld = tuple(withheld)
        # The student's key, once their browser has said it: until then (a ready
        # kernel nobody has opened yet) this page is nobody and joins nothing.
        self.student: str | None = None
        self.state: str | None = None
        self._drawn: tuple | None = None
        self._stop = threading.Event()
        # The polling thread and the student's clicks both redraw.
        self._lock = threading.RLock()
        self.key = StudentKey()
        self.key.observe(self._on_key, names="key")
        self.name = w.Text(
            description="Your name",
            placeholder="a name or pseudonym, nothing else",
            continuous_update=False,
            layout=w.Layout(width="auto"),
            # The label whole ("Your name"), not cut to the default label width.
            style={"description_width": "initial"},
        )
        self.name.observe(self._on_name, names="value")
        self.title = w.HTML("<b>Live question</b>")
        self.prompt = w.HTML()
        self.choices = w.VBox()
        # The unit follows the box, as it is written ("23 %"), and the box is wide
        # enough for its placeholder ("0 to 100").
        self.number = w.Text(continuous_update=False, layout=w.Layout(width="9em"))
        self.number.add_class("twitchlib-room-number")
        self.unit = w.HTML()
        self.send = w.Button(description="Send my answer", button_style="primary")
        self.send.on_click(lambda _: self.answer(self.number.value))
        self.number_row = w.HBox([self.number, self.unit, self.send])
        self.mine = w.HTML()
        self.room = w.HTML()
        self.view = w.VBox(
            [
                self.key,
                self.title,
                self.name,
                self.prompt,
                self.choices,
                self.number_row,
                self.mine,
                self.room,
            ]
        )
        self.view.add_class("twitchlib-room")
        self.refresh()

    # --- who -----------------------------------------------------------------------

    def _on_key(self, change) -> None:
        try:
            answers.use_class_key(change["new"], self.name.value.strip())
        except (ValueError, StoreRefusal):
            # A key the store refuses: this page uses the kernel's own secret.
            pass
        self.student = answers.class_key()
        self._drawn = None
        self.refresh()

    def _on_name(self, change) -> None:
        if self.student is None:
            self.student = answers.class_key()
        try:
            self.store.join(self.student, change["new"])
            self.mine.value = ""
        except StoreRefusal as problem:
            self.mine.value = (
                f"<p role='alert'>Name not saved: {html.escape(str(problem))}.</p>"
            )

    # --- answering ---------------------------------------------------------------

    def answer(self, text: str) -> str | None:
        """Send this student's answer to the open round; returns the refusal in words,
        or None when the store kept it."""
        current = self.store.current_round()
        if current is None:
            return self._refused("there is no question yet")
        q = room_bank.question(current.question)
        if self.student is None:
            return self._refused("this page has not said who you are yet: reload it")
        try:
            given = room_bank.check_room_answer(q, text)
            self.store.submit(current.round_id, self.student, given)
        except (ValueError, StoreRefusal) as problem:
            return self._refused(str(problem))
        except (sqlite3.Error, OSError):
            return self._refused(NOT_ANSWERING)
        self._drawn = None
        self.refresh()
        return None

    def _refused(self, why: str) -> str:
        self.mine.value = f"<p role='alert'><b>Not sent:</b> {html.escape(why)}.</p>"
        return why

    # --- drawing -----------------------------------------------------------------

    def refresh(self) -> None:
        """Read the round from the store and redraw what changed."""
        with self._lock:
            self._refresh()

    def _refresh(self) -> None:
        current = self.store.current_round()
        mine = (
            self.store.my_answer(current.round_id, self.student)
            if current is not None and self.student is not None
            else None
        )
        summary = (
            self.store.round_summary(current.round_id)
            if current is not None and current.state == "revealed"
            else None
        )
        drawn = (
            current,
            mine.answer if mine else None,
            tuple(summary.distribution.items()) if summary else None,
        )
        predict_first = self.store.predict_first()
        revealed = current is not None and current.state == "revealed"
        hidden = predict_first and not revealed
        if self.explorer is not None:
            self.explorer.hide_likelihood(hidden)
        for part in self.withheld:
            if hidden:
                part.add_class("twitchlib-withheld")
            else:
                part.remove_class("twitchlib-withheld")
        if drawn == self._drawn:
            return
        self._drawn = drawn
        self._draw(current, mine, summary)

    def _draw(self, current, mine, summary) -> None:
        if current is None:
            self.prompt.value = "<p>Waiting for your teacher's question.</p>"
            self.choices.children = ()
            self.number_row.layout.display = "none"
            self.mine.value = self.room.value = ""
            return
        q = room_bank.question(current.question)
        is_open = current.state == "open"
        self.prompt.value = f"<p>{html.escape(q.prompt)}</p>"
        if q.kind == "choice":
            buttons = []
            for option in q.options:
                chosen = mine is not None and mine.answer == option
                button = w.Button(
                    description=option,
                    tooltip=option,
                    disabled=not is_open,
                    icon="check" if chosen else "",
                    layout=w.Layout(width="auto", height="auto"),
                )
                button.add_class("twitchlib-room-option")
                if chosen:
                    button.add_class("twitchlib-room-chosen")
                button.on_click(lambda _, o=option: self.answer(o))
                buttons.append(button)
            self.choices.children = tuple(buttons)
            self.number_row.layout.display = "none"
        else:
            self.choices.children = ()
            self.number_row.layout.display = "flex" if is_open else "none"
            self.unit.value = f"<span>{html.escape(q.unit)}</span>"
            self.number.placeholder = f"{q.low:g} to {q.high:g}"
        given = (
            f"Your answer: <b>{html.escape(mine.answer)}"
            f"{' ' + html.escape(q.unit) if q.unit else ''}</b>"
            if mine
            else "You have not answered."
        )
        status = {
            "open": " You can change it until your teacher closes the question.",
            "closed": " Answers are closed.",
            "revealed": "",
        }[current.state]
        self.mine.value = f"<p>{given}{status}</p>"
        self.room.value = _room_words(q, summary, mine) if summary else ""

    # --- polling -----------------------------------------------------------------

    def start(self) -> None:
        """Poll the store every :data:`POLL_S` seconds until :meth:`stop`."""
        threading.Thread(target=self._poll, daemon=True, name="room").start()

    def stop(self) -> None:
        self._stop.set()

    def _poll(self) -> None:
        while not self._stop.wait(POLL_S):
            try:
                self.refresh()
            except Exception:  # never let one bad read end the polling
                self.title.value = (
                    f"<b>Live question</b> <span role='alert'>({NOT_ANSWERING};"
                    " trying again)</span>"
                )
            else:
                self.title.value = "<b>Live question</b>"


def _room_words(q, summary, mine) -> str:
    """The room's answers in words, then the right answer (or the model's value, a
    teaching estimate) and its reasoning."""
    lines = [
        f"{html.escape(answer)}{' ' + html.escape(q.unit) if q.unit else ''}:"
        f" {count} of {summary.answered}"
        for answer, count in summary.distribution.items()
    ]
    if q.kind == "choice":
        sound = "; ".join(html.escape(s) for s in q.sound)
        right = (
            f"<b>Sound answers:</b> {sound} (both count)."
            if len(q.sound) > 1
            else f"<b>Right:</b> {sound}."
        )
        verdict = " You were right." if mine and q.is_right(mine.answer) else ""
    else:
        right = (
            f"<b>The model gives</b> {q.answer} {html.escape(q.unit)} (a teaching"
            f" estimate); within {q.tolerance_words()} of it counts as a match."
        )
        verdict = ""
        if mine and q.is_right(mine.answer):
            verdict = " Your prediction matched the model."
        elif mine:
            verdict = (
                f" Your prediction, {html.escape(mine.answer)} {html.escape(q.unit)},"
                " is further from it."
            )
    return (
        f"<p><b>The room:</b> {'; '.join(lines) or 'no answers'}.</p>"
        f"<p>{right}{verdict} {html.escape(q.explanation)}</p>"
    )


def room_panel(explorer=None, poll: bool = True, withheld=()):
    """The live-round panel of the class server's dashboard, or None outside it.

    ``explorer`` is the twitch explorer whose likelihood predict-first hides;
    ``poll`` starts the thread that follows the teacher's rounds; ``withheld`` are
    other widgets predict-first hides until the reveal.

    >>> room_panel() is None  # outside the class server
    True
    """
    store = answers.class_store()
    if store is None:
        return None
    panel = RoomPanel(store, explorer, withheld)
    if poll:
        panel.start()
    return panel


def class_dashboard(board: Dashboard | None = None):
    """``board`` (default: a new :class:`twitchlib.ui.Dashboard`) as the class server
    shows it: with the live-round panel above it in the class server, alone elsewhere.

    Example: ``class_dashboard(tl.ui.Dashboard())`` in the dashboard notebook.
    """
    board = board or Dashboard(Explorer(), NerveExplorer())
    panel = room_panel(
        board.twitch, withheld=(board.nerve.headline, board.nerve.figure)
    )
    if panel is None:
        return board
    screen = w.VBox([panel.view, board.view])
    # One screen high together: the dashboard takes what the question leaves.
    screen.add_class("twitchlib-screen")
    return screen
