import { forbiddenSenderMessage, isTrustedSender, type IpcSender } from '../../../src/main/electron/ipc-sender';

describe('the IPC sender check', () => {
  it("answers the main frame of the app's page", () => {
    expect(isTrustedSender({ frameUrl: 'app://station/index.html', isMainFrame: true })).toBe(true);
  });

  it.each([
    [{ frameUrl: 'app://station/index.html', isMainFrame: false }, 'an iframe of the app'],
    [{ frameUrl: 'https://example.com/', isMainFrame: true }, 'a remote page'],
    [{ frameUrl: 'file:///tmp/evil.html', isMainFrame: true }, 'a local file'],
    [{ frameUrl: 'app://station/other.html', isMainFrame: true }, 'another page of the app'],
    [{ frameUrl: null, isMainFrame: true }, 'a frame that is gone'],
  ] as [IpcSender, string][])('refuses %p (%s)', (sender) => {
    expect(isTrustedSender(sender)).toBe(false);
  });

  it('says which channel and which frame were refused', () => {
    expect(forbiddenSenderMessage('face:verify', { frameUrl: 'https://example.com/', isMainFrame: false }))
      .toBe('face:verify: refused a message from https://example.com/ (not the main frame)');
    expect(forbiddenSenderMessage('session:reset', { frameUrl: null, isMainFrame: true })).toBe('session:reset: refused a message from an unknown frame');
  });
});
