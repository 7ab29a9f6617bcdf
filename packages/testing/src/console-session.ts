// The console's side of Brisk as a test sees it: a session cookie from a
// key, and tRPC subscriptions read as the browser reads them (server-sent
// events), so live views are tested over the wire they really use.
export async function consoleSession(baseUrl: string, key: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/trpc/session.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 200 || !cookie?.startsWith('brisk_session=')) throw new Error(`signing in failed: HTTP ${response.status}`);
  return cookie;
}

export interface SubscriptionEvent<T> {
  /** The SSE event id (a tracked event's id). */
  id: string | undefined;
  data: T;
}

/**
 * Reads a subscription's events until `enough` says so, it ends, it fails,
 * or 30 s pass, then drops the connection. Only events whose data has a
 * `type` are kept (tRPC's own connection and keep-alive events have none); a
 * failure is kept as `{type: 'error', error}` (tRPC's serialized error) and ends the read.
 */
export async function readSubscription<T extends { type: string }>(
  baseUrl: string,
  cookie: string,
  procedure: string,
  input: Record<string, unknown>,
  enough: (events: SubscriptionEvent<T>[]) => boolean,
): Promise<SubscriptionEvent<T>[]> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (response.status !== 200) throw new Error(`${procedure}: HTTP ${response.status}`);
  const events: SubscriptionEvent<T>[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = setTimeout(() => controller.abort(), 30_000);
  try {
    const reader = response.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: ?(.*)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        const parsed = data ? (JSON.parse(data) as unknown) : undefined;
        if (/^event: serialized-error$/m.test(block)) events.push({ id, data: { type: 'error', error: parsed } as unknown as T });
        else if (parsed && typeof parsed === 'object' && 'type' in parsed) events.push({ id, data: parsed as T });
      }
      if (events.at(-1)?.data.type === 'error' || enough(events)) break;
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    clearTimeout(deadline);
    controller.abort();
  }
  return events;
}
