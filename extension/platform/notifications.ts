/** A plain browser notification with the extension's icon (chrome.notifications). */
export async function showNotification(title: string, message: string): Promise<void> {
  await chrome.notifications.create({ type: 'basic', iconUrl: chrome.runtime.getURL('extension/icons/icon-128.png'), title, message, priority: 0 });
}
