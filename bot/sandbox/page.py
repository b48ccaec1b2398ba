"""The sandbox as a web page: two phones in a browser, updated live by server-sent events.

Plain files shipped in the package (no build step, nothing fetched from the internet) over
the JSON endpoints of `web.py`. Server-sent events rather than WebSocket: the page only
listens, and EventSource reconnects by itself.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from aiohttp import web

from bot.sandbox.events import ChangeFeed

STATIC = Path(__file__).resolve().parent / "static"
# A comment line now and then finds browsers that left without saying so.
HEARTBEAT_SECONDS = 15.0
# Defence in depth behind the page's own escaping: no inline script, nothing from elsewhere.
_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def add_routes(app: web.Application, feed: ChangeFeed) -> None:
    app.add_routes(
        [
            web.get("/", _index),
            web.get("/sandbox/events", _EventStream(feed).serve),
            web.static("/static", STATIC),
        ]
    )


async def _index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(
        STATIC / "index.html",
        headers={"Content-Security-Policy": _POLICY, "Cache-Control": "no-cache"},
    )


class _EventStream:
    """`event: chat` with a simulated person's id whenever their chat changed."""

    def __init__(self, feed: ChangeFeed) -> None:
        self._feed = feed

    async def serve(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        with self._feed.subscribe() as subscription, contextlib.suppress(ConnectionError):
            await response.write(b": connected\n\n")
            while True:
                changed = await subscription.next(HEARTBEAT_SECONDS)
                if subscription.closed:
                    break
                events = "".join(f"event: chat\ndata: {user_id}\n\n" for user_id in sorted(changed))
                await response.write((events or ": still here\n\n").encode())
        return response
