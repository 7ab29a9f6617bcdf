// The accepted-activation ledger: every activation the API accepts is noted
// in Postgres, a moment after its job went to Redis, so that one Redis loses
// (a restart without persistence, a fsync window) still ends as a record
// rather than as an id nobody knows (see lost-activations in the worker).
// Notes are batched off the request's path: a burst costs one INSERT per
// 50 ms, and a Postgres outage keeps them in memory (bounded) until it ends.
// As the record writer, it bypasses Prisma: one prepared statement taking the
// batch as JSON costs a fraction of the CPU of a createMany (measured: the
// web's CPU per warm invocation rose by half with createMany).
import pg from 'pg';
import type { ActivationJob } from '../queue.ts';

const INSERT = {
  name: 'brisk-note-accepted',
  text: `INSERT INTO "AcceptedActivation" ("activationId", "namespaceId", "acceptedAt", "entry")
    SELECT "activationId", "namespaceId", "acceptedAt", "entry" FROM json_populate_recordset(NULL::"AcceptedActivation", $1::json)
    ON CONFLICT ("activationId") DO NOTHING`,
};

interface LedgerRow {
  activationId: string;
  namespaceId: string;
  /** ISO time, as the column holds UTC without a zone. */
  acceptedAt: string;
  entry: unknown;
}

const FLUSH_AFTER_MS = 50;
const MAX_BATCH = 1_000;
const RETRY_AFTER_MS = 1_000;
/** Past this many unwritten notes (Postgres down for a long while), the oldest are dropped, and said so. */
const MAX_BUFFERED = 100_000;

/** What a lost record needs of the job: everything but the parameters (secrets) and the trace flag. */
export function ledgerEntry(job: ActivationJob): Omit<ActivationJob, 'params' | 'trace'> & { params: Record<string, never> } {
  const { params: _params, trace: _trace, ...rest } = job;
  return { ...rest, params: {} };
}

export class AcceptedLedger {
  private buffer: LedgerRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  static connect(databaseUrl: string, onError?: (error: unknown) => void): AcceptedLedger {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    pool.on('error', (error) => onError?.(error));
    return new AcceptedLedger(pool, onError);
  }

  note(job: ActivationJob): void {
    this.buffer.push({
      activationId: job.activationId,
      namespaceId: job.namespaceId,
      acceptedAt: new Date(job.acceptedAt).toISOString(),
      entry: ledgerEntry(job),
    });
    if (this.buffer.length > MAX_BUFFERED) {
      const dropped = this.buffer.splice(0, this.buffer.length - MAX_BUFFERED);
      this.onError(new Error(`${dropped.length} accepted activations could not be noted (Postgres unreachable too long)`));
    }
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  /** Writes what is buffered; resolves when it is written or put back for a retry. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(async () => {
      while (this.buffer.length > 0) {
        const batch = this.buffer.splice(0, MAX_BATCH);
        try {
          await this.pool.query({ ...INSERT, values: [JSON.stringify(batch)] });
        } catch (error) {
          this.buffer.unshift(...batch);
          this.onError(error);
          this.timer ??= setTimeout(() => void this.flush(), RETRY_AFTER_MS);
          return;
        }
      }
    });
    return this.writing;
  }

  /** Writes what is buffered (as far as Postgres takes it) and closes the connection. */
  async close(): Promise<void> {
    await this.flush();
    clearTimeout(this.timer);
    await this.pool.end();
  }
}
