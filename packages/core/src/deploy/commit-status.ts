// Commit statuses on GitHub (or GitHub Enterprise): one per package, context
// `brisk/<package>`, and a summary, `brisk`. A status that cannot be posted
// is logged on the deployment; it never fails the deployment.
export type CommitState = 'pending' | 'success' | 'failure' | 'error';

export interface CommitStatus {
  state: CommitState;
  context: string;
  description: string;
  targetUrl?: string;
}

export interface StatusTarget {
  apiUrl: string;
  token: string;
  owner: string;
  repo: string;
  commit: string;
}

const STATUS_TIMEOUT_MS = 10_000;

/** Posts each status; answers a line for the log for every one that failed. */
export async function postCommitStatuses(target: StatusTarget, statuses: CommitStatus[]): Promise<string[]> {
  const failures: string[] = [];
  const url = `${target.apiUrl}/repos/${encodeURIComponent(target.owner)}/${encodeURIComponent(target.repo)}/statuses/${target.commit}`;
  for (const status of statuses) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${target.token}`,
          'content-type': 'application/json',
          'user-agent': 'Brisk',
          'x-github-api-version': '2022-11-28',
        },
        body: JSON.stringify({
          state: status.state,
          context: status.context,
          // GitHub keeps at most 140 characters of a description.
          description: status.description.slice(0, 140),
          ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
        }),
        signal: AbortSignal.timeout(STATUS_TIMEOUT_MS),
      });
      if (!response.ok) failures.push(`commit status ${status.context} (${status.state}) was refused: HTTP ${response.status}`);
      await response.body?.cancel();
    } catch (error) {
      failures.push(`commit status ${status.context} (${status.state}) could not be posted: ${(error as Error).message}`);
    }
  }
  return failures;
}
