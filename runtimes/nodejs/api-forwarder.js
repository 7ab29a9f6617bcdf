'use strict';
// The action's way to Brisk's API: the container has no network, so this
// listens on 127.0.0.1:$BRISK_API_PORT (what __OW_API_HOST names) and pipes
// each connection to $BRISK_API_SOCKET, where the worker passes HTTP requests
// on to the API and nothing else (runtimes/README.md, "Calling Brisk from an
// action"). Bytes only: the worker does the checking. Prints nothing.

const net = require('node:net');

function startApiForwarder(env = process.env) {
  const socketPath = env.BRISK_API_SOCKET;
  const port = Number(env.BRISK_API_PORT);
  if (!socketPath || !Number.isInteger(port) || port <= 0) return undefined;
  const server = net.createServer((client) => {
    const worker = net.connect(socketPath);
    const cut = () => {
      client.destroy();
      worker.destroy();
    };
    client.on('error', cut);
    worker.on('error', cut);
    client.on('close', cut);
    worker.on('close', cut);
    client.pipe(worker);
    worker.pipe(client);
  });
  // A port taken (by the action, in a later run) or no loopback: no channel, the proxy goes on.
  server.on('error', () => undefined);
  server.listen(port, '127.0.0.1');
  // Never what keeps the proxy alive.
  server.unref();
  return server;
}

module.exports = { startApiForwarder };
