"""Deprecated name of :mod:`twitchlib.likelihood` (the likelihood model of twitching).

The package holds three models (the likelihood model, the qualitative causal model
and the Hodgkin–Huxley nerve); this one is now named for what it computes.

>>> import warnings
>>> with warnings.catch_warnings(record=True):
...     from twitchlib.model import assess
>>> assess is __import__("twitchlib").likelihood.assess
True
"""

import warnings

from . import likelihood as _likelihood


def __getattr__(name: str):
    # Introspection (doctest, pickle) asks for dunder names: no warning for those.
    if name.startswith("__") or not hasattr(_likelihood, name):
        raise AttributeError(name)
    warnings.warn(
        "twitchlib.model is renamed twitchlib.likelihood",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(_likelihood, name)
