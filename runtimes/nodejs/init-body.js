'use strict';
// A large /init body read without copying it: where its code string lies,
// and base64 decoded from there in slices.

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

module.exports = { findCode, decodeBase64 };
