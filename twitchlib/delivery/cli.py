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

# Subcommand name -> (module inside twitchlib.delivery, one-line help).
# Modules are imported only when their subcommand runs, so `twitchlib --help`
# stays fast and a missing optional dependency only affects its own subcommand.
COMMANDS: dict[str, tuple[str, str]] = {
    "lab": ("lab", "copy the lessons to a folder of your own and open JupyterLab"),
    "dashboard": ("dashboard", "the classroom dashboard on this computer (Voila)"),
    "class": ("classroom", "serve the dashboard to a class, with a link and a QR code"),
    "site": ("site", "build the course website (static, works offline)"),
    "editions": ("editions", "write student and instructor editions of the lessons"),
    "worksheets": ("worksheets", "print each lesson's worksheet and answer key to PDF"),
    "class-report": (
        "class_report",
        "merge a folder of exit tickets into a class report",
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="twitchlib",
        description="twitchlib: lessons on why muscles twitch. A teaching model,"
        " not medical advice.",
    )
    from .. import __version__

    parser.add_argument(
        "--version", action="version", version=f"twitchlib {__version__}"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(_module=module_name)
        module = importlib.import_module(f".{module_name}", __package__)
        module.add_arguments(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``twitchlib`` command; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    module = importlib.import_module(f".{args._module}", __package__)
    return int(module.run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
