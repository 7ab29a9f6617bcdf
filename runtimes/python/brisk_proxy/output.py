"""stdout and stderr: which of them ended a line, the end-of-activation
sentinels, and exceptions and errors turned into text and JSON."""

import io
import json
import sys
import traceback

from .common import PROXY_DIR, SENTINEL


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
    while tb is not None and tb.tb_frame.f_code.co_filename.startswith(PROXY_DIR):
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
