import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  url: URL;
  /** The client's address (for per-IP limits). */
  ip: string;
}

export type Handler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  pattern: string;
  regex: RegExp;
  names: string[];
  handlers: Map<string, Handler>;
}

export type Match =
  | { kind: 'found'; pattern: string; handler: Handler; params: Record<string, string> }
  | { kind: 'method'; pattern: string; allow: string[] }
  | { kind: 'none' };

/** Path patterns like `/api/v1/s/:shareId/events`; a segment param never spans a slash. */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    let route = this.routes.find((r) => r.pattern === pattern);
    if (!route) {
      const names: string[] = [];
      const source = pattern
        .split('/')
        .map((seg) => {
          if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(seg.slice(1));
          return '([^/]+)';
        })
        .join('/');
      route = { pattern, regex: new RegExp(`^${source}$`), names, handlers: new Map() };
      this.routes.push(route);
    }
    route.handlers.set(method, handler);
    return this;
  }

  match(method: string, path: string): Match {
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      let bad = false;
      route.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(m[i + 1] ?? '');
        } catch {
          bad = true;
        }
      });
      if (bad) return { kind: 'none' };
      const handler = route.handlers.get(method) ?? (method === 'HEAD' ? route.handlers.get('GET') : undefined);
      if (handler) return { kind: 'found', pattern: route.pattern, handler, params };
      // HEAD is answered wherever GET is (above), so it is allowed there too.
      const allow = [...route.handlers.keys()];
      if (allow.includes('GET') && !allow.includes('HEAD')) allow.splice(allow.indexOf('GET') + 1, 0, 'HEAD');
      return { kind: 'method', pattern: route.pattern, allow };
    }
    return { kind: 'none' };
  }
}
