"""Networks for tests: a TCP relay in front of a real server that can be cut and restored, and
other hosts on this machine (network namespaces) that reach this machine's servers through relays.

The servers behind stay real (the test run's Elasticsearch, PostgreSQL, S3); only the network path
breaks, as when a node is stopped or a switch fails mid-batch, or a whole host dies.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
from pathlib import Path


class TcpRelay:
    """Listens on ``listen_host``:<port> (127.0.0.1 and a free port by default) and relays every
    connection to ``target``. ``cut()`` closes the listener and every open connection (new ones are
    refused); ``restore()`` listens again on the same port."""

    def __init__(self, target_host: str, target_port: int, listen_host: str = "127.0.0.1", listen_port: int = 0) -> None:
        self.target = (target_host, target_port)
        self.host = listen_host
        self.port = listen_port
        self._listener: socket.socket | None = None
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        self.restore()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            if self._listener is not None:
                try:  # wakes the thread blocked in accept(); close() alone would leave it listening
                    self._listener.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                self._listener.close()
                self._listener = None
            for connection in self._connections:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                connection.close()
            self._connections.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Host:
    """Another machine on this one: a network namespace joined to this one by a veth pair, as
    ``10.R.N.2`` seeing this machine as ``10.R.N.1``. ``forward(port)`` makes a service this machine
    serves on 127.0.0.1:port reachable from the host at ``10.R.N.1:port`` (a relay: the service
    itself keeps listening on loopback). Needs root (``ip netns``)."""

    def __init__(self, name: str, number: int) -> None:
        self.name = f"sohoa-{os.getpid()}-{name}"
        ring = 200 + os.getpid() % 50
        self.gateway, self.address = f"10.{ring}.{number}.1", f"10.{ring}.{number}.2"
        outside, inside = f"vs{os.getpid() % 100000}{name}o"[:15], f"vs{os.getpid() % 100000}{name}i"[:15]
        self.relays: list[TcpRelay] = []
        for argv in (
            ["ip", "netns", "add", self.name],
            ["ip", "link", "add", outside, "type", "veth", "peer", "name", inside],
            ["ip", "link", "set", inside, "netns", self.name],
            ["ip", "addr", "add", f"{self.gateway}/24", "dev", outside],
            ["ip", "link", "set", outside, "up"],
            ["ip", "netns", "exec", self.name, "ip", "addr", "add", f"{self.address}/24", "dev", inside],
            ["ip", "netns", "exec", self.name, "ip", "link", "set", inside, "up"],
            ["ip", "netns", "exec", self.name, "ip", "link", "set", "lo", "up"],
        ):
            subprocess.run(argv, check=True, capture_output=True)

    def forward(self, port: int) -> str:
        """``host:port`` at which the host reaches this machine's 127.0.0.1:port."""
        self.relays.append(TcpRelay("127.0.0.1", port, self.gateway, port))
        return f"{self.gateway}:{port}"

    def start(self, argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        with log.open("ab") as sink:
            return subprocess.Popen(["ip", "netns", "exec", self.name, *argv], env=env, stdout=sink, stderr=sink)

    def pids(self) -> list[int]:
        listed = subprocess.run(["ip", "netns", "pids", self.name], capture_output=True, text=True).stdout
        return [int(p) for p in listed.split()]

    def kill(self) -> int:
        """Every process of the host, at once and without warning (power cut); how many there were."""
        pids = self.pids()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        return len(pids)

    def remove(self) -> None:
        self.kill()
        for relay in self.relays:
            relay.cut()
        subprocess.run(["ip", "netns", "delete", self.name], capture_output=True)  # its veth end goes with it
