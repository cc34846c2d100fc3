/** How a calendar event shows the person's time (Graph's `showAs`), kept free of zod for the widget. */
export const SHOW_AS = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere'] as const;
export type ShowAs = (typeof SHOW_AS)[number];
