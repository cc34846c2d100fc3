import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Everything a job reports; jobs (Graph presence, calendar, roster) label their series
 * `job_name`, because Prometheus gives every scraped series a `job` label of its own.
 */
export interface JobMetrics {
  runs: Counter<'job_name' | 'outcome'>;
  duration: Histogram<'job_name'>;
  peopleSynced: Counter<'job_name'>;
  throttledRetries: Counter<'job_name'>;
  /** HTTP requests a job sent to Graph (a $batch counts once), retries included. */
  requests: Counter<'job_name'>;
  /** People a run could not sync (a mailbox error, a missing presence), by job. */
  personErrors: Counter<'job_name'>;
}

/**
 * The relay's Prometheus metrics, on a registry of its own (several relays may share a process in
 * tests). Names follow Prometheus' conventions so `promtool check metrics` passes without warnings.
 */
export interface RelayMetrics {
  registry: Registry;
  /** The text /metrics answers: this registry, or with RELAY_WORKERS every worker's together. */
  scrape(): Promise<string>;
  /** With RELAY_WORKERS: this worker's share of the requests (relay_worker_http_requests_total); null otherwise. */
  workerRequests: { inc(): void } | null;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route' | 'status'>;
  /** Reports received by source, and whether they were newer than the stored one. */
  statusUpdates: Counter<'source' | 'applied'>;
  /** Reports that changed what people see (availability, activity or call), by the resulting availability. */
  statusChanges: Counter<'source' | 'availability'>;
  /** Open live streams: `sse` (status pages), `websocket` (the organisation board). */
  openStreams: Gauge<'transport'>;
  storeErrors: Counter<'operation'>;
  storeDuration: Histogram<'operation'>;
  jobs: JobMetrics;
  orgStreamClients: Gauge;
  orgStreamDropped: Counter<'reason'>;
  commandStreams: Gauge;
  mqttConnected: Gauge;
  commands: Counter<'outcome'>;
  /** Requests and sockets refused by a connection limit or timeout, by reason (the error code). */
  refused: Counter<'reason'>;
  /** Open HTTP/2 (h2c) sessions, and the streams on them not yet let go (h2c.ts keeps both). */
  http2Sessions: Gauge;
  http2Streams: Gauge;
  /** HTTP/2 sessions ended, by who or what ended them (H2_SESSION_END_REASONS). */
  http2SessionsClosed: Counter<'reason'>;
  /** Delivery attempts by channel type and outcome (delivered, retrying, postponed for a receiver limit, dead, dropped). */
  notifyDeliveries: Counter<'channel_type' | 'outcome'>;
}

/** prom-client's default gauges named like counters; Prometheus' lint rejects the `_total` suffix on a gauge. */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * Why an HTTP/2 session ended: the relay closed it idle after its streams, it opened no stream
 * within HEADERS_TIMEOUT_MS, the relay shut down (GOAWAY, then its deadline), it failed (a
 * protocol error), or the client ended it (its GOAWAY, or its socket closed or reset).
 */
export const H2_SESSION_END_REASONS = ['idle', 'request_timeout', 'shutdown', 'error', 'client'] as const;
export type H2SessionEndReason = (typeof H2_SESSION_END_REASONS)[number];

const FAST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const JOB_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** A worker of RELAY_WORKERS (relay/cluster/): its slot, and how a scrape reaches all the replica's workers. */
export interface WorkerMetrics {
  slot: number;
  /** Given this worker's registry (which the primary will ask for), the scrape of the whole replica. */
  replicaScrape(own: Registry): () => Promise<string>;
}

/** This worker's series, at 0 from the start: a worker that has not answered yet shows as 0, not absent. */
function workerCounter(registers: Registry[], slot: number): { inc(): void } {
  const counter = new Counter({ name: 'relay_worker_http_requests_total', help: 'HTTP requests answered by each worker process of this replica (RELAY_WORKERS)', labelNames: ['worker'], registers });
  const mine = counter.labels({ worker: String(slot) });
  mine.inc(0);
  return mine;
}

export function createMetrics(options: { defaults?: boolean; worker?: WorkerMetrics } = {}): RelayMetrics {
  const registry = new Registry();
  const { worker } = options;
  if (options.defaults) {
    // A worker's CPU and memory stay its own series (labelled), as prom-client's sums would hide a hot worker.
    collectDefaultMetrics({ register: registry, labels: worker ? { worker: String(worker.slot) } : undefined });
    for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  }
  const registers = [registry];
  const http = ['method', 'route', 'status'] as const;
  const metrics: RelayMetrics = {
    registry,
    scrape: worker ? worker.replicaScrape(registry) : () => registry.metrics(),
    workerRequests: worker ? workerCounter(registers, worker.slot) : null,
    requests: new Counter({ name: 'relay_http_requests_total', help: 'HTTP requests by route pattern and status', labelNames: http, registers }),
    latency: new Histogram({
      name: 'relay_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern and status (event streams excluded: they last as long as the viewer stays)',
      labelNames: http,
      buckets: FAST_BUCKETS,
      registers,
    }),
    statusUpdates: new Counter({
      name: 'relay_status_updates_total',
      help: 'Source reports received, by source and whether they changed the record',
      labelNames: ['source', 'applied'],
      registers,
    }),
    statusChanges: new Counter({
      name: 'relay_status_changes_total',
      help: 'Reports that changed availability, activity or call state, by reporting source and resulting availability',
      labelNames: ['source', 'availability'],
      registers,
    }),
    openStreams: new Gauge({ name: 'relay_open_streams', help: 'Open live streams on this replica, by transport (sse, websocket)', labelNames: ['transport'], registers }),
    storeErrors: new Counter({ name: 'relay_store_errors_total', help: 'Store calls that failed because the store was unavailable, by operation', labelNames: ['operation'], registers }),
    storeDuration: new Histogram({
      name: 'relay_store_operation_duration_seconds',
      help: 'Store round trips by operation (Redis or the embedded store), failures included',
      labelNames: ['operation'],
      buckets: FAST_BUCKETS,
      registers,
    }),
    jobs: {
      runs: new Counter({ name: 'relay_job_runs_total', help: 'Scheduled job runs by job and outcome (ok, failed, skipped)', labelNames: ['job_name', 'outcome'], registers }),
      duration: new Histogram({ name: 'relay_job_duration_seconds', help: 'Scheduled job run time by job', labelNames: ['job_name'], buckets: JOB_BUCKETS, registers }),
      peopleSynced: new Counter({ name: 'relay_job_people_synced_total', help: 'People whose status a job brought up to date, by job', labelNames: ['job_name'], registers }),
      throttledRetries: new Counter({
        name: 'relay_job_throttled_retries_total',
        help: 'Requests a job retried after the remote service throttled it (HTTP 429 or 503), by job',
        labelNames: ['job_name'],
        registers,
      }),
      requests: new Counter({ name: 'relay_job_graph_requests_total', help: 'HTTP requests a job sent to Microsoft Graph (a $batch counts once), by job', labelNames: ['job_name'], registers }),
      personErrors: new Counter({ name: 'relay_job_person_errors_total', help: 'People a job run could not sync (mailbox errors, missing presence), by job', labelNames: ['job_name'], registers }),
    },
    orgStreamClients: new Gauge({ name: 'relay_org_stream_clients', help: 'Open organisation stream WebSockets', registers }),
    orgStreamDropped: new Counter({ name: 'relay_org_stream_dropped_total', help: 'Organisation stream clients cut by the relay, by reason', labelNames: ['reason'], registers }),
    commandStreams: new Gauge({ name: 'relay_command_streams', help: "Open command streams of people's extensions on this replica", registers }),
    mqttConnected: new Gauge({ name: 'relay_mqtt_connected', help: '1 while this replica publishes to the MQTT broker and is connected', registers }),
    commands: new Counter({ name: 'relay_commands_total', help: 'Dashboard commands issued by this replica, by outcome (ok, failed, expired)', labelNames: ['outcome'], registers }),
    notifyDeliveries: new Counter({
      name: 'relay_notify_deliveries_total',
      help: 'Notification delivery attempts by channel type and outcome (delivered, retrying, postponed for a receiver limit, dead, dropped)',
      labelNames: ['channel_type', 'outcome'],
      registers,
    }),
    refused: new Counter({ name: 'relay_connections_refused_total', help: 'Sockets and streams refused by a connection cap or timeout, by reason', labelNames: ['reason'], registers }),
    http2Sessions: new Gauge({ name: 'relay_http2_sessions', help: 'Open HTTP/2 (h2c) sessions on this replica: connections from proxies that speak HTTP/2', registers }),
    http2Streams: new Gauge({ name: 'relay_http2_streams', help: 'Open HTTP/2 streams on this replica, over all its sessions', registers }),
    http2SessionsClosed: new Counter({
      name: 'relay_http2_sessions_closed_total',
      help: 'HTTP/2 sessions ended, by reason (idle, request_timeout, shutdown, error, client)',
      labelNames: ['reason'],
      registers,
    }),
  };
  // Zero rather than absent: a dashboard shows "no streams", not "no data".
  for (const transport of ['sse', 'websocket']) metrics.openStreams.set({ transport }, 0);
  for (const reason of H2_SESSION_END_REASONS) metrics.http2SessionsClosed.inc({ reason }, 0);
  return metrics;
}
