import { fileURLToPath } from 'node:url';

// `npm run build:relay` defines this as true in the bundle; from source (tsx) it is undeclared.
declare const RELAY_BUNDLE: boolean | undefined;

/** Files the relay serves but does not compile itself: page assets, the widget, the extension zip. */
export interface RelayLocations {
  /** RELAY_ASSETS_DIR: the status page's scripts (and any other plain page files). */
  assetsDir: string;
  /** RELAY_WIDGET_FILE: the built Scriptable widget (`npm run build:widget`). */
  widgetFile: string;
  /** RELAY_EXTENSION_ZIP: the built extension's store zip (`npm run build:extension`). */
  extensionZip: string;
}

const at = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * Where those files are when nobody says otherwise. From source this module is relay/locations.ts
 * and the builds write to dist/ at the repository root; the bundle is dist/relay/main.js with its
 * assets beside it and the other builds' outputs one level up, so a copied dist/ runs anywhere.
 */
export const DEFAULT_LOCATIONS: RelayLocations =
  typeof RELAY_BUNDLE !== 'undefined' && RELAY_BUNDLE
    ? { assetsDir: at('./assets/'), widgetFile: at('../widget/teams-status.js'), extensionZip: at('../teams-status-extension.zip') }
    : { assetsDir: at('./pages/'), widgetFile: at('../dist/widget/teams-status.js'), extensionZip: at('../dist/teams-status-extension.zip') };
