"""The exceptions the Rapport client raises.

* :class:`RapportError` -- the server answered a request with a JSON-RPC error. The connection is
  still in step and can go on being used.
* :class:`RapportConnectionError` -- the connection itself failed: the server closed it
  (:class:`ConnectionClosedError`), stopped answering (:class:`RapportTimeoutError`) or sent
  something that is not the protocol (:class:`ProtocolError`). After a closed connection or a
  protocol error the client is closed; after a timeout it stays open (the late reply, if it ever
  comes, is discarded) so that a caller may retry or close it.
"""
from __future__ import annotations

from typing import Any, Dict, Mapping, Optional

__all__ = [
    "RapportError",
    "RapportConnectionError",
    "ConnectionClosedError",
    "RapportTimeoutError",
    "ProtocolError",
]


class RapportError(Exception):
    """An error reply from the server.

    Branch on :attr:`reason` (stable, e.g. ``"invalid_params"``, ``"not_found"``,
    ``"conflict"``); :attr:`message` is for humans.

    Attributes:
        code: The JSON-RPC error code (``-32602`` for invalid params, ``-32000`` for a business
            rule, ...).
        message: The server's human-readable message.
        reason: ``error.data.reason``, the machine-readable cause (``None`` only if the server
            sent no ``data``, which Rapport never does).
        field: ``error.data.field``, the offending field such as ``"items[2].sku"``, or ``None``.
        data: The whole ``error.data`` object (``existingId``, ``limit``, ``max``, ...).
        method: The method of the request that was refused.
        request_id: The ``id`` of the refused request.
        index: For :meth:`Rapport.call_many`, the position of the request in the list; else
            ``None``.
    """

    code: int
    message: str
    reason: Optional[str]
    field: Optional[str]
    data: Dict[str, Any]
    method: Optional[str]
    request_id: Any
    index: Optional[int]

    def __init__(
        self,
        code: int,
        message: str,
        data: Optional[Mapping[str, Any]] = None,
        *,
        method: Optional[str] = None,
        request_id: Any = None,
        index: Optional[int] = None,
    ) -> None:
        self.code = code
        self.message = message
        self.data = dict(data) if isinstance(data, Mapping) else {}
        reason = self.data.get("reason")
        self.reason = reason if isinstance(reason, str) else None
        field = self.data.get("field")
        self.field = field if isinstance(field, str) else None
        self.method = method
        self.request_id = request_id
        self.index = index
        super().__init__(self._describe())

    @classmethod
    def from_reply(
        cls, error: Any, *, method: Optional[str] = None, request_id: Any = None, index: Optional[int] = None
    ) -> "RapportError":
        """Builds the exception from the ``error`` member of a JSON-RPC response."""
        if not isinstance(error, Mapping):
            return cls(-32603, f"malformed error object: {error!r}", None, method=method, request_id=request_id, index=index)
        code = error.get("code")
        message = error.get("message")
        return cls(
            code if isinstance(code, int) else -32603,
            message if isinstance(message, str) else "",
            error.get("data") if isinstance(error.get("data"), Mapping) else None,
            method=method,
            request_id=request_id,
            index=index,
        )

    def _describe(self) -> str:
        head = f"{self.method}: " if self.method else ""
        details = [self.reason or "error", f"code {self.code}"]
        if self.field:
            details.append(f"field {self.field}")
        for key, value in self.data.items():
            if key not in ("reason", "field"):
                details.append(f"{key} {value!r}")
        return f"{head}{self.message} ({', '.join(details)})"

    def __repr__(self) -> str:
        return (
            f"RapportError(code={self.code!r}, reason={self.reason!r}, field={self.field!r}, "
            f"message={self.message!r}, method={self.method!r})"
        )

    def __reduce__(self) -> Any:
        return (_rebuild_error, (self.code, self.message, self.data, self.method, self.request_id, self.index))


def _rebuild_error(code: int, message: str, data: Dict[str, Any], method: Optional[str], request_id: Any, index: Optional[int]) -> RapportError:
    return RapportError(code, message, data, method=method, request_id=request_id, index=index)


class RapportConnectionError(ConnectionError):
    """The connection to the server failed (the base of the three errors below)."""


class ConnectionClosedError(RapportConnectionError):
    """The server closed the connection (or the spawned server exited); the client is closed."""


class RapportTimeoutError(RapportConnectionError, TimeoutError):
    """Nothing came from (or could be written to) the server for the connection's ``timeout``.

    The connection stays open: the request that timed out is forgotten and its reply, should it
    come later, is discarded.
    """


class ProtocolError(RapportConnectionError):
    """The server sent a line that is not a JSON-RPC 2.0 message this client expects; the client
    is closed."""
