"""A row of buttons that says which one is chosen (``aria-pressed``, a fill, a tick).

ipywidgets' toggle buttons mark the chosen one by a CSS class only, which a screen
reader does not hear, and ordinary buttons mark nothing: on a projector the active
preset looked like every other one. :class:`ButtonGroup` is one small anywidget
(``assets/button_group.js``).

>>> views = ButtonGroup([("twitch", "Twitch explorer"), ("nerve", "Inside the nerve")],
...                     value="twitch", label="View")
>>> views.value, views.options[1]
('twitch', ['nerve', 'Inside the nerve', ''])
"""

from __future__ import annotations

from collections.abc import Sequence

import anywidget
import traitlets

from .assets import FOLDER

KINDS = ("views", "presets", "toggle")


class ButtonGroup(anywidget.AnyWidget):
    """Buttons of which at most one is chosen; ``value`` is its value, ``""`` for none.

    ``options`` are ``(value, label)`` or ``(value, label, tooltip)``; ``label`` names
    the group for a screen reader and ``caption`` is shown before the buttons.
    ``kind`` picks the look (``"views"``, ``"presets"`` or ``"toggle"``). With
    ``toggles=True`` a click on the chosen button releases it (``value`` becomes
    ``""``); otherwise a click always chooses. Observe ``value`` to act on a click.
    """

    _esm = FOLDER / "button_group.js"
    _css = FOLDER / "button_group.css"
    options = traitlets.List(traitlets.List(traitlets.Unicode())).tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    caption = traitlets.Unicode("").tag(sync=True)
    kind = traitlets.Unicode("views").tag(sync=True)
    toggles = traitlets.Bool(False).tag(sync=True)

    def __init__(
        self,
        options: Sequence[Sequence[str]],
        value: str = "",
        label: str = "",
        caption: str = "",
        kind: str = "views",
        toggles: bool = False,
        **kwargs,
    ):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        rows = [
            [str(o[0]), str(o[1]), str(o[2]) if len(o) > 2 else ""] for o in options
        ]
        values = [r[0] for r in rows]
        if value and value not in values:
            raise ValueError(f"value {value!r} is not one of {', '.join(values)}")
        super().__init__(
            options=rows,
            value=value,
            label=label,
            caption=caption,
            kind=kind,
            toggles=toggles,
            **kwargs,
        )

    @traitlets.validate("value")
    def _known(self, proposal):
        value = proposal["value"]
        if value and value not in [o[0] for o in self.options]:
            raise traitlets.TraitError(
                f"value {value!r} is not one of {', '.join(o[0] for o in self.options)}"
            )
        return value

    @property
    def labels(self) -> list[str]:
        """The buttons' texts, in order."""
        return [o[1] for o in self.options]
