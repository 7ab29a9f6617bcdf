'use strict';
// Brisk Node.js action proxy.
//
// Speaks the OpenWhisk action protocol (POST /init, POST /run) as HTTP/1.1
// over a Unix socket. See runtimes/README.md for the contract. Plain
// CommonJS, no dependencies, one module per job (see each file's head), nothing printed except the end-of-activation
// sentinels (and the user's own errors).

const http = require('node:http');
const net = require('node:net');
const { startApiForwarder } = require('./api-forwarder.js');
const { printError } = require('./errors.js');
const { send, readBody, parseMessage } = require('./http-io.js');
const { init } = require('./init.js');
const { run, stray } = require('./run.js');

// The worker listens here; the proxy connects (runtimes/README.md, "The channel").
const SOCKET = process.env.BRISK_SOCKET || '/brisk/worker.sock';

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

process.on('uncaughtException', (err) => stray('Uncaught exception', err));
process.on('unhandledRejection', (reason) => stray('Unhandled promise rejection', reason));

// ---------------------------------------------------------------- start

startApiForwarder();

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
