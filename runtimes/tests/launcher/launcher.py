"""A tiny launcher for the launcher-mode tests: the launcher protocol
(runtimes/README.md, "Launcher mode") with main.py run in this process."""

import json
import os
import sys
import traceback

replies = os.fdopen(3, "w")


def reply(obj):
    sys.stdout.flush()
    sys.stderr.flush()
    replies.write(json.dumps(obj) + "\n")
    replies.flush()


namespace = {}
try:
    with open("main.py") as f:
        exec(compile(f.read(), "main.py", "exec"), namespace)
    entry = namespace[os.environ["BRISK_ACTION_MAIN"]]
except BaseException as exc:
    traceback.print_exc()
    reply({"error": "%s: %s" % (type(exc).__name__, exc)})
    sys.exit(1)
reply({"ok": True})

for line in sys.stdin:
    message = json.loads(line)
    for key, value in message.items():
        if key != "value":
            os.environ["__OW_" + key.upper()] = value if isinstance(value, str) else json.dumps(value)
    try:
        result = {"result": entry(message["value"])}
    except Exception as exc:
        traceback.print_exc()
        result = {"thrown": "%s: %s" % (type(exc).__name__, exc)}
    reply(result)
