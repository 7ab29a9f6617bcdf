'use strict';
// stdout and stderr: which of them ended a line, and the end-of-activation
// sentinels the worker cuts an activation's logs at.

const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n';

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

module.exports = { writeSentinels };
