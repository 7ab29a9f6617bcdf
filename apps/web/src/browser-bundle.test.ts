// Keeps server code out of the browser bundle: from every client component
// ('use client') this walks what the bundle would contain (type-only imports
// are erased, so they are skipped) and fails on anything that needs Node,
// Prisma, Redis or the web app's server side. Client code takes from
// @brisk/core only through its browser entry point (packages/core/src/browser.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = path.resolve(import.meta.dirname, '..');
const CORE_SRC = path.resolve(WEB, '../../packages/core/src');
const SERVER_PACKAGES = /^(node:|@brisk\/db|@brisk\/testing|@prisma\/|ioredis|bullmq|pg$|dockerode|fs$|path$|crypto$|child_process$|net$|http$|server-only)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (entry === 'node_modules' || entry === '.next') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry) && !entry.endsWith('.test.ts') ? [full] : [];
  });
}

/** The modules a file's bundle needs: value imports and re-exports, not `import type`. */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    if (!match[2]) found.push(match[3]!);
  }
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

function resolveLocal(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('.')) base = path.resolve(path.dirname(from), specifier);
  else if (specifier.startsWith('@/')) base = path.join(WEB, 'src', specifier.slice(2));
  else if (specifier.startsWith('@brisk/core/')) base = path.join(CORE_SRC, specifier.slice('@brisk/core/'.length));
  else return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(WEB, from)}: cannot resolve ${specifier}`);
}

/** Each server-only module the bundle of `entry` would reach, with the chain of imports that reaches it. */
function serverReach(entry: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of valueImports(file)) {
      const via = [...chain, specifier].join(' → ');
      if (SERVER_PACKAGES.test(specifier) || specifier === '@brisk/core') {
        problems.push(via);
        continue;
      }
      const local = resolveLocal(file, specifier);
      if (!local || local.endsWith('.json')) continue;
      if (local.startsWith(path.join(WEB, 'src/server'))) problems.push(via);
      else visit(local, [...chain, specifier]);
    }
  };
  visit(entry, [path.relative(WEB, entry)]);
  return problems;
}

const clientComponents = [...sourceFiles(path.join(WEB, 'app')), ...sourceFiles(path.join(WEB, 'src'))].filter((file) =>
  /^\s*['"]use client['"]/.test(readFileSync(file, 'utf8')),
);

describe('the browser bundle', () => {
  it('has client components to check', () => {
    expect(clientComponents.length).toBeGreaterThan(20);
  });

  it.each(clientComponents.map((file) => [path.relative(WEB, file), file]))('takes no server module from %s', (_, file) => {
    expect(serverReach(file)).toEqual([]);
  });

  it('notices a client module that reaches the server side', () => {
    // The guard itself: core's barrel reaches Prisma and Redis.
    expect(serverReach(path.join(CORE_SRC, 'index.ts')).length).toBeGreaterThan(0);
  });
});
