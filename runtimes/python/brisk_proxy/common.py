"""What every part of the proxy shares: the protocol's constants and errors."""

import os
import re

# The worker listens here; the proxy connects (runtimes/README.md, "The channel").
SOCKET = os.environ.get("BRISK_SOCKET", "/brisk/worker.sock")
CONNECT_WAIT = 5.0  # seconds the first connection is retried for
MAX_BODY = 64 * 1024 * 1024
MAX_HEAD = 64 * 1024
LARGE_INIT = 1024 * 1024
SENTINEL = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n"
MODULE_NAME = "main__"
# Frames in files under here are the proxy's, not the user's.
PROXY_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
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
