// The Docker engine calls the image builds share: inspect, build from a
// context, the engine's JSON progress stream, and the labels that record what
// an image was built from (so a changed input triggers a rebuild).
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { lineSplitter, tail, type Log } from './progress.js';

/** What one step did and how long it took, for the summaries. */
export interface ImageStep {
  image: string;
  action: 'up-to-date' | 'imported' | 'built';
  /** Why it was (re)built, or a note on an up-to-date image. */
  reason?: string;
  ms: number;
}

export const LABEL = { baseSpec: 'brisk.base-spec', kinds: 'brisk.kinds', sourceHash: 'brisk.source-hash', baseId: 'brisk.base-id' } as const;

/**
 * Builds an image from a folder's files (dockerode packs `{context, src}`
 * with tar-fs itself, honouring .dockerignore) or from a tar stream, logging
 * each Dockerfile step and failing with the build's last lines.
 */
export async function buildImage(
  docker: Docker,
  context: Docker.ImageBuildContext | NodeJS.ReadableStream,
  options: Docker.ImageBuildOptions,
  log: Log,
): Promise<void> {
  const stream = await docker.buildImage(context, options);
  const recent = tail(30);
  const error = await readJsonStream(stream, (event) => {
    if (typeof event.stream !== 'string') return;
    for (const line of event.stream.split('\n')) {
      if (!line.trim()) continue;
      recent.add(line);
      if (/^Step \d+\/\d+ :/.test(line)) log(line);
    }
  });
  if (error) throw new Error(`docker build of ${options.t} failed: ${error}\nlast output:\n${recent.text()}`);
}

type ImageInfo = Awaited<ReturnType<Docker.Image['inspect']>>;

export async function inspectImage(docker: Docker, name: string): Promise<ImageInfo | undefined> {
  try {
    return await docker.getImage(name).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/**
 * Reads the engine's newline-delimited JSON progress stream (build, import),
 * resolving with the first `error` it reports, or undefined.
 */
export function readJsonStream(
  stream: Readable | NodeJS.ReadableStream,
  onEvent: (event: { stream?: unknown; error?: unknown }) => void,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let error: string | undefined;
    const lines = lineSplitter((line) => {
      if (!line.trim()) return;
      let event: { stream?: unknown; error?: unknown; errorDetail?: { message?: unknown } };
      try {
        event = JSON.parse(line);
      } catch {
        return;
      } // not JSON: nothing to act on
      if (event.error !== undefined && error === undefined) error = String(event.errorDetail?.message ?? event.error);
      onEvent(event);
    });
    stream.on('data', (chunk: Buffer) => lines.push(chunk));
    stream.on('end', () => {
      lines.end();
      resolve(error);
    });
    stream.on('error', reject);
  });
}

export function splitImageName(image: string): { repo: string; tag: string } {
  // The tag is after the last colon that follows the last slash (registry:port/name:tag).
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? { repo: image.slice(0, colon), tag: image.slice(colon + 1) } : { repo: image, tag: 'latest' };
}
