/** Hosts of Outlook's "Publish calendar" links: granted in the manifest, so saving asks nothing. */
export const OUTLOOK_CALENDAR_HOSTS = ['outlook.office365.com', 'outlook.office.com', 'outlook.live.com'] as const;

/** The link as saved: trimmed, `webcal://` (what some calendars hand out) read as https. Empty: none. */
export function normaliseCalendarLink(raw: string | null | undefined): string | null {
  const text = (raw ?? '').trim();
  if (!text) return null;
  return text.replace(/^webcals?:\/\//i, 'https://');
}

/** Words for a link we cannot use, or null when it is fine. */
export function checkCalendarLink(raw: string | null | undefined): string | null {
  const link = normaliseCalendarLink(raw);
  if (link === null) return null;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return 'The calendar link is not a web address: paste the ICS link Outlook gives under "Publish a calendar".';
  }
  if (url.protocol !== 'https:') return 'The calendar link must start with https:// (a published calendar is private to whoever has the link, so it must not travel unencrypted).';
  return null;
}

/** Whether the manifest already grants this link's host (else the options page asks for it). */
export function isOutlookCalendarHost(link: string): boolean {
  return (OUTLOOK_CALENDAR_HOSTS as readonly string[]).includes(new URL(link).hostname);
}
