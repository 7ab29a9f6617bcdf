'use strict';
// Brisk Node.js action proxy.
//
// Speaks the OpenWhisk action protocol (POST /init, POST /run) as HTTP/1.1
// over a Unix socket. See runtimes/README.md for the contract. Plain
// CommonJS, no dependencies, nothing printed except the end-of-activation
// sentinels (and the user's own errors).

const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const url = require('node:url');
const vm = require('node:vm');
const zlib = require('node:zlib');
const Module = require('node:module');
const { isNativeError } = require('node:util').types;

// The worker listens here; the proxy connects (runtimes/README.md, "The channel").
const SOCKET = process.env.BRISK_SOCKET || '/brisk/worker.sock';
const MAX_BODY = 64 * 1024 * 1024;
const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n';
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A failed /init whose message is already meant for the user. */
class InitError extends Error {}
InitError.prototype.name = 'InitError';

// ---------------------------------------------------------------- state

let state = 'new'; // new | initializing | ready
let entry = null; // the user's function
let entryThis; // `this` for the call (the exports object, when it came from there)

// Runs in flight: each is a function that fails the run with a 502 body
// (used by the handlers of uncaught exceptions and unhandled rejections).
const inflight = new Set();
// __OW_ variables set by runs; removed when no run is in flight any more.
const owKeysSet = new Set();
const owKeyNames = new Map();

// ---------------------------------------------------------------- output

/**
 * The standard streams, with a note of whether the last thing written ended
 * a line: the sentinel must be a line of its own, so it starts with a line
 * break when the action left a line unfinished (`process.stdout.write('x')`).
 */
function track(stream) {
  const output = { stream, write: stream.write, atLineStart: true };
  stream.write = function write(chunk, ...rest) {
    if (typeof chunk === 'string') {
      if (chunk.length > 0) output.atLineStart = chunk.charCodeAt(chunk.length - 1) === 10;
    } else if (chunk && chunk.length > 0) output.atLineStart = chunk[chunk.length - 1] === 10;
    return output.write.call(this, chunk, ...rest);
  };
  return output;
}
const stdout = track(process.stdout);
const stderr = track(process.stderr);

/**
 * Writes the sentinel line on stdout and stderr, then calls `done` once both
 * are flushed. On Linux, stdio pipes and files are written synchronously, so
 * `done` runs at once; the callbacks are only a safety net.
 */
function writeSentinels(done) {
  let pending = 1;
  const settle = () => {
    if (--pending === 0) done();
  };
  for (const output of [stdout, stderr]) {
    let queued = false; // write callbacks never run synchronously
    try {
      const stream = output.stream;
      output.write.call(stream, output.atLineStart ? SENTINEL : `\n${SENTINEL}`, () => {
        if (queued) settle();
      });
      output.atLineStart = true;
      if (stream.writableLength > 0) {
        queued = true;
        pending++;
      }
    } catch (_) {
      // a closed stream: nothing to cut
    }
  }
  settle();
}

function printError(prefix, err) {
  let text;
  if (err instanceof InitError) text = err.message;
  else if ((isNativeError(err) || err instanceof Error) && typeof err.stack === 'string') {
    // the user's frames only
    text = err.stack
      .split('\n')
      .filter((line) => !(/^\s+at /.test(line) && (line.includes(__filename) || line.includes('(node:'))))
      .join('\n');
  } else {
    try {
      text = typeof err === 'string' ? err : JSON.stringify(err);
    } catch (_) {
      text = undefined;
    }
    if (text === undefined) text = String(err);
  }
  try {
    process.stderr.write(`${prefix + text}\n`);
  } catch (_) {
    // nothing to do
  }
}

// ---------------------------------------------------------------- HTTP

function send(res, status, body) {
  let text;
  if (typeof body === 'string') text = body;
  else {
    try {
      text = JSON.stringify(body);
    } catch (err) {
      status = 502;
      text = JSON.stringify({ error: `The response could not be serialised: ${describe(err)}` });
    }
  }
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function describe(err) {
  if (isNativeError(err) || err instanceof Error) {
    const name = err.name || 'Error';
    return err.message ? `${name}: ${err.message}` : name;
  }
  return String(err);
}

function readBody(req, res, callback) {
  const declared = req.headers['content-length'];
  const expected = declared === undefined ? -1 : Number(declared);
  if (expected > MAX_BODY) {
    res.setHeader('Connection', 'close');
    send(res, 413, { error: `The request body is larger than ${MAX_BODY} bytes.` });
    req.resume();
    return;
  }
  let big = null; // preallocated for large bodies: no second copy
  let chunks = null;
  let length = 0;
  let failed = false;
  if (expected > 65536) big = Buffer.allocUnsafe(expected);
  req.on('data', (chunk) => {
    if (failed) return;
    if (length + chunk.length > (big ? big.length : MAX_BODY)) {
      failed = true;
      big = chunks = null;
      res.setHeader('Connection', 'close');
      send(res, 413, { error: `The request body is larger than ${MAX_BODY} bytes.` });
      return;
    }
    if (big) chunk.copy(big, length);
    else if (chunks === null) chunks = [chunk];
    else chunks.push(chunk);
    length += chunk.length;
  });
  // The body is handed over without keeping a reference here: the callee
  // can let go of a large one as soon as it is done with it.
  const take = () => {
    let buffer;
    if (big) buffer = length === big.length ? big : big.subarray(0, length);
    else if (chunks === null) buffer = EMPTY;
    else buffer = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
    big = chunks = null;
    return buffer;
  };
  req.on('end', () => {
    if (failed) return;
    try {
      callback(take(), res);
    } catch (err) {
      // a fault of the proxy itself: answer rather than leave the request hanging
      printError('Brisk proxy error: ', err);
      if (!res.headersSent) writeSentinels(() => send(res, 500, { error: `The proxy failed: ${describe(err)}` }));
    }
  });
}

const EMPTY = Buffer.alloc(0);

/** The JSON object in a body, or undefined after answering 400. */
function parseMessage(buffer, res) {
  let message;
  try {
    message = buffer.length === 0 ? {} : JSON.parse(buffer.toString('utf8'));
  } catch (err) {
    send(res, 400, { error: `The request body is not valid JSON: ${err.message}` });
    return undefined;
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    send(res, 400, { error: 'The request body must be a JSON object.' });
    return undefined;
  }
  return message;
}

/**
 * Where the characters of the string `value.code` lie in a JSON body, when
 * that string has no escapes (base64 never has): {start, end} byte offsets,
 * else null. Lets a large /init decode its zip straight from the body
 * instead of holding the body, its text and the parsed code string at once,
 * which would not fit a 128 MB container. Anything unexpected gives null
 * and the body is parsed the ordinary way.
 */
function findCode(buf) {
  const n = buf.length;
  let i = 0;
  const ws = () => {
    while (i < n && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  };
  // at a '"': returns [start, end, escaped] and moves past the closing quote
  const str = () => {
    const start = ++i;
    let from = start;
    for (;;) {
      const q = buf.indexOf(0x22, from);
      if (q < 0) throw new SyntaxError();
      let slashes = 0;
      while (q - 1 - slashes >= start && buf[q - 1 - slashes] === 0x5c) slashes++;
      if (slashes % 2 === 0) {
        i = q + 1;
        const b = buf.indexOf(0x5c, start);
        return [start, q, b >= 0 && b < q];
      }
      from = q + 1;
    }
  };
  const skip = () => {
    const c = buf[i];
    if (c === 0x22) return void str();
    if (c === 0x7b || c === 0x5b) {
      let depth = 0;
      while (i < n) {
        const d = buf[i];
        if (d === 0x22) str();
        else {
          i++;
          if (d === 0x7b || d === 0x5b) depth++;
          else if (d === 0x7d || d === 0x5d) {
            if (--depth === 0) return;
          }
        }
      }
      throw new SyntaxError();
    }
    while (i < n && buf[i] !== 0x2c && buf[i] !== 0x7d && buf[i] !== 0x5d) i++;
  };
  // calls onMember(key) at each member's value, which must move past it
  const members = (onMember) => {
    ws();
    if (buf[i] !== 0x7b) throw new SyntaxError();
    i++;
    ws();
    if (buf[i] === 0x7d) return void i++;
    for (;;) {
      ws();
      if (buf[i] !== 0x22) throw new SyntaxError();
      const [ks, ke, escaped] = str();
      if (escaped) throw new SyntaxError();
      ws();
      if (buf[i++] !== 0x3a) throw new SyntaxError();
      ws();
      onMember(buf.toString('utf8', ks, ke));
      ws();
      const c = buf[i++];
      if (c === 0x7d) return;
      if (c !== 0x2c) throw new SyntaxError();
    }
  };
  let found = null;
  try {
    members((key) => {
      if (key !== 'value' || buf[i] !== 0x7b) return skip();
      found = null; // a later duplicate wins, as in JSON.parse
      members((inner) => {
        if (inner !== 'code') return skip();
        if (buf[i] !== 0x22) {
          found = null;
          return skip();
        }
        const [start, end, escaped] = str();
        found = escaped ? null : { start, end };
      });
    });
    ws();
    if (i !== n) return null;
  } catch (_) {
    return null;
  }
  return found;
}

/** Decodes base64 from buf[start, end) in slices, never as one big string. */
function decodeBase64(buf, start, end) {
  const out = Buffer.allocUnsafe(Math.ceil(((end - start) * 3) / 4));
  const step = 4 * 1024 * 1024; // a multiple of 4
  let length = 0;
  for (let p = start; p < end; p += step) {
    length += out.write(buf.latin1Slice(p, Math.min(end, p + step)), length, 'base64');
  }
  return out.subarray(0, length);
}

let collect; // V8's gc(), fetched on first need, never visible to the action
function collectGarbage() {
  try {
    if (collect === undefined) {
      const v8 = require('node:v8');
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc');
      v8.setFlagsFromString('--no-expose-gc');
    }
    collect();
  } catch (_) {
    collect = null;
  }
}

const server = http.createServer({ requestTimeout: 0, headersTimeout: 0, keepAliveTimeout: 0 }, (req, res) => {
  const route = req.url;
  if (req.method === 'POST' && route === '/run') {
    readBody(req, res, (buffer) => {
      const message = parseMessage(buffer, res);
      if (message !== undefined) run(message, res);
    });
  } else if (req.method === 'POST' && route === '/init') readBody(req, res, init);
  else if (route === '/run' || route === '/init') {
    res.setHeader('Allow', 'POST');
    send(res, 405, { error: `Use POST for ${route}.` });
    req.resume();
  } else {
    send(res, 404, { error: `No such endpoint: ${req.method} ${route}.` });
    req.resume();
  }
});
server.keepAliveTimeout = 0; // the worker keeps connections as long as it likes
server.timeout = 0;

// ---------------------------------------------------------------- /init

const LARGE_INIT = 1024 * 1024;

function init(body, res) {
  if (state !== 'new') {
    send(res, 403, { error: 'Cannot initialize the action more than once.' });
    return;
  }
  const large = body.length >= LARGE_INIT;
  let message;
  let zip = null;
  if (large) {
    const range = findCode(body);
    if (range !== null) {
      const rest = Buffer.concat([body.subarray(0, range.start), body.subarray(range.end)]);
      message = parseMessage(rest, res);
      if (message === undefined) return;
      const value = message.value;
      if (value !== null && typeof value === 'object') {
        if (value.binary === true) {
          zip = decodeBase64(body, range.start, range.end);
          value.code = '(zip)';
        } else value.code = body.toString('utf8', range.start, range.end);
      }
    }
  }
  if (message === undefined) {
    message = parseMessage(body, res);
    if (message === undefined) return;
  }
  body = null;
  state = 'initializing';
  const input = { zip }; // loadZip lets go of it once extracted
  zip = null;
  if (large) {
    // Carry on once this stack, which still holds the body, is gone, and
    // collect it before extracting.
    setImmediate(initialize, message, input, res, true);
  } else initialize(message, input, res, false);
}

function initialize(message, input, res, large) {
  if (large) collectGarbage();
  const fail = (err) => {
    state = 'new';
    if (large) setImmediate(collectGarbage);
    printError('', err);
    writeSentinels(() => {
      send(res, 502, { error: `Initialization has failed due to: ${initErrorText(err)}` });
    });
  };
  let result;
  try {
    result = load(message.value, input);
  } catch (err) {
    fail(err);
    return;
  }
  const finish = (found) => {
    entry = found.fn;
    entryThis = found.thisArg;
    state = 'ready';
    send(res, 200, { ok: true });
    if (large) setImmediate(collectGarbage); // give the container's memory back to the action
  };
  if (result && typeof result.then === 'function') result.then(finish, fail);
  else finish(result);
}

function initErrorText(err) {
  if (err instanceof InitError) return err.message;
  let text = describe(err);
  // Point syntax errors at their line: V8 puts "file:line" first in the stack.
  if (err && err.name === 'SyntaxError' && typeof err.stack === 'string') {
    const where = /^([^\n]*):(\d+)\n/.exec(err.stack);
    if (where) text += ` (${path.basename(where[1])}, line ${where[2]})`;
  }
  return text;
}

/** Loads the action; returns {fn, thisArg}, or a promise of it (ES modules). */
function load(value, input) {
  if (value === null || typeof value !== 'object') throw new InitError('the init message has no "value" object.');
  const main = value.main === undefined || value.main === null || value.main === '' ? 'main' : value.main;
  if (typeof main !== 'string' || !IDENTIFIER.test(main)) {
    throw new InitError(`the entry point name ${JSON.stringify(main)} is not a valid JavaScript identifier.`);
  }
  if (typeof value.code !== 'string' || value.code.length === 0) {
    throw new InitError('the action has no code.');
  }
  const env = value.env;
  if (env !== null && typeof env === 'object') {
    for (const key of Object.keys(env)) {
      const v = env[key];
      if (v === undefined || v === null || key === '' || key.includes('=') || key.includes('\0')) continue;
      process.env[key] = typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  if (value.binary === true) {
    if (input.zip === null) {
      input.zip = Buffer.from(value.code, 'base64');
      value.code = '(zip)';
    }
    return loadZip(input, main);
  }
  return loadSource(value.code, main);
}

function loadSource(code, main) {
  const filename = path.join(process.cwd(), 'action.js');
  let source = code;
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  if (source.startsWith('#!')) source = `//${source.slice(2)}`;
  // The appended line hands back a top-level function named like `main`
  // (code written without exports); it cannot clash with the user's code,
  // whose last line the newline ends.
  source += `\n;return typeof ${main} === 'function' ? ${main} : undefined;`;
  // Compiled the way require() compiles a file (so that import() works too);
  // _compile hands back what the module function returned.
  const mod = new Module(filename, null);
  mod.filename = filename;
  mod.paths = Module._nodeModulePaths(path.dirname(filename));
  const topLevel = mod._compile(source, filename);
  mod.loaded = true;
  const found = pick(mod.exports, main);
  if (found) return found;
  if (typeof topLevel === 'function') return { fn: topLevel, thisArg: undefined };
  throw new InitError(`the action has no function named '${main}' (neither exported nor defined at top level).`);
}

function pick(exported, main) {
  if (exported === null || exported === undefined) return null;
  if ((typeof exported === 'object' || typeof exported === 'function') && typeof exported[main] === 'function') {
    return { fn: exported[main], thisArg: exported };
  }
  if (typeof exported === 'function' && main === 'main') return { fn: exported, thisArg: undefined };
  return null;
}

function loadZip(input, main) {
  let zip = input.zip;
  input.zip = null;
  if (zip.length < 22) throw new InitError('the code is marked binary but is not a zip file (base64 decoding gave too few bytes).');
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'action-'));
  try {
    extractZip(zip, dir);
  } catch (err) {
    if (err instanceof InitError) throw err;
    throw new InitError(`the zip file could not be extracted: ${describe(err)}`);
  }
  zip = null;
  const hasPackage = fs.existsSync(path.join(dir, 'package.json'));
  if (!hasPackage && !fs.existsSync(path.join(dir, 'index.js'))) {
    let hint = '';
    const top = fs.readdirSync(dir);
    if (top.length === 1 && ['package.json', 'index.js'].some((f) => fs.existsSync(path.join(dir, top[0], f)))) {
      hint = ` (they are in the folder '${top[0]}/': zip the folder's contents, not the folder)`;
    }
    throw new InitError(`the zip file has neither a package.json nor an index.js at its root${hint}.`);
  }
  process.chdir(dir);
  let exported;
  try {
    exported = require(dir);
  } catch (err) {
    if (err && err.code === 'ERR_REQUIRE_ESM') {
      const file = require.resolve(dir);
      return import(url.pathToFileURL(file).href).then((ns) => {
        const found =
          pick(ns, main) || (main === 'main' && typeof ns.default === 'function' ? { fn: ns.default, thisArg: undefined } : null) || pick(ns.default, main);
        if (!found) throw new InitError(`the module does not export a function named '${main}'.`);
        return found;
      });
    }
    if (err && err.code === 'MODULE_NOT_FOUND' && hasPackage && String(err.message).includes(`'${dir}'`)) {
      throw new InitError(`the file named by "main" in package.json (and index.js) is missing from the zip file.`);
    }
    throw err;
  }
  const found = pick(exported, main);
  if (!found) throw new InitError(`the module does not export a function named '${main}'.`);
  return found;
}

/** A minimal zip reader: stored and deflated entries, zip64, unix modes, symlinks. */
function extractZip(buf, dest) {
  let eocd = -1;
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf[i] === 0x50 && buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new InitError('the code is marked binary but is not a zip file.');
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === 0x07064b50) {
    const z = Number(buf.readBigUInt64LE(eocd - 20 + 8));
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== 0x06064b50) throw new Error('bad zip64 end record');
    count = Number(buf.readBigUInt64LE(z + 32));
    offset = Number(buf.readBigUInt64LE(z + 48));
  }
  const root = path.resolve(dest);
  const links = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt central directory');
    const madeBy = buf.readUInt16LE(p + 4) >> 8;
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let csize = buf.readUInt32LE(p + 20);
    let usize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const attrs = buf.readUInt32LE(p + 38);
    let local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen).replace(/\\/g, '/');
    // zip64 sizes and offset, in that order, for the fields that overflowed
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = buf.readUInt16LE(e);
      const size = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let f = e + 4;
        if (usize === 0xffffffff) {
          usize = Number(buf.readBigUInt64LE(f));
          f += 8;
        }
        if (csize === 0xffffffff) {
          csize = Number(buf.readBigUInt64LE(f));
          f += 8;
        }
        if (local === 0xffffffff) {
          local = Number(buf.readBigUInt64LE(f));
          f += 8;
        }
      }
      e += 4 + size;
    }
    p = extraEnd + commentLen;

    if (flags & 1) throw new InitError(`the zip file is encrypted (${name}); encrypted zips are not supported.`);
    const target = path.resolve(root, name);
    if (name.startsWith('/') || (target !== root && !target.startsWith(root + path.sep))) {
      throw new InitError(`the zip file has an entry outside its root: ${name}`);
    }
    if (name.endsWith('/')) {
      fs.mkdirSync(target, { recursive: true });
      continue;
    }
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`corrupt local header for ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    if (raw.length !== csize) throw new Error(`truncated data for ${name}`);
    let data;
    if (method === 0) data = raw;
    else if (method === 8) data = zlib.inflateRawSync(raw);
    else throw new InitError(`the zip entry ${name} uses compression method ${method}; only stored and deflated entries are supported.`);
    if (data.length !== usize) throw new Error(`size mismatch for ${name}`);
    const mode = madeBy === 3 ? attrs >>> 16 : 0;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if ((mode & 0o170000) === 0o120000) {
      links.push([data.toString('utf8'), target]);
      continue;
    }
    if ((mode & 0o170000) === 0o040000) {
      fs.mkdirSync(target, { recursive: true });
      continue;
    }
    fs.writeFileSync(target, data, { mode: mode & 0o777 ? (mode & 0o777) | 0o600 : 0o644 });
  }
  // Symbolic links last, so that no entry is ever written through one.
  for (const [linkTarget, at] of links) {
    try {
      fs.unlinkSync(at);
    } catch (_) {
      // not there
    }
    fs.symlinkSync(linkTarget, at);
  }
}

// ---------------------------------------------------------------- /run

function run(message, res) {
  if (state !== 'ready') {
    send(res, 403, { error: 'The action has not been initialized.' });
    return;
  }
  // __OW_ variables for the top-level keys other than `value`.
  for (const key in message) {
    if (key === 'value') continue;
    let name = owKeyNames.get(key);
    if (name === undefined) {
      name = /^[A-Za-z0-9_]+$/.test(key) ? `__OW_${key.toUpperCase()}` : '';
      owKeyNames.set(key, name);
    }
    if (name === '') continue;
    const v = message[key];
    if (v === undefined || v === null) delete process.env[name];
    else process.env[name] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    owKeysSet.add(name);
  }
  let value = message.value;
  if (value === undefined || value === null) value = {};

  let done = false;
  const finish = (status, body) => {
    if (done) return;
    done = true;
    inflight.delete(abort);
    if (inflight.size === 0) {
      for (const name of owKeysSet) delete process.env[name];
      owKeysSet.clear();
    }
    writeSentinels(() => send(res, status, body));
  };
  const fail = (err) => finish(502, errorBody(err));
  const abort = (body) => finish(502, body);
  const succeed = (result) => {
    let text;
    try {
      if (result === null || typeof result !== 'object' || Array.isArray(result)) {
        finish(502, { error: 'The action did not return a dictionary.' });
        return;
      }
      text = JSON.stringify(result);
    } catch (err) {
      finish(502, { error: `The action returned a result that is not JSON-serialisable: ${describe(err)}` });
      return;
    }
    // toJSON may turn an object into something else (a Date becomes a string).
    if (text === undefined || text.charCodeAt(0) !== 123) {
      finish(502, { error: 'The action did not return a dictionary.' });
      return;
    }
    finish(200, text);
  };

  inflight.add(abort);
  let result;
  let thenable;
  try {
    result = entry.call(entryThis, value);
    thenable = result !== null && (typeof result === 'object' || typeof result === 'function') && typeof result.then === 'function';
  } catch (err) {
    fail(err);
    return;
  }
  if (thenable) Promise.resolve(result).then(succeed, fail);
  else succeed(result);
}

function errorBody(err) {
  try {
    return errorBodyOf(err);
  } catch (_) {
    return { error: 'The action failed with a value that cannot be described.' };
  }
}

function errorBodyOf(err) {
  if (isNativeError(err) || err instanceof Error) return { error: describe(err) };
  if (err !== null && typeof err === 'object') {
    try {
      if (JSON.stringify(err) !== undefined) return { error: err };
    } catch (_) {
      // fall through to a string
    }
    return { error: String(err) };
  }
  if (err === undefined) return { error: 'The action threw undefined.' };
  return { error: typeof err === 'string' ? err : String(err) };
}

// ---------------------------------------------------------------- stray errors

function stray(kind, err) {
  printError(`${kind}: `, err);
  if (inflight.size === 0) return;
  const body = errorBody(err);
  if (typeof body.error === 'string') body.error = `${kind}: ${body.error}`;
  for (const abort of Array.from(inflight)) abort(body);
}

process.on('uncaughtException', (err) => stray('Uncaught exception', err));
process.on('unhandledRejection', (reason) => stray('Unhandled promise rejection', reason));

// ---------------------------------------------------------------- start

// The worker listens on $BRISK_SOCKET, in a directory the container sees
// read-only, and the proxy connects: HTTP runs the usual way round on the
// connections the proxy opened. One connection is kept idle for the worker's
// next request: when a request arrives and no other connection is idle, one
// more is opened. So connections are never more than the runs in flight plus
// one, which is what the worker accepts.
const connections = new Set();
const busy = new Set();
let connecting = 0;
// Whether the worker sent a request since the last reconnect: one that only ever closes connections gets no new ones.
let heard = false;

server.on('request', (req, res) => {
  const socket = req.socket;
  heard = true;
  busy.add(socket);
  res.on('finish', () => busy.delete(socket));
  res.on('close', () => busy.delete(socket));
  if (connections.size + connecting - busy.size === 0) connect();
});

function connect(retries = 0, first = false) {
  const socket = net.connect(SOCKET);
  connecting++;
  let pending = true;
  const settle = () => {
    if (pending) connecting--;
    pending = false;
  };
  socket.once('connect', () => {
    settle();
    connections.add(socket);
    server.emit('connection', socket);
  });
  socket.on('error', (err) => {
    if (connections.has(socket)) return; // 'close' follows
    settle();
    if (connections.size > 0) return; // a spare that could not be opened: the next request tries again
    if (retries > 0) setTimeout(() => connect(retries - 1, first), 10);
    else if (first) {
      printError(`Brisk proxy cannot connect to ${SOCKET}: `, err);
      process.exit(1);
    } else process.exit(0); // the worker is gone: its container is being removed
  });
  socket.on('close', () => {
    if (!connections.delete(socket)) return;
    busy.delete(socket);
    if (connections.size > 0 || connecting > 0) return;
    if (!heard) process.exit(0);
    heard = false;
    connect();
  });
}

// The worker listens before it starts the container; the retries only cover odd set-ups.
connect(500, true);
