import { channelInputSchema, emptyRecord, NOTIFY_LIMITS, type NotifyEvent } from '../../../core';
import { readJsonObject } from '../../http/body';
import type { Deps } from '../../http/deps';
import { HttpError } from '../../http/http-error';
import { sendEmpty, sendJson } from '../../http/reply';
import type { RouteContext, Router } from '../../http/router';
import { validate } from '../../http/validate';
import { publicViewOf } from '../../http/views';
import type { ChannelOwner, DeliveryJob, StoredChannel } from '../../store/notify-store';
import { channelView, newChannelConfig, newId } from '../channel-input';
import type { NotifyRuntime } from '../notify-runtime';

/** Who owns the channels under a prefix: the caller's own (`user:<id>`) or the organisation's. */
export type OwnerOf = (ctx: RouteContext) => Promise<{ owner: ChannelOwner; userId: string | null }>;

async function ownChannel(deps: Deps, owner: ChannelOwner, id: string | undefined): Promise<StoredChannel> {
  const channel = id ? await deps.store.notify.getChannel(id) : null;
  if (!channel || channel.owner !== owner) throw new HttpError('not_found', 'no such channel');
  return channel;
}

/** A test event: the person's own status at their share's level, or a sample for the organisation's channels. */
async function testJob(deps: Deps, channel: StoredChannel, userId: string | null): Promise<DeliveryJob> {
  const eventId = newId('evt');
  const at = new Date(deps.now()).toISOString();
  const base: DeliveryJob = { key: `test:${eventId}`, eventId, type: 'test', at, userId: userId ?? '', logId: channel.id, channelId: channel.id, attempts: 0 };
  if (userId) return base;
  const sample: NotifyEvent = {
    type: 'test',
    id: eventId,
    at,
    person: { displayName: 'Teams Status' },
    status: publicViewOf({ user: { displayName: 'Teams Status', avatarUrl: null }, level: 'basic', timeZone: null, record: emptyRecord(deps.now()) }, deps.now()),
  };
  return { ...base, sample };
}

/** POST/GET/DELETE channels, their test and their deliveries, under `prefix` (relay-api.md, "Notifications"). */
export function channelRoutes(router: Router, deps: Deps, runtime: NotifyRuntime, prefix: string, ownerOf: OwnerOf): void {
  const { notify } = deps.store;

  router.on('POST', prefix, async (ctx) => {
    const { owner } = await ownerOf(ctx);
    const input = validate(channelInputSchema, await readJsonObject(ctx.req));
    if ((await notify.listChannels(owner)).length >= NOTIFY_LIMITS.channelsPerOwner) {
      throw new HttpError('invalid_request', `at most ${NOTIFY_LIMITS.channelsPerOwner} channels; delete one first`);
    }
    const config = await newChannelConfig(input, owner, runtime);
    const channel: StoredChannel = { id: newId('ch'), owner, name: input.name ?? null, createdAt: new Date(deps.now()).toISOString(), config, disabled: null };
    await notify.putChannel(channel);
    // The signing secret is shown this once; it is never answered again.
    sendJson(ctx.res, 201, { ...channelView(channel, runtime.drivers), ...(config.type === 'webhook' ? { secret: config.secret } : {}) });
  });

  router.on('GET', prefix, async (ctx) => {
    const { owner } = await ownerOf(ctx);
    sendJson(ctx.res, 200, { items: (await notify.listChannels(owner)).map((c) => channelView(c, runtime.drivers)) });
  });

  router.on('DELETE', `${prefix}/:id`, async (ctx) => {
    const { owner } = await ownerOf(ctx);
    const id = ctx.params.id ?? '';
    if (!(await notify.deleteChannel(owner, id))) throw new HttpError('not_found', 'no such channel');
    // Its rules go with it: nothing should point at a channel that is not there.
    const rules = await notify.getRules(owner);
    if (rules.some((r) => r.channelId === id)) await notify.setRules(owner, rules.filter((r) => r.channelId !== id));
    sendEmpty(ctx.res, 204);
  });

  router.on('POST', `${prefix}/:id/test`, async (ctx) => {
    const { owner, userId } = await ownerOf(ctx);
    const channel = await ownChannel(deps, owner, ctx.params.id);
    if (channel.disabled) throw new HttpError('unreachable_channel', `this channel is off: ${channel.disabled.reason}`);
    const job = await testJob(deps, channel, userId);
    await notify.schedule([{ job, dueMs: deps.now(), replace: false }]);
    runtime.wake();
    sendJson(ctx.res, 202, { eventId: job.eventId });
  });

  router.on('GET', `${prefix}/:id/deliveries`, async (ctx) => {
    const { owner } = await ownerOf(ctx);
    const channel = await ownChannel(deps, owner, ctx.params.id);
    sendJson(ctx.res, 200, { items: await notify.deliveries(channel.id, NOTIFY_LIMITS.deliveriesKept) });
  });

  router.on('GET', `${prefix}/:id/dead-letters`, async (ctx) => {
    const { owner } = await ownerOf(ctx);
    const channel = await ownChannel(deps, owner, ctx.params.id);
    const items = (await notify.deadLetters(channel.id)).map((j) => ({ eventId: j.eventId, type: j.type, at: j.at, attempts: j.attempts }));
    sendJson(ctx.res, 200, { items });
  });
}
