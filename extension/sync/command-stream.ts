import { createParser } from 'eventsource-parser';
import { commandSchema, type Command, type CommandResult } from '../../core';
import { createRelayClient } from './relay-client';

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;

export interface CommandTarget {
  relayUrl: string;
  token: string;
}

export interface CommandStreamDeps {
  fetch?: typeof fetch;
  /** Carry the command out; throws words for the person when it cannot be done. */
  perform(command: Command): Promise<void>;
  log(line: string): void;
}

/**
 * Holds GET /api/v1/me/commands open (a fetch stream: EventSource cannot send a bearer token)
 * while the person's MQTT output is on, carries out each command and answers it. Reconnects
 * with back-off; a 401 (the link was revoked) stops it until the target is set again. The
 * worker keeps itself awake while the stream is wanted (see Worker.wantsKeepAlive).
 */
export class CommandStream {
  private target: CommandTarget | null = null;
  private abort: AbortController | null = null;
  private retryMs = FIRST_RETRY_MS;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: CommandStreamDeps) {}

  /** Whether a stream is wanted (open or about to reconnect). */
  get active(): boolean {
    return this.target !== null;
  }

  setTarget(target: CommandTarget | null): void {
    if (target?.relayUrl === this.target?.relayUrl && target?.token === this.target?.token) return;
    this.stop();
    this.target = target;
    if (target) void this.run(target);
  }

  private stop(): void {
    this.target = null;
    this.abort?.abort();
    this.abort = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(target: CommandTarget): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    const doFetch = this.deps.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
    try {
      const res = await doFetch(`${target.relayUrl}/api/v1/me/commands`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${target.token}` }, signal: abort.signal });
      if (res.status === 401) {
        this.deps.log('[commands] the relay no longer accepts this browser; not listening for commands');
        if (this.target === target) this.target = null;
        return;
      }
      if (!res.ok || !res.body) throw new Error(`the relay answered HTTP ${res.status}`);
      this.retryMs = FIRST_RETRY_MS;
      const parser = createParser({
        onEvent: (event) => {
          if (event.event === 'command') void this.take(target, event.data);
        },
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
    } catch (err) {
      if (abort.signal.aborted) return;
      this.deps.log(`[commands] stream failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.target !== target || abort.signal.aborted) return;
    this.timer = setTimeout(() => void this.run(target), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  private async take(target: CommandTarget, data: string): Promise<void> {
    let command: Command;
    try {
      const parsed = commandSchema.safeParse(JSON.parse(data));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'not a command');
      command = parsed.data;
    } catch (err) {
      this.deps.log(`[commands] ignored a malformed command: ${String(err)}`);
      return;
    }
    let result: CommandResult;
    try {
      await this.deps.perform(command);
      result = { ok: true };
    } catch (err) {
      result = { ok: false, error: (err instanceof Error ? err.message : String(err)).slice(0, 500) || 'failed' };
    }
    await createRelayClient(target.relayUrl, { token: target.token, fetch: this.deps.fetch })
      .answerCommand(command.id, result)
      .catch((err: unknown) => this.deps.log(`[commands] could not answer ${command.action}: ${String(err)}`));
  }
}
