import type { DeliveryJob } from '../store/notify-store';
import type { Message } from './channels/driver';

/**
 * Messages for the event types other modules queue (meeting roulette's suggestion), by job
 * type, handed in by the composition root: the notification code knows how to deliver, not what
 * each module has to say. A job whose content is missing or answers null is dropped.
 */
export type EventContents = Readonly<Record<string, (job: DeliveryJob) => Message | null>>;
