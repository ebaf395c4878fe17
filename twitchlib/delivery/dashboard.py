"""``twitchlib dashboard``: the classroom dashboard on this computer, for a projector.

The same server as ``twitchlib class`` (Voila, kernels ready in advance), on
127.0.0.1 with a token, for one viewer at a time.

Example::

    $ twitchlib dashboard
"""

from __future__ import annotations

from . import classroom


def add_arguments(parser) -> None:
    classroom.add_arguments(parser, default_ip="127.0.0.1", default_students=1)


def run(args) -> int:
    return classroom.serve(
        args.notebook,
        args.ip,
        args.port,
        args.students,
        args.token,
        show_qr=not args.no_qr,
        refill_after=args.refill_after,
    )
