import { AuthenticationHandler, Client, RetryHandler, RetryHandlerOptions, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { GraphSettings } from '../config';
import { AppTokenProvider } from './app-token';
import { createHttpsTransport, type HttpsTransport } from './https-transport';
import { Permits } from './permits';

/** The relay's own Microsoft Graph access (application permissions), shared by every job. */
export interface GraphApp {
  /** The SDK client: single requests, retried by its RetryHandler (429/503/504, Retry-After). */
  client: Client;
  tokens: AppTokenProvider;
  settings: GraphSettings;
  /** HTTP requests sent to Graph so far (retries included), for the jobs' summaries. */
  readonly requestCount: number;
  close(): void;
}

export interface GraphAppOptions {
  /** Extra CA (PEM) to trust: the tests' local Microsoft fake. */
  ca?: string;
  now?: () => number;
}

/** Holds one of the app's permits for each HTTP request, retries included: GRAPH_MAX_CONCURRENCY is the app's, not a job's. */
class ConcurrencyLimit implements Middleware {
  private next?: Middleware;
  count = 0;

  constructor(private readonly permits: Permits) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  execute(context: Context): Promise<void> {
    return this.permits.use(() => {
      this.count++;
      return this.next!.execute(context);
    });
  }
}

export function createGraphApp(settings: GraphSettings, options: GraphAppOptions = {}): GraphApp {
  const transport: HttpsTransport = createHttpsTransport({ ca: options.ca, maxSockets: settings.maxConcurrency });
  const tokens = new AppTokenProvider(settings, transport, options.now);
  const limit = new ConcurrencyLimit(new Permits(settings.maxConcurrency));
  const auth = new AuthenticationHandler(tokens);
  const retry = new RetryHandler(new RetryHandlerOptions(1, 5));
  auth.setNext(retry);
  retry.setNext(limit);
  limit.setNext(transport.middleware);
  const base = new URL(settings.baseUrl);
  const client = Client.initWithMiddleware({
    middleware: auth,
    baseUrl: settings.baseUrl,
    defaultVersion: 'v1.0',
    // The SDK attaches the token only to hosts it knows as Graph's; sovereign clouds and tests add theirs.
    customHosts: new Set([base.hostname]),
  });
  return {
    client,
    tokens,
    settings,
    get requestCount() {
      return limit.count;
    },
    close: () => transport.close(),
  };
}
