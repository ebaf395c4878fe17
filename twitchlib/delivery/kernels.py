"""The class server's kernel manager: Voila's own, with a cap on the kernels it runs.

Voila keeps a kernel running for every page opened until the server stops; it has no
setting for the most kernels it may run (voila-dashboards/voila#617). Each kernel of
the dashboard holds about 160 MB, so a class whose pages are reloaded again and again
could fill the laptop's memory. ``twitchlib class`` therefore

- culls the kernel of a page closed or reloaded (idle and with no connection for
  :data:`CULL_IDLE_S` seconds) with jupyter_server's own culling settings, which
  Voila's kernel manager honours while it keeps its ready pool uncut; and
- caps the kernels at :func:`kernel_cap` with :class:`CappedKernelManager`, which
  refuses a new one beyond the cap with a message saying why.

Example::

    >>> kernel_cap(30)
    65
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

# A page closed or reloaded leaves its kernel idle and unconnected: culled after this.
CULL_IDLE_S = 300
CULL_INTERVAL_S = 60
# Beyond one kernel per student and the ready pool, room for pages reloaded before
# their old kernels are culled.
RELOAD_MARGIN = 5


def kernel_cap(students: int) -> int:
    """The most kernels the class server runs for ``students`` (1-200): one per
    student, a ready one per student (the pool Voila keeps filled), and a margin of
    :data:`RELOAD_MARGIN` for reloaded pages whose old kernels are not culled yet."""
    return 2 * students + RELOAD_MARGIN


class CappedKernelManager(AsyncMappingKernelManager):
    """Voila's kernel manager with a cap (``max_kernels``; 0: no cap)."""

    max_kernels = Integer(
        0, config=True, help="The most kernels running at once (0: no limit)."
    ).tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # With preheating, Voila's kernel manager is a subclass of this one, and its
        # pool holds a refill per kernel taken, each waiting --refill-after seconds
        # before it starts. Voila hands out the pool's first item even while it still
        # waits, so the page after the last ready kernel hung for up to that long.
        # Only ready kernels count as the pool here: with none ready, Voila renders
        # the page with a kernel of its own at once (within the cap).
        pooled = getattr(type(self), "get_rendered_notebook", None)
        if pooled is not None:
            self.get_pool_size = self.ready_kernels
            handed_out = pooled.__get__(self)

            async def ready_first(notebook_name, *args, **kwargs):
                pool = self._pools.get(notebook_name, [])
                pool.sort(key=lambda task: not _ready(task))  # stable: oldest first
                return await handed_out(notebook_name, *args, **kwargs)

            self.get_rendered_notebook = ready_first

    def ready_kernels(self, notebook_name: str) -> int:
        """How many of ``notebook_name``'s preheated kernels are ready to hand out."""
        return sum(
            _ready(task) for task in getattr(self, "_pools", {}).get(notebook_name, [])
        )

    def over_cap(self) -> bool:
        """Whether starting one more kernel would pass the cap."""
        return 0 < self.max_kernels <= len(self.list_kernel_ids())

    async def start_kernel(self, *args, **kwargs):
        if kwargs.get("kernel_id") is None and self.over_cap():
            self.log.warning(
                "twitchlib: refusing a new kernel: %d running, the cap is %d",
                len(self.list_kernel_ids()),
                self.max_kernels,
            )
            raise web.HTTPError(
                503,
                f"The class server already runs {self.max_kernels} pages' kernels,"
                " its limit: ask your teacher, or wait a few minutes for closed pages"
                " to be cleared, then reload.",
            )
        return await super().start_kernel(*args, **kwargs)


def _ready(task) -> bool:
    """Whether a pool item (an asyncio task) has its kernel started and its notebook
    run, without error."""
    return task.done() and not task.cancelled() and task.exception() is None
