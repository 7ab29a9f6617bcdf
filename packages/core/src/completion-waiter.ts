import type { Redis } from 'ioredis';
import type { ActivationRecord } from './activation-record.ts';
import { parseCompletionMessage } from './queue.ts';

/** What a waiting request hears: the record, and stage timestamps when it asked for a trace. */
export interface Completion {
  record: ActivationRecord;
  trace?: Record<string, number>;
}

/**
 * Lets a web replica wait for the activations it enqueued. One subscriber
 * connection per replica listens on the replica's own channel; each blocking
 * request registers before enqueueing, so no completion can be missed.
 */
export class CompletionWaiter {
  private readonly waiting = new Map<string, (completion: Completion) => void>();
  private ready: Promise<void> | undefined;

  constructor(
    private readonly subscriber: Redis,
    readonly channel: string,
  ) {}

  /** Subscribes once; later calls return the same promise. */
  start(): Promise<void> {
    this.ready ??= (async () => {
      this.subscriber.on('message', (channel: string, text: string) => {
        if (channel !== this.channel) return;
        const message = parseCompletionMessage(text);
        this.waiting.get(message.activationId)?.({
          record: message.record as ActivationRecord,
          ...(message.trace ? { trace: message.trace } : {}),
        });
      });
      await this.subscriber.subscribe(this.channel);
    })();
    return this.ready;
  }

  /**
   * Registers interest in `activationId`; the returned promise resolves with
   * the completion (record and trace), or undefined when `timeoutMs` passes
   * first. Register before enqueueing, then await the promise.
   */
  registerCompletion(activationId: string, timeoutMs: number): Promise<Completion | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(activationId);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(activationId, (completion) => {
        clearTimeout(timer);
        this.waiting.delete(activationId);
        resolve(completion);
      });
    });
  }

  /** Forgets a registration whose job could not be enqueued. */
  cancel(activationId: string): void {
    this.waiting.delete(activationId);
  }

  async stop(): Promise<void> {
    await this.subscriber.unsubscribe(this.channel).catch(() => undefined);
  }
}
