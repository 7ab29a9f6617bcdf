// A manifest's YAML aliases can name one big file from many actions: the
// deployment stops reading once the project's byte budget is spent.
import { describe, expect, it } from 'vitest';
import { memoryFiles, parseProject } from './manifest/index.ts';
import { budgetedFiles } from './project-budget.ts';
import type { ProjectFiles } from './project-spec.ts';

function counting(files: ProjectFiles): { files: ProjectFiles; reads: () => number } {
  let reads = 0;
  return {
    files: {
      read: (path) => {
        reads++;
        return files.read(path);
      },
      list: (dir) => files.list(dir),
      isDirectory: (path) => files.isDirectory(path),
    },
    reads: () => reads,
  };
}

describe('the project budget', () => {
  it('refuses a project whose aliases read one big file past the budget, and stops reading', async () => {
    const actions = Array.from({ length: 40 }, (_, i) => `        a${i}:\n          function: big.js`).join('\n');
    const manifest = `packages:\n  p0:\n    actions: &acts\n${actions}\n  p1:\n    actions: *acts\n  p2:\n    actions: *acts\n`;
    const big = `function main() { return {}; }\n//${'x'.repeat(1024 * 1024)}`;
    const inner = counting(memoryFiles({ 'manifest.yaml': manifest, 'big.js': big }));
    const failure = await parseProject(budgetedFiles(inner.files, 10 * 1024 * 1024), { defaultName: 'p', variables: {} }).catch((error) => error);
    expect((failure as Error).message).toMatch(/reads more than 10 MB of files/);
    // The manifest, then about ten copies of the file: the other 110 actions read nothing.
    expect(inner.reads()).toBeLessThanOrEqual(13);
    expect((failure as Error).message.split('\n').length).toBeLessThanOrEqual(101);
  });
});
