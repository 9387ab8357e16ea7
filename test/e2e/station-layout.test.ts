/**
 * The station as an operator at a counter PC meets it: laid out for 1366x768, 1920x1080 and
 * 1024x768 with every step's primary action in the window, no serious or critical axe-core
 * finding on any page state, the whole happy path by keyboard alone, and the time per
 * customer on the real footage. The built renderer in Debian chromium, the real main
 * handlers, face models and MRZ reader behind `window.ekyc`, a fake camera playing footage of
 * the man on the ID.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createStationHandlers } from '../../src/main/ipc/station-handlers';
import { SettingsStore } from '../../src/main/settings/settings-store';
import { settingsUpdateOf } from '../../src/shared/operator-settings';
import { announceSkip, facedata, facedataDir, hasFacedata, repoRoot } from '../helpers/paths';
import { drawCardBack, drawCardFront, td1Lines, VALID_CARD_HOLDER } from './id-card-fixtures';
import { CHROMIUM, COUNTER_SCREENS, launchWithCamera, launchWithoutCamera, loadStationEngines, openStation, saveScreenshot, serveFolder, stationDeps, type StationEngines, type Viewport } from './station-harness';
import { matchTheCustomer, waitForStep, writeCounterFootage, writeThreeChallengeFootage } from './station-steps';

const hasChromium = existsSync(CHROMIUM);
const runnable = hasFacedata && hasChromium;
if (!runnable) announceSkip('station layout E2E', !hasFacedata ? `${facedataDir} is absent` : `${CHROMIUM} is absent`);
const describeE2E = runnable ? describe : describe.skip;

const rendererDir = join(repoRoot, 'dist', 'renderer');
const idPhoto = facedata('verification', 'lin_manuel_miranda_1.png');
const AXE_SOURCE = join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');

/** What a customer's whole session (ID opened to verdict, three challenges) should take at the counter. */
const TARGET_SECONDS_PER_CUSTOMER = 15;

jest.setTimeout(240_000);

/** An element's box in the window, found by id through the shadow roots. */
interface Placement { id: string; top: number; bottom: number; left: number; right: number; text: string }

type Placements = { found: Placement[]; missing: string[]; horizontalScroll: boolean; window: Viewport };

/**
 * Runs in the page: the boxes of elements found by id in any shadow root, and whether the
 * window scrolls sideways. With `once`, null until the element with that id has text (for
 * waitForFunction, so a state that lasts a second is measured in the frame it appears).
 */
function placementsInPage({ ids, once }: { ids: string[]; once?: string }): Placements | null {
  const byId = (root: Document | ShadowRoot, id: string): Element | null => {
    const here = root.getElementById(id);
    if (here) return here;
    for (const el of root.querySelectorAll('*')) {
      const inner = el.shadowRoot ? byId(el.shadowRoot, id) : null;
      if (inner) return inner;
    }
    return null;
  };
  if (once && !byId(document, once)?.textContent?.trim()) return null;
  const found: Placement[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const el = byId(document, id);
    if (!el) {
      missing.push(id);
      continue;
    }
    const r = el.getBoundingClientRect();
    found.push({ id, top: r.top, bottom: r.bottom, left: r.left, right: r.right, text: (el.textContent ?? '').trim().slice(0, 60) });
  }
  const root = document.documentElement;
  return { found, missing, horizontalScroll: root.scrollWidth > root.clientWidth, window: { width: root.clientWidth, height: root.clientHeight } };
}

/** Describes what lies outside the window, so a failure names the element and where it was. */
function outsideTheWindow(p: Placements | null): string[] {
  if (!p) return ['nothing was measured'];
  const out = p.missing.map((id) => `#${id} is not on the page`);
  for (const b of p.found) {
    if (b.top < 0 || b.left < 0 || b.bottom > p.window.height || b.right > p.window.width || b.bottom <= b.top) {
      out.push(`#${b.id} ("${b.text}") at ${Math.round(b.left)},${Math.round(b.top)}-${Math.round(b.right)},${Math.round(b.bottom)} in ${p.window.width}x${p.window.height}`);
    }
  }
  if (p.horizontalScroll) out.push('the window scrolls sideways');
  return out;
}

/** Expects the elements inside the window without scrolling (the page is at the top, as every step starts), and no sideways scroll. */
async function expectInView(page: Page, ids: string[]): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  expect(outsideTheWindow(await page.evaluate(placementsInPage, { ids }))).toEqual([]);
}

/** The header of the station: one row, whatever the width. */
async function headerHeight(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelector('ekyc-station-app')?.shadowRoot?.querySelector('header')?.getBoundingClientRect().height ?? -1);
}

type AxeFinding = { id: string; impact: string; help: string; nodes: string[] };

/** axe-core on the page as it is now (every shadow root included); the serious and critical findings. */
async function seriousAxeFindings(page: Page, state: string): Promise<string[]> {
  // Evaluated, not added as a <script>: the page's Content-Security-Policy (script-src 'self')
  // refuses inline scripts, and the test keeps the policy the station ships with.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE_SOURCE, 'utf8'));
  const findings = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.slice(0, 300)) }));
  }) as AxeFinding[];
  const serious = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  console.log(`axe on ${state}: ${findings.length} finding(s), ${serious.length} serious or critical${findings.map((f) => `\n  ${f.id} (${f.impact}): ${f.nodes[0]}`).join('')}`);
  return serious.map((f) => `${state}: ${f.id} (${f.impact}) ${f.help}: ${f.nodes.join(' | ')}`);
}

/** The id of the element that has the keyboard focus, through the shadow roots. */
async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.id || el?.tagName.toLowerCase() || '';
  });
}

/** Tabs forward until the button with `id` has the focus, as an operator without a mouse would. */
async function tabTo(page: Page, id: string): Promise<void> {
  await page.waitForSelector(`#${id}:not([disabled])`, { timeout: 60_000 });
  const passed: string[] = [];
  for (let presses = 0; presses < 40; presses++) {
    if ((await focusedId(page)) === id) return;
    await page.keyboard.press('Tab');
    passed.push(await focusedId(page));
  }
  throw new Error(`Tab never reached #${id}; the focus went ${passed.join(' -> ')}`);
}

describeE2E('the station at a counter PC, in chromium with real footage', () => {
  let work: string;
  let engines: StationEngines;
  let server: { url: string; close: () => Promise<void> };
  let chosenFile = idPhoto;
  const card = () => ({ front: join(work, 'valid-card-front.jpg'), back: join(work, 'valid-card-back.jpg') });
  const threeChallengeCard = () => ({ front: join(work, 'three-challenge-card-front.jpg'), back: card().back });

  /** The station with the operator's fixed challenge set, as Settings would store it. */
  const handlers = async (fixedChallenges: string) => {
    const settings = SettingsStore.inMemory();
    const update = settingsUpdateOf(settings.current());
    await settings.update({ ...update, liveness: { ...update.liveness, fixedChallenges } });
    return createStationHandlers(stationDeps(engines, { chooseIdFile: () => chosenFile, recordsDir: work, settings }));
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ekyc-e2e-layout-'));
    if (!existsSync(join(rendererDir, 'index.html'))) execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    writeCounterFootage(work);
    writeFileSync(card().front, await drawCardFront(readFileSync(idPhoto), VALID_CARD_HOLDER));
    writeFileSync(card().back, await drawCardBack(td1Lines(VALID_CARD_HOLDER)));
    [engines, server] = await Promise.all([loadStationEngines(), serveFolder(rendererDir)]);
  });

  afterAll(async () => {
    await server?.close();
    await engines?.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The ID card's front, then its back, through the file dialog; waits until Next opens. */
  async function loadCard(page: Page, press: (id: string) => Promise<void>, sides = card()): Promise<void> {
    chosenFile = sides.front;
    await press('choose-file');
    await page.waitForSelector('#add-back:not([disabled])', { timeout: 60_000 });
    chosenFile = sides.back;
    await press('add-back');
    await page.waitForSelector('#mrz-fields', { timeout: 60_000 });
    await page.waitForSelector('#next:not([disabled])', { timeout: 60_000 });
  }

  describe('with the live footage of the man on the ID', () => {
    let browser: Browser;
    beforeAll(async () => { browser = await launchWithCamera(join(work, 'hamilton.y4m')); });
    afterAll(async () => { await browser?.close(); });

    it.each(COUNTER_SCREENS.map((s) => [`${s.width}x${s.height}`, s] as const))('at %s shows every step\'s primary action in the window, without scrolling, and the header in one row', async (_size, screen) => {
      const page = await openStation(browser, server.url, await handlers('turn-right'), screen);
      const axe = screen.width === 1366 && screen.height === 768;
      const findings: string[] = [];
      const click = (id: string) => page.click(`#${id}`);
      await page.waitForSelector('#choose-file');
      expect(await headerHeight(page)).toBeLessThan(80);
      await expectInView(page, ['choose-file', 'use-camera', 'next', 'settings']);
      if (axe) findings.push(...await seriousAxeFindings(page, 'ID step, empty'));

      await page.click('#use-camera');
      await page.waitForSelector('#take-picture:not([disabled])', { timeout: 30_000 });
      // With main's guidance shown over the picture (no zone in this footage), "Take picture" stays in view.
      await page.waitForSelector('#capture-guidance', { timeout: 30_000 });
      await expectInView(page, ['take-picture', 'capture-guidance']);
      if (axe) await saveScreenshot(page, join(repoRoot, 'docs', 'screenshots', '16-id-camera-guidance.png'));
      if (axe) findings.push(...await seriousAxeFindings(page, 'ID step, camera capture'));
      await page.click('ekyc-id-camera-capture .actions button:not(.primary)');

      await loadCard(page, click);
      // "Next: face check" is the primary button in view once both sides are read.
      await expectInView(page, ['next', 'id-preview', 'id-back']);
      expect(await page.$$eval('ekyc-id-document-page button.primary', (bs) => bs.map((b) => b.id))).toContain('next');
      if (axe) findings.push(...await seriousAxeFindings(page, 'ID step, card front and back'));

      await page.click('#next');
      await page.waitForSelector('ekyc-face-verification-page');
      await expectInView(page, ['camera-panel', 'start-over']);
      expect(await matchTheCustomer(page)).toContain('Same person');
      await expectInView(page, ['match-decision', 'continue', 'start-over']);
      if (axe) findings.push(...await seriousAxeFindings(page, 'face check, same person'));

      await page.click('#continue');
      // The challenge can pass within a second: its instruction, time left and bar are measured in the same frame they appear.
      const running = await page.waitForFunction(placementsInPage, { ids: ['instruction', 'time-left', 'challenge-progress', 'turn-cue', 'ring', 'start-over'], once: 'time-left' }, { timeout: 30_000, polling: 50 });
      expect(outsideTheWindow(await running.jsonValue() as Placements)).toEqual([]);

      await waitForStep(page, '#verdict', 45_000);
      // Layout, not the verdict, is under test here (a challenge missed on a loaded machine
      // still ends on the result page, with the same actions): the verdict is only named.
      const verdict = await page.getAttribute('#verdict', 'data-verdict');
      await expectInView(page, ['verdict', 'next-customer', 'export']);
      if (axe) findings.push(...await seriousAxeFindings(page, `result, ${verdict}`));
      await page.click('#export');
      await page.waitForSelector('#export-note');
      if (axe) findings.push(...await seriousAxeFindings(page, 'result, record exported'));

      await page.click('#settings');
      await page.waitForSelector('#save');
      await expectInView(page, ['save']);
      if (axe) findings.push(...await seriousAxeFindings(page, 'settings'));
      expect(findings).toEqual([]);
      await page.context().close();
    });

    it('at 1366x768 has no serious or critical axe-core finding during a liveness challenge, nor on a failed one', async () => {
      chosenFile = idPhoto;
      // A smile he never gives on this footage: the challenge runs its whole 7 s, then fails.
      const page = await openStation(browser, server.url, await handlers('smile'));
      await page.click('#choose-file');
      await page.waitForSelector('#next:not([disabled])', { timeout: 60_000 });
      await page.click('#next');
      expect(await matchTheCustomer(page)).toContain('Same person');
      await page.click('#continue');
      await page.waitForSelector('#challenge-progress', { timeout: 30_000 }).catch(async (err: Error) => {
        throw new Error(`no challenge ran: the page says "${await page.textContent('#instruction')}" (${err.message.split('\n')[0]})`);
      });
      const findings = await seriousAxeFindings(page, 'liveness, challenge running');
      // Over: the page shows why (or moves on to the result), without the running challenge's bar.
      await page.waitForSelector('#challenge-progress', { state: 'detached', timeout: 30_000 });
      findings.push(...await seriousAxeFindings(page, 'liveness, challenge over'));
      expect(findings).toEqual([]);
      await page.context().close();
    });
  });

  describe('with a webcam clip of a man doing three challenges, and an ID card with his picture', () => {
    let browser: Browser;
    let footage: ReturnType<typeof writeThreeChallengeFootage>;
    beforeAll(async () => {
      footage = writeThreeChallengeFootage(work);
      writeFileSync(threeChallengeCard().front, await drawCardFront(readFileSync(footage.portrait), VALID_CARD_HOLDER));
      writeFileSync(threeChallengeCard().back, await drawCardBack(td1Lines(VALID_CARD_HOLDER)));
      browser = await launchWithCamera(footage.y4m);
    });
    afterAll(async () => { await browser?.close(); });

    it('takes a customer from ID to verdict by keyboard alone (Tab, Enter, Space) with three challenges, and measures the time per customer', async () => {
      const page = await openStation(browser, server.url, await handlers(footage.challenges));
      const press = async (id: string) => {
        await tabTo(page, id);
        await page.keyboard.press('Enter');
      };
      await page.waitForSelector('#choose-file');
      // The first Tab reaches the skip link, which takes the focus to the step's heading.
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('skip-to-step');
      await page.keyboard.press('Enter');
      expect(await focusedId(page)).toBe('h2');

      const opened = Date.now();
      await loadCard(page, press, threeChallengeCard());
      const idRead = Date.now();
      await press('next');
      expect(await matchTheCustomer(page, press)).toContain('Same person');
      const matched = Date.now();
      await tabTo(page, 'continue');
      await page.keyboard.press('Space');
      await waitForStep(page, '#verdict', 60_000);
      const seconds = (Date.now() - opened) / 1000;
      console.log(`time per customer, by step: ID card front and back ${((idRead - opened) / 1000).toFixed(1)} s, face check ${((matched - idRead) / 1000).toFixed(1)} s, liveness to verdict ${((Date.now() - matched) / 1000).toFixed(1)} s`);
      const verdict = await page.getAttribute('#verdict', 'data-verdict');
      const challenges = await page.textContent('#challenges');
      console.log(`time per customer (ID card front and back opened -> verdict, keyboard only, challenges ${footage.challenges}): ${seconds.toFixed(1)} s, verdict ${verdict}`);
      // The figure is measured and reported (docs/station.md), not asserted: on a loaded
      // 2-core machine the MRZ reading alone varies from a few seconds to over 20.
      console.log(`time per customer: ${seconds.toFixed(1)} s against a target of ${TARGET_SECONDS_PER_CUSTOMER} s: ${seconds < TARGET_SECONDS_PER_CUSTOMER ? 'met' : 'missed'}`);
      expect(`${verdict}: ${challenges}`).toMatch(/^verified: /);
      await tabTo(page, 'next-customer');
      await page.keyboard.press('Space');
      await page.waitForSelector('ekyc-id-document-page');
      expect(await focusedId(page)).toBe('h2');
      await page.context().close();
    });
  });

  describe('with no camera', () => {
    let browser: Browser;
    beforeAll(async () => { browser = await launchWithoutCamera(); });
    afterAll(async () => { await browser?.close(); });

    it('shows the ID capture\'s camera error and "Take picture" in the window at every counter size', async () => {
      const page = await openStation(browser, server.url, await handlers('turn-right'));
      await page.click('#use-camera');
      await page.waitForSelector('ekyc-camera-status .notice.bad', { timeout: 30_000 });
      for (const screen of COUNTER_SCREENS) {
        await page.setViewportSize(screen);
        await page.evaluate(() => new Promise(requestAnimationFrame));
        const placed = await page.evaluate(placementsInPage, { ids: ['take-picture'] });
        const error = await page.$eval('ekyc-camera-status .notice.bad', (el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; });
        expect({ screen, outside: outsideTheWindow(placed), errorInView: error.top >= 0 && error.bottom <= screen.height }).toEqual({ screen, outside: [], errorInView: true });
      }
      expect(await seriousAxeFindings(page, 'ID step, camera error')).toEqual([]);
      await page.context().close();
    });
  });
});
