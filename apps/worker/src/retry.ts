// Trying again what must happen eventually (a record to write while
// Postgres is away), with exponential back-off, for a bounded time.

export interface RetryOptions {
  /** Gives up (rethrowing the last error) once this much time has passed. */
  maxMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (error: Error, delayMs: number) => void;
}

export async function retryWithBackoff<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { maxMs = 30 * 60_000, firstDelayMs = 500, maxDelayMs = 15_000 } = options;
  const deadline = Date.now() + maxMs;
  for (let delay = firstDelayMs; ; delay = Math.min(maxDelayMs, delay * 2)) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() + delay > deadline) throw error;
      options.onRetry?.(error as Error, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
