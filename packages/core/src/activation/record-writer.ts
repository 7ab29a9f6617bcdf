// The one writer of activation records, used by the worker (every action's
// record) and by the web (trigger firings). Writes to Postgres off the
// caller's critical path, in
// batches: with two INSERTs under way, the records that finish meanwhile go
// together in the next one (group commit), so a busy process makes few round
// trips and a quiet one waits for none. A
// record is never dropped: failed writes are retried (idempotently: the
// activation id is the key) until they succeed or the writer closes.
//
// This is the one write on every activation, so it bypasses Prisma: one
// prepared statement that takes the whole batch as a JSON array costs a
// fraction of the CPU of Prisma's createMany (which compiles a query plan
// per call).
import pg from 'pg';
import type { ActivationRecord } from '../activation-record.ts';
import type { ActivationInput } from './activation-input.ts';
import { activationRow, type ActivationEntity } from './records.ts';

interface Pending {
  row: Record<string, unknown>;
  resolve: () => void;
  reject: (error: Error) => void;
}

const MAX_BATCH = 200;
const MAX_IN_FLIGHT = 2;
const MAX_RETRY_DELAY_MS = 5_000;

const COLUMNS = [
  'activationId',
  'namespaceId',
  'entityType',
  'name',
  'path',
  'version',
  'subject',
  'start',
  'end',
  'duration',
  'statusCode',
  'success',
  'result',
  'logs',
  'annotations',
  'cause',
  'publish',
  'input',
] as const;
const COLUMN_LIST = COLUMNS.map((column) => `"${column}"`).join(', ');
const INSERT = {
  name: 'brisk-insert-activations',
  text: `INSERT INTO "Activation" (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM json_populate_recordset(NULL::"Activation", $1::json) ON CONFLICT ("activationId") DO NOTHING`,
};

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint): retrying cannot help. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

function degraded(row: Record<string, unknown>, message: string): Record<string, unknown> {
  const result = row.result as { error?: unknown } | null;
  if (typeof result?.error === 'string' && result.error.startsWith('The activation record could not be stored as is')) {
    throw new Error(`activation ${String(row.activationId)} cannot be stored: ${message}`);
  }
  return {
    ...row,
    result: { error: `The activation record could not be stored as is (${message}); its result and logs were dropped.` },
    logs: [],
    input: null,
  };
}

export class RecordWriter {
  private queue: Pending[] = [];
  private readonly flushing = new Set<Promise<void>>();
  private closing = false;
  private retrying = false;

  /** Whether the last write failed for want of Postgres (and is being retried): waiting on a save now would wait out the outage. */
  get unavailable(): boolean {
    return this.retrying;
  }

  constructor(
    private readonly pool: pg.Pool,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  static connect(databaseUrl: string, onError?: (error: unknown) => void): RecordWriter {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: MAX_IN_FLIGHT });
    pool.on('error', (error) => onError?.(error));
    return new RecordWriter(pool, onError);
  }

  /** Resolves once the record (and the input it ran with, if given) is in Postgres. */
  save(namespaceId: string, entity: ActivationEntity, record: ActivationRecord, input?: ActivationInput): Promise<void> {
    const row = activationRow(namespaceId, entity, record, input);
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.flushing.size < MAX_IN_FLIGHT) {
        const flush: Promise<void> = this.flush()
          .catch(this.onError)
          .finally(() => this.flushing.delete(flush));
        this.flushing.add(flush);
      }
    });
  }

  /** Writes what is queued; gives up on records still failing `graceMs` after closing began. */
  async close(graceMs = 10_000): Promise<void> {
    this.closing = true;
    const timer = setTimeout(() => this.abandon(this.queue.splice(0), new Error('the writer closed before the record could be written')), graceMs);
    while (this.flushing.size > 0) await Promise.all([...this.flushing]);
    clearTimeout(timer);
    await this.pool.end();
  }

  /** Last resort: the record goes to the process's log rather than nowhere. */
  private abandon(batch: Pending[], error: Error): void {
    for (const pending of batch) {
      console.error(`activation record not stored (${error.message}): ${JSON.stringify(pending.row)}`);
      pending.reject(error);
    }
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) await this.writeBatch(this.queue.splice(0, MAX_BATCH));
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    // Rows are NUL-free already; dates become ISO strings (the columns hold UTC without a zone, as Prisma writes).
    const json = JSON.stringify(batch.map((pending) => pending.row));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.pool.query({ ...INSERT, values: [json] });
        this.retrying = false;
        for (const pending of batch) pending.resolve();
        return;
      } catch (error) {
        this.onError(error);
        if (isDataError(error)) {
          // Something in the data itself (not the connection): isolate it, and
          // store a record that says so rather than retrying for ever.
          if (batch.length > 1) {
            for (const pending of batch) await this.writeBatch([pending]);
          } else {
            const pending = batch[0]!;
            let row: Record<string, unknown>;
            try {
              row = degraded(pending.row, (error as Error).message);
            } catch (failure) {
              this.abandon(batch, failure as Error);
              return;
            }
            await this.writeBatch([{ ...pending, row }]);
          }
          return;
        }
        this.retrying = true;
        if (this.closing && attempt >= 2) {
          this.abandon(batch, error instanceof Error ? error : new Error(String(error)));
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_RETRY_DELAY_MS, 50 * 2 ** attempt)));
      }
    }
  }
}
