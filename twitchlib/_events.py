"""A small notice board between layers: the quiz and case widgets announce each answer.

The widgets layer calls :func:`answer_given` whenever a student presses Check; the
lesson layer (:mod:`twitchlib.answers`) subscribes and records the answer. Neither
imports the other, so the layers stay in order.
"""

from __future__ import annotations

from collections.abc import Callable

_listeners: list[Callable[..., object]] = []


def subscribe(listener: Callable[..., object]) -> None:
    """Call ``listener(lesson, kind, question, answer, correct)`` on every answer."""
    if listener not in _listeners:
        _listeners.append(listener)


def answer_given(
    lesson: int, kind: str, question: str, answer: object, correct: bool | None
) -> None:
    """Tell every subscriber about one answer; a failing subscriber never stops a lesson."""
    for listener in list(_listeners):
        try:
            listener(lesson, kind, question, answer, correct)
        except Exception:  # noqa: BLE001 - recording is a convenience, the lesson goes on
            pass
