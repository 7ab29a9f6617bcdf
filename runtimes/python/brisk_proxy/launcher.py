"""Launcher mode: the action runs in a process of its own, a per-language
*launcher* (Go, Java, PHP, Ruby) or a user's prebuilt `exec`, and the proxy
talks to it with OpenWhisk's actionloop protocol: one JSON line per run on
its stdin, one JSON line back on fd 3. The proxy keeps what it already does
(the worker's channel, the sentinels, the API forwarder, zip files).
Switched on by $BRISK_LAUNCHER; runtimes/README.md, "Launcher mode", is the
contract. The in-process Python path (action.py) never imports this."""

import json
import os
import signal
import subprocess
import sys
import time

from .action import Action
from .common import InitError
from .output import describe, error_body, to_json, write_sentinels

PREPARE_OUTPUT_MAX = 8 * 1024  # characters of a failed BRISK_PREPARE's output kept in the /init answer
EXEC = "exec"  # OpenWhisk's name for a prebuilt action binary at the root of a zip


def command_from_env(name):
    """A command given as a JSON array of strings in the environment, or None."""
    text = os.environ.get(name)
    if not text:
        return None
    try:
        command = json.loads(text)
    except ValueError:
        command = None
    if not isinstance(command, list) or not command or not all(isinstance(part, str) and part for part in command):
        raise InitError("the image's %s is not a JSON array of strings: %s" % (name, text))
    return command


def exit_code(status):
    """waitpid's status as a shell would print it: the code, or 128 + the signal."""
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


class Launcher:
    """One launcher process: its stdin, the read end of its fd 3, its pid."""

    def __init__(self, command, env):
        ack_read, ack_write = os.pipe()
        stdin_read, stdin_write = os.pipe()
        try:
            # posix_spawn (vfork) rather than fork: the proxy has threads, and
            # fd 3 must be the pipe whatever number os.pipe gave it.
            self.pid = os.posix_spawnp(
                command[0],
                command,
                env,
                file_actions=[
                    (os.POSIX_SPAWN_DUP2, stdin_read, 0),
                    (os.POSIX_SPAWN_DUP2, ack_write, 3),
                ],
                setsigdef=(signal.SIGPIPE, signal.SIGXFSZ),  # ignored by Python, default for the launcher
            )
        except OSError as exc:
            for fd in (ack_read, ack_write, stdin_read, stdin_write):
                os.close(fd)
            raise InitError("the launcher %s could not be started: %s" % (json.dumps(command), describe(exc)))
        os.close(stdin_read)
        os.close(ack_write)
        self.stdin = os.fdopen(stdin_write, "wb", buffering=0)
        self.replies = os.fdopen(ack_read, "rb")
        self.code = None  # the exit code, once it has exited

    def reply(self):
        """The next line on fd 3 (bytes), or None once the launcher closed it."""
        line = self.replies.readline()
        if not line.endswith(b"\n"):
            self.reap()
            return None
        return line

    def send(self, line):
        """False when the launcher no longer reads its stdin."""
        try:
            self.stdin.write(line)
            return True
        except OSError:  # EPIPE: it exited
            self.reap()
            return False

    def reap(self):
        """Wait for the exit (a launcher that closed fd 3 but lingers is killed after a second)."""
        if self.code is not None:
            return self.code
        deadline = time.monotonic() + 1.0
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() >= deadline:
                os.kill(self.pid, signal.SIGKILL)
                _, status = os.waitpid(self.pid, 0)
                break
            time.sleep(0.005)
        self.code = exit_code(status)
        return self.code


class LauncherAction(Action):
    """/init puts the code in a folder and starts its launcher; /run hands
    each run to it. Runs are one at a time (concurrency stays 1: the socket
    loop queues the others)."""

    def __init__(self):
        super().__init__()
        self.launcher = None
        self.bare = False  # a user's exec: results come bare, not in {"result": ...}

    # -------------------------------------------------------------- /init

    def load(self, value, zipped):
        if not isinstance(value, dict):
            raise InitError('the init message has no "value" object.')
        main = value.get("main") or "main"
        # Each launcher checks the name by its language's rules (a Java class name has dots).
        if not isinstance(main, str) or "\0" in main:
            raise InitError("the entry point name %s is not a valid name." % json.dumps(main))
        launcher = command_from_env("BRISK_LAUNCHER")
        prepare = command_from_env("BRISK_PREPARE")
        import tempfile

        directory = tempfile.mkdtemp(prefix="action-")
        if value.get("binary") is True:
            self.write_binary(value, zipped, directory)
        else:
            self.write_source(value.get("code"), directory)
        env = dict(os.environ)
        extra = value.get("env")
        if isinstance(extra, dict):
            for key, v in extra.items():
                if v is None or not isinstance(key, str) or not key or "=" in key or "\0" in key:
                    continue
                text = v if isinstance(v, str) else json.dumps(v)
                if "\0" not in text:
                    env[key] = text
        env["BRISK_ACTION_MAIN"] = main
        os.chdir(directory)  # posix_spawn has no cwd of its own: the launcher inherits the proxy's
        if prepare:
            self.prepare(prepare, env)
        if self.is_exec(directory):
            self.bare = True
            launcher = [os.path.join(directory, EXEC)]
        elif launcher is None:
            raise InitError("the image sets no BRISK_LAUNCHER and the zip has no executable '%s'." % EXEC)
        env["__OW_WAIT_FOR_ACK"] = "1"
        self.launcher = Launcher(launcher, env)
        self.wait_for_ack()
        return self.launcher

    @staticmethod
    def write_source(code, directory):
        if not isinstance(code, str) or not code:
            raise InitError("the action has no code.")
        name = os.environ.get("BRISK_SOURCE_FILE")
        if not name:
            raise InitError("this kind takes a zip/jar only (binary: true), not source code.")
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            f.write(code)

    @staticmethod
    def write_binary(value, zipped, directory):
        data = zipped.pop()
        if data is None:
            import base64

            try:
                data = base64.b64decode(value.pop("code", "") or "", validate=False)
            except Exception as exc:
                raise InitError("the code is marked binary but is not base64 (%s)." % describe(exc))
        if not data:
            raise InitError("the action has no code.")
        as_file = os.environ.get("BRISK_BINARY_FILE")
        if as_file:  # a jar: kept whole, as the launcher loads it
            with open(os.path.join(directory, as_file), "wb") as f:
                f.write(data)
            return
        extract_zip(data, directory)

    @staticmethod
    def is_exec(directory):
        path = os.path.join(directory, EXEC)
        return os.path.isfile(path) and os.access(path, os.X_OK)

    @staticmethod
    def prepare(command, env):
        try:
            done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        except OSError as exc:
            raise InitError("the prepare step %s could not be started: %s" % (json.dumps(command), describe(exc)))
        if done.returncode != 0:
            text = done.stdout.decode("utf-8", "replace").strip()
            if len(text) > PREPARE_OUTPUT_MAX:
                text = text[:PREPARE_OUTPUT_MAX] + "\n… (%d more characters)" % (len(text) - PREPARE_OUTPUT_MAX)
            raise InitError(text or "the prepare step exited with code %d." % done.returncode)

    def wait_for_ack(self):
        line = self.launcher.reply()
        if line is None:
            raise InitError("the launcher exited (code %d) before it loaded the action." % self.launcher.code)
        try:
            ack = json.loads(line)
        except ValueError:
            ack = None
        if isinstance(ack, dict) and ack.get("ok") is True:
            return
        if isinstance(ack, dict) and isinstance(ack.get("error"), str):
            self.launcher.reap()
            raise InitError(ack["error"])
        raise InitError("the launcher's first line on fd 3 was not an acknowledgement: %s" % line[:200].decode("utf-8", "replace").strip())

    # -------------------------------------------------------------- /run

    def run(self, message):
        if not self.ready:
            return 403, error_body("The action has not been initialized.")
        status, body = self.exchange(message)
        if status is None:
            self.end_container()
        write_sentinels()
        return status, body

    def end_container(self):
        """The launcher died during the run (its own exit, a crash, the
        kernel's OOM killer): say so in the logs and end the container
        without answering, as a proxy whose action killed it does, so the
        worker explains it from how the container ended (out of memory, or
        exited unexpectedly) and never hands this one another run."""
        try:
            sys.stderr.write("The action's process exited (code %d) during the run.\n" % self.launcher.reap())
        except Exception:
            pass
        write_sentinels()
        os._exit(1)

    def exchange(self, message):
        """Hand one run to the launcher and turn its answer into (status, body);
        (None, None) when the launcher is gone."""
        launcher = self.launcher
        if launcher.code is not None:
            return None, None
        if message.get("value") is None:
            message["value"] = {}
        line = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass") + b"\n"
        if not launcher.send(line):
            return None, None
        reply = launcher.reply()
        if reply is None:
            return None, None
        try:
            answer = json.loads(reply)
        except ValueError:
            return 502, error_body("The action's launcher wrote something that is not JSON on fd 3.")
        if not self.bare:
            if isinstance(answer, dict) and "thrown" in answer:
                thrown = answer["thrown"]
                return 502, error_body(thrown if isinstance(thrown, str) else json.dumps(thrown))
            if not isinstance(answer, dict) or "result" not in answer:
                return 502, error_body("The action's launcher wrote something that is not JSON on fd 3.")
            answer = answer["result"]
        if not isinstance(answer, dict):
            return 502, error_body("The action did not return a dictionary.")
        return 200, to_json(answer)


def extract_zip(data, directory):
    """The zip's files under directory, with the permissions the zip records
    (zipfile drops them); a root `exec` is made executable whatever they say,
    as zip tools on some systems lose the bit."""
    import io
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:
        raise InitError("the code is marked binary but is not a zip file (%s)." % describe(exc))
    try:
        with archive:
            for info in archive.infolist():
                target = archive.extract(info, directory)
                mode = (info.external_attr >> 16) & 0o777
                if mode and not info.is_dir():
                    os.chmod(target, mode | 0o400)
    except InitError:
        raise
    except Exception as exc:
        raise InitError("the zip file could not be extracted: %s" % describe(exc))
    path = os.path.join(directory, EXEC)
    if os.path.isfile(path):
        os.chmod(path, os.stat(path).st_mode | 0o500)
