"""A client for Rapport's newline-delimited JSON-RPC 2.0 protocol (standard library only).

Open a connection with :meth:`Rapport.connect` (a ``rapport serve --socket PATH`` server) or
:meth:`Rapport.spawn` (a private ``rapport serve --db PATH`` child process spoken to over its
standard input and output), then::

    with Rapport.connect("/tmp/rapport.sock") as shop:
        anna = shop.call("customers.create", name="Anna", email="anna@example.com")
        shop.call("orders.record", customerId=anna["id"], externalId="A-1", amount=45000)
        shop.call("customers.merge", {"into": anna["id"], "from": other_id})  # `from` is a keyword
        for event in shop.events(["order.*"], timeout=5):
            print(event["topic"], event["data"])

Threads: one :class:`Rapport` may be shared. An internal lock serialises its use, so requests
from several threads take turns on the one connection (each call waits for the one before it;
:meth:`Rapport.call_many` keeps the connection for its whole list), and a thread waiting in
:meth:`Rapport.next_event` or :meth:`Rapport.events` lets go of the lock every fraction of a
second so the others can call. Events are handed to whichever thread asks for the next one: have
a single consumer. For requests in parallel, open one connection per thread instead.
"""
from __future__ import annotations

import collections
import json
import os
import selectors
import socket
import subprocess
import tempfile
import threading
import time
from typing import (
    IO,
    Any,
    Callable,
    Deque,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    NoReturn,
    Optional,
    Sequence,
    Set,
    Tuple,
    TypedDict,
    Union,
)

from .errors import ConnectionClosedError, ProtocolError, RapportError, RapportTimeoutError

__all__ = ["Rapport", "Event", "CallSpec", "DEFAULT_TIMEOUT", "DEFAULT_KEEPALIVE"]

#: Seconds a request may wait with nothing read from or written to the server.
DEFAULT_TIMEOUT = 30.0
#: Seconds of silence after which a connection waiting for events sends ``server.ping``, so that
#: the server's idle timeout (300 s by default) does not close it.
DEFAULT_KEEPALIVE = 60.0

_READ_SIZE = 256 * 1024
# The longest a thread waiting for events holds the connection's lock at once.
_EVENT_SLICE = 0.2


class Event(TypedDict):
    """The ``params`` of an ``event`` notification (see protocol.md, Events).

    Keys: ``topic`` (e.g. ``"customer.created"``), ``seq`` (increases by one for every event the
    server publishes, so a gap means events of other topics or from before the subscription),
    ``at`` (RFC 3339 time) and ``data`` (the topic's object).
    """

    topic: str
    seq: int
    at: str
    data: Dict[str, Any]


#: One request of :meth:`Rapport.call_many`: ``"method"``, ``("method",)`` or
#: ``("method", params)`` with ``params`` a mapping or ``None``.
CallSpec = Union[str, Tuple[str], Tuple[str, Optional[Mapping[str, Any]]]]


class _Transport:
    """Non-blocking byte pipes to the server, with a selector to wait on them."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.read_fd = read_fd
        self.write_fd = write_fd
        self._selector = selectors.DefaultSelector()
        self._selector.register(read_fd, selectors.EVENT_READ)
        self._watching_write = False
        self._closed = False

    def wait(self, want_write: bool, timeout: Optional[float]) -> Tuple[bool, bool]:
        """Waits up to ``timeout`` seconds (``None``: forever) for the read side to have data or,
        when ``want_write``, the write side to take some; answers (readable, writable)."""
        if want_write != self._watching_write:
            if self.read_fd == self.write_fd:
                mask = selectors.EVENT_READ | (selectors.EVENT_WRITE if want_write else 0)
                self._selector.modify(self.read_fd, mask)
            elif want_write:
                self._selector.register(self.write_fd, selectors.EVENT_WRITE)
            else:
                self._selector.unregister(self.write_fd)
            self._watching_write = want_write
        readable = writable = False
        for key, mask in self._selector.select(None if timeout is None else max(timeout, 0.0)):
            if key.fd == self.read_fd and mask & selectors.EVENT_READ:
                readable = True
            if key.fd == self.write_fd and mask & selectors.EVENT_WRITE:
                writable = True
        return readable, writable

    def recv(self) -> Optional[bytes]:
        """Some bytes; ``b""`` at end of input; ``None`` when nothing is there yet."""
        raise NotImplementedError

    def send(self, data: memoryview) -> int:
        """Writes what the server takes now of ``data``; answers how many bytes."""
        raise NotImplementedError

    def close(self) -> None:
        """Releases the transport's resources (safe to call twice)."""
        if not self._closed:
            self._closed = True
            self._selector.close()


class _SocketTransport(_Transport):
    def __init__(self, sock: socket.socket) -> None:
        sock.setblocking(False)
        self.sock = sock
        super().__init__(sock.fileno(), sock.fileno())

    def recv(self) -> Optional[bytes]:
        try:
            return self.sock.recv(_READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return None
        except ConnectionResetError:
            return b""

    def send(self, data: memoryview) -> int:
        try:
            return self.sock.send(data)
        except (BlockingIOError, InterruptedError):
            return 0

    def close(self) -> None:
        super().close()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class _PipeTransport(_Transport):
    def __init__(self, process: "subprocess.Popen[bytes]") -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process = process
        read_fd, write_fd = process.stdout.fileno(), process.stdin.fileno()
        os.set_blocking(read_fd, False)
        os.set_blocking(write_fd, False)
        super().__init__(read_fd, write_fd)

    def recv(self) -> Optional[bytes]:
        try:
            return os.read(self.read_fd, _READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return None

    def send(self, data: memoryview) -> int:
        try:
            return os.write(self.write_fd, data)
        except (BlockingIOError, InterruptedError):
            return 0

    def close_input(self) -> None:
        """Ends the server's standard input: it answers what it read and exits."""
        stdin = self.process.stdin
        if stdin is not None and not stdin.closed:
            try:
                stdin.close()
            except OSError:
                pass

    def close(self) -> None:
        super().close()
        self.close_input()
        stdout = self.process.stdout
        if stdout is not None and not stdout.closed:
            stdout.close()


class Rapport:
    """One connection to a Rapport server.

    Make one with :meth:`connect` or :meth:`spawn`, not with the constructor. Use it as a context
    manager, or call :meth:`close` when done.

    Requests are sent as single JSON-RPC lines with integer ids; replies are matched to them in
    order (the server answers in the order it read) and by id. Event notifications that arrive
    between replies are queued on the side and handed out by :meth:`next_event` /
    :meth:`events`; they are never mistaken for replies and never dropped. Keep reading them
    when subscribed: the queue grows until you do.

    Thread-safe by serialisation: see the module's docstring.
    """

    def __init__(
        self,
        transport: _Transport,
        *,
        timeout: Optional[float] = DEFAULT_TIMEOUT,
        process: "Optional[subprocess.Popen[bytes]]" = None,
        log: Optional[IO[bytes]] = None,
        description: str = "rapport",
    ) -> None:
        """Wraps an open transport; use :meth:`connect` or :meth:`spawn` instead."""
        self.timeout: Optional[float] = timeout
        """Seconds a request may wait with no byte read or written before
        :class:`RapportTimeoutError`; ``None`` waits forever."""
        self._transport = transport
        self._process = process
        self._log = log
        self._description = description
        self._lock = threading.RLock()
        self._out = bytearray()
        self._in = bytearray()
        self._outstanding: Deque[int] = collections.deque()
        self._abandoned: Set[int] = set()
        self._replies: Dict[int, Dict[str, Any]] = {}
        self._events: Deque[Event] = collections.deque()
        self._next_id = 0
        self._last_sent = time.monotonic()
        self._closed = False
        self._shut_down = False
        self._failure: Optional[BaseException] = None

    # ------------------------------------------------------------------ opening and closing

    @classmethod
    def connect(cls, socket_path: Union[str, "os.PathLike[str]"], timeout: Optional[float] = DEFAULT_TIMEOUT, *, wait: float = 0.0) -> "Rapport":
        """Connects to ``rapport serve --socket socket_path``.

        Args:
            socket_path: The server's Unix socket.
            timeout: Seconds a request may wait with nothing read or written before
                :class:`RapportTimeoutError` (also the connect timeout); ``None``: forever.
            wait: Seconds to keep retrying while the socket does not exist yet or refuses
                (a server that is still starting); 0 tries once.

        Raises:
            OSError: The socket cannot be reached (``FileNotFoundError``,
                ``ConnectionRefusedError``, ...).
        """
        path = os.fspath(socket_path)
        give_up = time.monotonic() + wait
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.settimeout(timeout)
                sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                if time.monotonic() >= give_up:
                    raise
                time.sleep(0.05)
            except BaseException:
                sock.close()
                raise
        return cls(_SocketTransport(sock), timeout=timeout, description=f"rapport at {path}")

    @classmethod
    def spawn(
        cls,
        db_path: Union[str, "os.PathLike[str]"],
        executable: Optional[str] = None,
        extra_args: Sequence[str] = (),
        *,
        timeout: Optional[float] = DEFAULT_TIMEOUT,
        stderr: Optional[Union[int, IO[Any]]] = None,
        env: Optional[Mapping[str, str]] = None,
    ) -> "Rapport":
        """Starts ``executable serve --db db_path *extra_args`` and speaks to it over pipes.

        The child is the connection: it serves this client alone and lives until :meth:`close`,
        which ends its standard input so that it answers what it read and exits cleanly.

        Args:
            db_path: The SQLite database (created on first use).
            executable: The ``rapport`` program; default ``$RAPPORT_EXECUTABLE`` when set, else
                ``rapport`` found on ``PATH``.
            extra_args: More ``serve`` flags, e.g. ``["--read-only"]``.
            timeout: As for :meth:`connect`.
            stderr: Where the server's log goes. By default (``None``) a temporary file, read
                with :meth:`server_log` and quoted in the error when the server dies; otherwise
                any ``subprocess`` target: ``subprocess.DEVNULL``, an open file, or
                ``sys.stderr`` to share this process's.
            env: The child's environment (default this process's).

        Raises:
            FileNotFoundError: The executable does not exist.
        """
        program = executable or os.environ.get("RAPPORT_EXECUTABLE") or "rapport"
        log: Optional[IO[bytes]] = None
        target: Union[int, IO[Any]]
        if stderr is None:
            log = tempfile.TemporaryFile(prefix="rapport-serve-", suffix=".log")
            target = log
        else:
            target = stderr
        command = [program, "serve", "--db", os.fspath(db_path), *extra_args]
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=target,
                bufsize=0,
                env=None if env is None else dict(env),
                start_new_session=True,  # Ctrl-C reaches Python, which then closes the child cleanly
            )
        except BaseException:
            if log is not None:
                log.close()
            raise
        return cls(_PipeTransport(process), timeout=timeout, process=process, log=log, description=" ".join(command))

    def close(self, timeout: float = 10.0) -> None:
        """Closes the connection; for a spawned server, ends its input and waits for it to exit.

        A spawned server still running ``timeout`` seconds after its input ended gets SIGTERM,
        then SIGKILL. Safe to call more than once.
        """
        with self._lock:
            if self._shut_down:
                return
            self._shut_down = True
            self._closed = True
            process = self._process
            if process is not None and process.poll() is None and isinstance(self._transport, _PipeTransport):
                self._transport.close_input()
                self._drain_output(time.monotonic() + timeout)
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    process.terminate()
                    try:
                        process.wait(5)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait()
            self._transport.close()

    def _drain_output(self, deadline: float) -> None:
        """Reads (and drops) what a spawned server still writes until it closes its output, so
        that it never blocks on a full pipe while exiting."""
        transport = self._transport
        while time.monotonic() < deadline:
            try:
                readable, _ = transport.wait(False, deadline - time.monotonic())
            except (OSError, ValueError):
                return
            if readable:
                try:
                    data = transport.recv()
                except OSError:
                    return
                if data == b"":
                    return

    def __enter__(self) -> "Rapport":
        """Returns the connection itself."""
        return self

    def __exit__(self, *exc_info: Any) -> None:
        """Closes the connection (see :meth:`close`)."""
        self.close()

    def __del__(self) -> None:  # pragma: no cover - best effort
        try:
            if not self._closed:
                self.close(timeout=2.0)
        except Exception:
            pass

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<Rapport {self._description} ({state})>"

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called or the connection failed."""
        return self._closed

    @property
    def returncode(self) -> Optional[int]:
        """A spawned server's exit status once it exited (0 after a clean :meth:`close`), else
        ``None``; always ``None`` for a socket connection."""
        return None if self._process is None else self._process.poll()

    @property
    def pid(self) -> Optional[int]:
        """The process id of a spawned server; ``None`` for a socket connection."""
        return None if self._process is None else self._process.pid

    def server_log(self) -> str:
        """What a spawned server wrote to standard error so far, when :meth:`spawn` kept it in a
        temporary file (the default); else ``""``."""
        if self._log is None or self._log.closed:
            return ""
        self._log.flush()
        position = self._log.tell()
        try:
            self._log.seek(0)
            return self._log.read().decode("utf-8", "replace")
        finally:
            self._log.seek(position)

    # ------------------------------------------------------------------ requests

    def call(self, method: str, params: Optional[Mapping[str, Any]] = None, /, **kwargs: Any) -> Any:
        """Calls ``method`` and returns its ``result``.

        Params are given as keywords (``call("customers.get", id=cid)``), as one positional
        mapping for names Python cannot take as keywords (``call("customers.merge", {"into": a,
        "from": b})``), or both (merged; a name given twice is a ``TypeError``). Without params
        none are sent.

        Raises:
            RapportError: The server answered with an error (``reason``, ``field``, ``data``).
            RapportTimeoutError: No reply within :attr:`timeout` of silence.
            ConnectionClosedError: The server went away.
        """
        arguments = _merge_params(params, kwargs)
        with self._lock:
            request_id = self._send(method, arguments)
            try:
                self._pump(lambda: request_id in self._replies, idle_limit=self.timeout)
            except BaseException:
                self._abandon(request_id)
                raise
            reply = self._replies.pop(request_id)
        return _result(reply, method, request_id, None)

    def call_many(self, calls: Iterable[CallSpec], *, raise_errors: bool = True) -> List[Any]:
        """Pipelines many requests: sends them all without waiting, then collects every reply.

        Replies come back in request order and the server applies the requests in that order
        (a read sees the writes before it). Sending and reading overlap, so a long list never
        deadlocks on full buffers or on the server's in-flight limit.

        Args:
            calls: Each a method name, ``(method,)`` or ``(method, params)`` with ``params`` a
                mapping or ``None``.
            raise_errors: When true (the default), every reply is read first and then the first
                error reply is raised as :class:`RapportError` (its ``index`` says which
                request); the other requests took effect or failed on their own regardless.
                When false, an error reply takes its place in the list as a
                :class:`RapportError` instance (not raised).

        Returns:
            The results in the order of ``calls``.
        """
        requests = [_call_spec(spec) for spec in calls]
        if not requests:
            return []
        with self._lock:
            ids = [self._send(method, params) for method, params in requests]
            last = ids[-1]
            try:
                self._pump(lambda: last in self._replies, idle_limit=self.timeout)
            except BaseException:
                for request_id in ids:
                    self._abandon(request_id)
                raise
            replies = [self._replies.pop(request_id) for request_id in ids]
        results: List[Any] = []
        first_error: Optional[RapportError] = None
        for index, ((method, _), request_id, reply) in enumerate(zip(requests, ids, replies)):
            if "error" in reply:
                error = RapportError.from_reply(reply["error"], method=method, request_id=request_id, index=index)
                if first_error is None:
                    first_error = error
                results.append(error)
            else:
                results.append(reply.get("result"))
        if raise_errors and first_error is not None:
            raise first_error
        return results

    def notify(self, method: str, params: Optional[Mapping[str, Any]] = None, /, **kwargs: Any) -> None:
        """Sends a JSON-RPC notification (a request without ``id``): the server runs it and
        answers nothing, not even an error. Returns once it is written."""
        arguments = _merge_params(params, kwargs)
        with self._lock:
            self._send(method, arguments, notification=True)
            self._pump(lambda: not self._out, idle_limit=self.timeout)

    def ping(self) -> bool:
        """Calls ``server.ping``; true when the server answered ``"pong"``."""
        answer: Any = self.call("server.ping")
        return bool(answer == "pong")

    # ------------------------------------------------------------------ events

    def subscribe(self, topics: Union[str, Iterable[str]]) -> List[str]:
        """``events.subscribe``: adds topics (``"order.recorded"``), prefixes (``"order.*"``) or
        ``"*"``; returns every topic the connection is now subscribed to."""
        return list(self.call("events.subscribe", topics=_topics(topics))["topics"])

    def unsubscribe(self, topics: Optional[Union[str, Iterable[str]]] = None) -> List[str]:
        """``events.unsubscribe``: drops the given topics, exactly as subscribed (all when
        ``None``); returns the topics still subscribed. Events already queued stay queued."""
        params = {} if topics is None else {"topics": _topics(topics)}
        return list(self.call("events.unsubscribe", params)["topics"])

    @property
    def queued_events(self) -> int:
        """How many events arrived and wait to be taken by :meth:`next_event`."""
        return len(self._events)

    def drain_events(self) -> List[Event]:
        """Takes every event already queued (without reading more from the server)."""
        with self._lock:
            events = list(self._events)
            self._events.clear()
            return events

    def next_event(self, timeout: Optional[float] = None, *, keepalive: Optional[float] = DEFAULT_KEEPALIVE) -> Optional[Event]:
        """The next event (queued ones first), waiting up to ``timeout`` seconds for one to
        arrive (``None``: forever; ``0``: only what already came). Returns ``None`` on timeout.

        While it waits it sends ``server.ping`` after every ``keepalive`` seconds of silence
        (``None``: never) so that the server's idle timeout does not close the connection.

        Raises:
            ConnectionClosedError: The server went away.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                if self._events:
                    return self._events.popleft()
                self._check_open()
                now = time.monotonic()
                if keepalive is not None and now - self._last_sent >= keepalive:
                    self._abandon(self._send("server.ping", None))
                until = now + _EVENT_SLICE
                if deadline is not None:
                    until = min(until, deadline)
                if keepalive is not None:
                    until = min(until, self._last_sent + keepalive)
                self._pump(lambda: bool(self._events), deadline=until)
                if self._events:
                    return self._events.popleft()
                if deadline is not None and time.monotonic() >= deadline:
                    return None
            time.sleep(0)  # let a thread waiting for the lock have it

    def events(
        self,
        topics: Optional[Union[str, Iterable[str]]] = None,
        *,
        timeout: Optional[float] = None,
        keepalive: Optional[float] = DEFAULT_KEEPALIVE,
    ) -> Iterator[Event]:
        """Iterates over events as they arrive: the event ``params`` (``topic``, ``seq``, ``at``,
        ``data``).

        With ``topics``, it first subscribes to them (``events.subscribe``), at once when
        ``events()`` is called rather than at the first ``next()``, so no event committed after
        the call is missed. Events queued earlier (met during calls) come first. Calls made
        while iterating are fine: the events they meet are queued for the iterator.

        Args:
            topics: Topics to subscribe to first; ``None`` uses the current subscriptions.
            timeout: Seconds to wait for each next event; when none comes the iteration ends.
                ``None``: wait forever.
            keepalive: See :meth:`next_event`.
        """
        if topics is not None:
            self.subscribe(topics)
        return self._iterate_events(timeout, keepalive)

    def _iterate_events(self, timeout: Optional[float], keepalive: Optional[float]) -> Iterator[Event]:
        while True:
            event = self.next_event(timeout, keepalive=keepalive)
            if event is None:
                return
            yield event

    # ------------------------------------------------------------------ the wire

    def _check_open(self) -> None:
        if self._closed:
            if self._failure is not None:
                raise ConnectionClosedError(f"the connection failed earlier: {self._failure}") from self._failure
            raise ConnectionClosedError("the connection is closed")

    def _send(self, method: str, params: Optional[Mapping[str, Any]], notification: bool = False) -> int:
        """Encodes one request into the output buffer (sent by :meth:`_pump`); answers its id."""
        self._check_open()
        if not isinstance(method, str):
            raise TypeError(f"method must be a str, not {type(method).__name__}")
        message: Dict[str, Any] = {"jsonrpc": "2.0"}
        request_id = 0
        if not notification:
            self._next_id += 1
            request_id = self._next_id
            message["id"] = request_id
        message["method"] = method
        if params is not None:
            message["params"] = params
        line = json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
        self._out += line
        self._out += b"\n"
        if not notification:
            self._outstanding.append(request_id)
        self._last_sent = time.monotonic()
        return request_id

    def _abandon(self, request_id: int) -> None:
        """Forgets a request: its reply is dropped now or whenever it arrives."""
        if self._replies.pop(request_id, None) is None and request_id in self._outstanding:
            self._abandoned.add(request_id)

    def _pump(self, done: Callable[[], bool], *, deadline: Optional[float] = None, idle_limit: Optional[float] = None) -> bool:
        """Writes the output buffer and reads and routes replies and events until ``done()``.

        Returns false when ``deadline`` (a monotonic time) passes first; raises
        :class:`RapportTimeoutError` after ``idle_limit`` seconds in which nothing moved.
        Always looks at the connection at least once.
        """
        last_progress = time.monotonic()
        while not done():
            self._check_open()
            now = time.monotonic()
            wait: Optional[float] = None
            if deadline is not None:
                wait = deadline - now
            if idle_limit is not None:
                left = last_progress + idle_limit - now
                wait = left if wait is None else min(wait, left)
            readable, writable = self._transport.wait(bool(self._out), None if wait is None else max(wait, 0.0))
            moved = False
            if writable and self._out:
                try:
                    sent = self._transport.send(memoryview(self._out))
                except OSError as error:  # EPIPE, ECONNRESET: the server is gone
                    self._fail(ConnectionClosedError(self._gone(f"the server stopped reading ({error})")))
                if sent:
                    del self._out[:sent]
                    moved = True
            if readable:
                data = self._transport.recv()
                if data == b"":
                    self._fail(ConnectionClosedError(self._gone("the server closed the connection")))
                if data:
                    self._in += data
                    if b"\n" in data:  # look for lines only when one ended (a long reply comes in many chunks)
                        self._route_lines()
                    moved = True
            now = time.monotonic()
            if moved:
                last_progress = now
            if done():
                return True
            if deadline is not None and now >= deadline:
                return False
            if idle_limit is not None and now - last_progress >= idle_limit:
                raise RapportTimeoutError(f"{self._description}: nothing from the server for {idle_limit:g} s")
        return True

    def _route_lines(self) -> None:
        end = self._in.rfind(b"\n")
        if end < 0:
            return
        chunk = bytes(self._in[:end])
        del self._in[: end + 1]
        for line in chunk.split(b"\n"):
            line = line.strip()
            if not line:
                continue
            try:
                message = json.loads(line)
            except ValueError as error:
                self._fail(ProtocolError(f"{self._description}: a line that is not JSON ({error}): {line[:200]!r}"))
            self._route(message)

    def _route(self, message: Any) -> None:
        if not isinstance(message, dict):
            self._fail(ProtocolError(f"{self._description}: expected a JSON object, got {str(message)[:200]}"))
        if "id" not in message and message.get("method") == "event":
            params = message.get("params")
            if isinstance(params, dict):
                self._events.append(params)  # type: ignore[arg-type]
            return
        if "id" not in message and "method" in message:
            return  # another server notification: none is defined; ignore it
        if "result" not in message and "error" not in message:
            self._fail(ProtocolError(f"{self._description}: neither a reply nor an event: {str(message)[:200]}"))
        if not self._outstanding:
            self._fail(ProtocolError(f"{self._description}: a reply to no request: {str(message)[:200]}"))
        expected = self._outstanding.popleft()
        reply_id = message.get("id")
        if reply_id is not None and reply_id != expected:
            self._fail(ProtocolError(f"{self._description}: reply for id {reply_id!r} where {expected} was next"))
        if expected in self._abandoned:
            self._abandoned.discard(expected)
        else:
            self._replies[expected] = message

    def _gone(self, what: str) -> str:
        text = f"{self._description}: {what}"
        if self._process is not None:
            try:
                status = self._process.wait(2)
                text += f" (exit status {status})"
            except subprocess.TimeoutExpired:
                pass
            log = self.server_log().strip()
            if log:
                text += "; its log ends:\n" + log[-2000:]
        return text

    def _fail(self, error: BaseException) -> NoReturn:
        """Closes the connection for good and raises ``error``."""
        self._failure = error
        if not self._closed:
            self._closed = True
            try:
                self._transport.close()
            except OSError:
                pass
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()
                try:
                    self._process.wait(5)
                except subprocess.TimeoutExpired:
                    self._process.kill()
        raise error


def _merge_params(params: Optional[Mapping[str, Any]], kwargs: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    if params is None:
        return kwargs or None
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a mapping, not {type(params).__name__}")
    merged = dict(params)
    for key, value in kwargs.items():
        if key in merged:
            raise TypeError(f"param {key!r} given both in the mapping and as a keyword")
        merged[key] = value
    return merged


def _call_spec(spec: CallSpec) -> Tuple[str, Optional[Dict[str, Any]]]:
    if isinstance(spec, str):
        return spec, None
    if isinstance(spec, (tuple, list)) and 1 <= len(spec) <= 2 and isinstance(spec[0], str):
        params = spec[1] if len(spec) == 2 else None
        return spec[0], _merge_params(params, {})
    raise TypeError(f"a call is 'method' or (method, params), not {spec!r}")


def _topics(topics: Union[str, Iterable[str]]) -> List[str]:
    return [topics] if isinstance(topics, str) else list(topics)


def _result(reply: Dict[str, Any], method: str, request_id: int, index: Optional[int]) -> Any:
    if "error" in reply:
        raise RapportError.from_reply(reply["error"], method=method, request_id=request_id, index=index)
    return reply.get("result")
