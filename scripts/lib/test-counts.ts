// Reads the counts of a vitest and a Playwright run from their JSON reports,
// so `npm test` can end with one plain "N passed, N failed" line for both.
import { existsSync, readFileSync } from 'node:fs';

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

// biome-ignore lint/suspicious/noExplicitAny: reporters' JSON is read loosely, field by field
function readJson(file: string): any {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** vitest's `--reporter=json` report; undefined when the run wrote none (it crashed before the end). */
export function vitestCounts(file: string): TestCounts | undefined {
  const report = readJson(file);
  if (!report) return undefined;
  return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0, skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) };
}

/** Playwright's json reporter; a flaky test (passed on a retry) counts as failed: retries are off here. */
export function playwrightCounts(file: string): TestCounts | undefined {
  const stats = readJson(file)?.stats;
  if (!stats) return undefined;
  return { passed: stats.expected ?? 0, failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0), skipped: stats.skipped ?? 0 };
}

/** "tests: 251 passed, 0 failed" (", N skipped" when any were). */
export function countsLine(parts: (TestCounts | undefined)[]): string | undefined {
  if (parts.some((part) => part === undefined)) return undefined;
  const total = parts.reduce<TestCounts>(
    (sum, part) => ({ passed: sum.passed + part!.passed, failed: sum.failed + part!.failed, skipped: sum.skipped + part!.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  return `tests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`;
}
