/**
 * What the E2E suites share about driving the station: the footage the fake camera plays,
 * and the operator's moves that every walk through the steps makes.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { facedata, facedataDir } from '../helpers/paths';

export function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

/**
 * The filter that plays a clip of `frames` frames forward and then backward, without its two
 * end frames twice: Chromium loops the file, and a clip looped as it is jumps from its last
 * frame to its first, a cut between two pictures that main refuses as one (`discontinuity`)
 * whenever a challenge is running then (`ekyc liveness` over krzysiek's clip played twice, at
 * 30 and 12 frames/s: the second smile fails so; in the E2E the liveness retry failed so at
 * 12 frames/s). Played back and forth, the face only ever moves as a head can.
 *
 * But frames symmetric about each turn are the same picture: two camera samples 0.5 s apart
 * that straddle it differ by 0.17 grey levels on average, under main's still-picture limit of
 * 0.5 (NEAR_IDENTICAL_MEAN_DIFF, `sample-still`). So the brightness follows one slow sine over
 * the loop, 5 levels either way, crossing zero at the turns where it changes fastest (as a
 * camera's exposure drifts): no two samples 0.5 s apart then differ by less than 0.97 levels on
 * krzysiek's clip, though he sits still. Temporal noise of
 * about one grey level stands in for a live camera's sensor noise; no more: at 4 levels the
 * presentation-attack model reads the grain as a print or a screen (`ekyc pad` on krzysiek's
 * clip: P(live) 0.43 with alls=4, 0.75 with 2, 0.96 with 1 or none; 0.95 as written here).
 */
function forwardThenBack(frames: number): string {
  const loop = 2 * frames - 2;
  return 'split[forward][back];[back]trim=start_frame=1,setpts=PTS-STARTPTS,reverse,trim=start_frame=1,setpts=PTS-STARTPTS[reversed];'
    + `[forward][reversed]concat=n=2:v=1,eq=brightness='0.02*sin(2*PI*n/${loop})':eval=frame,noise=alls=1:allf=t`;
}

/**
 * The man on the ID as a counter webcam sees him, written to `dir`: he faces the camera at
 * 5.8-7.8 s and turns to his own right at 4.3-5.3 s; 3.9-7.8 s is one shot, cropped so his
 * face fills a 640x480 picture. Chromium loops the file as it is, so its seam (7.8 s back to
 * 3.9 s) is a cut that main refuses inside a running challenge (`discontinuity`: `ekyc
 * liveness` over the clip three times); the tests on it that pass a challenge ask for the
 * turn he makes early in the loop. Played forward then back (forwardThenBack), the face check
 * did not take his picture within 60 s in two runs of two (the guidance stayed at "Hold
 * still"): traced on the page, this singer's face centre moves 60-90 px, more than the 0.3
 * face widths a steady hold allows, every 0.3-0.5 s while he faces the camera, so the 1 s hold
 * rarely completes (a customer like him gets "Take the picture now"); looped as it is, the clip
 * gave the hold in every run, so it keeps its seam.
 */
export function writeCounterFootage(dir: string): string {
  const y4m = join(dir, 'hamilton.y4m');
  ffmpeg(['-ss', '3.9', '-t', '3.9', '-i', facedata('liveness', 'hamilton_clip.mp4'), '-vf', 'crop=320:240:90:0,scale=640:480,fps=30', '-pix_fmt', 'yuv420p', '-an', y4m]);
  return y4m;
}

/**
 * Waits for the face check's decision, pressing "Try again" as an operator would while
 * attempts are left: the footage is a stage performance, and a frame caught mid-gesture can
 * score just under the threshold (same man: 0.53-0.62 against 0.50 over the runs here).
 * `press` is how the operator presses a button (a click, or the keyboard).
 */
export async function matchTheCustomer(page: Page, press: (id: string) => Promise<void> = (id) => page.click(`#${id}`)): Promise<string> {
  for (;;) {
    await waitForStep(page, '#match-decision', 60_000);
    const decision = (await page.textContent('#match-decision')) ?? '';
    if (/Same person/.test(decision) || !(await page.isVisible('#retry'))) return decision;
    console.log(`face check: "${decision}" (${await page.textContent('#similarity')}); the operator tries again`);
    await press('retry');
    await page.waitForSelector('#match-decision', { state: 'detached' });
  }
}

/** Chooses the ID file through the (IPC) file dialog and waits for the portrait check. */
export async function loadId(page: Page): Promise<void> {
  await page.click('#choose-file');
  await page.waitForSelector('#portrait-status', { timeout: 60_000 });
  await page.waitForSelector('#next:not([disabled])', { timeout: 60_000 }).catch(() => undefined);
}

/**
 * A webcam clip of a man who does three challenges in 4.2 s, written to `dir` for the fake
 * camera to loop: liveness-dev/krzysiek.mp4 0-4.2 s, forward then back (8.3 s), where he
 * smiles at 1.6 s, turns to his own left at 2.8 s and to his own right at 3.7 s (`ekyc
 * liveness --challenges smile,turn-left,turn-right` passes all three on it; backward, main
 * sees a turn to his left at 5.4 s and a smile at 6.6 s), and a still of him at 7.0 s, outside
 * the loop, for his ID card's portrait. The clip the station judges is never the ID photo.
 */
export function writeThreeChallengeFootage(dir: string): { y4m: string; portrait: string; challenges: string } {
  const source = join(facedataDir, 'liveness-dev', 'krzysiek.mp4');
  const y4m = join(dir, 'krzysiek.y4m');
  const portrait = join(dir, 'krzysiek-7.0s.png');
  // A compressed webcam recording of a man sitting still: decoded frames 0.5 s apart can be
  // the same picture, which forwardThenBack's brightness and noise keep apart.
  ffmpeg(['-t', '4.2', '-i', source, '-filter_complex', `[0:v]fps=30,${forwardThenBack(126)}[v]`, '-map', '[v]', '-pix_fmt', 'yuv420p', '-an', y4m]);
  ffmpeg(['-ss', '7.0', '-i', source, '-frames:v', '1', portrait]);
  return { y4m, portrait, challenges: 'smile,turn-left,turn-right' };
}

/**
 * Waits for `selector` as the operator waits for the next step; on a timeout the failure says
 * what the station showed instead (the step on screen, its instruction or guidance, main's
 * refusal or problem, the verdict, the tracker's rate), since "Timeout exceeded" alone does
 * not tell a slow machine from a wrong decision.
 */
export async function waitForStep(page: Page, selector: string, timeout: number): Promise<void> {
  try {
    await page.waitForSelector(selector, { timeout });
  } catch (err) {
    const shown = await page.evaluate(() => {
      const app = document.querySelector('ekyc-station-app')?.shadowRoot;
      // The step's page is <main>'s one custom element (beside it only notices).
      const step = [...(app?.querySelector('main')?.children ?? [])].find((e) => e.tagName.includes('-'));
      const root = step?.shadowRoot;
      const text = (id: string) => root?.getElementById(id)?.textContent?.trim().replace(/\s+/g, ' ') ?? null;
      const refusal = root?.getElementById('liveness-refusal');
      return {
        step: step?.tagName.toLowerCase() ?? null,
        instruction: text('instruction'),
        challenges: text('challenge-list'),
        refusal: refusal ? `${refusal.getAttribute('data-code')}: ${refusal.getAttribute('title')}` : null,
        fps: root?.getElementById('camera-panel')?.getAttribute('data-fps') ?? null,
        verdict: root?.getElementById('verdict')?.getAttribute('data-verdict') ?? null,
        reasons: text('reasons'),
        guidance: text('guidance'),
        matchProblem: text('match-problem'),
      };
    }).catch((e: Error) => ({ unreadable: e.message }));
    throw new Error(`${(err as Error).message.split('\n')[0]}\nthe station showed instead: ${JSON.stringify(shown)}`);
  }
}
