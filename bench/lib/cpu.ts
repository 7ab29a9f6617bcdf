// CPU time spent by the parts of a Brisk of its own, read from /proc and the
// containers' cgroups: CPU per invocation holds still on a busy machine when
// latencies do not.
import { readdirSync, readFileSync } from 'node:fs';
import Docker from 'dockerode';

export interface CpuParts {
  web: number;
  worker: number;
  containers: number;
}

/** Milliseconds of CPU (user + system) used so far by `pid` and its descendants. */
function processTreeMs(pid: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  let ticks = 0;
  for (const member of tree) {
    try {
      const fields = readFileSync(`/proc/${member}/stat`, 'utf8');
      const after = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
      ticks += Number(after[11]) + Number(after[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** Milliseconds of CPU used so far by the containers labelled for `workerId` (cgroup v1 or v2). */
async function containersMs(workerId: string): Promise<number> {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  let ms = 0;
  for (const { Id } of await docker.listContainers({ filters: { label: [`brisk.worker=${workerId}`] } })) {
    const v1 = readOrUndefined(`/sys/fs/cgroup/cpuacct/docker/${Id}/cpuacct.usage`);
    if (v1 !== undefined) {
      ms += Number(v1) / 1e6;
      continue;
    }
    for (const dir of [`/sys/fs/cgroup/docker/${Id}`, `/sys/fs/cgroup/system.slice/docker-${Id}.scope`]) {
      const usec = /usage_usec (\d+)/.exec(readOrUndefined(`${dir}/cpu.stat`) ?? '')?.[1];
      if (usec !== undefined) {
        ms += Number(usec) / 1000;
        break;
      }
    }
  }
  return ms;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Starts counting; the returned function gives the CPU used since, per invocation. */
export async function cpuMeter(processes: { web: number; worker: number }, workerId: string): Promise<(invocations: number) => Promise<CpuParts>> {
  const before = { web: processTreeMs(processes.web), worker: processTreeMs(processes.worker), containers: await containersMs(workerId) };
  return async (invocations) => {
    const per = (now: number, then: number) => Math.round(((now - then) / Math.max(1, invocations)) * 1000) / 1000;
    return {
      web: per(processTreeMs(processes.web), before.web),
      worker: per(processTreeMs(processes.worker), before.worker),
      containers: per(await containersMs(workerId), before.containers),
    };
  };
}
