'use strict';
// Loading the user's code: a source file compiled as a module, or a zip
// extracted and required (or imported, for ES modules); the entry point
// picked from what it exports.

const fs = require('node:fs');
const path = require('node:path');
const url = require('node:url');
const Module = require('node:module');
const { InitError, describe } = require('./errors.js');
const { extractZip } = require('./zip.js');

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function initErrorText(err) {
  if (err instanceof InitError) return err.message;
  let text = describe(err);
  // Point syntax errors at their line: V8 puts "file:line" first in the stack.
  if (err && err.name === 'SyntaxError' && typeof err.stack === 'string') {
    const where = /^([^\n]*):(\d+)\n/.exec(err.stack);
    if (where) text += ` (${path.basename(where[1])}, line ${where[2]})`;
  }
  return text;
}

/** Loads the action; returns {fn, thisArg}, or a promise of it (ES modules). */
function load(value, input) {
  if (value === null || typeof value !== 'object') throw new InitError('the init message has no "value" object.');
  const main = value.main === undefined || value.main === null || value.main === '' ? 'main' : value.main;
  if (typeof main !== 'string' || !IDENTIFIER.test(main)) {
    throw new InitError(`the entry point name ${JSON.stringify(main)} is not a valid JavaScript identifier.`);
  }
  if (typeof value.code !== 'string' || value.code.length === 0) {
    throw new InitError('the action has no code.');
  }
  const env = value.env;
  if (env !== null && typeof env === 'object') {
    for (const key of Object.keys(env)) {
      const v = env[key];
      if (v === undefined || v === null || key === '' || key.includes('=') || key.includes('\0')) continue;
      process.env[key] = typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  if (value.binary === true) {
    if (input.zip === null) {
      input.zip = Buffer.from(value.code, 'base64');
      value.code = '(zip)';
    }
    return loadZip(input, main);
  }
  return loadSource(value.code, main);
}

function loadSource(code, main) {
  const filename = path.join(process.cwd(), 'action.js');
  let source = code;
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  if (source.startsWith('#!')) source = `//${source.slice(2)}`;
  // The appended line hands back a top-level function named like `main`
  // (code written without exports); it cannot clash with the user's code,
  // whose last line the newline ends.
  source += `\n;return typeof ${main} === 'function' ? ${main} : undefined;`;
  // Compiled the way require() compiles a file (so that import() works too);
  // _compile hands back what the module function returned.
  const mod = new Module(filename, null);
  mod.filename = filename;
  mod.paths = Module._nodeModulePaths(path.dirname(filename));
  const topLevel = mod._compile(source, filename);
  mod.loaded = true;
  const found = pick(mod.exports, main);
  if (found) return found;
  if (typeof topLevel === 'function') return { fn: topLevel, thisArg: undefined };
  throw new InitError(`the action has no function named '${main}' (neither exported nor defined at top level).`);
}

function pick(exported, main) {
  if (exported === null || exported === undefined) return null;
  if ((typeof exported === 'object' || typeof exported === 'function') && typeof exported[main] === 'function') {
    return { fn: exported[main], thisArg: exported };
  }
  if (typeof exported === 'function' && main === 'main') return { fn: exported, thisArg: undefined };
  return null;
}

function loadZip(input, main) {
  let zip = input.zip;
  input.zip = null;
  if (zip.length < 22) throw new InitError('the code is marked binary but is not a zip file (base64 decoding gave too few bytes).');
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'action-'));
  try {
    extractZip(zip, dir);
  } catch (err) {
    if (err instanceof InitError) throw err;
    throw new InitError(`the zip file could not be extracted: ${describe(err)}`);
  }
  zip = null;
  const hasPackage = fs.existsSync(path.join(dir, 'package.json'));
  if (!hasPackage && !fs.existsSync(path.join(dir, 'index.js'))) {
    let hint = '';
    const top = fs.readdirSync(dir);
    if (top.length === 1 && ['package.json', 'index.js'].some((f) => fs.existsSync(path.join(dir, top[0], f)))) {
      hint = ` (they are in the folder '${top[0]}/': zip the folder's contents, not the folder)`;
    }
    throw new InitError(`the zip file has neither a package.json nor an index.js at its root${hint}.`);
  }
  process.chdir(dir);
  let exported;
  try {
    exported = require(dir);
  } catch (err) {
    if (err && err.code === 'ERR_REQUIRE_ESM') {
      const file = require.resolve(dir);
      return import(url.pathToFileURL(file).href).then((ns) => {
        const found =
          pick(ns, main) || (main === 'main' && typeof ns.default === 'function' ? { fn: ns.default, thisArg: undefined } : null) || pick(ns.default, main);
        if (!found) throw new InitError(`the module does not export a function named '${main}'.`);
        return found;
      });
    }
    if (err && err.code === 'MODULE_NOT_FOUND' && hasPackage && String(err.message).includes(`'${dir}'`)) {
      throw new InitError(`the file named by "main" in package.json (and index.js) is missing from the zip file.`);
    }
    throw err;
  }
  const found = pick(exported, main);
  if (!found) throw new InitError(`the module does not export a function named '${main}'.`);
  return found;
}

module.exports = { load, initErrorText };
