/**
 * Merges two OCR readings of the same zone line: the legacy engine's, which gets the filler
 * '<' and so the line's length right, and the LSTM's, which gets letters and digits right
 * but reads fillers as K, L or C. Lines are aligned by edit distance; the merged line keeps
 * the legacy reading's fillers and takes every other character from the LSTM.
 */
export function mergeZoneLine(legacy: string, lstm: string): string {
  const n = legacy.length;
  const m = lstm.length;
  const cost = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = 0; i <= n; i++) cost[i][0] = i;
  for (let j = 0; j <= m; j++) cost[0][j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = cost[i - 1][j - 1] + (legacy[i - 1] === lstm[j - 1] ? 0 : 1);
      cost[i][j] = Math.min(sub, cost[i - 1][j] + 1, cost[i][j - 1] + 1);
    }
  }
  const aligned: (string | undefined)[] = new Array(n).fill(undefined);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const sub = cost[i - 1][j - 1] + (legacy[i - 1] === lstm[j - 1] ? 0 : 1);
    if (cost[i][j] === sub) {
      aligned[i - 1] = lstm[j - 1];
      i--;
      j--;
    } else if (cost[i][j] === cost[i - 1][j] + 1) {
      i--;
    } else {
      j--;
    }
  }
  let merged = '';
  for (let k = 0; k < n; k++) {
    const fromLstm = aligned[k];
    merged += legacy[k] === '<' || fromLstm === undefined || fromLstm === '<' ? legacy[k] : fromLstm;
  }
  return merged;
}

/** Text rows of a zone reading, keeping only the characters a zone can hold. */
export function zoneRows(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.toUpperCase().replace(/[^A-Z0-9<]/g, ''))
    .filter((l) => l.length >= 20);
}

/** Row-by-row merge when both engines found the same number of rows. */
export function mergeZoneTexts(legacyText: string, lstmText: string): string | undefined {
  const a = zoneRows(legacyText);
  const b = zoneRows(lstmText);
  if (a.length === 0 || a.length !== b.length) return undefined;
  return a.map((row, k) => mergeZoneLine(row, b[k])).join('\n');
}
