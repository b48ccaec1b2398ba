"""The bot's HTTP to the Bot API over aiohttp instead of python-telegram-bot's httpx.

Why: on a small machine a bot's CPU goes mostly to HTTP. A Bot API call through PTB's
`HTTPXRequest` cost 1.1–1.6 ms of CPU here against 0.3–0.7 ms through this class (PTB's own
work included), and an update costs two or three calls. aiohttp is
already the sandbox's server, so no new dependency comes with it.

Bodies go as one JSON object, the Bot API's own format, keyboards and all nested in it (PTB
encodes each object as a JSON string inside a url-encoded form); a call with files goes as
a multipart form, as Telegram requires. Timeouts keep PTB's meaning: `connect_timeout`
for the TCP connection, `pool_timeout` on top of it for waiting on a free connection,
`read_timeout` for each read; aiohttp has no write timeout of its own, so the whole call is
bounded by the sum of the four.
Failures become PTB's `TimedOut` and `NetworkError`, so the retry and error paths above
(rate limiter, updater, deliverer) behave as with httpx; redirects are not followed (a
wrong TELEGRAM_API_URL says so instead of turning a POST into a GET).

A proxy comes from the environment (`HTTPS_PROXY`/`HTTP_PROXY`, `NO_PROXY`), read once:
aiohttp's own `trust_env` looks it up again on every call in the shared thread pool, which
cost most of the CPU saved and stalled calls when that pool was busy. aiohttp speaks to
`http://` proxies only, so another kind is refused when the bot starts.
"""

from __future__ import annotations

import json
from typing import Final
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.config import ConfigError

_JSON: Final = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """PTB's request interface on one aiohttp session with a pool of kept-alive
    connections."""

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_proxies",
        "_proxy_of",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        *,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str] = {}
        self._proxy_of: dict[tuple[str, str], str | None] = {}  # (scheme, host) → proxy

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._proxies = _environment_proxies()
            self._proxy_of.clear()
            # Idle connections closed after 5 s as httpx does: a POST on one the server
            # has just closed is not tried again.
            connector = aiohttp.TCPConnector(limit=self._pool_size, keepalive_timeout=5)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data is not None and request_data.contains_files
        timeout = self._timeout(
            read=_given(read_timeout, self._read_timeout),
            write=_given(
                write_timeout, self._media_write_timeout if files else self._write_timeout
            ),
            connect=_given(connect_timeout, self._connect_timeout),
            pool=_given(pool_timeout, self._pool_timeout),
        )
        body: bytes | aiohttp.FormData | None = None
        headers = None
        if request_data is not None and files:
            body = _multipart(request_data)
        elif request_data is not None:
            body, headers = json.dumps(request_data.parameters).encode(), _JSON
        try:
            async with session.request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=timeout,
                proxy=self._proxy(url),
                allow_redirects=False,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error

    def _proxy(self, url: str) -> str | None:
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxy_of:
            bypass = proxy_bypass(key[1])
            self._proxy_of[key] = None if bypass else self._proxies.get(key[0])
        return self._proxy_of[key]

    @staticmethod
    def _timeout(
        *, read: float | None, write: float | None, connect: float | None, pool: float | None
    ) -> aiohttp.ClientTimeout:
        parts = (read, write, connect, pool)
        total = None if None in parts else sum(p for p in parts if p is not None)
        waiting = None if connect is None or pool is None else connect + pool
        return aiohttp.ClientTimeout(
            total=total, connect=waiting, sock_connect=connect, sock_read=read
        )


def _environment_proxies() -> dict[str, str]:
    """The environment's proxies by scheme (and `no`), refusing what aiohttp cannot use."""
    proxies = getproxies()
    for scheme in ("http", "https"):
        proxy = proxies.get(scheme)
        if proxy is not None and urlsplit(proxy).scheme != "http":
            raise ConfigError(
                f"{scheme.upper()}_PROXY: the bot reaches Telegram through an http:// proxy"
                f" only, not {proxy.split('@')[-1]}"
            )
    return proxies


def _given(value: ODVInput[float], default: float | None) -> float | None:
    """A timeout passed for one call, or the default when PTB passed none."""
    return default if isinstance(value, DefaultValue) else value


def _multipart(request_data: RequestData) -> aiohttp.FormData:
    """Parameters and files as the multipart form Telegram takes uploads in."""
    form = aiohttp.FormData(quote_fields=False)
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, part in request_data.multipart_data.items():
        filename, content, *rest = part
        content_type = rest[0] if rest else "application/octet-stream"
        form.add_field(name, content, filename=filename, content_type=content_type)
    return form


# A connection that was never made or never came free, an address that cannot be asked,
# a proxy that refused to connect, a server that is not Telegram's: nothing was sent.
_NOTHING_SENT = (
    aiohttp.ClientConnectorError,
    aiohttp.ConnectionTimeoutError,
    aiohttp.InvalidURL,
    aiohttp.ClientHttpProxyError,
    aiohttp.ServerFingerprintMismatch,
)


def answer_lost(error: TelegramError) -> bool:
    """Whether a call may have reached Telegram although no answer came back (a read
    time-out, a connection that broke mid-call): then the message may have arrived. An
    error Telegram answered with (5xx) or a connection that was never made is no such case.
    """
    cause = error.__cause__
    return isinstance(cause, aiohttp.ClientError | TimeoutError) and not isinstance(
        cause, _NOTHING_SENT
    )
