// Validation of an action's `exec` for each kind, before anything is stored.
import type { Db } from '@brisk/db';
import type { z } from 'zod';
import type { actionExecSchema } from './entity-schemas.ts';
import { badRequest, tooLarge } from './errors.ts';
import { BLACKBOX_KIND, resolveKind, SEQUENCE_KIND } from './kinds.ts';
import { MAX_CODE_BYTES, MAX_SEQUENCE_LENGTH, MB } from './limits.ts';
import type { Caller } from './namespaces.ts';
import { parseFullyQualifiedName } from './qualified-names.ts';

/** An exec ready to store: the concrete kind and only the fields it uses. */
export interface ValidExec {
  kind: string;
  code: string | null;
  main: string | null;
  binary: boolean;
  image: string | null;
  components: string[];
}

const MAIN = /^[A-Za-z_$][\w$]*$/;
const IMAGE = /^[a-z0-9][a-z0-9._/-]*(?::[\w.-]+)?(?:@sha256:[0-9a-f]{64})?$/;
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

export async function assertActionExec(db: Db, caller: Caller, exec: z.infer<typeof actionExecSchema>): Promise<ValidExec> {
  const kind = resolveKind(exec.kind);
  if (kind === SEQUENCE_KIND) return sequenceExec(db, caller, exec.components);

  const code = exec.code ?? null;
  if (code !== null && Buffer.byteLength(code, 'utf8') > MAX_CODE_BYTES) {
    throw tooLarge(`The action code is ${(Buffer.byteLength(code, 'utf8') / MB).toFixed(1)} MB; the limit is ${MAX_CODE_BYTES / MB} MB.`);
  }
  const binary = exec.binary ?? false;
  if (binary && code !== null) assertZip(code);
  if (exec.main !== undefined && !MAIN.test(exec.main)) {
    throw badRequest(`exec.main "${exec.main}" is not a function name.`);
  }
  const main = exec.main ?? null;

  if (kind === BLACKBOX_KIND) {
    if (!exec.image || !IMAGE.test(exec.image)) throw badRequest('A blackbox action needs exec.image, a Docker image name.');
    return { kind, code, main, binary, image: exec.image, components: [] };
  }
  if (code === null || code.trim() === '') throw badRequest(`A ${kind} action needs exec.code.`);
  return { kind, code, main, binary, image: null, components: [] };
}

function assertZip(code: string): void {
  if (!BASE64.test(code.slice(0, 4096))) throw badRequest('exec.binary is true but exec.code is not base64.');
  const head = Buffer.from(code.slice(0, 8), 'base64');
  if (head[0] !== 0x50 || head[1] !== 0x4b) throw badRequest('exec.binary is true but exec.code is not a base64 zip file.');
}

async function sequenceExec(db: Db, caller: Caller, components: string[] | undefined): Promise<ValidExec> {
  if (!components || components.length === 0) throw badRequest('A sequence needs exec.components, a list of action names.');
  if (components.length > MAX_SEQUENCE_LENGTH) {
    throw badRequest(`A sequence may have at most ${MAX_SEQUENCE_LENGTH} components; this one has ${components.length}.`);
  }
  const resolved: string[] = [];
  for (const component of components) {
    const name = parseFullyQualifiedName(component, caller.namespace);
    if (name.namespace !== caller.namespace) {
      throw badRequest(`The sequence component ${component} is in another namespace.`);
    }
    const exists = await db.action.findUnique({
      where: { namespaceId_packageName_name: { namespaceId: caller.namespaceId, packageName: name.packageName, name: name.name } },
      select: { id: true },
    });
    if (!exists) throw badRequest(`The sequence component ${component} does not exist.`);
    resolved.push(`/${name.namespace}/${name.packageName ? `${name.packageName}/` : ''}${name.name}`);
  }
  return { kind: SEQUENCE_KIND, code: null, main: null, binary: false, image: null, components: resolved };
}
