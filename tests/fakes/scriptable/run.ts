import { createContext, runInContext } from 'node:vm';
import { FakeColor, FakeFont, FakeImage, FakeListWidget, FakeSFSymbol, FakeSize, recordWidget } from './globals';
import type { RecordedWidget } from './tree';

export type Family = 'small' | 'medium' | 'large' | 'extraLarge' | 'accessoryCircular' | 'accessoryRectangular' | 'accessoryInline';

export interface FakeRequestInfo {
  url: string;
  method: string;
  headers: Record<string, string>;
  timeoutInterval: number;
}

/** What the test's relay answers; throw from the handler to model no network or a timeout. */
export interface FakeResponse {
  status: number;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

export type RequestHandler = (req: FakeRequestInfo) => FakeResponse | Promise<FakeResponse>;

export interface RunOptions {
  /** null = run in the app (no widget family). */
  family: Family | null;
  parameter?: string | null;
  /** Fixed "now" inside the script (epoch ms). */
  now: number;
  handler: RequestHandler;
  /** The phone's local files; pass the same map to later runs to keep the cache. */
  files: Map<string, string>;
}

export interface RunResult {
  widget: RecordedWidget | null;
  presented: string | null;
  completed: boolean;
  requests: FakeRequestInfo[];
  logs: string[];
}

const DOCUMENTS = '/private/var/mobile/Library/Mobile Documents/Scriptable/Documents';

function fileManager(files: Map<string, string>) {
  const missing = (path: string) => new Error(`The file “${path}” couldn’t be opened because there is no such file.`);
  return {
    documentsDirectory: () => DOCUMENTS,
    cacheDirectory: () => '/private/var/mobile/Library/Caches',
    joinPath: (a: string, b: string) => `${a.replace(/\/$/, '')}/${b}`,
    fileExists: (path: string) => files.has(path),
    readString: (path: string) => {
      const v = files.get(path);
      if (v === undefined) throw missing(path);
      return v;
    },
    writeString: (path: string, content: string) => void files.set(path, String(content)),
    remove: (path: string) => {
      if (!files.delete(path)) throw missing(path);
    },
  };
}

function requestClass(handler: RequestHandler, log: FakeRequestInfo[]) {
  return class FakeRequest {
    method = 'GET';
    headers: Record<string, string> = {};
    timeoutInterval = 60;
    response: Record<string, unknown> = {};
    constructor(public url: string) {}
    async loadString(): Promise<string> {
      const info = { url: this.url, method: this.method, headers: { ...this.headers }, timeoutInterval: this.timeoutInterval };
      log.push(info);
      const answer = await handler(info);
      this.response = { url: this.url, statusCode: answer.status, headers: answer.headers ?? { 'Content-Type': 'application/json' } };
      return answer.body ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
    }
    async loadJSON(): Promise<unknown> {
      return JSON.parse(await this.loadString());
    }
  };
}

// Widgets read the clock; a fixed clock makes every run and screenshot reproducible.
const FIXED_CLOCK = `(() => {
  const Real = Date;
  class FixedDate extends Real {
    constructor(...a) { if (a.length === 0) super(__NOW__); else super(...a); }
    static now() { return __NOW__; }
  }
  globalThis.Date = FixedDate;
})();`;

/** Runs a Scriptable script in node:vm against the fake and returns what it drew. */
export async function runScriptable(source: string, opts: RunOptions): Promise<RunResult> {
  const requests: FakeRequestInfo[] = [];
  const logs: string[] = [];
  let widget: FakeListWidget | null = null;
  let completed = false;
  const family = opts.family;
  const created: FakeListWidget[] = [];
  class RecordingListWidget extends FakeListWidget {
    constructor() {
      super();
      created.push(this);
    }
  }
  const context = createContext({
    __NOW__: opts.now,
    ListWidget: RecordingListWidget,
    Color: FakeColor,
    Font: FakeFont,
    Size: FakeSize,
    Image: FakeImage,
    SFSymbol: FakeSFSymbol,
    Request: requestClass(opts.handler, requests),
    FileManager: { local: () => fileManager(opts.files), iCloud: () => fileManager(opts.files) },
    config: {
      widgetFamily: family,
      runsInWidget: family !== null,
      runsInAccessoryWidget: family?.startsWith('accessory') ?? false,
      runsInApp: family === null,
      runsFromHomeScreen: false,
    },
    args: { widgetParameter: opts.parameter ?? null, plainTexts: [], urls: [], fileURLs: [], images: [], queryParameters: {}, shortcutParameter: null, notification: null },
    Script: {
      name: () => 'Teams Status',
      setWidget: (w: FakeListWidget) => void (widget = w),
      complete: () => void (completed = true),
    },
    console: { log: (...a: unknown[]) => logs.push(a.join(' ')), warn: (...a: unknown[]) => logs.push(a.join(' ')), error: (...a: unknown[]) => logs.push(a.join(' ')) },
  });
  runInContext(FIXED_CLOCK, context);
  const run = runInContext(`(async () => {\n${source}\n})()`, context, { filename: 'teams-status.js' }) as Promise<void>;
  await run;
  const shown = (widget as FakeListWidget | null) ?? created.find((w) => w.presented !== null) ?? null;
  return { widget: shown ? recordWidget(shown) : null, presented: shown?.presented ?? null, completed, requests, logs };
}
