import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Everything a job reports; jobs (Graph presence, calendar, roster) label their series by name. */
export interface JobMetrics {
  runs: Counter<'job' | 'outcome'>;
  duration: Histogram<'job'>;
  peopleSynced: Counter<'job'>;
  throttledRetries: Counter<'job'>;
  /** HTTP requests a job sent to Graph (a $batch counts once), retries included. */
  requests: Counter<'job'>;
  /** People a run could not sync (a mailbox error, a missing presence), by job. */
  personErrors: Counter<'job'>;
}

/** The relay's Prometheus metrics, on a registry of its own (several relays may share a process in tests). */
export interface RelayMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route' | 'status'>;
  statusUpdates: Counter<'source' | 'applied'>;
  sseConnections: Gauge;
  storeErrors: Counter<'kind'>;
  orgStreamClients: Gauge;
  orgStreamDropped: Counter<'reason'>;
  jobs: JobMetrics;
}

const JOB_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export function createMetrics(options: { defaults?: boolean } = {}): RelayMetrics {
  const registry = new Registry();
  if (options.defaults) collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  return {
    registry,
    requests: new Counter({ name: 'relay_http_requests_total', help: 'HTTP requests by route pattern and status', labelNames, registers: [registry] }),
    latency: new Histogram({
      name: 'relay_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern and status',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    statusUpdates: new Counter({
      name: 'relay_status_updates_total',
      help: 'Source reports received, by source and whether they changed the record',
      labelNames: ['source', 'applied'],
      registers: [registry],
    }),
    sseConnections: new Gauge({ name: 'relay_sse_connections', help: 'Open Server-Sent Events streams', registers: [registry] }),
    orgStreamClients: new Gauge({ name: 'relay_org_stream_clients', help: 'Open organisation stream WebSockets', registers: [registry] }),
    orgStreamDropped: new Counter({ name: 'relay_org_stream_dropped_total', help: 'Organisation stream clients cut by the relay, by reason', labelNames: ['reason'], registers: [registry] }),
    storeErrors: new Counter({ name: 'relay_store_errors_total', help: 'Requests that failed because the store was unavailable', labelNames: ['kind'], registers: [registry] }),
    jobs: {
      runs: new Counter({ name: 'relay_job_runs_total', help: 'Scheduled job runs by job and outcome (ok, failed, lost)', labelNames: ['job', 'outcome'], registers: [registry] }),
      duration: new Histogram({ name: 'relay_job_duration_seconds', help: 'Scheduled job run time by job', labelNames: ['job'], buckets: JOB_BUCKETS, registers: [registry] }),
      peopleSynced: new Counter({ name: 'relay_job_people_synced_total', help: 'People whose status a job brought up to date, by job', labelNames: ['job'], registers: [registry] }),
      throttledRetries: new Counter({ name: 'relay_job_throttled_retries_total', help: 'Requests a job retried after the remote service throttled it (HTTP 429 or 503), by job', labelNames: ['job'], registers: [registry] }),
      requests: new Counter({ name: 'relay_job_graph_requests_total', help: 'HTTP requests a job sent to Microsoft Graph (a $batch counts once), by job', labelNames: ['job'], registers: [registry] }),
      personErrors: new Counter({ name: 'relay_job_person_errors_total', help: 'People a job run could not sync (mailbox errors, missing presence), by job', labelNames: ['job'], registers: [registry] }),
    },
  };
}
