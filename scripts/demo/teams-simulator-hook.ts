/**
 * Hook for a Teams desktop local-API simulator in the demo, so the extension has a meeting to
 * connect to. Returns null (and the demo publishes through the relay API alone) until the
 * simulator in tests/fakes/teams-local exports a scripted-meeting starter.
 * TODO(demo): start it on 127.0.0.1:8124 (or a free port) and return its URL and stop().
 */
export function startTeamsSimulator(): Promise<{ url: string; stop(): Promise<void> } | null> {
  return Promise.resolve(null);
}
