import { createRequire } from 'node:module';
import { FakeReceiver, type Received } from './receiver';

// The library's UMD build runs in Node without a DOM for parsing and validation.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: { message: string }[] } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

/** Problems the Adaptive Cards library finds in a card, in its own words (none: valid). */
export function cardProblems(card: unknown): string[] {
  const c = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  c.parse(card, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  for (const issue of c.validateProperties().validationEvents) problems.push(issue.message);
  return problems;
}

/**
 * A Teams Workflows "when a Teams webhook request is received" trigger: takes a message with
 * one Adaptive Card attachment (version 1.5 at most) and answers 202 with an empty body; a body
 * it cannot post is refused with 400, as the flow's trigger does.
 */
export function fakeWorkflows(): FakeReceiver {
  return new FakeReceiver((req: Received) => {
    const problems = workflowProblems(req);
    return problems.length === 0 ? { status: 202 } : { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: problems }) };
  });
}

export function workflowProblems(req: Received): string[] {
  if (req.method !== 'POST' || !String(req.headers['content-type']).startsWith('application/json')) return ['must be a JSON POST'];
  const body = JSON.parse(req.body.toString('utf8')) as { type?: string; attachments?: { contentType?: string; content?: { version?: string } }[] };
  if (body.type !== 'message' || !Array.isArray(body.attachments) || body.attachments.length !== 1) return ['must be a message with one attachment'];
  const [attachment] = body.attachments;
  if (attachment!.contentType !== 'application/vnd.microsoft.card.adaptive') return ['the attachment must be an Adaptive Card'];
  if (attachment!.content?.version !== '1.5') return ['the card must be version 1.5'];
  return cardProblems(attachment!.content);
}
