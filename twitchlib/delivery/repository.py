"""Where the course's repository lives, and the Binder link that follows from it.

A copy of twitchlib does not know where its own repository is published, so no page
may invent a link to it. A teacher names it, in this order of precedence:

1. ``--repository URL`` on the command line (``twitchlib site``);
2. the environment variable ``TWITCHLIB_REPOSITORY``;
3. ``repository = "URL"`` under ``[tool.twitchlib]`` in the ``pyproject.toml`` of the
   current folder or of the twitchlib checkout.

Where none is set, the pages say how to run the lessons on one's own computer and
give no Binder link at all.

The Binder link has the form Binder documents for a GitHub or GitLab repository,
``https://mybinder.org/v2/gh/<owner>/<name>/<ref>`` (``gl`` for GitLab), and
``?urlpath=lab/tree/notebooks/00_start_here.ipynb`` opens the first lesson.

Example::

    >>> binder_link("https://github.com/example-school/twitchlib")
    'https://mybinder.org/v2/gh/example-school/twitchlib/HEAD?urlpath=lab/tree/notebooks/00_start_here.ipynb'
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from urllib.parse import quote

ENVIRONMENT_VARIABLE = "TWITCHLIB_REPOSITORY"
BINDER = "https://mybinder.org/v2"
FIRST_LESSON = "lab/tree/notebooks/00_start_here.ipynb"
# host -> Binder's provider prefix (mybinder.org documents gh and gl among others).
PROVIDERS = {"github.com": "gh", "gitlab.com": "gl"}
_URL = re.compile(
    r"^https://(?P<host>github\.com|gitlab\.com)/(?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)"
    r"(?:\.git)?/?$"
)


class RepositoryError(ValueError):
    """A repository setting that is not the address of a public repository."""


def parse_repository(url: str, where: str = "--repository") -> tuple[str, str, str]:
    """(provider, owner, name) of ``url``, a https address on github.com or gitlab.com.

    ``where`` names the setting in the error message.

    >>> parse_repository("https://github.com/example-school/twitchlib.git")
    ('gh', 'example-school', 'twitchlib')
    """
    match = _URL.match(url.strip())
    if match is None:
        raise RepositoryError(
            f"{where} must be the https address of the course's repository on"
            f" github.com or gitlab.com, such as"
            f" https://github.com/your-school/twitchlib; got {url!r}"
        )
    return PROVIDERS[match["host"]], match["owner"], match["name"]


def configured_repository(
    given: str | None = None, folders: tuple[Path, ...] | None = None
) -> tuple[str, str] | None:
    """(url, where it was set) of the course's repository, or None where none is set.

    ``given`` is the command line's ``--repository``; then the environment variable,
    then ``[tool.twitchlib] repository`` in ``pyproject.toml`` of ``folders``
    (default: the current folder, then the twitchlib checkout).
    """
    if given:
        return given, "--repository"
    if os.environ.get(ENVIRONMENT_VARIABLE, "").strip():
        return os.environ[ENVIRONMENT_VARIABLE].strip(), ENVIRONMENT_VARIABLE
    if folders is None:
        folders = (Path.cwd(), Path(__file__).resolve().parents[2])
    for folder in folders:
        pyproject = folder / "pyproject.toml"
        if not pyproject.is_file():
            continue
        try:
            settings = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise RepositoryError(f"{pyproject} is not valid TOML: {error}") from None
        url = settings.get("tool", {}).get("twitchlib", {}).get("repository")
        if url:
            return str(url), f"[tool.twitchlib] repository in {pyproject}"
    return None


def binder_link(url: str, where: str = "--repository", ref: str = "HEAD") -> str:
    """The Binder address that opens lesson 00 of the repository at ``url``."""
    provider, owner, name = parse_repository(url, where)
    return f"{BINDER}/{provider}/{quote(owner)}/{quote(name)}/{quote(ref)}?urlpath={FIRST_LESSON}"


def configured_binder_link(given: str | None = None) -> str | None:
    """The Binder link of the configured repository, or None where none is set.

    Raises :class:`RepositoryError` (naming the setting) for an address that is set
    but is not a github.com or gitlab.com repository.
    """
    found = configured_repository(given)
    return None if found is None else binder_link(*found)
