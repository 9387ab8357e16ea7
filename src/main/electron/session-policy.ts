/**
 * What the station's sessions allow, as pure decisions over plain inputs: app.ts feeds them
 * Electron's callbacks, the tests feed them URLs and permission names.
 *
 * - Permissions: camera (video only) for the app's own origin; everything else refused.
 * - Requests (offline guard): only the app's own origin; anything else is cancelled and logged.
 * - Navigation and new windows: never; the app is one page.
 */
import { isAppOrigin } from './app-origin';

export interface PermissionRequest {
  permission: string;
  /** The URL of the frame asking. */
  requestingUrl: string | undefined;
  /** For 'media': which devices ('video', 'audio'). */
  mediaTypes?: readonly string[];
}

/** A permission prompt: only video capture, only for the app's page. */
export function decidePermissionRequest(request: PermissionRequest): boolean {
  if (request.permission !== 'media') return false;
  const types = request.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video') && isAppOrigin(request.requestingUrl);
}

/** A synchronous permission check (e.g. enumerateDevices labels): media for the app's origin only. */
export function decidePermissionCheck(permission: string, requestingOrigin: string | undefined): boolean {
  return permission === 'media' && isAppOrigin(requestingOrigin);
}

/** USB, HID, serial, Bluetooth: never. */
export function decideDevicePermission(): boolean {
  return false;
}

export interface OutgoingRequest {
  url: string;
  method?: string;
  resourceType?: string;
}

export type GuardLog = (message: string) => void;

/**
 * True when a request stays inside the app: its own origin, or data:/blob: the page made
 * itself (a blob: URL names the origin that created it).
 */
export function isAllowedRequest(url: string): boolean {
  if (isAppOrigin(url)) return true;
  if (url.startsWith('data:')) return true;
  if (url.startsWith('blob:')) return isAppOrigin(url.slice('blob:'.length));
  return false;
}

/** The offline guard: a webRequest.onBeforeRequest listener body. Every refusal is logged. */
export function createOfflineGuard(log: GuardLog): (request: OutgoingRequest) => { cancel: boolean } {
  return (request) => {
    if (isAllowedRequest(request.url)) return { cancel: false };
    log(`offline guard: cancelled ${request.method ?? 'GET'} ${request.url.slice(0, 200)}${request.resourceType ? ` (${request.resourceType})` : ''}`);
    return { cancel: true };
  };
}

/** will-navigate / will-redirect / will-frame-navigate: the page never leaves itself. */
export function decideNavigation(url: string, log: GuardLog): boolean {
  log(`navigation refused: ${url.slice(0, 200)}`);
  return false;
}

/** setWindowOpenHandler: no new windows, not even of the app. */
export function decideWindowOpen(url: string, log: GuardLog): { action: 'deny' } {
  log(`new window refused: ${url.slice(0, 200)}`);
  return { action: 'deny' };
}

/** will-attach-webview: the app has no webview. */
export function decideWebviewAttach(log: GuardLog): false {
  log('webview refused');
  return false;
}
