"""Rapport's Python client: JSON-RPC 2.0 over a Unix socket or a spawned ``rapport serve``.

Standard library only, Python 3.9 or later::

    from rapport import Rapport, RapportError

    with Rapport.connect("/tmp/rapport.sock") as shop:
        customer = shop.call("customers.create", name="Anna Petrova")
        try:
            shop.call("customers.get", id="cus_nope")
        except RapportError as error:
            print(error.reason)          # "not_found"

See :class:`Rapport` for calls, pipelining (:meth:`Rapport.call_many`) and events
(:meth:`Rapport.events`), and protocol.md in the Rapport repository for every method.
"""
from .client import DEFAULT_KEEPALIVE, DEFAULT_TIMEOUT, CallSpec, Event, Rapport
from .errors import (
    ConnectionClosedError,
    ProtocolError,
    RapportConnectionError,
    RapportError,
    RapportTimeoutError,
)

__version__ = "0.1.0"
"""The version of this client package."""

__all__ = [
    "Rapport",
    "Event",
    "CallSpec",
    "RapportError",
    "RapportConnectionError",
    "ConnectionClosedError",
    "RapportTimeoutError",
    "ProtocolError",
    "DEFAULT_TIMEOUT",
    "DEFAULT_KEEPALIVE",
    "__version__",
]
