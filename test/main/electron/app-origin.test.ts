import { APP_INDEX_URL, APP_ORIGIN, isAppOrigin, isAppPage } from '../../../src/main/electron/app-origin';

describe("the app's origin", () => {
  it('is app://station and the page is its index.html', () => {
    expect(APP_ORIGIN).toBe('app://station');
    expect(isAppPage(APP_INDEX_URL)).toBe(true);
    expect(isAppPage(`${APP_INDEX_URL}?x=1#top`)).toBe(true);
  });

  it.each([
    ['file:///opt/ekyc/resources/app.asar/dist/renderer/index.html'],
    ['https://station/index.html'],
    ['app://station.evil.example/index.html'],
    ['app://other/index.html'],
    ['app://user:pw@station/index.html'],
    ['app://station:8080/index.html'],
    ['not a url'],
    [''],
  ])('does not include %s', (url) => {
    expect(isAppOrigin(url)).toBe(false);
    expect(isAppPage(url)).toBe(false);
  });

  it('includes every file of the app, but only index.html is the page', () => {
    expect(isAppOrigin('app://station/face-api-models/tiny_face_detector_model.bin')).toBe(true);
    expect(isAppPage('app://station/face-api-models/tiny_face_detector_model.bin')).toBe(false);
    expect(isAppPage(null)).toBe(false);
  });
});
