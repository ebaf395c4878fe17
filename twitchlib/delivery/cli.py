"""The ``twitchlib`` console command.

Each subcommand lives in its own module and registers itself in :data:`COMMANDS`
with a function ``add_arguments(parser)`` and a function ``run(args) -> int``.
The Makefile's targets call the same subcommands, so every operating system gets
the same behaviour with or without make.

Example::

    $ twitchlib --help
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from .. import __version__
from ..safety import SHORT_NOTICE

# Subcommand name -> (module inside twitchlib.delivery, one-line help).
# A module is imported only when its subcommand is named on the command line (to add
# its options, then to run it), so `twitchlib --help` stays fast and a missing
# optional dependency only affects its own subcommand (tests/test_cli.py checks it).
COMMANDS: dict[str, tuple[str, str]] = {
    "lab": ("lab", "copy the lessons to a folder of your own and open JupyterLab"),
    "dashboard": ("dashboard", "the classroom dashboard on this computer (Voila)"),
    "class": ("classroom", "serve the dashboard to a class, with a link and a QR code"),
    "site": ("site", "build the course website (static, works offline)"),
    "editions": ("editions", "write student and instructor editions of the lessons"),
    "worksheets": ("worksheets", "print each lesson's worksheet and answer key to PDF"),
    "nbgrader": (
        "nbgrader_release",
        "write the exercises as an nbgrader source assignment",
    ),
    "class-report": (
        "class_report",
        "merge a folder of exit tickets into a class report",
    ),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every subcommand with its help line.

    Only ``command``'s module is imported, to add that subcommand's own options;
    the others stay unloaded (``twitchlib --help`` imports none of them).
    """
    parser = argparse.ArgumentParser(
        prog="twitchlib",
        description=f"twitchlib: lessons on why muscles twitch. {SHORT_NOTICE}",
    )
    parser.add_argument(
        "--version", action="version", version=f"twitchlib {__version__}"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        subparser = sub.add_parser(name, help=help_text, description=help_text)
        subparser.set_defaults(_module=module_name)
        if name == command:
            _module(module_name).add_arguments(subparser)
    return parser


def _module(module_name: str) -> ModuleType:
    return importlib.import_module(f".{module_name}", __package__)


def _chosen(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line: the first word that is not an option.

    The top-level options (``--help``, ``--version``) take no value, so the first
    other word is the subcommand.
    """
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``twitchlib`` command; returns the process exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_chosen(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    return int(_module(args._module).run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
