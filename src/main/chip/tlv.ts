/**
 * BER-TLV as ICAO 9303 uses it (tags of one to three bytes, definite lengths of up to four
 * bytes). A chip's bytes are untrusted input: every length is checked against what is left,
 * so a hostile chip cannot make the reader run past a buffer or loop.
 */

export interface Tlv {
  tag: number;
  /** The value's bytes (a view into the input). */
  value: Buffer;
  /** Offset just past this TLV in the input. */
  end: number;
  /** Offset of the value in the input. */
  valueStart: number;
  /** Offset of the tag in the input. */
  start: number;
}

export class TlvError extends Error {}

/** Reads the tag and length at `offset`; the value may extend past `data` (a file's header). */
export function readHeader(data: Uint8Array, offset = 0): { tag: number; length: number; valueStart: number } {
  let i = offset;
  const need = (n: number) => {
    if (i + n > data.length) throw new TlvError('TLV truncated in its header');
  };
  need(1);
  let tag = data[i++];
  if ((tag & 0x1f) === 0x1f) {
    // Multi-byte tag: continuation bytes have bit 8 set; three bytes is ICAO 9303's most.
    do {
      need(1);
      if (tag > 0xffff) throw new TlvError('TLV tag longer than three bytes');
      tag = (tag << 8) | data[i++];
    } while ((tag & 0x80) !== 0);
  }
  need(1);
  let length = data[i++];
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new TlvError(`TLV length of ${n} bytes is not allowed`);
    need(n);
    length = 0;
    for (let k = 0; k < n; k++) length = length * 256 + data[i++];
  }
  return { tag, length, valueStart: i };
}

export function readTlv(data: Uint8Array, offset = 0): Tlv {
  const { tag, length, valueStart } = readHeader(data, offset);
  const end = valueStart + length;
  if (end > data.length) throw new TlvError(`TLV ${tag.toString(16)} claims ${length} bytes, ${data.length - valueStart} left`);
  return { tag, value: Buffer.from(data.buffer, data.byteOffset + valueStart, length), end, valueStart, start: offset };
}

/** Every TLV in sequence from `data` (the content of a constructed object). */
export function readAll(data: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let off = 0;
  while (off < data.length) {
    // ISO 7816 allows 0x00 / 0xFF padding between objects.
    if (data[off] === 0x00 || data[off] === 0xff) {
      off++;
      continue;
    }
    const t = readTlv(data, off);
    out.push(t);
    off = t.end;
  }
  return out;
}

/** The first TLV with `tag` among `data`'s children, or undefined. */
export function findTag(data: Uint8Array, tag: number): Tlv | undefined {
  return readAll(data).find((t) => t.tag === tag);
}

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length <= 0xff) return Buffer.from([0x81, length]);
  if (length <= 0xffff) return Buffer.from([0x82, length >> 8, length & 0xff]);
  return Buffer.from([0x83, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff]);
}

export function encodeTag(tag: number): Buffer {
  if (tag <= 0xff) return Buffer.from([tag]);
  if (tag <= 0xffff) return Buffer.from([tag >> 8, tag & 0xff]);
  return Buffer.from([(tag >> 16) & 0xff, (tag >> 8) & 0xff, tag & 0xff]);
}

export function encodeTlv(tag: number, value: Uint8Array): Buffer {
  return Buffer.concat([encodeTag(tag), encodeLength(value.length), value]);
}
