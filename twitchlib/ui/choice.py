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


class ChoiceQuestion(w.VBox):
    """A prompt (HTML), options, a Check button and feedback; optionally a "why" box.

    ``options`` are labels or ``(label, value)`` pairs; ``judge(value)`` returns
    ``(correct, text)``; ``marks`` are the headings of a right and a wrong answer;
    ``noun`` names what is chosen ("answer", "verdict"); with ``reason`` a text box
    asks why. ``record(value, correct, reason)`` is called on every Check.
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
        record: Record | None = None,
    ):
        self.judge, self.marks, self.noun, self.record = judge, marks, noun, record
        self.choice = w.RadioButtons(
            options=list(options),
            value=None,
            description=label,
            layout=w.Layout(width="auto"),
        )
        self.why = (
            w.Textarea(
                description="Your reason",
                placeholder="Because ...",
                layout=w.Layout(width="95%"),
                style=STYLE,
            )
            if reason
            else None
        )
        self.button = w.Button(description="Check", tooltip=f"Check my {noun}")
        self.feedback = w.HTML()
        self.button.on_click(lambda _: self.check())
        parts = [w.HTML(prompt_html), self.choice]
        super().__init__(
            parts + ([self.why] if self.why else []) + [self.button, self.feedback]
        )

    def check(self, value: Any = None) -> tuple[bool, str] | None:
        """Judge ``value`` (default: the chosen option), show the feedback and record it."""
        if value is not None:
            self.choice.value = value
        if self.choice.value is None:
            self.feedback.value = f"<p>Choose an {self.noun} first.</p>"
            return None
        correct, text = self.judge(self.choice.value)
        mark = self.marks[0] if correct else self.marks[1]
        self.feedback.value = f"<p><b>{mark}</b> {html.escape(text)}</p>"
        if self.record is not None:
            reason = self.why.value.strip() if self.why is not None else ""
            self.record(self.choice.value, correct, reason or None)
        return correct, text
