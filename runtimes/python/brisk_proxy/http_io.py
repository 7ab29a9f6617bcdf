"""HTTP/1.1 on the channel's connections: bounded request heads and bodies
(chunked too), responses, the JSON message, and a large /init's code found
in its body without parsing the whole of it."""

import json

from .common import MAX_BODY, MAX_HEAD, REASONS, HttpError


class Connection:
    __slots__ = ("sock", "buf", "head", "closed", "busy")

    def __init__(self, sock):
        self.sock = sock
        self.buf = bytearray()
        self.head = None  # (method, target, keep_alive, length, chunked) once the headers are in
        self.closed = False
        self.busy = False  # a concurrent run answers on it from another thread


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
