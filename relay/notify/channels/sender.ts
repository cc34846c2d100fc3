import type { OutboundRequest } from '../ssrf/outbound';

/** One channel type's outgoing request for a message (sent by guarded-driver.ts). */
export interface PreparedRequest extends OutboundRequest {
  url: string;
  /** What a 2xx reply must look like for this receiver (e.g. Workflows answers 202 with no body). */
  expect?: (status: number, body: Buffer) => string | null;
}

export const JSON_HEADERS = { 'content-type': 'application/json', 'user-agent': 'teams-status-relay' } as const;
