// One Redis subscriber connection per web replica, shared by every live view
// (log follows, activation tails): channels are subscribed while someone
// listens and unsubscribed when the last listener leaves.
import { Redis } from 'ioredis';
import { env } from '../env';

type Listener = (message: string) => void;

export class RedisFanout {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private subscriber: Redis | undefined;

  constructor(private readonly redisUrl: string) {}

  private connection(): Redis {
    if (!this.subscriber) {
      this.subscriber = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
      this.subscriber.on('message', (channel: string, message: string) => {
        for (const listener of this.listeners.get(channel) ?? []) {
          // One bad message or listener must not take the others (or the process) down.
          try {
            listener(message);
          } catch (error) {
            console.error(`console: live listener on ${channel} failed`, error);
          }
        }
      });
      this.subscriber.on('error', () => undefined);
    }
    return this.subscriber;
  }

  /** Listens on `channel`; resolves once Redis confirmed the subscription, with the function that stops listening. */
  async subscribe(channel: string, listener: Listener): Promise<() => void> {
    const subscriber = this.connection();
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      this.pending.set(channel, subscriber.subscribe(channel));
    }
    set.add(listener);
    await this.pending.get(channel);
    return () => {
      const current = this.listeners.get(channel);
      if (!current?.delete(listener) || current.size > 0) return;
      this.listeners.delete(channel);
      this.pending.delete(channel);
      void subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }
}

const holder = globalThis as typeof globalThis & { briskFanout?: RedisFanout };

export function liveFanout(): RedisFanout {
  holder.briskFanout ??= new RedisFanout(env.REDIS_URL);
  return holder.briskFanout;
}
