"""Brisk Python action proxy.

Speaks the OpenWhisk action protocol (POST /init, POST /run) as HTTP/1.1
over a Unix socket; see runtimes/README.md for the contract. The worker
listens on the socket and the proxy connects to it, then answers the
requests the worker writes on those connections as an HTTP server. Standard
library only. One thread: the socket loop reads requests and runs the
action in the main thread, so runs are serialised and user code may use
signals and asyncio as in any script. Nothing is printed except the
end-of-activation sentinels and the user's own errors.
"""

import binascii
import io
import json
import keyword
import linecache
import os
import re
import selectors
import socket
import sys
import threading
import time
import traceback
import types

# asyncio, base64, glob, site, tempfile and zipfile are imported when first
# needed: together they would add tens of milliseconds to every cold start.

# The worker listens here; the proxy connects (runtimes/README.md, "The channel").
SOCKET = os.environ.get("BRISK_SOCKET", "/brisk/worker.sock")
CONNECT_WAIT = 5.0  # seconds the first connection is retried for
MAX_BODY = 64 * 1024 * 1024
MAX_HEAD = 64 * 1024
LARGE_INIT = 1024 * 1024
SENTINEL = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n"
MODULE_NAME = "main__"
PROXY_FILE = os.path.abspath(__file__)
ENV_KEY = re.compile(r"[A-Za-z0-9_]+\Z")

REASONS = {
    100: b"Continue",
    200: b"OK",
    400: b"Bad Request",
    403: b"Forbidden",
    404: b"Not Found",
    405: b"Method Not Allowed",
    413: b"Payload Too Large",
    431: b"Request Header Fields Too Large",
    500: b"Internal Server Error",
    502: b"Bad Gateway",
}


class InitError(Exception):
    """A failed /init whose message is already meant for the user."""


class HttpError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


# ------------------------------------------------------------------ output


class Output(io.TextIOWrapper):
    """A standard stream that notes whether the last text written ended a
    line: the sentinel must be a line of its own, so it starts with a line
    break when the action left a line unfinished (print(..., end=""))."""

    at_line_start = True

    def write(self, text):
        if text:
            self.at_line_start = text[-1] == "\n"
        return super().write(text)

    def end_activation(self):
        super().write(SENTINEL if self.at_line_start else "\n" + SENTINEL)
        self.at_line_start = True
        self.flush()


def track_standard_streams():
    """Replace sys.stdout and sys.stderr (and their __ originals) by Output
    wrappers of the same files; stdout becomes line-buffered."""
    for name, errors in (("stdout", None), ("stderr", "backslashreplace")):
        old = getattr(sys, name)
        if old is None or not isinstance(old, io.TextIOWrapper):
            continue
        old.flush()
        encoding = old.encoding
        errors = old.errors or errors
        new = Output(old.detach(), encoding=encoding, errors=errors, line_buffering=True)
        setattr(sys, name, new)
        setattr(sys, "__%s__" % name, new)


def write_sentinels():
    """Flush the user's output, then end this activation on both streams."""
    for current, real in ((sys.stdout, sys.__stdout__), (sys.stderr, sys.__stderr__)):
        if current is not real and current is not None:
            try:
                current.flush()  # the action replaced the stream
            except Exception:
                pass
        try:
            if isinstance(real, Output):
                real.end_activation()
            else:
                real.write(SENTINEL)
                real.flush()
        except Exception:
            pass


def user_traceback(exc):
    """The traceback of exc without the proxy's own frames at its top."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == PROXY_FILE:
        tb = tb.tb_next
    return tb


def print_exception(exc):
    try:
        traceback.print_exception(type(exc), exc, user_traceback(exc), file=sys.stderr)
        sys.stderr.flush()
    except Exception:
        pass


def describe(exc):
    name = type(exc).__name__
    try:
        message = str(exc)
    except Exception:
        message = ""
    return "%s: %s" % (name, message) if message else name


def to_json(obj):
    """Serialise for a response; strict JSON (no NaN), UTF-8."""
    try:
        return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: let json escape them
        return json.dumps(obj, allow_nan=False, separators=(",", ":")).encode("ascii")


def error_body(message):
    return to_json({"error": message})


# ------------------------------------------------------------------ action


class Action:
    def __init__(self):
        self.ready = False
        self.entry = None
        self.ow_names = {}
        self.stray = []  # exceptions from other threads during a run
        self.running = False

    # -------------------------------------------------------------- /init

    def init(self, holder):
        """holder: [request body]; emptied, so that a large body is freed early."""
        if self.ready:
            return 403, error_body("Cannot initialize the action more than once.")
        body = holder.pop()
        zipped = [None]  # the decoded zip, if taken straight from the body
        message = None
        if len(body) >= LARGE_INIT:
            found = find_code(body)
            if found is not None:
                start, end = found
                message = parse_message(body[:start] + body[end:])
                value = message.get("value")
                if isinstance(value, dict):
                    with memoryview(body) as view:
                        if value.get("binary") is True:
                            zipped[0] = binascii.a2b_base64(view[start:end])
                            value["code"] = "(zip)"
                        else:
                            value["code"] = str(view[start:end], "utf-8")
        if message is None:
            message = parse_message(body)
        del body
        try:
            self.entry = self.load(message.get("value"), zipped)
        except BaseException as exc:  # noqa: B902 - SystemExit from top-level code too
            if isinstance(exc, KeyboardInterrupt):
                raise
            if isinstance(exc, InitError):
                text = str(exc)
                try:
                    sys.stderr.write(text + "\n")
                except Exception:
                    pass
            else:
                text = describe(exc)
                print_exception(exc)
            write_sentinels()
            return 502, error_body("Initialization has failed due to: " + text)
        self.ready = True
        return 200, b'{"ok":true}'

    def load(self, value, zipped):
        if not isinstance(value, dict):
            raise InitError('the init message has no "value" object.')
        main = value.get("main") or "main"
        if not isinstance(main, str) or not main.isidentifier() or keyword.iskeyword(main):
            raise InitError("the entry point name %s is not a valid Python identifier." % json.dumps(main))
        code = value.get("code")
        if not isinstance(code, str) or not code:
            raise InitError("the action has no code.")
        env = value.get("env")
        if isinstance(env, dict):
            for key, v in env.items():
                if v is None or not key or "=" in key or "\0" in key:
                    continue
                os.environ[key] = v if isinstance(v, str) else json.dumps(v)
        if value.get("binary") is True:
            if zipped[0] is None:
                import base64

                try:
                    zipped[0] = base64.b64decode(value.pop("code"))
                except Exception as exc:
                    raise InitError("the code is marked binary but is not base64 (%s)." % describe(exc))
            del code
            namespace = self.load_zip(zipped)
        else:
            namespace = self.load_source(code)
        fn = namespace.get(main)
        if fn is None:
            raise InitError("the action has no function named '%s'." % main)
        if not callable(fn):
            raise InitError("'%s' in the action is not a function." % main)
        return fn

    @staticmethod
    def new_module(filename):
        module = types.ModuleType(MODULE_NAME)
        module.__file__ = filename
        sys.modules[MODULE_NAME] = module
        return module

    def load_source(self, code):
        filename = os.path.join(os.getcwd(), "action.py")
        # keep the source for tracebacks: the file does not exist
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        compiled = compile(code, filename, "exec", dont_inherit=True)
        module = self.new_module(filename)
        exec(compiled, module.__dict__)
        return module.__dict__

    def load_zip(self, zipped):
        import glob
        import site
        import tempfile
        import zipfile

        data = zipped.pop()
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except Exception as exc:
            raise InitError("the code is marked binary but is not a zip file (%s)." % describe(exc))
        directory = tempfile.mkdtemp(prefix="action-")
        try:
            archive.extractall(directory)
        except Exception as exc:
            raise InitError("the zip file could not be extracted: %s" % describe(exc))
        finally:
            archive.close()
        del data, archive
        main_file = os.path.join(directory, "__main__.py")
        if not os.path.isfile(main_file):
            hint = ""
            top = os.listdir(directory)
            if len(top) == 1 and os.path.isfile(os.path.join(directory, top[0], "__main__.py")):
                hint = " (it is in the folder '%s/': zip the folder's contents, not the folder)" % top[0]
            raise InitError("the zip file has no __main__.py at its root%s." % hint)
        for packages in sorted(glob.glob(os.path.join(directory, "virtualenv", "lib", "python3*", "site-packages"))):
            sys.path.insert(0, packages)
            site.addsitedir(packages)  # .pth files
        sys.path.insert(0, directory)
        os.chdir(directory)
        with open(main_file, "rb") as f:
            source = f.read()
        compiled = compile(source, main_file, "exec", dont_inherit=True)
        module = self.new_module(main_file)
        exec(compiled, module.__dict__)
        return module.__dict__

    # -------------------------------------------------------------- /run

    def run(self, message):
        if not self.ready:
            return 403, error_body("The action has not been initialized.")
        environ = os.environ
        names = self.ow_names
        set_names = []
        self.stray.clear()
        self.running = True
        try:
            for key, v in message.items():
                if key == "value":
                    continue
                name = names.get(key)
                if name is None:
                    name = "__OW_" + key.upper() if ENV_KEY.match(key) else ""
                    names[key] = name
                if not name or v is None:
                    continue
                try:
                    environ[name] = v if isinstance(v, str) else json.dumps(v)
                except ValueError:  # a NUL byte: no such variable
                    continue
                set_names.append(name)
            value = message.get("value")
            if value is None:
                value = {}
            result = self.entry(value)
            if not isinstance(result, dict) and hasattr(type(result), "__await__"):
                result = run_awaitable(result)  # async def main
        except BaseException as exc:  # noqa: B902 - SystemExit included, the proxy stays up
            if isinstance(exc, KeyboardInterrupt):
                raise
            print_exception(exc)
            status, body = 502, error_body(describe(exc))
        else:
            status, body = self.result_response(result)
        finally:
            self.running = False
            for name in set_names:
                environ.pop(name, None)
        if self.stray:
            status, body = 502, error_body("Uncaught exception in a thread: " + describe(self.stray[0]))
            self.stray.clear()
        write_sentinels()
        return status, body

    @staticmethod
    def result_response(result):
        if not isinstance(result, dict):
            return 502, error_body("The action did not return a dictionary.")
        try:
            return 200, to_json(result)
        except Exception as exc:
            return 502, error_body("The action returned a result that is not JSON-serialisable: " + describe(exc))

    def thread_exception(self, args):
        if args.exc_type is SystemExit:
            return
        try:
            name = args.thread.name if args.thread is not None else "?"
            sys.stderr.write("Uncaught exception in thread %s:\n" % name)
            traceback.print_exception(args.exc_type, args.exc_value, args.exc_traceback, file=sys.stderr)
        except Exception:
            pass
        if self.running and args.exc_value is not None:
            self.stray.append(args.exc_value)


_loop = None


def run_awaitable(awaitable):
    """Run a coroutine (async def main) to completion, as asyncio.run would,
    but on one event loop kept between runs (a new loop costs ~0.3 ms)."""
    global _loop
    import asyncio

    if _loop is None or _loop.is_closed():
        _loop = asyncio.new_event_loop()
    loop = _loop
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(awaitable)
    finally:
        # like asyncio.run: what the run left behind is cancelled
        try:
            pending = asyncio.all_tasks(loop)
            if pending:
                for task in pending:
                    task.cancel()
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        except Exception:
            pass
        asyncio.set_event_loop(None)


# ------------------------------------------------------------------ HTTP


class Connection:
    __slots__ = ("sock", "buf", "head", "closed")

    def __init__(self, sock):
        self.sock = sock
        self.buf = bytearray()
        self.head = None  # (method, target, keep_alive, length, chunked) once the headers are in
        self.closed = False


def parse_head(conn):
    buf = conn.buf
    while buf[:2] == b"\r\n":  # stray line ends between requests
        del buf[:2]
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        if len(buf) > MAX_HEAD:
            raise HttpError(431, "The request headers are too large.")
        return False
    lines = bytes(buf[:end]).decode("latin-1").split("\r\n")
    del buf[: end + 4]
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise HttpError(400, "Malformed request line.")
    method, target, version = parts
    length = 0
    chunked = False
    connection = ""
    expect = ""
    for line in lines[1:]:
        name, sep, field = line.partition(":")
        if not sep:
            raise HttpError(400, "Malformed header line.")
        name = name.strip().lower()
        if name == "content-length":
            try:
                length = int(field.strip())
            except ValueError:
                raise HttpError(400, "Bad Content-Length.")
            if length < 0:
                raise HttpError(400, "Bad Content-Length.")
        elif name == "transfer-encoding":
            chunked = "chunked" in field.lower()
        elif name == "connection":
            connection = field.strip().lower()
        elif name == "expect":
            expect = field.strip().lower()
    if version == "HTTP/1.0":
        keep_alive = connection == "keep-alive"
    else:
        keep_alive = connection != "close"
    if length > MAX_BODY:
        raise HttpError(413, "The request body is larger than %d bytes." % MAX_BODY)
    if expect == "100-continue":
        conn.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
    conn.head = (method, target, keep_alive, length, chunked)
    return True


def take_chunked(buf):
    """The body of a complete chunked message at the start of buf, removed; None if incomplete."""
    parts = []
    total = 0
    pos = 0
    while True:
        eol = buf.find(b"\r\n", pos)
        if eol < 0:
            return None
        try:
            size = int(bytes(buf[pos:eol]).split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise HttpError(400, "Bad chunk size.")
        if size == 0:
            if buf[eol + 2 : eol + 4] == b"\r\n":
                end = eol + 4
            else:
                trailer = buf.find(b"\r\n\r\n", eol + 2)
                if trailer < 0:
                    return None
                end = trailer + 4
            body = b"".join(parts)
            del buf[:end]
            return body
        start = eol + 2
        if len(buf) < start + size + 2:
            return None
        total += size
        if total > MAX_BODY:
            raise HttpError(413, "The request body is larger than %d bytes." % MAX_BODY)
        parts.append(bytes(buf[start : start + size]))
        pos = start + size + 2


def next_request(conn):
    """(method, target, keep_alive, body) of the next complete request, or None."""
    if conn.head is None and not parse_head(conn):
        return None
    method, target, keep_alive, length, chunked = conn.head
    buf = conn.buf
    if chunked:
        body = take_chunked(buf)
        if body is None:
            if len(buf) > MAX_BODY + MAX_HEAD:
                raise HttpError(413, "The request body is larger than %d bytes." % MAX_BODY)
            return None
    else:
        if len(buf) < length:
            return None
        if length == len(buf):  # the usual case: hand the buffer over, no copy
            body = buf
            conn.buf = bytearray()
        else:
            body = bytes(buf[:length])
            del buf[:length]
    conn.head = None
    return method, target, keep_alive, body


def respond(conn, status, body, keep_alive):
    head = b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n" % (
        status,
        REASONS.get(status, b"Unknown"),
        len(body),
        b"" if keep_alive else b"Connection: close\r\n",
    )
    if len(body) < 65536:
        conn.sock.sendall(head + body)
    else:
        conn.sock.sendall(head)
        conn.sock.sendall(body)


def parse_message(body):
    try:
        message = json.loads(body) if body else {}
    except ValueError as exc:
        raise HttpError(400, "The request body is not valid JSON: %s" % exc)
    if not isinstance(message, dict):
        raise HttpError(400, "The request body must be a JSON object.")
    return message


def find_code(buf):
    """(start, end) of the characters of the string value.code in a JSON
    body, when that string has no escapes (base64 never has), else None.
    Lets a large /init decode its zip straight from the body instead of
    holding the body, its text and the code string at once, which would not
    fit a 128 MB container. Anything unexpected gives None and the body is
    parsed the ordinary way."""
    n = len(buf)
    i = 0
    found = None

    def ws():
        nonlocal i
        while i < n and buf[i] in b" \t\r\n":
            i += 1

    def string():  # at a '"'; moves past the closing one
        nonlocal i
        start = i + 1
        frm = start
        while True:
            q = buf.find(b'"', frm)
            if q < 0:
                raise ValueError
            k = q - 1
            while k >= start and buf[k] == 0x5C:
                k -= 1
            if (q - 1 - k) % 2 == 0:
                break
            frm = q + 1
        i = q + 1
        return start, q, buf.find(b"\\", start, q) >= 0

    def skip():
        nonlocal i
        c = buf[i]
        if c == 0x22:
            string()
        elif c == 0x7B or c == 0x5B:
            depth = 0
            while i < n:
                d = buf[i]
                if d == 0x22:
                    string()
                    continue
                i += 1
                if d == 0x7B or d == 0x5B:
                    depth += 1
                elif d == 0x7D or d == 0x5D:
                    depth -= 1
                    if depth == 0:
                        return
            raise ValueError
        else:
            while i < n and buf[i] not in b",}]":
                i += 1

    def members(on_member):
        nonlocal i
        ws()
        if i >= n or buf[i] != 0x7B:
            raise ValueError
        i += 1
        ws()
        if i < n and buf[i] == 0x7D:
            i += 1
            return
        while True:
            ws()
            if i >= n or buf[i] != 0x22:
                raise ValueError
            start, end, escaped = string()
            if escaped:
                raise ValueError
            ws()
            if i >= n or buf[i] != 0x3A:
                raise ValueError
            i += 1
            ws()
            if i >= n:
                raise ValueError
            on_member(bytes(buf[start:end]))
            ws()
            if i >= n:
                raise ValueError
            c = buf[i]
            i += 1
            if c == 0x7D:
                return
            if c != 0x2C:
                raise ValueError

    def in_value(key):
        nonlocal found
        if key != b"code":
            return skip()
        if buf[i] != 0x22:
            found = None
            return skip()
        start, end, escaped = string()
        found = None if escaped else (start, end)

    def top(key):
        nonlocal found
        if key != b"value" or buf[i] != 0x7B:
            return skip()
        found = None  # a later duplicate wins, as in json.loads
        members(in_value)

    try:
        members(top)
        ws()
    except (ValueError, IndexError):
        return None
    return found if i == n else None


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
    action = Action()
    threading.excepthook = action.thread_exception
    serve(action)


if __name__ == "__main__":
    main()
