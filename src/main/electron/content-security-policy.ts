/**
 * The policy every app:// response carries as a header (src/renderer/index.html repeats it
 * in a meta tag, so the page is as strict when served by the test harness).
 * No remote code and no eval: scripts, styles and fetches come from the app's origin only.
 * 'wasm-unsafe-eval' lets TensorFlow.js compile its WebAssembly backend (served from the
 * app itself); it does not allow eval() or new Function().
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Headers on every response of the app protocol. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
