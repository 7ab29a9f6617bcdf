'use strict';
// Errors as the user sees them: InitError carries a message meant for the
// user; describe and printError turn anything thrown into text.

const path = require('node:path');
const { isNativeError } = require('node:util').types;

// Stack frames in these files are the proxy's, not the user's.
const PROXY_DIR = __dirname + path.sep;

/** A failed /init whose message is already meant for the user. */
class InitError extends Error {}
InitError.prototype.name = 'InitError';

function describe(err) {
  if (isNativeError(err) || err instanceof Error) {
    const name = err.name || 'Error';
    return err.message ? `${name}: ${err.message}` : name;
  }
  return String(err);
}

function printError(prefix, err) {
  let text;
  if (err instanceof InitError) text = err.message;
  else if ((isNativeError(err) || err instanceof Error) && typeof err.stack === 'string') {
    // the user's frames only
    text = err.stack
      .split('\n')
      .filter((line) => !(/^\s+at /.test(line) && (line.includes(PROXY_DIR) || line.includes('(node:'))))
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

module.exports = { InitError, describe, printError };
