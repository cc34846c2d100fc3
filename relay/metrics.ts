import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The relay's Prometheus metrics, on a registry of its own (several relays may share a process in tests). */
export interface RelayMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route' | 'status'>;
  statusUpdates: Counter<'source' | 'applied'>;
  sseConnections: Gauge;
  storeErrors: Counter<'kind'>;
  commandStreams: Gauge;
  mqttConnected: Gauge;
  commands: Counter<'outcome'>;
}

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
    storeErrors: new Counter({ name: 'relay_store_errors_total', help: 'Requests that failed because the store was unavailable', labelNames: ['kind'], registers: [registry] }),
    commandStreams: new Gauge({ name: 'relay_command_streams', help: "Open command streams of people's extensions on this replica", registers: [registry] }),
    mqttConnected: new Gauge({ name: 'relay_mqtt_connected', help: '1 while this replica publishes to the MQTT broker and is connected', registers: [registry] }),
    commands: new Counter({ name: 'relay_commands_total', help: 'Dashboard commands issued by this replica, by outcome (ok, failed, expired)', labelNames: ['outcome'], registers: [registry] }),
  };
}
