// The SSE ids of log lines in the live views (an activation's, a
// deployment's): `log:<index>`, so a browser that reconnects names the last
// line it got and the view resumes after it.
export const logEventId = (index: number) => `log:${index}`;

/** The index of the first line to send, after the one `lastEventId` names (0 without one). */
export function resumeAfter(lastEventId: string | undefined): number {
  const match = /^log:(\d+)$/.exec(lastEventId ?? '');
  return match ? Number(match[1]) + 1 : 0;
}
