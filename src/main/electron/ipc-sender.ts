import { isAppPage } from './app-origin';

export interface IpcSender {
  /** URL of the frame that sent the message (null when the frame is gone). */
  frameUrl: string | null | undefined;
  /** Whether that frame is its page's main frame (not an iframe). */
  isMainFrame: boolean;
}

/** A message is answered only when it comes from the main frame of the app's own page. */
export function isTrustedSender(sender: IpcSender): boolean {
  return sender.isMainFrame && isAppPage(sender.frameUrl);
}

export function forbiddenSenderMessage(channel: string, sender: IpcSender): string {
  const where = sender.frameUrl ? sender.frameUrl.slice(0, 200) : 'an unknown frame';
  return `${channel}: refused a message from ${where}${sender.isMainFrame ? '' : ' (not the main frame)'}`;
}
