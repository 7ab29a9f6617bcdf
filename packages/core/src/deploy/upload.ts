// A project uploaded as a zip or a tar.gz (wskdeploy's use: deploy a folder
// with no git involved). The archive is read in memory within bounds (no
// entry leaves the folder, links are skipped, expansion is capped), parsed
// at once so a broken project is a 400 naming its problems, and deployed
// through the queue like any other deployment.
import { gunzipSync } from 'node:zlib';
import type { Db, Prisma } from '@brisk/db';
import { unzipSync } from 'fflate';
import { badRequest, tooLarge } from '../errors.ts';
import { MB } from '../limits.ts';
import type { Caller } from '../namespaces.ts';
import { assertEntityName } from '../names.ts';
import { type DeployQueue, enqueueDeployment } from './deploy-queue.ts';
import { type DeploymentDocument, deploymentColumns, toDeploymentDocument } from './deployments.ts';
import { memoryFiles, parseProject } from './manifest/index.ts';
import { budgetedFiles, MAX_PROJECT_READ_BYTES } from './project-budget.ts';
import { ProjectError } from './project-spec.ts';

export const MAX_UPLOAD_BYTES = 64 * MB;
const MAX_ENTRIES = 20_000;

/** A path inside the archive, as the project sees it; undefined for what is not a plain file inside. */
function entryPath(name: string): string | undefined {
  const path = name.replace(/^\.\//, '');
  if (path === '' || path.endsWith('/') || path.startsWith('/') || /^[A-Za-z]:/.test(path)) return undefined;
  const parts = path.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..') || path.includes('\\')) {
    throw badRequest(`The archive entry "${name}" leaves the project folder.`);
  }
  return path;
}

function readZip(bytes: Buffer): Record<string, Buffer> {
  let expanded = 0;
  let entries = 0;
  const files: Record<string, Buffer> = {};
  const unzipped = unzipSync(bytes, {
    filter: (file) => {
      if (++entries > MAX_ENTRIES) throw tooLarge(`The archive holds more than ${MAX_ENTRIES} entries.`);
      expanded += file.originalSize;
      if (expanded > MAX_PROJECT_READ_BYTES) throw tooLarge(`The archive expands to more than ${MAX_PROJECT_READ_BYTES / MB} MB.`);
      return entryPath(file.name) !== undefined;
    },
  });
  for (const [name, data] of Object.entries(unzipped)) files[entryPath(name)!] = Buffer.from(data);
  return files;
}

const octal = (field: Buffer) => Number.parseInt(field.toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
const text = (field: Buffer) => field.toString('utf8').replace(/\0.*$/s, '');

/** A ustar/pax/GNU tar, regular files only (links and devices are skipped). */
function readTar(tar: Buffer): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  let offset = 0;
  let longName: string | undefined;
  let entries = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    if (++entries > MAX_ENTRIES) throw tooLarge(`The archive holds more than ${MAX_ENTRIES} entries.`);
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156]!);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = text(body);
      continue;
    }
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (path) longName = path[1];
      continue;
    }
    const prefix = text(header.subarray(345, 500));
    const name = longName ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)));
    longName = undefined;
    if (type !== '0' && type !== '\0') continue;
    const path = entryPath(name);
    if (path) files[path] = Buffer.from(body);
  }
  return files;
}

export function readProjectArchive(bytes: Buffer): Record<string, Buffer> {
  if (bytes.length > MAX_UPLOAD_BYTES) throw tooLarge(`The upload is ${(bytes.length / MB).toFixed(1)} MB; the limit is ${MAX_UPLOAD_BYTES / MB} MB.`);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return readZip(bytes);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    let tar: Buffer;
    try {
      tar = gunzipSync(bytes, { maxOutputLength: MAX_PROJECT_READ_BYTES + 8 * MB });
    } catch (error) {
      throw (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
        ? tooLarge(`The archive expands to more than ${MAX_PROJECT_READ_BYTES / MB} MB.`)
        : badRequest(`The upload is not a valid gzip file: ${(error as Error).message}`);
    }
    return readTar(tar);
  }
  throw badRequest('The upload is neither a zip nor a tar.gz file.');
}

/** Deploys an uploaded project folder into the caller's namespace, as a new deployment. */
export async function startUploadDeployment(
  db: Db,
  queue: DeployQueue,
  caller: Caller,
  bytes: Buffer,
  options: { project?: string },
): Promise<DeploymentDocument> {
  if (options.project !== undefined) assertEntityName(options.project, 'project');
  const files = readProjectArchive(bytes);
  let spec: Awaited<ReturnType<typeof parseProject>>;
  try {
    spec = await parseProject(budgetedFiles(memoryFiles(files)), { defaultName: options.project ?? 'upload', variables: {} });
  } catch (error) {
    if (error instanceof ProjectError) throw badRequest(`The project cannot be deployed:\n${error.message}`);
    throw error;
  }
  const row = await db.deployment.create({
    data: { namespaceId: caller.namespaceId, project: spec.name, cause: 'upload', spec: spec as unknown as Prisma.InputJsonValue, logs: [] },
    select: deploymentColumns,
  });
  await enqueueDeployment(queue, row.id);
  return toDeploymentDocument(caller.namespace, row);
}
