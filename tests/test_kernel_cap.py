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
