// Validation of an action's `exec` for each kind, before anything is stored.
import type { Db } from '@brisk/db';
import type { z } from 'zod';
import type { actionExecSchema } from './entity-schemas.ts';
import { resolveInvocable } from './action-resolver.ts';
import { badRequest, isBriskError, tooLarge } from './errors.ts';
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
/** Java's `main` is a class, `com.example.Hello`, optionally with its method: `com.example.Hello#handle` (OpenWhisk's convention). */
const JAVA_MAIN = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:#[A-Za-z_$][\w$]*)?$/;
const IMAGE = /^[a-z0-9][a-z0-9._/-]*(?::[\w.-]+)?(?:@sha256:[0-9a-f]{64})?$/;
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

export async function assertActionExec(db: Db, caller: Caller, exec: z.infer<typeof actionExecSchema>): Promise<ValidExec> {
  const kind = resolveKind(exec.kind);
  if (kind === SEQUENCE_KIND) return sequenceExec(db, caller, exec.components);

  const code = exec.code ?? null;
  if (code !== null && Buffer.byteLength(code, 'utf8') > MAX_CODE_BYTES) {
    throw tooLarge(`The action code is ${(Buffer.byteLength(code, 'utf8') / MB).toFixed(1)} MB; the limit is ${MAX_CODE_BYTES / MB} MB.`);
  }
  const binary = isBinaryCode(exec.binary, code);
  const java = kind.startsWith('java:');
  if (exec.main !== undefined && !(java ? JAVA_MAIN : MAIN).test(exec.main)) {
    throw badRequest(
      java
        ? `exec.main "${exec.main}" is not a class name (com.example.Hello, or com.example.Hello#method).`
        : `exec.main "${exec.main}" is not a function name.`,
    );
  }
  const main = exec.main ?? null;

  if (kind === BLACKBOX_KIND) {
    if (!exec.image || !IMAGE.test(exec.image)) throw badRequest('A blackbox action needs exec.image, a Docker image name.');
    return { kind, code, main, binary, image: exec.image, components: [] };
  }
  if (code === null || code.trim() === '') throw badRequest(`A ${kind} action needs exec.code.`);
  // Java runs compiled classes only: the runtime has no compiler (runtimes/README.md, "Java").
  if (java && !binary) throw badRequest(`A ${kind} action's code must be a jar (base64, binary: true); Java source is not compiled by Brisk.`);
  return { kind, code, main, binary, image: null, components: [] };
}

/**
 * Whether the code is a zip archive in base64. As in OpenWhisk, the code
 * decides, not the client's flag: the Serverless provider, the `openwhisk`
 * client given a Buffer, and manifests naming a .zip all send a zip without
 * `binary: true`. Source text is never a base64 zip (it would have to start
 * with "UEs"), so the check cannot mistake one for the other. A client that
 * does say `binary: true` about code that is no zip is told so.
 */
export function isBinaryCode(declared: boolean | undefined, code: string | null): boolean {
  if (code === null) return false;
  const zip = isBase64Zip(code);
  if (declared === true && !zip) {
    throw badRequest(
      BASE64.test(code.slice(0, 4096)) ? 'exec.binary is true but exec.code is not a base64 zip file.' : 'exec.binary is true but exec.code is not base64.',
    );
  }
  return zip;
}

function isBase64Zip(code: string): boolean {
  const start = code.trimStart();
  if (!BASE64.test(start.slice(0, 4096))) return false;
  const head = Buffer.from(start.slice(0, 8), 'base64');
  return head[0] === 0x50 && head[1] === 0x4b;
}

async function sequenceExec(db: Db, caller: Caller, components: string[] | undefined): Promise<ValidExec> {
  if (!components || components.length === 0) throw badRequest('A sequence needs exec.components, a list of action names.');
  if (components.length > MAX_SEQUENCE_LENGTH) {
    throw badRequest(`A sequence may have at most ${MAX_SEQUENCE_LENGTH} components; this one has ${components.length}.`);
  }
  const resolved: string[] = [];
  for (const component of components) {
    const name = parseFullyQualifiedName(component, caller.namespace);
    // As it will run: with the caller's rights, so an action of the caller's
    // own, one reached through its binding, or one of another namespace's
    // published package (a /whisk.system utility). Resolved again at run time.
    try {
      await resolveInvocable(db, caller, { packageName: name.packageName, name: name.name }, name.namespace);
    } catch (error) {
      if (!isBriskError(error) || (error.kind !== 'not-found' && error.kind !== 'forbidden')) throw error;
      throw badRequest(
        error.kind === 'forbidden'
          ? `The sequence component ${component} is in a package of another namespace that is not shared.`
          : `The sequence component ${component} does not exist.`,
      );
    }
    resolved.push(`/${name.namespace}/${name.packageName ? `${name.packageName}/` : ''}${name.name}`);
  }
  return { kind: SEQUENCE_KIND, code: null, main: null, binary: false, image: null, components: resolved };
}
