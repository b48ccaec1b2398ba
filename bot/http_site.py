"""Serving an aiohttp application on a host and port, for the webhook and the sandbox.

A port already taken must leave nothing half-started behind (the caller reports it in one
line), so the runner is cleaned up when the site cannot start.
"""

from __future__ import annotations

from aiohttp import web


async def serve(
    app: web.Application, host: str, port: int, *, shutdown_timeout: float
) -> web.AppRunner:
    """Listen on host:port (0 picks a free port: see the runner's `addresses`)."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner
