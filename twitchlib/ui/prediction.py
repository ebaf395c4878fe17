"""A prediction box: the student writes (or chooses) an answer, saves it, and then,
in self-study, sees the lesson's answer beside it.

The widget knows nothing of lessons or answer files: ``save(value)`` is called with
the student's words when they press Save, and ``reveal()`` (if given) is asked for
the answer only after ``save`` has returned, so the answer is never in the page
before the prediction is kept. Without ``reveal`` (a class) the box only saves.

>>> saved = []
>>> box = PredictionBox(save=saved.append, reveal=lambda: "Because calcium is divalent.")
>>> box.answer_shown
False
>>> box.submit("calcium")
True
>>> saved, box.answer_shown, box.text.disabled
(['calcium'], True, True)

In a class (no ``reveal``) the answer is also saved whenever it changes:

>>> saved = []
>>> box = PredictionBox(save=saved.append)
>>> box.text.value = "calcium, because it is divalent"
>>> saved
['calcium, because it is divalent']
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as w

from .controls import STYLE

# Words that say no prediction: in self-study they would reveal the answer with
# nothing to compare it with.
NON_ANSWERS = frozenset(
    {"idk", "dunno", "i dont know", "i do not know", "no idea", "not sure", "no clue"}
    | {"nothing", "pass", "guess", "none", "x", "na", "n a", "dont know"}
)

# Each column takes at least this width and wraps under the other on a phone.
COLUMN = w.Layout(flex="1 1 18em", min_width="14em", padding="0 0.5em")


class PredictionBox(w.VBox):
    """Write (or choose) a prediction, press Save; in self-study the answer then shows.

    ``choices`` (optional) are options offered as radio buttons; the student may add
    a reason in the text box. ``save(value)`` keeps the prediction (text, or
    "choice — reason"); ``reveal()`` returns the lesson's answer as markdown, shown
    beside the prediction once it is saved. Without ``reveal`` the student may
    save again (the latest answer counts), and the answer is also saved whenever it
    changes (when the student leaves the box, or picks another choice), so an answer
    written and never "saved" is not lost; with ``reveal``, only Save saves, and the
    prediction is locked once the answer shows, so it stays a prediction.
    ``right`` (optional) is the choice the answer reaches: once the answer shows, the
    student reads whether theirs matched.
    ``label`` heads the box; ``placeholder`` is the grey text in the empty box.
    """

    def __init__(
        self,
        save: Callable[[str], object],
        reveal: Callable[[], str] | None = None,
        choices: Sequence[str] = (),
        *,
        label: str = "Your prediction",
        placeholder: str | None = None,
        right: str | None = None,
    ):
        if right is not None and right not in choices:
            raise ValueError(
                f"right must be one of the choices {list(choices)}; got {right!r}"
            )
        self.save, self.reveal, self.right = save, reveal, right
        self.saved = ""  # what was saved last: the same answer is not saved twice
        self.choice = (
            w.RadioButtons(
                options=list(choices),
                value=None,
                description="Choose",
                layout=w.Layout(width="auto"),
            )
            if choices
            else None
        )
        self.text = w.Textarea(
            description="Because" if choices else label,
            placeholder=placeholder
            or ("Because ..." if choices else "Write what you expect, and why"),
            layout=w.Layout(width="95%", height="5em"),
            style=STYLE,
            # The value reaches Python when the student leaves the box, not per key.
            continuous_update=False,
        )
        what = "Save and show the answer" if reveal else "Save my answer"
        self.button = w.Button(description=what, tooltip=what)
        self.button.layout.width = "auto"
        self.status = w.HTML()
        self.answer = w.Output(layout=COLUMN)
        self.answer_shown = False
        self.button.on_click(lambda _: self.submit())
        if reveal is None:
            # In a class nothing is revealed, so saving as the answer changes is safe.
            for part in (self.text, *([self.choice] if self.choice else [])):
                part.observe(lambda _: self.keep(), names="value")
        asked = [w.HTML(f"<b>{label}</b>")] + ([self.choice] if self.choice else [])
        self.mine = w.VBox(asked + [self.text, self.button, self.status], layout=COLUMN)
        super().__init__(
            [w.HBox([self.mine, self.answer], layout=w.Layout(flex_flow="row wrap"))]
        )
        self.add_class("twitchlib-prediction")

    @staticmethod
    def says_nothing(words: str) -> bool:
        """True for a "prediction" that predicts nothing: "idk", "?", "no idea".

        >>> PredictionBox.says_nothing("I don't know!"), PredictionBox.says_nothing("up")
        (True, False)
        """
        plain = "".join(c for c in words.lower() if c.isalnum() or c.isspace())
        plain = " ".join(plain.split())
        return plain in NON_ANSWERS or (not plain and bool(words.strip()))

    def prediction(self) -> str:
        """What the student has written or chosen, as one line of text ('' if nothing)."""
        words = self.text.value.strip()
        chosen = self.choice.value if self.choice is not None else None
        if chosen and words:
            return f"{chosen} — {words}"
        return chosen or words

    def keep(self) -> bool:
        """Save the answer as it now stands if it is new and not empty (no reveal);
        True if it was saved. Called whenever the answer changes."""
        said = self.prediction()
        if not said or said == self.saved or self.answer_shown:
            return False
        return self.submit()

    def submit(self, value: str | None = None) -> bool:
        """Save the prediction (``value``, default what is in the box); True if saved.

        In self-study the answer is fetched and shown only after it is saved.
        """
        if value is not None:
            if self.choice is not None and value in self.choice.options:
                self.choice.value = value
            else:
                self.text.value = value
        said = self.prediction()
        # With options, a choice is the prediction: a reason alone would reveal the
        # answer with nothing to compare it with.
        unchosen = (
            self.reveal is not None
            and self.choice is not None
            and not (self.choice.value)
        )
        if not said or unchosen:
            need = "Choose an answer" if self.choice is not None else "Write something"
            self.status.value = f"<p>{need} first: a guess is fine.</p>"
            return False
        if self.reveal is not None and self.choice is None and self.says_nothing(said):
            self.status.value = (
                "<p>Write your best guess first, even a few words such as"
                " “it goes up”: “I don't know” leaves nothing"
                " to compare with the answer.</p>"
            )
            return False
        if self.reveal is None and said == self.saved:
            return True  # saved already (as it changed): not kept twice
        self.save(said)
        self.saved = said
        if self.reveal is None:
            self.status.value = (
                "<p>✔ Saved. Your teacher sees it in your exit ticket; you can change"
                " it and save again.</p>"
            )
            return True
        markdown = self.reveal()
        self.status.value = "<p>✔ Saved. Compare it with the answer beside it.</p>"
        chosen = self.choice.value if self.choice is not None else None
        if self.right is not None and chosen is not None:
            self.status.value = (
                f"<p>✔ Saved. Your choice, <b>{html.escape(chosen)}</b>, matches the"
                " answer: check your reason against it.</p>"
                if chosen == self.right
                else f"<p>✔ Saved. The answer is <b>{html.escape(self.right)}</b>,"
                f" not <b>{html.escape(chosen)}</b>: read why beside it.</p>"
            )
        for part in (self.text, self.button, *([self.choice] if self.choice else [])):
            part.disabled = True
        shown = "**The answer**\n\n" + markdown
        # An output written as data, not through display(): no IPython shell needed.
        self.answer.outputs = (
            {
                "output_type": "display_data",
                "data": {"text/markdown": shown, "text/plain": shown},
                "metadata": {},
            },
        )
        self.answer_shown = True
        return True
