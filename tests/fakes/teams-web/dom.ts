import { Window } from 'happy-dom';
import { FIXTURES } from './fixtures';
import type { FixtureName } from './fixtures';

/** A happy-dom document holding one fixture, typed as the DOM the extension code expects. */
export function loadFixture(name: FixtureName): { document: Document; window: Window; close(): Promise<void> } {
  const window = new Window({ url: 'https://teams.microsoft.com/v2/' });
  window.document.body.innerHTML = FIXTURES[name];
  return { document: window.document as unknown as Document, window, close: () => window.happyDOM.close() };
}
