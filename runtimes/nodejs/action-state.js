'use strict';
// What /init established and what /run shares with the stray-error handlers.

const action = {
  state: 'new', // new | initializing | ready
  entry: null, // the user's function
  entryThis: undefined, // `this` for the call (the exports object, when it came from there)
};

// Runs in flight: each is a function that fails the run with a 502 body
// (used by the handlers of uncaught exceptions and unhandled rejections).
const inflight = new Set();

module.exports = { action, inflight };
