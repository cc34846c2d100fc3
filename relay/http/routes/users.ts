import { registerRequestSchema, type RegisterResponse } from '../../../core';
import { newShareId, newToken, newUserId } from '../../auth/secrets';
import { authoriseAdmin } from '../authorise';
import type { UserRecord } from '../../store/store';
import type { Deps } from '../deps';
import { readJsonObject } from '../body';
import { enforceLimit } from '../rate-limit';
import { sendJson } from '../reply';
import type { Router } from '../router';
import { shareOf } from '../share-object';
import { validate } from '../validate';

export function userRoutes(router: Router, deps: Deps): void {
  const { config, store } = deps;

  router.on('POST', '/api/v1/users', async ({ req, res, ip }) => {
    // Closed: only the admin registers people directly; everyone else comes in by invite.
    if (config.registration === 'closed') await authoriseAdmin(req, deps, { ip });
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
