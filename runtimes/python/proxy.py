"""Brisk Python action proxy.

Speaks the OpenWhisk action protocol (POST /init, POST /run) as HTTP/1.1
over a Unix socket; see runtimes/README.md for the contract. The worker
listens on the socket and the proxy connects to it, then answers the
requests the worker writes on those connections as an HTTP server. Standard
library only; the parts are in brisk_proxy/ (common, output, action,
http_io), this file is the channel and the request loop. One thread: the socket loop reads requests and runs the
action in the main thread, so runs are serialised and user code may use
signals and asyncio as in any script. An action whose concurrency limit is
above 1 (the worker says so at /init) gets a thread per run instead, up to
that many at once, as threads suit the I/O-bound code such actions are for. Nothing is printed except the
end-of-activation sentinels and the user's own errors.
"""

import os
import selectors
import socket
import sys
import threading
import time

from brisk_proxy.action import Action
from brisk_proxy.api_forwarder import start_api_forwarder
from brisk_proxy.common import CONNECT_WAIT, SOCKET, HttpError
from brisk_proxy.http_io import Connection, next_request, parse_message, respond
from brisk_proxy.output import describe, error_body, print_exception, track_standard_streams


def dispatch(action, method, target, holder):
    """holder: [request body]."""
    if target == "/run" or target == "/init":
        if method != "POST":
            return 405, error_body("Use POST for %s." % target)
        if target == "/init":
            return action.init(holder)
        return action.run(parse_message(holder.pop()))
    return 404, error_body("No such endpoint: %s %s." % (method, target))


def connect():
    """A new connection to the worker's socket; raises OSError."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(SOCKET)
    except OSError:
        sock.close()
        raise
    return sock


def first_connection():
    """The worker listens before it starts the container; the retries only
    cover odd set-ups. Without a worker there is nothing to do: exit 1."""
    deadline = time.monotonic() + CONNECT_WAIT
    while True:
        try:
            return connect()
        except (FileNotFoundError, ConnectionRefusedError) as exc:
            if time.monotonic() >= deadline:
                error = exc
                break
        except OSError as exc:
            error = exc
            break
        time.sleep(0.01)
    sys.stderr.write("Brisk proxy cannot connect to %s: %s\n" % (SOCKET, describe(error)))
    sys.exit(1)


def serve(action):
    # The worker listens on $BRISK_SOCKET, in a directory the container sees
    # read-only, and the proxy connects: HTTP runs the usual way round on the
    # connections the proxy opened. One connection is kept idle for the
    # worker's next request: when a request arrives and no other connection
    # is idle, one more is opened. So connections are never more than the
    # runs in flight plus one, which is what the worker accepts.
    selector = selectors.DefaultSelector()
    conns = set()  # the open connections
    heard = False  # the worker wrote something since the last (re)connection
    scratch = bytearray(256 * 1024)
    view = memoryview(scratch)

    def add(sock):
        conn = Connection(sock)
        conns.add(conn)
        selector.register(sock, selectors.EVENT_READ, conn)

    def spare():
        """Open one more connection; False if the worker does not take it."""
        try:
            add(connect())
        except OSError:
            return False
        return True

    def close(conn):
        nonlocal heard
        if conn.closed:
            return
        conn.closed = True
        conns.discard(conn)
        try:
            selector.unregister(conn.sock)
        except Exception:
            pass
        conn.sock.close()
        if conns:
            return
        # None left: the worker dropped them (a run it gave up on) and will
        # want another, or it is gone with its container. Without a request
        # since the last connection, the worker refused that one: another
        # would only loop.
        if not heard or not spare():
            os._exit(0)  # quietly, and without waiting for the action's threads
        heard = False

    runner = []  # the thread pool of concurrent runs, made at the first one

    def run_in_thread(conn, holder, keep_alive):
        try:
            status, payload = dispatch(action, "POST", "/run", holder)
        except HttpError as exc:
            status, payload = exc.status, error_body(str(exc))
        except Exception as exc:  # a bug of the proxy: answer, stay up
            print_exception(exc)
            status, payload = 500, error_body("The proxy failed: " + describe(exc))
        try:
            respond(conn, status, payload, keep_alive)
            if not keep_alive:
                conn.sock.shutdown(socket.SHUT_RDWR)  # the socket loop sees the end and closes it
        except OSError:
            pass  # the worker gave up on this run and closed the connection
        conn.busy = False

    add(first_connection())
    while True:
        for key, _ in selector.select():
            conn = key.data
            if conn.closed:
                continue
            try:
                n = conn.sock.recv_into(scratch)
            except OSError:
                n = 0
            if n == 0:
                close(conn)
                continue
            heard = True
            conn.buf += view[:n]
            try:
                while not conn.closed:
                    try:
                        request = next_request(conn)
                    except HttpError as exc:
                        respond(conn, exc.status, error_body(str(exc)), False)
                        close(conn)
                        break
                    if request is None:
                        break
                    method, target, keep_alive, body = request
                    holder = [body]
                    del request, body
                    if target == "/run" and method == "POST" and action.ready and action.concurrency > 1:
                        # The worker writes its next request on a connection only after the answer.
                        conn.busy = True
                        if not any(not other.busy for other in conns):
                            spare()
                        if not runner:
                            from concurrent.futures import ThreadPoolExecutor

                            runner.append(ThreadPoolExecutor(max_workers=action.concurrency, thread_name_prefix="run"))
                        runner[0].submit(run_in_thread, conn, holder, keep_alive)
                        break
                    # Runs are serialised, so every other open connection is
                    # idle: with none, the worker's next request needs a new one.
                    if len(conns) < 2:
                        spare()
                    try:
                        status, payload = dispatch(action, method, target, holder)
                    except HttpError as exc:
                        status, payload = exc.status, error_body(str(exc))
                    except Exception as exc:  # a bug of the proxy: answer, stay up
                        print_exception(exc)
                        status, payload = 500, error_body("The proxy failed: " + describe(exc))
                    respond(conn, status, payload, keep_alive)
                    if not keep_alive:
                        close(conn)
            except OSError:  # the worker went away
                close(conn)


def main():
    try:
        track_standard_streams()
    except Exception:
        pass
    # Launcher mode (Go, Java, PHP, Ruby images): the action runs in a process of its own.
    if os.environ.get("BRISK_LAUNCHER"):
        from brisk_proxy.launcher import LauncherAction

        action = LauncherAction()
    else:
        action = Action()
    start_api_forwarder()
    threading.excepthook = action.thread_exception
    serve(action)


if __name__ == "__main__":
    main()
