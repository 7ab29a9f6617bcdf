// Vitest global setup of the integration project: one real Brisk per test
// run, handed to the tests with `inject('brisk')`, torn down at the end.
import type { TestProject } from 'vitest/node';
import { startBrisk } from './brisk-instance.ts';
import './provided-context.ts';

export default async function setup(project: TestProject) {
  const brisk = await startBrisk();
  const { url, guestKey, otherKey, otherNamespace, databaseUrl, redisPrefix, workerId } = brisk;
  project.provide('brisk', { url, guestKey, otherKey, otherNamespace, databaseUrl, redisPrefix, workerId });
  return async () => {
    await brisk.stop();
  };
}
