import { GraphError } from '@microsoft/microsoft-graph-client';
import type { RouletteSlot } from '../../core';
import type { GraphApp } from '../graph/graph-app';

const SUBJECT = 'Meeting roulette';
const BODY = 'You were paired for a short chat with someone you may not have met yet. Nothing to prepare. Cannot make it? Move it with the link the relay sent you, or decline.';

const graphTime = (iso: string) => ({ dateTime: iso.slice(0, 19), timeZone: 'UTC' });

/**
 * A Teams "new meeting" deep link with everything filled in: what people get when the relay may
 * not write calendars (no Calendars.ReadWrite, or an application access policy shuts it out).
 */
export function teamsMeetingLink(people: readonly string[], slot: RouletteSlot | null): string {
  const q = new URLSearchParams({ subject: SUBJECT, attendees: people.join(','), content: BODY });
  if (slot) {
    q.set('startTime', slot.start);
    q.set('endTime', slot.end);
  }
  return `https://teams.microsoft.com/l/meeting/new?${q.toString().replaceAll('+', '%20')}`;
}

export type EventResult = { created: true; eventId: string; joinUrl: string | null } | { created: false; reason: string };

const refused = (err: unknown) => err instanceof GraphError && (err.statusCode === 403 || err.statusCode === 401);

/** An event in the organiser's calendar with the others as attendees and a Teams meeting. */
export async function createEvent(graph: GraphApp, organiser: string, attendees: readonly string[], slot: RouletteSlot): Promise<EventResult> {
  try {
    const event = (await graph.client.api(`/users/${encodeURIComponent(organiser)}/events`).post({
      subject: SUBJECT,
      body: { contentType: 'text', content: BODY },
      start: graphTime(slot.start),
      end: graphTime(slot.end),
      attendees: attendees.map((address) => ({ type: 'required', emailAddress: { address } })),
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      allowNewTimeProposals: true,
    })) as { id: string; onlineMeeting?: { joinUrl?: string } | null };
    return { created: true, eventId: event.id, joinUrl: event.onlineMeeting?.joinUrl ?? null };
  } catch (err) {
    if (refused(err)) return { created: false, reason: 'the relay may not create events in this calendar (Calendars.ReadWrite)' };
    throw err;
  }
}

/** Move an existing event; false when the relay may no longer write it. */
export async function moveEvent(graph: GraphApp, organiser: string, eventId: string, slot: RouletteSlot): Promise<boolean> {
  try {
    await graph.client.api(`/users/${encodeURIComponent(organiser)}/events/${encodeURIComponent(eventId)}`).patch({ start: graphTime(slot.start), end: graphTime(slot.end) });
    return true;
  } catch (err) {
    if (refused(err)) return false;
    throw err;
  }
}
