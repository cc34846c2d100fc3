import type { CalendarSummary, CallState, PublicView } from '../../core';

/** What the status page shows for one public view; every field is text, never markup. */
export interface StatusModel {
  displayName: string;
  initials: string;
  avatarUrl: string | null;
  availability: PublicView['availability'];
  label: string;
  since: string;
  stale: boolean;
  staleText: string;
  updated: string;
  chips: string[];
  calendar: string[];
  message: string;
  title: string;
}

export function initials(name: string): string;
export function sinceText(iso: string, nowMs: number): string;
export function agoText(iso: string, nowMs: number): string;
export function clockTime(iso: string, nowMs: number, timeZone: string | undefined): string;
export function callChips(call: CallState | null | undefined): string[];
export function calendarLines(calendar: CalendarSummary | null | undefined, label: string, nowMs: number, timeZone: string | undefined): string[];
export function statusModel(view: PublicView, nowMs: number, timeZone: string | undefined): StatusModel;
export function safeAvatarUrl(value: unknown): string | null;

export interface TimelineSegment {
  availability: PublicView['availability'];
  /** Fractions of the window, 0 = its start, 1 = now. */
  start: number;
  end: number;
}
export function timelineSegments(items: readonly { at: string; availability: PublicView['availability'] }[], nowMs: number, windowMs: number): TimelineSegment[];
export function timelineSummary(segments: readonly TimelineSegment[], windowMs: number): string;
