"""A choice question: a prompt, radio buttons, a Check button and a feedback line.

The widget knows nothing of lessons or answer keys: a ``judge`` callable says whether
a choice is right (and why), and an optional ``record`` callable hears every Check.

>>> question = ChoiceQuestion(
...     "<p>Which ion screens the membrane most?</p>",
...     ["calcium", "sodium"],
...     judge=lambda option: (option == "calcium", "Calcium is divalent."),
... )
>>> question.check("sodium")
(False, 'Calcium is divalent.')
>>> question.feedback.value
'<p><b>✘ Not quite.</b> Calcium is divalent.</p>'

With a ``nudge``, a wrong try brings a hint and the full reasoning waits for the last
try (or for "Show the answer"):

>>> question = ChoiceQuestion(
...     "<p>Which ion screens the membrane most?</p>",
...     ["calcium", "sodium"],
...     judge=lambda option: (option == "calcium", "Calcium is divalent."),
...     nudge=lambda option: "Count the charges of each ion.",
... )
>>> _ = question.check("sodium")
>>> "Count the charges" in question.feedback.value, "divalent" in question.feedback.value
(True, False)

With ``reason=True`` and ``keep_reason``, the reason is saved whenever it changes,
before or after Check:

>>> kept = []
>>> question = ChoiceQuestion(
...     "<p>Which ion screens the membrane most?</p>",
...     ["calcium", "sodium"],
...     judge=lambda option: (option == "calcium", "Calcium is divalent."),
...     reason=True,
...     keep_reason=kept.append,
... )
>>> _ = question.check("calcium")
>>> question.why.value = "two charges"
>>> kept
['two charges']
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from .controls import STYLE

Judge = Callable[[Any], tuple[bool, str]]
# record(choice, correct, reason): reason is the student's "why" text, or None.
Record = Callable[[Any, bool, "str | None"], object]
# What is recorded as the choice when a student asks to see the answer before being
# right: it counts as a try that was not right.
SHOWN = "(asked to be shown the answer)"
TRIES = 2
WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}


class ChoiceQuestion(w.VBox):
    """A prompt (HTML), options, a Check button and feedback; optionally a "why" box.

    ``options`` are labels or ``(label, value)`` pairs; ``judge(value)`` returns
    ``(correct, text)``; ``marks`` are the headings of a right and a wrong answer;
    ``noun`` names what is chosen ("answer", "verdict"); with ``reason`` a text box
    asks why (``reason_placeholder`` is the grey text in the empty box).
    ``record(value, correct, reason)`` is called on every Check.

    With ``keep_reason(text)`` the reason is saved on its own, whenever it changes
    (when the student leaves the box) or when they press "Save my reason", before or
    after Check; the same text is never saved twice, and ``record`` then gets None as
    the reason (it is kept already).

    With ``nudge(value)`` (the hint for a wrong choice) the student has ``tries``
    tries: a wrong one before the last shows the hint, and the judge's full text comes
    only when the choice is right, after the last try, or when the student presses
    "Show the answer" (``answer()`` gives its text; pressing it before being right is
    recorded as :data:`SHOWN`, a try that was not right).
    """

    def __init__(
        self,
        prompt_html: str,
        options: Sequence,
        judge: Judge,
        *,
        label: str = "answer",
        marks: tuple[str, str] = ("✔ Correct.", "✘ Not quite."),
        noun: str = "answer",
        reason: bool = False,
        reason_placeholder: str = "Because ...",
        record: Record | None = None,
        keep_reason: Callable[[str], object] | None = None,
        nudge: Callable[[Any], str] | None = None,
        answer: Callable[[], str] | None = None,
        tries: int = TRIES,
    ):
        if not isinstance(tries, int) or not 1 <= tries <= 4:
            raise ValueError(f"tries must be a whole number from 1 to 4; got {tries!r}")
        self.judge, self.marks, self.noun, self.record = judge, marks, noun, record
        self.nudge, self.answer, self.tries = nudge, answer, tries
        # Tries used in this widget, and whether the question is settled (right, out
        # of tries or shown): after that every Check shows the full reasoning.
        self.used, self.settled = 0, False
        self.choice = w.RadioButtons(
            options=list(options),
            value=None,
            description=label,
            layout=w.Layout(width="auto"),
        )
        self.why = (
            w.Textarea(
                description="Your reason",
                placeholder=reason_placeholder,
                layout=w.Layout(width="95%"),
                style=STYLE,
                # The value reaches Python when the student leaves the box, so a
                # reason is saved once it is written, not at every key press.
                continuous_update=False,
            )
            if reason
            else None
        )
        self.keep_reason, self.saved_reason = keep_reason, ""
        self.save_why = self.why_status = None
        if self.why is not None and keep_reason is not None:
            self.save_why = w.Button(
                description="Save my reason", tooltip="Save my reason"
            )
            self.save_why.layout.width = "auto"
            self.why_status = w.HTML()
            self.save_why.on_click(lambda _: self.save_reason())
            self.why.observe(lambda _: self.save_reason(), names="value")
        self.button = w.Button(description="Check", tooltip=f"Check my {noun}")
        self.feedback = w.HTML()
        self.button.on_click(lambda _: self.check())
        buttons: list[w.Widget] = [self.button]
        self.show = None
        if answer is not None:
            self.show = w.Button(
                description="Show the answer",
                tooltip="Show the answer (then it counts as not right first time)",
            )
            self.show.on_click(lambda _: self.show_answer())
            buttons.append(self.show)
        parts: list[w.Widget] = [w.HTML(prompt_html), self.choice]
        if self.why is not None:
            parts.append(self.why)
        if self.save_why is not None:
            parts.append(w.HBox([self.save_why, self.why_status]))
        parts.append(w.HBox(buttons) if len(buttons) > 1 else self.button)
        if nudge is not None:
            parts.append(w.HTML(f"<p><small>{self.rules()}</small></p>"))
        super().__init__(parts + [self.feedback])

    def rules(self) -> str:
        """The line under the buttons that says how many tries there are."""
        count = WORDS.get(self.tries, str(self.tries))
        text = (
            f"You have {count} tr{'y' if self.tries == 1 else 'ies'}: your first"
            " counts. A wrong try brings a hint; the full explanation comes when you"
            " are right, after your last try"
        )
        if self.answer is not None:
            text += ", or when you press Show the answer (then it counts as not right)"
        return text + "."

    def check(self, value: Any = None) -> tuple[bool, str] | None:
        """Judge ``value`` (default: the chosen option), show the feedback and record it."""
        if value is not None:
            self.choice.value = value
        if self.choice.value is None:
            self.feedback.value = f"<p>Choose an {self.noun} first.</p>"
            return None
        correct, text = self.judge(self.choice.value)
        self.used += 1
        mark = self.marks[0] if correct else self.marks[1]
        if self.nudge is None or correct or self.settled or self.used >= self.tries:
            shown = html.escape(text)
            if not correct and self.nudge is not None and not self.settled:
                answer = self.answer() if self.answer is not None else ""
                # A case's answer holds its reasoning: shown once, not twice.
                shown = ("" if text and text in answer else shown) + self._answer_html()
            self.settled = self.settled or self.nudge is not None
        else:
            left = self.tries - self.used
            shown = (
                f"<i>Hint:</i> {html.escape(self.nudge(self.choice.value))}"
                f" ({WORDS.get(left, str(left))} more tr{'y' if left == 1 else 'ies'})"
            )
        self.feedback.value = f"<p><b>{mark}</b> {shown}</p>"
        reason = self.why.value.strip() if self.why is not None else ""
        if self.keep_reason is not None:
            self.save_reason()
            reason = ""
        if self.record is not None:
            self.record(self.choice.value, correct, reason or None)
        return correct, text

    def save_reason(self, text: str | None = None) -> bool:
        """Save the reason (``text``, default what is in the box) through
        ``keep_reason``; True if it was saved now, False if empty or saved already."""
        if self.why is None or self.keep_reason is None:
            return False
        if text is not None and text != self.why.value:
            before = self.saved_reason
            self.why.value = text  # the box is observed: this saves it
            return self.saved_reason != before
        said = self.why.value.strip()
        if not said or said == self.saved_reason:
            return False
        self.keep_reason(said)
        self.saved_reason = said
        if self.why_status is not None:
            self.why_status.value = (
                "<p>✔ Reason saved: your teacher sees it in your exit ticket. You can"
                " change it at any time; the latest one counts.</p>"
            )
        return True

    def _answer_html(self) -> str:
        return (
            f"</p><p><b>The answer:</b> {html.escape(self.answer())}"
            if self.answer is not None
            else ""
        )

    def show_answer(self) -> str:
        """Show the answer with its reasoning; before a right answer it counts as a try
        that was not right (recorded as :data:`SHOWN`)."""
        text = self.answer() if self.answer is not None else ""
        if not self.settled and self.record is not None:
            self.record(SHOWN, False, None)
        self.settled = True
        self.feedback.value = f"<p><b>The answer:</b> {html.escape(text)}</p>"
        return text
