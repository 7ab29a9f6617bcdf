// `npm run admin`: the operator's commands (OpenWhisk's `wskadmin`), a thin
// layer over core's admin services: parse the words and options, call the
// service, print the answer. Exit codes: 0 done, 1 refused or not found,
// 2 a usage error or bad input, 3 Postgres or Redis unreachable (or a bug).
import {
  asOutage,
  createKey,
  createNamespace,
  deleteNamespace,
  getLimits,
  isBriskError,
  type AdminDeps,
  type BriskErrorKind,
  type LimitName,
  type LimitsView,
  listKeys,
  listNamespaces,
  revokeKey,
  setLimits,
  KEY_CACHE_MS,
} from '@brisk/core';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Opens the connections a command needs; `close` ends them so the process can exit. */
export type Connect = () => { deps: AdminDeps /** Where it connects, for an outage's message. */; where?: string; close(): Promise<void> };

export const EXIT = { ok: 0, refused: 1, usage: 2, unavailable: 3 } as const;

const EXIT_OF: Record<BriskErrorKind, number> = {
  'bad-request': EXIT.usage,
  'too-large': EXIT.usage,
  unauthorized: EXIT.refused,
  forbidden: EXIT.refused,
  'not-found': EXIT.refused,
  conflict: EXIT.refused,
  'precondition-failed': EXIT.refused,
  throttled: EXIT.refused,
  unavailable: EXIT.unavailable,
  internal: EXIT.unavailable,
};

/** The limit options of `limits set`, by their CLI names. */
const LIMIT_OPTIONS: Record<string, LimitName> = {
  'invocations-per-minute': 'invocationsPerMinute',
  concurrent: 'concurrentInvocations',
  'fires-per-minute': 'firesPerMinute',
  'activation-retention-days': 'activationRetentionDays',
};

export const USAGE = `Usage: npm run admin -- <command> [options]

Namespaces
  namespace create NAME      create a namespace and its first key; prints uuid:key
  namespace list             every namespace, its number of keys, whether it has limits of its own
  namespace delete NAME      delete a namespace and everything in it (not guest, not whisk.system)

Keys
  key create NAME            add a key to a namespace; prints uuid:key (shown only now)
  key list NAME              a namespace's keys (uuids and creation times; secrets are not kept)
  key revoke UUID            revoke a key (UUID or the whole uuid:key); refused at once by every web replica

Limits
  limits get NAME            the limits that apply, and which are the platform's defaults
  limits set NAME [--invocations-per-minute N] [--concurrent N] [--fires-per-minute N]
                  [--activation-retention-days N]
                             set any of them; "default" puts one back to the platform's default;
                             0 refuses every invocation (or fire)

Options
  --json                     print list and get answers as JSON
  -h, --help                 this text

Connects to DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/brisk) and REDIS_URL
(default redis://127.0.0.1:6379) with BRISK_REDIS_PREFIX (default brisk), as the web app does.
Exit codes: 0 done, 1 refused or not found, 2 usage error or invalid input, 3 Postgres or Redis unreachable.`;

class UsageError extends Error {}

interface Parsed {
  words: string[];
  options: Map<string, string>;
  json: boolean;
  help: boolean;
}

function parse(argv: readonly string[]): Parsed {
  const words: string[] = [];
  const options = new Map<string, string>();
  let json = false;
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--json') json = true;
    else if (arg === '--') {
      // The end of the options: what follows are words.
      words.push(...argv.slice(index + 1));
      break;
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const value = eq < 0 ? argv[++index] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`--${name} needs a value.`);
      if (options.has(name)) throw new UsageError(`--${name} is given twice.`);
      options.set(name, value);
    } else if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`Unknown option ${arg}.`);
    else words.push(arg);
  }
  return { words, options, json, help };
}

/** A limit's value as given: a whole number, or "default" (null: the platform's). */
function limitValue(option: string, text: string): number | null {
  if (text === 'default') return null;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${option} takes a whole number or "default", not "${text}".`);
  return Number(text);
}

const LABELS: Record<LimitName, string> = {
  invocationsPerMinute: 'invocations-per-minute',
  concurrentInvocations: 'concurrent',
  firesPerMinute: 'fires-per-minute',
  activationRetentionDays: 'activation-retention-days',
};

function limitsText(view: LimitsView): string {
  const rows = (Object.keys(LABELS) as LimitName[]).map(
    (name) => `${LABELS[name].padEnd(27)}${String(view.effective[name]).padEnd(12)}${view.own[name] === null ? 'platform default' : 'set for this namespace'}`,
  );
  const size = `platform defaults sized to ${view.size.capacityPerSecond} activations/s and ${view.size.slots} worker slots unless set by env`;
  return [`namespace ${view.namespace}`, ...rows, size].join('\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

const NOT_NOTIFIED = `warning: Redis could not be told; web replicas apply this within ${KEY_CACHE_MS / 1000} s, when their caches expire.`;

/** Runs one command; answers the exit code. */
export async function runAdmin(argv: readonly string[], io: CliIo, connect: Connect): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  if (parsed.help || parsed.words.length === 0) {
    (parsed.help ? io.out : io.err)(USAGE);
    return parsed.help ? EXIT.ok : EXIT.usage;
  }
  const [group, verb, ...args] = parsed.words;
  const command = `${group} ${verb ?? ''}`.trim();
  const takes = ARITY[command];
  if (takes === undefined) return usageError(io, `Unknown command "${command}".`);
  if (args.length !== 1 && takes === 1)
    return usageError(io, `${command} takes one ${command.startsWith('key revoke') ? 'UUID' : 'NAME'}${args.length > 1 ? ' (quote a name with spaces)' : ''}.`);
  if (args.length !== 0 && takes === 0) return usageError(io, `${command} takes no arguments.`);
  const allowed = command === 'limits set' ? Object.keys(LIMIT_OPTIONS) : [];
  for (const name of parsed.options.keys()) {
    if (!allowed.includes(name)) return usageError(io, `Unknown option --${name} for ${command}.`);
  }
  let change: Partial<Record<LimitName, number | null>> = {};
  try {
    change = Object.fromEntries([...parsed.options].map(([option, text]) => [LIMIT_OPTIONS[option]!, limitValue(option, text)]));
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  if (command === 'limits set' && Object.keys(change).length === 0) {
    return usageError(
      io,
      `limits set needs at least one of ${Object.keys(LIMIT_OPTIONS)
        .map((name) => `--${name}`)
        .join(', ')}.`,
    );
  }

  const name = args[0] ?? '';
  const connection = connect();
  const { deps } = connection;
  const print = (value: unknown, text: () => string) => io.out(parsed.json ? JSON.stringify(value, null, 2) : text());
  try {
    switch (command) {
      case 'namespace create': {
        const created = await createNamespace(deps.db, name);
        io.out(created.key);
        io.err(`Created namespace ${created.namespace}. Keep the key: Brisk stores only its hash.`);
        break;
      }
      case 'namespace list': {
        const namespaces = await listNamespaces(deps.db);
        print(namespaces, () =>
          table(
            ['NAME', 'KEYS', 'LIMITS', 'CREATED'],
            namespaces.map((ns) => [ns.name, String(ns.keys), ns.ownLimits ? 'own' : 'default', ns.createdAt]),
          ),
        );
        break;
      }
      case 'namespace delete': {
        const { deleted, notified } = await deleteNamespace(deps, name);
        io.out(
          `Deleted namespace ${name}: ${plural(deleted.keys, 'key')}, ${plural(deleted.actions, 'action')}, ${plural(deleted.packages, 'package')}, ` +
            `${plural(deleted.triggers, 'trigger')}, ${plural(deleted.rules, 'rule')}, ${plural(deleted.activations, 'activation record')}.`,
        );
        if (!notified) io.err(`${NOT_NOTIFIED} Its alarms, if any, stop at their next tick.`);
        break;
      }
      case 'key create': {
        const created = await createKey(deps.db, name);
        io.out(created.key);
        io.err(`Added a key to namespace ${created.namespace}. Keep it: Brisk stores only its hash.`);
        break;
      }
      case 'key list': {
        const keys = await listKeys(deps.db, name);
        print(keys, () =>
          keys.length === 0
            ? `Namespace ${name} has no keys.`
            : table(
                ['UUID', 'CREATED', 'NOTE'],
                keys.map((key) => [key.uuid, key.createdAt, key.actionKey ? "its actions' key (provide-api-key)" : '']),
              ),
        );
        break;
      }
      case 'key revoke': {
        const revoked = await revokeKey(deps, name);
        io.out(`Revoked key ${revoked.uuid} of namespace ${revoked.namespace}.`);
        if (!revoked.notified) io.err(NOT_NOTIFIED);
        break;
      }
      case 'limits get': {
        const view = await getLimits(deps.db, name);
        print(view, () => limitsText(view));
        break;
      }
      case 'limits set': {
        const { notified, ...view } = await setLimits(deps, name, change);
        print(view, () => limitsText(view));
        if (!notified) io.err(NOT_NOTIFIED);
        break;
      }
    }
    return EXIT.ok;
  } catch (error) {
    const outage = asOutage(error);
    if (outage) {
      io.err(`error: ${outage.message}${connection.where ? ` (${connection.where})` : ''}`);
      return EXIT.unavailable;
    }
    if (isBriskError(error)) {
      io.err(`error: ${error.message}`);
      return EXIT_OF[error.kind];
    }
    io.err(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.unavailable;
  } finally {
    await connection.close();
  }
}

/** How many words each command takes after its name. */
const ARITY: Record<string, 0 | 1> = {
  'namespace create': 1,
  'namespace list': 0,
  'namespace delete': 1,
  'key create': 1,
  'key list': 1,
  'key revoke': 1,
  'limits get': 1,
  'limits set': 1,
};

function usageError(io: CliIo, message: string): number {
  io.err(`error: ${message}\nRun \`npm run admin -- --help\` for the commands.`);
  return EXIT.usage;
}
