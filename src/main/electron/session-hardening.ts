/**
 * Applies the session policies to an Electron session: the app protocol, the offline guard,
 * and the permission handlers. Every session the app creates gets the same treatment.
 */
import type { Session } from 'electron';
import { APP_SCHEME } from './app-origin';
import { createAppProtocolHandler } from './app-protocol';
import { RENDERER_DIR } from './renderer-location';
import { createOfflineGuard, decideDevicePermission, decidePermissionCheck, decidePermissionRequest, type GuardLog } from './session-policy';

export function hardenSession(ses: Session, log: GuardLog): void {
  if (!ses.protocol.isProtocolHandled(APP_SCHEME)) ses.protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR, log));
  const guard = createOfflineGuard(log);
  ses.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
    callback(guard({ url: details.url, method: details.method, resourceType: details.resourceType }));
  });
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes ?? [] : [];
    const requestingUrl = 'requestingUrl' in details && details.requestingUrl ? details.requestingUrl : contents.getURL();
    const granted = decidePermissionRequest({ permission, requestingUrl, mediaTypes });
    if (!granted) log(`permission refused: ${permission} for ${requestingUrl}`);
    callback(granted);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => decidePermissionCheck(permission, requestingOrigin));
  ses.setDevicePermissionHandler(() => decideDevicePermission());
}
