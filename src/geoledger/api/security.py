"""Security headers on every response (a strict CSP, no framing, no sniffing, no referrer),
and limits on what a slow or huge request can hold: body size, body time, header time."""

from __future__ import annotations

import asyncio
import os
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

BODY_SECONDS = 120.0  # a 20 MB upload needs 1.4 Mbit/s to arrive within it
HEADER_SECONDS = 10.0  # from connecting (or the next request's first byte) to the last header

# Pages load their own scripts and styles only; inline style attributes are allowed (the
# heat map colours its cells), inline scripts and javascript: links are not.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# /docs is vendored Swagger UI started by a small inline script; nothing loads from elsewhere.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src blob:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
COMMON = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)


class SecurityHeaders:
    """ASGI middleware adding the headers to every HTTP response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope.get("path", "") in ("/docs", "/redoc", "/docs/oauth2-redirect")
        csp = (DOCS_CSP if docs else PAGE_CSP).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {b"content-security-policy", *(n for n, _ in COMMON)}
                ]
                headers += [*COMMON, (b"content-security-policy", csp)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """ASGI middleware bounding a request body's size and the time it may take to arrive.

    A declared Content-Length over the route's limit is refused before a byte is read; a body
    without one (chunked) is counted as it streams and refused once it passes the limit; a body
    still arriving after `seconds` is refused with 408. Either way the client gets one JSON
    error and the connection is closed; the app sees a disconnect and stores nothing.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        upload_bytes: int,
        other_bytes: int = 1024 * 1024,
        seconds: float | None = None,
    ) -> None:
        self.app = app
        self.upload_bytes = upload_bytes
        self.other_bytes = other_bytes
        self.seconds = body_seconds() if seconds is None else seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_bytes if scope.get("path") == "/api/ingest" else self.other_bytes
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            await _refuse(scope, send, 413, _too_large(f"({int(length):,} bytes) ", limit))
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.seconds
        state = {"received": 0, "complete": False, "started": False, "refused": False}

        async def refuse(status: int, detail: str) -> Message:
            state["refused"] = True
            if not state["started"]:
                await _refuse(scope, send, status, detail)
            return {"type": "http.disconnect"}  # the app stops reading and answers no one

        async def guarded_receive() -> Message:
            if state["refused"]:
                return {"type": "http.disconnect"}
            if state["complete"]:
                return await receive()  # after the body: only a disconnect can come
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0))
            except TimeoutError:
                return await refuse(
                    408,
                    f"The request body did not arrive within {self.seconds:g} s; send it "
                    "again on a faster connection, or smaller.",
                )
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    return await refuse(413, _too_large("", limit))
                state["complete"] = not message.get("more_body", False)
            return message

        async def guarded_send(message: Message) -> None:
            if state["refused"]:
                return  # the client has had its answer; the app's comes after it
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        await self.app(scope, guarded_receive, guarded_send)


def body_seconds() -> float:
    """Seconds a request body may take to arrive (GEOLEDGER_BODY_SECONDS, default 120)."""
    return _seconds("GEOLEDGER_BODY_SECONDS", BODY_SECONDS)


def _seconds(variable: str, default: float) -> float:
    """A positive number of seconds from the environment, else default."""
    try:
        seconds = float(os.environ.get(variable, "") or default)
    except ValueError:
        return default
    return seconds if seconds > 0 else default


def _too_large(size: str, limit: int) -> str:
    return f"The request body {size}is larger than the {limit:,} bytes this route takes."


async def _refuse(scope: Scope, send: Send, status: int, detail: str) -> None:
    """Answer status with the app's error shape and close the connection (the body is unread)."""
    code = {408: "too_slow", 413: "too_large"}[status]
    response = JSONResponse(
        {"detail": detail, "code": code}, status_code=status, headers={"Connection": "close"}
    )

    async def nothing() -> Message:
        return {"type": "http.disconnect"}

    await response(scope, nothing, send)


class HeaderDeadline(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request headers are slow to come.

    uvicorn waits for headers without end, so a client sending them a byte at a time (slowloris)
    holds its connection for ever; here a connection gets GEOLEDGER_HEADER_SECONDS (default 10)
    from connecting, or from the first byte after its previous response, to finish its request
    line and headers.
    """

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.header_seconds = _seconds("GEOLEDGER_HEADER_SECONDS", HEADER_SECONDS)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._between_requests():
            self._arm()
        super().data_received(data)
        if not self._between_requests():
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _between_requests(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or not self._between_requests():
            return
        body = (
            b'{"detail":"The request headers did not arrive within %s s.","code":"too_slow"}'
            % f"{self.header_seconds:g}".encode()
        )
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
            b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
        )
        self.transport.close()


def server_options() -> dict[str, Any]:
    """Options for uvicorn.run that keep slow clients from holding connections."""
    return {"http": HeaderDeadline, "timeout_keep_alive": 5}
