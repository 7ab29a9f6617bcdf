'use strict';
// POST /init: once per container, loads the action.

const vm = require('node:vm');
const { printError } = require('./errors.js');
const { send, parseMessage } = require('./http-io.js');
const { findCode, decodeBase64 } = require('./init-body.js');
const { load, initErrorText } = require('./loader.js');
const { writeSentinels } = require('./output.js');
const { action } = require('./action-state.js');

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

const LARGE_INIT = 1024 * 1024;

function init(body, res) {
  if (action.state !== 'new') {
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
  action.state = 'initializing';
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
    action.state = 'new';
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
    action.entry = found.fn;
    action.entryThis = found.thisArg;
    action.state = 'ready';
    send(res, 200, { ok: true });
    if (large) setImmediate(collectGarbage); // give the container's memory back to the action
  };
  if (result && typeof result.then === 'function') result.then(finish, fail);
  else finish(result);
}

module.exports = { init };
