// OpenWhisk's per-action metrics, under the names and labels of its
// user-events service (core/monitoring/user-events), so dashboards and
// alerts written for OpenWhisk read Brisk's too: activations, cold starts,
// wait, init and run time, and the status of each activation. They are
// counted in the settle step, from the finished record, in memory: a few
// counter increments, no Redis round trip (the registry is published every
// few seconds, see core metrics/published-metrics.ts).
import { annotation, jobActionPath, type ActivationJob, type ActivationRecord } from '@brisk/core';
import { Counter, Histogram, type Registry } from 'prom-client';

/** OpenWhisk's `status` label values (its ActivationResponse statuses), by status code. */
export const STATUS_LABELS = ['success', 'application_error', 'action_developer_error', 'whisk_internal_error'] as const;

/** The `action` label of the actions past a namespace's bound (see ActivationMetrics). */
export const OTHER_ACTIONS = '_other';

/**
 * Seconds, from a sub-millisecond warm run to the longest timeout (300 s);
 * Prometheus's default buckets start at 5 ms, where a warm Brisk call already is.
 */
const SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

// OpenWhisk's labels: `namespace` where the action lives, `initiator` the
// namespace that invoked it (they differ for a shared package's action),
// `action` its name within the namespace (`package/action` in a package).
// `kind` is on every family here (OpenWhisk has it on the activation count
// only): it costs no series, an action has one kind.
const SERIES_LABELS = ['namespace', 'initiator', 'action', 'kind'] as const;

interface ActionSeries {
  activations: { inc(): void };
  coldStarts: { inc(): void };
  status: { inc(): void }[];
  waitTime: { observe(value: number): void };
  initTime: { observe(value: number): void };
  duration: { observe(value: number): void };
}

export interface ActivationMetricsOptions {
  /**
   * Distinct actions (with their initiators) one namespace may have series
   * for in this worker; later ones are counted together as `_other`. The
   * bound keeps a namespace with thousands of actions from costing Prometheus
   * thousands of histograms per worker.
   */
  actionsPerNamespace: number;
}

export class ActivationMetrics {
  private readonly activations: Counter;
  private readonly coldStarts: Counter;
  private readonly status: Counter;
  private readonly waitTime: Histogram;
  private readonly initTime: Histogram;
  private readonly duration: Histogram;
  /** Label children per series, so an activation costs a map lookup and a few increments. */
  private readonly series = new Map<string, ActionSeries>();
  /** Per namespace: the actions that have series of their own. */
  private readonly actionsOf = new Map<string, Set<string>>();

  constructor(
    registry: Registry,
    private readonly options: ActivationMetricsOptions,
  ) {
    const registers = [registry];
    this.activations = new Counter({
      name: 'openwhisk_action_activations_total',
      help: 'Activations of the action',
      labelNames: [...SERIES_LABELS, 'memory'],
      registers,
    });
    this.coldStarts = new Counter({
      name: 'openwhisk_action_coldStarts_total',
      help: 'Activations that had to initialize a container (cold or prewarmed) first',
      labelNames: SERIES_LABELS,
      registers,
    });
    this.status = new Counter({
      name: 'openwhisk_action_status',
      help: 'Activations by how they ended: success, application_error, action_developer_error, whisk_internal_error',
      labelNames: [...SERIES_LABELS, 'status'],
      registers,
    });
    const histogram = (name: string, help: string) => new Histogram({ name, help, labelNames: SERIES_LABELS, buckets: SECONDS_BUCKETS, registers });
    this.waitTime = histogram('openwhisk_action_waitTime_seconds', 'Time between the activation being accepted and the worker starting it');
    this.initTime = histogram('openwhisk_action_initTime_seconds', 'Time the /init of a container took');
    this.duration = histogram('openwhisk_action_duration_seconds', 'Time the activation ran');
  }

  /** Counts one finished activation (every record the settle step stores). */
  record(job: ActivationJob, record: ActivationRecord): void {
    const path = jobActionPath(job);
    const slash = path.indexOf('/');
    const namespace = slash < 0 ? job.namespace : path.slice(0, slash);
    const action = this.boundedAction(namespace, job.namespace, slash < 0 ? path : path.slice(slash + 1));
    const kind = String(annotation(record.annotations, 'kind') ?? job.action.kind);
    const memory = (annotation(record.annotations, 'limits') as { memory?: unknown } | undefined)?.memory;
    const series = this.seriesOf(namespace, job.namespace, action, kind, memory === undefined ? '' : String(memory));
    series.activations.inc();
    series.status[record.statusCode]?.inc();
    const waitTime = annotation(record.annotations, 'waitTime');
    if (typeof waitTime === 'number') series.waitTime.observe(waitTime / 1000);
    // As OpenWhisk: an activation that ran /init is a cold start (a prewarmed stem cell included).
    const initTime = annotation(record.annotations, 'initTime');
    if (typeof initTime === 'number') {
      series.coldStarts.inc();
      series.initTime.observe(initTime / 1000);
    }
    series.duration.observe(record.duration / 1000);
  }

  private boundedAction(namespace: string, initiator: string, action: string): string {
    let actions = this.actionsOf.get(namespace);
    if (!actions) {
      actions = new Set();
      this.actionsOf.set(namespace, actions);
    }
    const key = `${initiator}\n${action}`;
    if (actions.has(key)) return action;
    if (actions.size >= this.options.actionsPerNamespace) return OTHER_ACTIONS;
    actions.add(key);
    return action;
  }

  private seriesOf(namespace: string, initiator: string, action: string, kind: string, memory: string): ActionSeries {
    const key = `${namespace}\n${initiator}\n${action}\n${kind}\n${memory}`;
    let series = this.series.get(key);
    if (!series) {
      const labels = { namespace, initiator, action, kind };
      series = {
        activations: this.activations.labels({ ...labels, memory }),
        coldStarts: this.coldStarts.labels(labels),
        status: STATUS_LABELS.map((status) => this.status.labels({ ...labels, status })),
        waitTime: this.waitTime.labels(labels),
        initTime: this.initTime.labels(labels),
        duration: this.duration.labels(labels),
      };
      this.series.set(key, series);
    }
    return series;
  }
}
