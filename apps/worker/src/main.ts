import { readWorkerEnv } from './env.ts';
import { startWorker } from './worker.ts';

const env = readWorkerEnv();
const worker = await startWorker(env);
console.log(
  `worker ${env.BRISK_WORKER_ID}: taking activations (concurrency ${env.BRISK_WORKER_CONCURRENCY}, container memory budget ${env.BRISK_POOL_MEMORY_MB} MB, stem cells ${env.BRISK_STEM_CELLS || 'none'})`,
);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`worker: ${signal}, finishing running activations and removing containers`);
    void worker.close().then(() => process.exit(0));
  });
}
