import { mqttOutputRequestSchema, slugOf, type MqttOutputInfo } from '../../../core';
import { entityIds } from '../../outputs/mqtt/discovery';
import { personTopics } from '../../outputs/mqtt/topics';
import { StoreConflictError, type UserRecord } from '../../store/store';
import { authenticateLimited } from '../authorise';
import { readJsonObject } from '../body';
import type { Deps } from '../deps';
import { HttpError } from '../http-error';
import { sendJson } from '../reply';
import type { Router } from '../router';
import { validate } from '../validate';

/** A default name that is the person's own: their display name, with a piece of their id when taken. */
function defaultNames(user: UserRecord): string[] {
  const base = slugOf(user.displayName) ?? 'person';
  const tail = user.userId.toLowerCase().replace(/[^a-z0-9]/g, '').slice(-6);
  return [base, `${base.slice(0, 33)}-${tail}`];
}

function infoOf(deps: Deps, name: string | null): MqttOutputInfo {
  const mqtt = deps.config.mqtt;
  if (!name) return { enabled: false, name: null, topics: null, entities: [], brokerConfigured: mqtt !== null };
  if (!mqtt) return { enabled: true, name, topics: null, entities: [], brokerConfigured: false };
  const { state, discovery, command, result, availability } = personTopics(mqtt, name);
  return { enabled: true, name, topics: { state, discovery, command, result, availability }, entities: entityIds(mqtt, name), brokerConfigured: true };
}

export function outputRoutes(router: Router, deps: Deps): void {
  const { store } = deps;

  router.on('GET', '/api/v1/me/outputs/mqtt', async ({ req, res, ip }) => {
    const user = await authenticateLimited(req, deps, ip);
    sendJson(res, 200, infoOf(deps, (await store.getMqttOutput(user.userId))?.name ?? null));
  });

  router.on('PUT', '/api/v1/me/outputs/mqtt', async ({ req, res, ip }) => {
    const user = await authenticateLimited(req, deps, ip);
    const body = validate(mqttOutputRequestSchema, await readJsonObject(req));
    if (!body.enabled) {
      await store.setMqttOutput(user.userId, null);
      return sendJson(res, 200, infoOf(deps, null));
    }
    const current = (await store.getMqttOutput(user.userId))?.name;
    const candidates = body.name ? [body.name] : current ? [current] : defaultNames(user);
    for (const name of candidates) {
      try {
        await store.setMqttOutput(user.userId, name);
        return sendJson(res, 200, infoOf(deps, name));
      } catch (err) {
        if (!(err instanceof StoreConflictError)) throw err;
      }
    }
    throw new HttpError('name_taken', `the name "${candidates[0]}" is already used by someone else on this relay; choose another`, 'name');
  });
}
