// A live view's inbox: pushed items, or a wake-up after a quiet interval so
// the view can poll. Ends when the request is aborted.
export class Inbox<T> {
  private items: T[] = [];
  private wake: (() => void) | undefined;

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.addEventListener('abort', () => this.wake?.(), { once: true });
  }

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  get aborted(): boolean {
    return this.signal?.aborted ?? false;
  }

  /** Everything pushed so far; waits up to `idleMs` for something when empty. */
  async take(idleMs: number): Promise<T[]> {
    if (this.items.length === 0 && !this.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, idleMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = undefined;
    }
    const taken = this.items;
    this.items = [];
    return taken;
  }
}
