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
