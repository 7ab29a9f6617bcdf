// What GET /api/v1 (and GET / for API clients) tells clients about this
// installation: API paths, the build, the runtimes on offer with their
// images, and the limits they may use. Deployers read `runtimes` to pick a
// kind, debuggers read each kind's `image`.
import manifest from '../../../runtimes/manifest.json' with { type: 'json' };
import { buildInfo } from './build-info.ts';
import { ACTION_LIMITS, MAX_CODE_BYTES, MAX_PARAMETERS_BYTES, MAX_SEQUENCE_LENGTH } from './limits.ts';
import { defaultLimits, type NamespaceLimits } from './throttles.ts';

interface RuntimeEntry {
  dir: string;
  image: string;
  kinds: string[];
  default?: string;
}

interface RuntimeDescription {
  kind: string;
  image: string;
  default: boolean;
  deprecated: boolean;
  attached: boolean;
  requireMain: boolean;
}

export function platformInfo() {
  const throttles = defaultLimits();
  const runtimes: Record<string, RuntimeDescription[]> = {};
  for (const runtime of (manifest as { runtimes: RuntimeEntry[] }).runtimes) {
    // Several images may serve one family (nodejs:18 on bookworm, nodejs:22 on trixie): one list per family.
    runtimes[runtime.dir] ??= [];
    runtimes[runtime.dir]!.push(
      ...runtime.kinds.map((kind) => ({
        kind,
        image: runtime.image,
        default: kind === runtime.default,
        deprecated: false,
        // The code is sent at init, not attached as a file; `main` defaults, except for Java, where
        // it names the class (as OpenWhisk lists java, so `wsk` asks for --main).
        attached: false,
        requireMain: runtime.dir === 'java',
      })),
    );
  }
  return {
    description: 'Brisk: a self-hosted serverless platform speaking the OpenWhisk REST API',
    api_paths: ['/api/v1'],
    api_version: '1.0.0',
    api_version_path: 'v1',
    ...buildInfo(),
    api_docs: '/api/v1/api-docs',
    swagger_paths: { 'api-docs': '/api/v1/api-docs' },
    runtimes,
    limits: {
      actions_per_minute: throttles.invocationsPerMinute,
      triggers_per_minute: throttles.firesPerMinute,
      concurrent_actions: throttles.concurrentInvocations,
      sequence_length: MAX_SEQUENCE_LENGTH,
      min_action_duration: ACTION_LIMITS.timeoutMs.min,
      max_action_duration: ACTION_LIMITS.timeoutMs.max,
      min_action_memory: ACTION_LIMITS.memoryMb.min * 1024 * 1024,
      max_action_memory: ACTION_LIMITS.memoryMb.max * 1024 * 1024,
      min_action_logs: ACTION_LIMITS.logsMb.min * 1024 * 1024,
      max_action_logs: ACTION_LIMITS.logsMb.max * 1024 * 1024,
      max_action_concurrency: ACTION_LIMITS.concurrency.max,
      max_parameters_bytes: MAX_PARAMETERS_BYTES,
      max_code_bytes: MAX_CODE_BYTES,
      activation_retention_days: throttles.activationRetentionDays,
    },
  };
}

/** GET /namespaces/{ns}/limits, in OpenWhisk's field names. */
export function namespaceLimitsDocument(limits: NamespaceLimits) {
  return {
    /** Brisk's own: how many days this namespace's activation records are kept. */
    activationRetentionDays: limits.activationRetentionDays,
    invocationsPerMinute: limits.invocationsPerMinute,
    concurrentInvocations: limits.concurrentInvocations,
    firesPerMinute: limits.firesPerMinute,
    minActionMemory: ACTION_LIMITS.memoryMb.min * 1024 * 1024,
    maxActionMemory: ACTION_LIMITS.memoryMb.max * 1024 * 1024,
    minActionTimeout: ACTION_LIMITS.timeoutMs.min,
    maxActionTimeout: ACTION_LIMITS.timeoutMs.max,
    minActionLogs: ACTION_LIMITS.logsMb.min * 1024 * 1024,
    maxActionLogs: ACTION_LIMITS.logsMb.max * 1024 * 1024,
    maxActionConcurrency: ACTION_LIMITS.concurrency.max,
    maxParameterSize: MAX_PARAMETERS_BYTES,
  };
}
