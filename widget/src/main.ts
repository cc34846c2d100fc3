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

function reasonOf(e: unknown): string {
  const m = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
  return typeof m === 'string' && m ? m : String(e);
}

async function main(): Promise<void> {
  const now = new Date();
  const family: Family = config.widgetFamily ?? 'medium';
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  let widget: ListWidget;
  // Whatever goes wrong, the home screen gets a widget that says so, not Scriptable's red error.
  try {
    widget = renderWidget(buildModel(await loadState(now), now.getTime(), tz), family);
  } catch (e) {
    widget = renderWidget(buildModel({ kind: 'crashed', reason: reasonOf(e) }, now.getTime(), tz), family);
  }
  if (config.runsInWidget) Script.setWidget(widget);
  else await widget.presentMedium();
  Script.complete();
}

await main();
