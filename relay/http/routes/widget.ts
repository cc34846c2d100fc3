import type { Router } from '../router';
import type { Deps } from '../deps';

/** Widget downloads; wired once the widget build module exists. */
export function widgetRoutes(_router: Router, _deps: Deps): void {}
