/**
 * An ID card made by the test, front and back: the front carries the printed data and a
 * portrait, the back a TD1 machine-readable zone (3 x 30 characters in DejaVu Sans Mono,
 * Debian's fonts-dejavu-core) whose check digits are computed here, so the card says
 * exactly what the test expects the station to read.
 */
import sharp from 'sharp';

export interface CardHolder {
  /** ICAO state code; UTO is ICAO's fictional Utopia. */
  issuingState: string;
  documentNumber: string;
  surname: string;
  givenNames: string;
  sex: 'M' | 'F';
  /** YYYY-MM-DD */
  birthDate: string;
  expirationDate: string;
  /** Line 1's optional data (e.g. a personal number), up to 15 characters. */
  optionalData: string;
}

/** An expired card: the station must read it, show it, and reject it for the expiry. */
export const EXPIRED_CARD_HOLDER: CardHolder = {
  issuingState: 'UTO',
  documentNumber: 'L898902C3',
  surname: 'SPECIMEN',
  givenNames: 'ALEX JORDAN',
  sex: 'M',
  birthDate: '1974-08-12',
  expirationDate: '2019-04-15',
  // Most real cards carry a personal number here; a line 1 of fillers reads as well
  // (test/main/document/mrz-reader.test.ts draws one).
  optionalData: 'UT7408124471',
};

/** The same card, still valid: what the operator asks for after the expired one is blocked. */
export const VALID_CARD_HOLDER: CardHolder = { ...EXPIRED_CARD_HOLDER, expirationDate: '2034-04-15' };

/** ICAO 9303 check digit: weights 7, 3, 1; digits as such, A-Z 10-35, filler 0. */
export function checkDigit(text: string): string {
  const value = (c: string): number => (c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += value(text[i]) * [7, 3, 1][i % 3];
  return String(sum % 10);
}

const pad = (text: string, length: number): string => text.padEnd(length, '<').slice(0, length);
const yymmdd = (iso: string): string => iso.slice(2).replace(/-/g, '');

/** The three TD1 lines of an ID card for `holder`, every check digit valid. */
export function td1Lines(holder: CardHolder): string[] {
  const number = pad(holder.documentNumber, 9);
  const line1 = `I<${holder.issuingState}${number}${checkDigit(number)}${pad(holder.optionalData, 15)}`;
  const birth = yymmdd(holder.birthDate);
  const expiry = yymmdd(holder.expirationDate);
  const line2Head = `${birth}${checkDigit(birth)}${holder.sex}${expiry}${checkDigit(expiry)}${holder.issuingState}${pad('', 11)}`;
  const composite = checkDigit(line1.slice(5, 30) + line2Head.slice(0, 7) + line2Head.slice(8, 15) + line2Head.slice(18, 29));
  const line3 = pad(`${holder.surname.replace(/ /g, '<')}<<${holder.givenNames.replace(/ /g, '<')}`, 30);
  return [line1, `${line2Head}${composite}`, line3];
}

const CARD_WIDTH = 1000;
const CARD_HEIGHT = Math.round((CARD_WIDTH * 54) / 85.6);
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const printed = (iso: string): string => iso.split('-').reverse().join(' ');

/** The card's front: printed data beside the portrait (cropped to the ID-photo shape). */
export async function drawCardFront(portrait: Buffer, holder: CardHolder): Promise<Buffer> {
  const u = CARD_WIDTH / 100;
  const rows: [string, string][] = [
    ['SURNAME', holder.surname], ['GIVEN NAMES', holder.givenNames], ['SEX', holder.sex],
    ['DATE OF BIRTH', printed(holder.birthDate)], ['DOCUMENT No', holder.documentNumber], ['DATE OF EXPIRY', printed(holder.expirationDate)],
  ];
  const text = rows.map(([label, value], i) => `
    <text x="${38 * u}" y="${(17 + i * 7.2) * u}" font-family="DejaVu Sans" font-size="${2.1 * u}" fill="#5a6b8c">${label}</text>
    <text x="${38 * u}" y="${(20 + i * 7.2) * u}" font-family="DejaVu Sans" font-size="${3 * u}" font-weight="bold" fill="#1d2b4f">${escapeXml(value)}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}">
    <clipPath id="card"><rect width="100%" height="100%" rx="${3 * u}"/></clipPath>
    <g clip-path="url(#card)">
    <rect width="100%" height="100%" fill="#e3ecf6"/>
    <rect width="100%" height="${9 * u}" fill="#0b2545"/>
    <text x="${4 * u}" y="${6.2 * u}" font-family="DejaVu Sans" font-size="${4 * u}" font-weight="bold" fill="#ffffff">UTOPIA · IDENTITY CARD</text>
    <path d="M0 ${CARD_HEIGHT * 0.85} Q ${CARD_WIDTH / 2} ${CARD_HEIGHT * 0.65} ${CARD_WIDTH} ${CARD_HEIGHT * 0.9}" stroke="#c4d3e8" stroke-width="${u}" fill="none"/>
    ${text}</g></svg>`;
  const pw = Math.round(30 * u);
  const photo = await sharp(portrait).resize(pw, Math.round(pw * 1.28), { fit: 'cover', position: 'attention' }).png().toBuffer();
  return onTable(await sharp(Buffer.from(svg)).composite([{ input: photo, left: Math.round(4 * u), top: Math.round(13 * u) }]).png().toBuffer());
}

/** The card laid on the scanner's dark lid, as a flatbed scan or a counter camera shows it. */
async function onTable(card: Buffer): Promise<Buffer> {
  const margin = 40;
  return sharp({ create: { width: CARD_WIDTH + 2 * margin, height: CARD_HEIGHT + 2 * margin, channels: 3, background: '#4b5560' } })
    .composite([{ input: card, left: margin, top: margin }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The card's back: a few printed lines and the machine-readable zone along the bottom edge. */
export async function drawCardBack(lines: string[]): Promise<Buffer> {
  const u = CARD_WIDTH / 100;
  const fontPx = 4.2 * u;
  const zone = lines.map((line, i) => `<text x="${7 * u}" y="${CARD_HEIGHT - 4 * u - (lines.length - 1 - i) * fontPx * 1.5}" font-family="DejaVu Sans Mono" font-size="${fontPx}" fill="#111">${escapeXml(line)}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}">
    <rect width="100%" height="100%" rx="${3 * u}" fill="#e3ecf6"/>
    <clipPath id="card"><rect width="100%" height="100%" rx="${3 * u}"/></clipPath>
    <rect y="${CARD_HEIGHT - 22 * u}" width="100%" height="${22 * u}" fill="#f7f9fc" clip-path="url(#card)"/>
    <text x="${5 * u}" y="${10 * u}" font-family="DejaVu Sans" font-size="${2.4 * u}" fill="#5a6b8c">ADDRESS</text>
    <text x="${5 * u}" y="${14 * u}" font-family="DejaVu Sans" font-size="${3 * u}" fill="#1d2b4f">1 SPECIMEN STREET, UTOPIA CITY</text>
    <text x="${5 * u}" y="${22 * u}" font-family="DejaVu Sans" font-size="${2.4 * u}" fill="#5a6b8c">ISSUED BY</text>
    <text x="${5 * u}" y="${26 * u}" font-family="DejaVu Sans" font-size="${3 * u}" fill="#1d2b4f">CITY OF UTOPIA</text>
    ${zone}</svg>`;
  return onTable(await sharp(Buffer.from(svg)).png().toBuffer());
}
