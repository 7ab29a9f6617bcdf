'use strict';
// POST /run: one activation of the loaded action, with its __OW_ variables;
// errors and non-dictionary results become 502 bodies.

const { isNativeError } = require('node:util').types;
const { describe, printError } = require('./errors.js');
const { send } = require('./http-io.js');
const { writeSentinels } = require('./output.js');
const { action, inflight } = require('./action-state.js');

// __OW_ variables set by runs; removed when no run is in flight any more.
const owKeysSet = new Set();
const owKeyNames = new Map();

function run(message, res) {
  if (action.state !== 'ready') {
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
    result = action.entry.call(action.entryThis, value);
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

module.exports = { run, stray };
