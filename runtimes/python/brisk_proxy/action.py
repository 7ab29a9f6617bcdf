"""The action: /init loads the code (source or zip), /run calls it with
its __OW_ variables and turns what it returns or raises into a response."""

import binascii
import io
import json
import keyword
import linecache
import os
import sys
import threading
import traceback
import types

from .common import ENV_KEY, LARGE_INIT, MODULE_NAME, InitError
from .http_io import find_code, parse_message
from .output import describe, error_body, print_exception, to_json, write_sentinels

# asyncio, base64, glob, site, tempfile and zipfile are imported when first
# needed: together they would add tens of milliseconds to every cold start.


_run_vars = threading.local()  # the __OW_ variables of the run on this thread, when runs are concurrent


class _PerRunEnviron(type(os.environ)):
    """os.environ, but a concurrent run's thread reads its own __OW_ variables
    (os.environ[...], os.getenv) rather than whichever run set them last. The
    process-wide values are still set, for child processes."""

    def __getitem__(self, key):
        own = getattr(_run_vars, "env", None)
        if own is not None and key in own:
            return own[key]
        return super().__getitem__(key)


class Action:
    def __init__(self):
        self.ready = False
        self.entry = None
        self.ow_names = {}
        self.stray = []  # exceptions from other threads during a run
        self.running = False
        # Runs at once (limits.concurrency, from /init): above 1, each /run gets a thread of its own.
        self.concurrency = 1
        self.in_flight = 0
        self.env_lock = threading.Lock()
        self.env_set = set()  # __OW_ variables set by runs still in flight
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
        concurrency = value.get("concurrency")
        if isinstance(concurrency, int) and not isinstance(concurrency, bool) and concurrency > 1:
            self.concurrency = concurrency
            os.environ.__class__ = _PerRunEnviron
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
        if self.concurrency > 1:
            return self.run_concurrently(message)
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
            status, body = self.call(message)
        finally:
            self.running = False
            for name in set_names:
                environ.pop(name, None)
        if self.stray:
            status, body = 502, error_body("Uncaught exception in a thread: " + describe(self.stray[0]))
            self.stray.clear()
        write_sentinels()
        return status, body

    def run_concurrently(self, message):
        """One of several runs at once, in a thread of its own. Its __OW_
        variables are read back as its own on its thread (_PerRunEnviron);
        process-wide, each run sets them as it starts and they are removed
        when no run is in flight. Output is the container's, not a run's:
        the worker does not collect it for such actions."""
        own = {}
        for key, v in message.items():
            if key != "value" and v is not None and ENV_KEY.match(key):
                own["__OW_" + key.upper()] = v if isinstance(v, str) else json.dumps(v)
        _run_vars.env = own
        with self.env_lock:
            self.in_flight += 1
            for name, text in own.items():
                try:
                    os.environ[name] = text
                except ValueError:  # a NUL byte: no such variable
                    continue
                self.env_set.add(name)
        try:
            status, body = self.call(message)
        finally:
            _run_vars.env = None
            with self.env_lock:
                self.in_flight -= 1
                if self.in_flight == 0:
                    for name in self.env_set:
                        os.environ.pop(name, None)
                    self.env_set.clear()
        write_sentinels()
        return status, body

    def call(self, message):
        """The entry point called with the run's value: (status, body)."""
        try:
            value = message.get("value")
            result = self.entry({} if value is None else value)
            if not isinstance(result, dict) and hasattr(type(result), "__await__"):
                result = run_awaitable(result)  # async def main
        except BaseException as exc:  # noqa: B902 - SystemExit included, the proxy stays up
            if isinstance(exc, KeyboardInterrupt):
                raise
            print_exception(exc)
            return 502, error_body(describe(exc))
        return self.result_response(result)

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


_loops = threading.local()  # one event loop per thread: concurrent runs have threads of their own


def run_awaitable(awaitable):
    """Run a coroutine (async def main) to completion, as asyncio.run would,
    but on one event loop per thread kept between runs (a new loop costs ~0.3 ms)."""
    import asyncio

    loop = getattr(_loops, "loop", None)
    if loop is None or loop.is_closed():
        loop = _loops.loop = asyncio.new_event_loop()
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
