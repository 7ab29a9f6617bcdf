// `npm test`: everything the suite needs (services, runtime images, a
// production web build), lint and a type check, then every test: vitest, then the
// browser tests (Playwright, e2e/). Arguments after `--` go to vitest, e.g.
// `npm test -- apps/web/test/auth.test.ts`, and then only vitest runs;
// BRISK_SKIP_E2E=1 leaves the browser tests out too.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './lib/config.ts';
import { TEST_REQUIREMENTS } from './lib/debian-packages.ts';
import { prepareRuntimeImages, prepareServices, printTimings, timed, type StepTiming } from './lib/prepare.ts';
import { countsLine, playwrightCounts, vitestCounts } from './lib/test-counts.ts';
import { ensureWebBuild } from './lib/web-build.ts';

const log = (line: string) => console.log(`[test] ${line}`);
const timings: StepTiming[] = [];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const bin = (name: string) => path.join(REPO_ROOT, 'node_modules/.bin', name);

try {
  // Lint first: it takes a second, and says at once what the slow steps would
  // only say after minutes. `npm run lint` is the one definition of it.
  const lint = await timed(timings, 'lint', () => run('npm', ['run', '--silent', 'lint']));
  if (lint !== 0) {
    console.error('[test] lint failed: run `npm run format`, then fix what remains');
    process.exit(lint);
  }
  // Tests make databases of their own; the admin database is enough here.
  await prepareServices(timings, log, 'postgresql://postgres@127.0.0.1:5432/postgres', TEST_REQUIREMENTS);
  await prepareRuntimeImages(timings, log);
  await timed(
    timings,
    'web build',
    () => ensureWebBuild(log, { force: process.env.CI === 'true' }),
    (r) => r,
  );
  const typecheck = await timed(
    timings,
    'type check',
    async () => (await run(bin('tsc'), ['-p', 'tsconfig.json'])) || (await run(bin('tsc'), ['-p', 'apps/web/tsconfig.json', '--noEmit'])),
  );
  if (typecheck !== 0) {
    console.error('[test] type check failed');
    process.exit(typecheck);
  }
  printTimings('test set-up:', timings);
  const vitestArgs = process.argv.slice(2);
  const reports = mkdtempSync(path.join(os.tmpdir(), 'brisk-test-reports-'));
  const vitestReport = path.join(reports, 'vitest.json');
  const vitest = await run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`, ...vitestArgs]);
  if (vitestArgs.length > 0 || process.env.BRISK_SKIP_E2E === '1') {
    log('browser tests skipped (vitest arguments given or BRISK_SKIP_E2E=1); run them with `npx playwright test`');
    finish(vitest, [vitestCounts(vitestReport)]);
  }
  const playwrightReport = path.join(reports, 'playwright.json');
  const e2e = await run(bin('playwright'), ['test', '--reporter=list,json'], { ...process.env, PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightReport });
  log(`vitest ${vitest === 0 ? 'passed' : `failed (exit ${vitest})`}; browser tests ${e2e === 0 ? 'passed' : `failed (exit ${e2e})`}`);
  finish(vitest !== 0 ? vitest : e2e, [vitestCounts(vitestReport), playwrightCounts(playwrightReport)]);

  function finish(code: number, counts: ReturnType<typeof vitestCounts>[]): never {
    const line = countsLine(counts);
    if (line) console.log(line);
    rmSync(reports, { recursive: true, force: true });
    process.exit(code);
  }
} catch (error) {
  console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
