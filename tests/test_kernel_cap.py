"""The class server culls the kernels of closed pages and caps how many run."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tornado import web

from twitchlib.delivery import classroom, kernels


def test_the_voila_command_culls_closed_pages_and_caps_the_kernels():
    command = classroom.voila_command(Path("d.ipynb"), "127.0.0.1", 8866, 30, "t")
    assert f"--MappingKernelManager.cull_idle_timeout={kernels.CULL_IDLE_S}" in command
    assert "--MappingKernelManager.cull_connected=False" in command
    assert "--CappedKernelManager.max_kernels=65" in command
    assert any(
        a.endswith("twitchlib.delivery.kernels.CappedKernelManager") for a in command
    )


def test_the_cap_is_stated_where_a_teacher_reads_it(capsys):
    import argparse

    parser = argparse.ArgumentParser()
    classroom.add_arguments(parser)
    text = " ".join(parser.format_help().split())
    assert f"at most 2 x students + {kernels.RELOAD_MARGIN} kernels" in text
    assert "shut down after 5 minutes" in text


def test_a_kernel_beyond_the_cap_is_refused_with_a_reason(monkeypatch):
    manager = kernels.CappedKernelManager(max_kernels=2)
    running = ["a", "b"]
    monkeypatch.setattr(manager, "list_kernel_ids", lambda: list(running))
    started = []

    async def start(self, *args, **kwargs):
        started.append(kwargs)
        return "new"

    monkeypatch.setattr(kernels.AsyncMappingKernelManager, "start_kernel", start)
    with pytest.raises(web.HTTPError) as refused:
        asyncio.run(manager.start_kernel(kernel_name="python3"))
    assert refused.value.status_code == 503
    assert "its limit" in refused.value.log_message and started == []
    running.pop()
    assert asyncio.run(manager.start_kernel(kernel_name="python3")) == "new"
    # Without a cap, nothing is refused.
    running[:] = list("abcdefgh")
    manager.max_kernels = 0
    assert asyncio.run(manager.start_kernel(kernel_name="python3")) == "new"


class _Pooled(kernels.CappedKernelManager):
    """What Voila's preheating makes of the class (voila_kernel_manager_factory):
    a subclass with a pool of tasks per notebook, handing out the first."""

    def get_pool_size(self, notebook_name):
        return len(self._pools.get(notebook_name, []))

    async def get_rendered_notebook(self, notebook_name, **kwargs):
        return await self._pools[notebook_name].pop(0)


def test_a_page_is_never_handed_a_preheated_kernel_still_waiting_to_start():
    """A refill waits --refill-after seconds before it starts; the pool counts only
    ready kernels, hands those out first, and with none ready Voila renders the page
    with a new kernel at once (the handler's pool_size == 0 path)."""

    async def scenario():
        manager = _Pooled()
        waiting = asyncio.ensure_future(asyncio.sleep(600, result="later"))
        ready = asyncio.get_running_loop().create_future()
        ready.set_result("ready")
        failed = asyncio.get_running_loop().create_future()
        failed.set_exception(RuntimeError("kernel died"))
        manager._pools = {"d.ipynb": [waiting, failed, ready]}
        assert manager.get_pool_size("d.ipynb") == 1
        assert await asyncio.wait_for(manager.get_rendered_notebook("d.ipynb"), 1) == (
            "ready"
        )
        assert manager.get_pool_size("d.ipynb") == 0  # Voila then starts a kernel
        waiting.cancel()

    asyncio.run(scenario())


def test_without_preheating_nothing_is_wrapped():
    manager = kernels.CappedKernelManager()
    assert "get_pool_size" not in vars(manager)


def test_the_cull_time_is_the_teachers_to_set():
    command = classroom.voila_command(
        Path("d.ipynb"), "127.0.0.1", 8866, 30, "t", cull_after=6
    )
    assert "--MappingKernelManager.cull_idle_timeout=6" in command
    assert "--MappingKernelManager.cull_interval=3" in command
    assert classroom.serve("d.ipynb", "127.0.0.1", 8866, 30, "t", cull_after=1) == 2, (
        "a cull time under 5 s is refused"
    )


def test_the_login_cookies_outlive_a_restart_on_the_same_folder(tmp_path):
    """A page reloaded after the class server restarts keeps reaching its kernel:
    the cookie secret is the class folder's, kept for this user only."""
    secret = classroom.class_cookie_secret(tmp_path)
    assert classroom.class_cookie_secret(tmp_path) == secret and len(secret) == 64
    path = tmp_path / classroom.COOKIE_SECRET_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    command = classroom.voila_command(
        Path("d.ipynb"), "127.0.0.1", 8866, 3, "t", cookie_secret=secret
    )
    assert f"--Voila.cookie_secret={secret}" in command
