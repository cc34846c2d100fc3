import { fetchShareView } from './relay-client';
import { renderWidget } from './render';
import type { Family } from './render-parts';
import { resolveShareInput } from './share-link';
import { clearCache, readCache, writeCache } from './status-cache';
import { buildModel, type WidgetState } from './view-model';

async function loadState(now: Date): Promise<WidgetState> {
  const input = resolveShareInput(args.widgetParameter, BUILT_IN_SHARE_URL);
  if (input.kind === 'none') return { kind: 'no-link' };
  if (input.kind === 'invalid') return { kind: 'bad-link', reason: input.reason };
  const { target } = input;
  const result = await fetchShareView(target.apiUrl);
  if (result.kind === 'ok') {
    writeCache(target.shareId, result.view, now);
    return { kind: 'live', target, view: result.view };
  }
  if (result.kind === 'revoked') {
    clearCache(target.shareId);
    return { kind: 'revoked', target };
  }
  const cached = readCache(target.shareId);
  if (cached) return { kind: 'cached', target, view: cached.view, fetchedAt: cached.fetchedAt, reason: result.reason };
  return { kind: 'offline', target, reason: result.reason };
}

async function main(): Promise<void> {
  const now = new Date();
  const family: Family = config.widgetFamily ?? 'medium';
  let state: WidgetState;
  try {
    state = await loadState(now);
  } catch (e) {
    state = { kind: 'crashed', reason: e instanceof Error ? e.message : String(e) };
  }
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const widget = renderWidget(buildModel(state, now.getTime(), tz), family);
  if (config.runsInWidget) Script.setWidget(widget);
  else await widget.presentMedium();
  Script.complete();
}

await main();
