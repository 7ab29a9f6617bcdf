// Push-to-deploy: from the webhook's delivery to the deployment's success,
// for a project of 20 Node.js actions, each push changing every action (the
// most work a push can ask). The repository is a real git server on
// loopback; only the benchmark's own Brisk allows loopback repositories.
import { pushDelivery, sendDelivery, startGitServer, ZERO_COMMIT } from '@brisk/testing';
import type { BenchClient } from '../lib/http.ts';
import { summarize, type Summary } from '../lib/load.ts';
import type { Row } from '../lib/report.ts';

export interface DeployResult {
  actions: number;
  /** The first push: every action created. */
  firstMs: number;
  /** Later pushes: every action updated. */
  updates: Summary;
  failures: number;
}

function project(actions: number, round: number): Record<string, string> {
  const files: Record<string, string> = {};
  const lines = ['packages:', '  bench:', '    actions:'];
  for (let i = 0; i < actions; i++) {
    lines.push(`      a${i}:`, `        function: src/a${i}.js`);
    files[`src/a${i}.js`] = `function main() { return { action: ${i}, round: ${round} }; }`;
  }
  files['manifest.yaml'] = `${lines.join('\n')}\n`;
  return files;
}

export async function deployScenario(client: BenchClient, options: { actions: number; pushes: number; prefix: string }): Promise<DeployResult> {
  const git = await startGitServer();
  const source = `${options.prefix}-deploy`;
  try {
    const repo = await git.createRepo(`bench/${source}`);
    const connected = await client.json('PUT', `/namespaces/_/sources/${source}`, { repository: repo.url });
    if (connected.status !== 200) throw new Error(`connecting the repository answered ${connected.status}: ${JSON.stringify(connected.body)}`);
    const webhook = connected.body.webhook as { url: string; secret: string };
    const hookUrl = new URL(new URL(webhook.url).pathname, client.baseUrl).toString();
    let head = ZERO_COMMIT;
    let failures = 0;

    const timedPush = async (round: number): Promise<number> => {
      const commit = await repo.commit(project(options.actions, round), { message: `round ${round}` });
      const delivery = pushDelivery({ secret: webhook.secret, repositoryUrl: repo.url, branch: 'main', before: head, after: commit });
      head = commit;
      const started = performance.now();
      const answer = await sendDelivery(hookUrl, delivery);
      const { deployment } = (await answer.json()) as { deployment: string };
      for (;;) {
        const { body } = await client.json('GET', `/namespaces/_/deployments/${deployment}`);
        if (body.status === 'succeeded') return performance.now() - started;
        if (body.status === 'failed' || body.status === 'superseded') {
          failures++;
          return performance.now() - started;
        }
        if (performance.now() - started > 60_000) throw new Error(`deployment ${deployment} did not finish in 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    const firstMs = await timedPush(0);
    const updates: number[] = [];
    for (let round = 1; round <= options.pushes; round++) updates.push(await timedPush(round));
    return { actions: options.actions, firstMs: Math.round(firstMs), updates: summarize(updates), failures };
  } finally {
    await client.json('DELETE', `/namespaces/_/sources/${source}?undeploy=true`).catch(() => undefined);
    await git.close();
  }
}

export function deployRows(d: DeployResult): Row[] {
  const out: Row[] = [];
  out.push({
    scenario: `deploy: webhook to succeeded, ${d.actions} actions`,
    p50: d.updates.p50,
    p99: d.updates.p99,
    target: 'p50<3000',
    met: d.updates.p50 < 3000 && d.failures === 0,
    note: `${d.updates.n} pushes changing every action; first push (all created) ${d.firstMs} ms${d.failures ? `; ${d.failures} failed` : ''}`,
  });
  return out;
}
