// The deployment files hold together: Kubernetes objects refer only to
// objects that exist (no cluster here to apply them to), the compose file
// names the images `npm run images` builds, and the worker's channel
// directory is the same path on the host and in the worker everywhere.
// Debian's docker-compose and kubectl, when installed, check the files too.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { APP_IMAGES } from './app-images.ts';
import { REPO_ROOT } from './config.ts';
import { findExecutable } from './services.ts';

const K8S_DIR = path.join(REPO_ROOT, 'deploy/k8s');
const BUILT_IMAGES: string[] = Object.values(APP_IMAGES);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  // Checked field by field in the tests below.
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

function manifests(): { file: string; object: K8sObject }[] {
  return readdirSync(K8S_DIR)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(K8S_DIR, file), 'utf8')).map((doc) => {
        expect(doc.errors, file).toEqual([]);
        return { file, object: doc.toJS() as K8sObject };
      }),
    );
}

const objects = manifests().map((m) => m.object);
const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const workloads = objects.filter((o) => ['Deployment', 'DaemonSet', 'Job'].includes(o.kind));
const config = find('ConfigMap', 'brisk-config');

describe('deploy/k8s', () => {
  it('has a web Deployment and Service, a worker DaemonSet, the migrate Job, config and secret, all in the brisk namespace', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/brisk-config',
      'DaemonSet/brisk-worker',
      'Deployment/brisk-web',
      'Job/brisk-migrate',
      'Namespace/brisk',
      'Secret/brisk-secrets',
      'Service/brisk-web',
    ]);
    for (const o of objects.filter((o) => o.kind !== 'Namespace')) expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe('brisk');
  });

  it('lists every manifest in kustomization.yaml', () => {
    const kustomization = parse(readFileSync(path.join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    const files = readdirSync(K8S_DIR).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
  });

  it('refers only to config maps, secrets and volumes that exist, and runs only images npm run images builds', () => {
    for (const w of workloads) {
      const pod = w.spec.template.spec;
      const volumes = new Set((pod.volumes ?? []).map((v: { name: string }) => v.name));
      for (const c of pod.containers) {
        expect(BUILT_IMAGES, `${w.metadata.name}: ${c.image}`).toContain(c.image);
        for (const source of c.envFrom ?? []) {
          if (source.configMapRef) expect(find('ConfigMap', source.configMapRef.name), source.configMapRef.name).toBeDefined();
          if (source.secretRef) expect(find('Secret', source.secretRef.name), source.secretRef.name).toBeDefined();
        }
        for (const mount of c.volumeMounts ?? []) expect(volumes, `${w.metadata.name}: volume ${mount.name}`).toContain(mount.name);
        const ports = new Set((c.ports ?? []).map((p: { name: string }) => p.name));
        for (const probe of [c.readinessProbe, c.livenessProbe].filter(Boolean)) expect(ports).toContain(probe.httpGet.port);
      }
      if (w.kind !== 'Job') expect(w.spec.template.metadata.labels).toMatchObject(w.spec.selector.matchLabels);
    }
  });

  it('routes the web Service to the web pods, and the workers reach the API through it', () => {
    const service = find('Service', 'brisk-web');
    const web = find('Deployment', 'brisk-web');
    expect(web?.spec.template.metadata.labels).toMatchObject(service?.spec.selector);
    const container = web?.spec.template.spec.containers[0];
    const port = service?.spec.ports[0];
    expect(container.ports.map((p: { name: string }) => p.name)).toContain(port.targetPort);
    const api = new URL(config?.data?.BRISK_API_URL ?? '');
    expect(api.hostname.split('.').slice(0, 2)).toEqual(['brisk-web', 'brisk']);
    expect(Number(api.port)).toBe(port.port);
  });

  it("mounts the node's Docker socket and channel directories into the worker at the node's own paths", () => {
    const pod = find('DaemonSet', 'brisk-worker')?.spec.template.spec;
    const mounts = pod.containers[0].volumeMounts as { name: string; mountPath: string }[];
    const hostPath = (name: string) => pod.volumes.find((v: { name: string }) => v.name === name).hostPath.path;
    for (const mount of mounts) expect(mount.mountPath, mount.name).toBe(hostPath(mount.name));
    expect(mounts.map((m) => m.mountPath)).toContain(config?.data?.BRISK_SOCKET_ROOT);
    expect(mounts.map((m) => m.mountPath)).toContain('/var/run/docker.sock');
  });

  it.skipIf(!findExecutable('kubectl'))('renders with kubectl kustomize (offline)', () => {
    const run = spawnSync('kubectl', ['kustomize', K8S_DIR], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(parseAllDocuments(run.stdout).length).toBe(objects.length);
  });
});

describe('docker-compose.yml', () => {
  const file = path.join(REPO_ROOT, 'docker-compose.yml');
  const compose = parse(readFileSync(file, 'utf8'), { merge: true }) as {
    services: Record<string, { image: string; environment?: Record<string, string>; volumes?: string[] }>;
  };

  it('runs the images npm run images builds, Postgres and Redis included', () => {
    const defaulted = (image: string) => image.replace(/^\$\{[A-Z_]+:-(.+)\}$/, '$1');
    expect(Object.keys(compose.services).sort()).toEqual(['migrate', 'postgres', 'redis', 'web', 'worker']);
    for (const [name, service] of Object.entries(compose.services)) expect(BUILT_IMAGES, name).toContain(defaulted(service.image));
  });

  it('mounts the channel directories at the path the worker is told, the same as on the host', () => {
    const worker = compose.services.worker;
    const root = worker?.environment?.BRISK_SOCKET_ROOT;
    expect(worker?.volumes).toContain(`${root}:${root}`);
  });

  const dockerCompose = findExecutable('docker-compose');
  it.skipIf(!dockerCompose)('is accepted by docker-compose config, and refused with the reason when a secret is missing', () => {
    const env = { PATH: process.env.PATH, POSTGRES_PASSWORD: 'pw', BRISK_SECRETS_KEY: 'k' };
    const ok = spawnSync('docker-compose', ['-f', file, 'config', '-q'], { encoding: 'utf8', env, timeout: 30_000 });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const missing = spawnSync('docker-compose', ['-f', file, 'config', '-q'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, POSTGRES_PASSWORD: 'pw' },
      timeout: 30_000,
    });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('set BRISK_SECRETS_KEY');
  });
});
