'use strict';
// The zip reader for binary actions (no packages in the image, so no
// library): stored and deflated entries, zip64, unix modes and symlinks,
// and no entry written outside the destination or through a link.

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { InitError } = require('./errors.js');

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

module.exports = { extractZip };
