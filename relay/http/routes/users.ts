import { registerRequestSchema, type RegisterResponse } from '../../../core';
import { bearer, newShareId, newToken, newUserId, sameSecret } from '../../auth/secrets';
import type { UserRecord } from '../../store/store';
import type { Deps } from '../deps';
import { readJsonObject } from '../body';
import { HttpError } from '../http-error';
import { enforceLimit } from '../rate-limit';
import { sendJson } from '../reply';
import type { Router } from '../router';
import { shareOf } from '../share-object';
import { validate } from '../validate';

export function userRoutes(router: Router, deps: Deps): void {
  const { config, store } = deps;

  router.on('POST', '/api/v1/users', async ({ req, res, ip }) => {
    if (config.registration === 'closed') {
      const given = bearer(req.headers.authorization);
      if (!given) throw new HttpError('unauthorized', 'registration is closed: an admin bearer token is required', undefined, { 'WWW-Authenticate': 'Bearer' });
      if (!config.adminToken || !sameSecret(given, config.adminToken)) throw new HttpError('forbidden', 'this token may not register people');
    }
    await enforceLimit(store, `register:${ip}`, config.rateLimit.registrations, config.rateLimit.windowMs);
    const body = validate(registerRequestSchema, await readJsonObject(req));
    const userId = newUserId();
    const { token, tokenHash } = newToken(userId);
    const user: UserRecord = {
      userId,
      displayName: body.displayName,
      email: body.email ?? null,
      avatarUrl: body.avatarUrl ?? null,
      timeZone: body.timeZone ?? null,
      tokenHash,
      shareId: newShareId(),
      shareLevel: 'basic',
      createdAt: new Date(deps.now()).toISOString(),
    };
    await store.createUser(user);
    const reply: RegisterResponse = { userId, token, share: shareOf(user, config.publicUrl) };
    sendJson(res, 201, reply);
  });
}
