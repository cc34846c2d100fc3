export type ShortcutCommand = 'toggle-mute' | 'toggle-camera';

/** Keyboard shortcuts declared in the manifest (Alt+Shift+M, Alt+Shift+O). */
export function onCommand(handler: (command: ShortcutCommand) => void): void {
  chrome.commands.onCommand.addListener((command) => {
    if (command === 'toggle-mute' || command === 'toggle-camera') handler(command);
  });
}
