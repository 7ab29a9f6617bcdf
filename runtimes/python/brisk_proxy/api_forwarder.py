"""The action's way to Brisk's API: the container has no network, so this
listens on 127.0.0.1:$BRISK_API_PORT (what __OW_API_HOST names) and pipes
each connection to $BRISK_API_SOCKET, where the worker passes HTTP requests
on to the API and nothing else (runtimes/README.md, "Calling Brisk from an
action"). Bytes only: the worker does the checking. One daemon thread for
all connections (threads count against the container's PID limit), and
nothing printed."""

import os
import selectors
import socket
import threading

CHUNK = 64 * 1024
# Bytes held for a slow reader per direction before reading pauses.
MAX_PENDING = 256 * 1024


class _Pair:
    def __init__(self, client, worker):
        self.client = client
        self.worker = worker
        self.pending = {client: b"", worker: b""}  # bytes waiting to be written to that socket
        self.closed = False
        self.eof = False  # a side closed: the pair closes once what it sent is delivered

    def other(self, sock):
        return self.worker if sock is self.client else self.client


def start_api_forwarder(env=os.environ):
    path = env.get("BRISK_API_SOCKET")
    try:
        port = int(env.get("BRISK_API_PORT", ""))
    except ValueError:
        return None
    if not path or port <= 0:
        return None
    try:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        listener.setblocking(False)
    except OSError:  # no loopback, or the port is taken: no channel, the proxy goes on
        return None
    thread = threading.Thread(target=_serve, args=(listener, path), name="brisk-api-forwarder", daemon=True)
    thread.start()
    return thread


def _serve(listener, path):
    try:
        _loop(listener, path)
    except Exception:  # never an error in the action's logs, nor a failed run
        pass


def _loop(listener, path):
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, None)
    pairs = {}

    def close(pair):
        if pair.closed:
            return
        pair.closed = True
        for s in (pair.client, pair.worker):
            try:
                sel.unregister(s)
            except (KeyError, ValueError):
                pass
            pairs.pop(s, None)
            s.close()

    def update(pair):
        # Read from a side only while the other side's backlog is small; write while there is a backlog.
        for s in (pair.client, pair.worker):
            events = 0
            if not pair.eof and len(pair.pending[pair.other(s)]) < MAX_PENDING:
                events |= selectors.EVENT_READ
            if pair.pending[s]:
                events |= selectors.EVENT_WRITE
            registered = s in sel.get_map()
            if events and registered:
                sel.modify(s, events, pair)
            elif events:
                sel.register(s, events, pair)
            elif registered:  # nothing to read (or room to read into) and nothing to write: wait for the other side
                sel.unregister(s)

    while True:
        for key, events in sel.select():
            if key.data is None:
                try:
                    client, _ = listener.accept()
                except OSError:
                    continue
                worker = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    worker.connect(path)
                except OSError:
                    client.close()
                    worker.close()
                    continue
                client.setblocking(False)
                worker.setblocking(False)
                pair = _Pair(client, worker)
                pairs[client] = pair
                pairs[worker] = pair
                sel.register(client, selectors.EVENT_READ, pair)
                sel.register(worker, selectors.EVENT_READ, pair)
                continue
            pair = key.data
            sock = key.fileobj
            if pair.closed:
                continue
            try:
                if events & selectors.EVENT_WRITE and pair.pending[sock]:
                    sent = sock.send(pair.pending[sock])
                    pair.pending[sock] = pair.pending[sock][sent:]
                if events & selectors.EVENT_READ and not pair.eof:
                    data = sock.recv(CHUNK)
                    if data:
                        target = pair.other(sock)
                        pair.pending[target] += data
                        try:
                            sent = target.send(pair.pending[target])
                            pair.pending[target] = pair.pending[target][sent:]
                        except (BlockingIOError, InterruptedError):
                            pass
                    else:
                        pair.eof = True
                if pair.eof and not pair.pending[pair.client] and not pair.pending[pair.worker]:
                    close(pair)
                    continue
                update(pair)
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                close(pair)
