// Runs a real Brisk for the browser tests (with tsx, like the worker, so the
// monorepo's TypeScript needs no second loader). Prints one line,
// `BRISK_READY <json>`, and stops when told (SIGTERM) or when its parent
// goes away (stdin closes).
import { startBrisk } from '../../packages/testing/src/brisk-instance.ts';

const brisk = await startBrisk();
const endpoint = {
  url: brisk.url,
  guestKey: brisk.guestKey,
  otherKey: brisk.otherKey,
  otherNamespace: brisk.otherNamespace,
  databaseUrl: brisk.databaseUrl,
  webLog: brisk.web.logFile,
  workerLog: brisk.worker.logFile,
};
console.log(`BRISK_READY ${JSON.stringify(endpoint)}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await brisk.stop().catch((error: unknown) => console.error(`e2e: stopping Brisk failed: ${String(error)}`));
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
