import {
  createOfflineGuard, decideDevicePermission, decideNavigation, decidePermissionCheck, decidePermissionRequest, decideWebviewAttach, decideWindowOpen, isAllowedRequest, type PermissionRequest,
} from '../../../src/main/electron/session-policy';

const APP_PAGE = 'app://station/index.html';

describe('the permission handler', () => {
  it('grants video capture to the app page', () => {
    expect(decidePermissionRequest({ permission: 'media', requestingUrl: APP_PAGE, mediaTypes: ['video'] })).toBe(true);
  });

  it.each([
    [{ permission: 'media', requestingUrl: APP_PAGE, mediaTypes: ['audio'] }, 'the microphone'],
    [{ permission: 'media', requestingUrl: APP_PAGE, mediaTypes: ['video', 'audio'] }, 'camera with microphone'],
    [{ permission: 'media', requestingUrl: APP_PAGE, mediaTypes: [] }, 'media of no stated kind'],
    [{ permission: 'media', requestingUrl: APP_PAGE }, 'media without details'],
    [{ permission: 'media', requestingUrl: 'https://example.com/', mediaTypes: ['video'] }, 'the camera for a remote page'],
    [{ permission: 'media', requestingUrl: 'file:///tmp/x.html', mediaTypes: ['video'] }, 'the camera for a local file'],
    [{ permission: 'media', requestingUrl: undefined, mediaTypes: ['video'] }, 'the camera for an unknown page'],
  ] as [PermissionRequest, string][])('refuses %p (%s)', (request) => {
    expect(decidePermissionRequest(request)).toBe(false);
  });

  it.each(['geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'openExternal', 'pointerLock', 'midi', 'midiSysex', 'hid', 'serial', 'usb', 'idle-detection', 'window-management', 'fileSystem', 'storage-access', 'unknown'])(
    'refuses %s even to the app page',
    (permission) => {
      expect(decidePermissionRequest({ permission, requestingUrl: APP_PAGE, mediaTypes: ['video'] })).toBe(false);
      expect(decidePermissionCheck(permission, 'app://station')).toBe(false);
    },
  );

  it('passes permission checks for media only to the app origin, and no device to anyone', () => {
    expect(decidePermissionCheck('media', 'app://station')).toBe(true);
    expect(decidePermissionCheck('media', 'https://example.com')).toBe(false);
    expect(decidePermissionCheck('media', 'file://')).toBe(false);
    expect(decideDevicePermission()).toBe(false);
  });
});

describe('the offline guard', () => {
  it("lets the app's own files, data: and the app's blob: URLs through, and logs nothing", () => {
    const log: string[] = [];
    const guard = createOfflineGuard((m) => log.push(m));
    for (const url of ['app://station/index.html', 'app://station/tfjs-wasm/tfjs-backend-wasm-simd.wasm', 'data:image/png;base64,AAAA', 'blob:app://station/1b2c']) {
      expect(guard({ url })).toEqual({ cancel: false });
    }
    expect(log).toEqual([]);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:8080/x',
    'http://localhost/',
    'ws://10.0.0.1/socket',
    'wss://example.com/',
    'ftp://example.com/file',
    'file:///etc/passwd',
    'app://other/index.html',
    'blob:https://example.com/1b2c',
    'chrome-extension://abc/x.js',
    'devtools://devtools/bundled/inspector.html',
  ])('cancels %s and logs it', (url) => {
    const log: string[] = [];
    const guard = createOfflineGuard((m) => log.push(m));
    expect(guard({ url, method: 'POST', resourceType: 'xhr' })).toEqual({ cancel: true });
    expect(log).toEqual([`offline guard: cancelled POST ${url} (xhr)`]);
    expect(isAllowedRequest(url)).toBe(false);
  });
});

describe('navigation, new windows and webviews', () => {
  it('are all refused, each with a log line', () => {
    const log: string[] = [];
    expect(decideNavigation('https://example.com/phish', (m) => log.push(m))).toBe(false);
    expect(decideNavigation('app://station/index.html', (m) => log.push(m))).toBe(false);
    expect(decideWindowOpen('https://example.com/', (m) => log.push(m))).toEqual({ action: 'deny' });
    expect(decideWebviewAttach((m) => log.push(m))).toBe(false);
    expect(log).toEqual([
      'navigation refused: https://example.com/phish',
      'navigation refused: app://station/index.html',
      'new window refused: https://example.com/',
      'webview refused',
    ]);
  });
});
