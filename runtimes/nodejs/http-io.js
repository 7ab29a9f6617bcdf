'use strict';
// The HTTP side of the protocol: reading a bounded body, parsing its JSON
// message, sending a JSON answer.

const { describe, printError } = require('./errors.js');
const { writeSentinels } = require('./output.js');

const MAX_BODY = 64 * 1024 * 1024;

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

module.exports = { send, readBody, parseMessage };
