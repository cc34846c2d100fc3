import type { RelayMetrics } from '../metrics';
import type { Store } from '../store/store';
import { ReportPublisher } from './publish-report';
import { StatusViews } from './status-views';

/** The relay's use cases between the routes and the store; routes and jobs both go through them. */
export interface Services {
  publisher: ReportPublisher;
  statuses: StatusViews;
}

export function createServices(store: Store, metrics: RelayMetrics, now: () => number): Services {
  return { publisher: new ReportPublisher(store, metrics, now), statuses: new StatusViews(store, now) };
}
