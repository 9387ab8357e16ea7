/**
 * Prime-field elliptic-curve arithmetic for PACE's generic mapping (ICAO 9303 Part 11,
 * 4.4.3.3.1): the mapped generator G~ = s*G + H is a point on the curve that is not the
 * standard generator, and Node's crypto computes only with the standard one. Affine
 * coordinates with BigInt: a PACE run needs five scalar multiplications, well under a
 * second. Not constant-time: the keys here are ephemeral, used once per document read.
 */

export interface Curve {
  name: string;
  p: bigint;
  a: bigint;
  b: bigint;
  g: Point;
  n: bigint;
  /** Field size in bytes, for encodings. */
  size: number;
}

export interface Point {
  x: bigint;
  y: bigint;
}

/** The point at infinity. */
export const INFINITY: Point | null = null;

const h = (s: string) => BigInt(`0x${s}`);

/** The curves ICAO 9303's standardized domain parameters name (Part 11, 9.5.1), by parameter id. */
export const CURVES: Record<number, Curve> = {
  // 12: NIST P-256 (secp256r1)
  12: {
    name: 'prime256v1',
    p: h('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'),
    a: h('ffffffff00000001000000000000000000000000fffffffffffffffffffffffc'),
    b: h('5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b'),
    g: { x: h('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'), y: h('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5') },
    n: h('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
    size: 32,
  },
  // 13: brainpoolP256r1
  13: {
    name: 'brainpoolP256r1',
    p: h('a9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377'),
    a: h('7d5a0975fc2c3057eef67530417affe7fb8055c126dc5c6ce94a4b44f330b5d9'),
    b: h('26dc5c6ce94a4b44f330b5d9bbd77cbf958416295cf7e1ce6bccdc18ff8c07b6'),
    g: { x: h('8bd2aeb9cb7e57cb2c4b482ffc81b7afb9de27e1e3bd23c23a4453bd9ace3262'), y: h('547ef835c3dac4fd97f8461a14611dc9c27745132ded8e545c1d54c72f046997') },
    n: h('a9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7'),
    size: 32,
  },
};

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function inverse(a: bigint, m: bigint): bigint {
  // Extended Euclid; m is prime and a is never 0 mod m here.
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

export function onCurve(c: Curve, P: Point): boolean {
  return mod(P.y * P.y - (P.x * P.x * P.x + c.a * P.x + c.b), c.p) === 0n;
}

export function add(c: Curve, P: Point | null, Q: Point | null): Point | null {
  if (!P) return Q;
  if (!Q) return P;
  let l: bigint;
  if (P.x === Q.x) {
    if (mod(P.y + Q.y, c.p) === 0n) return null;
    l = mod((3n * P.x * P.x + c.a) * inverse(2n * P.y, c.p), c.p);
  } else {
    l = mod((Q.y - P.y) * inverse(Q.x - P.x, c.p), c.p);
  }
  const x = mod(l * l - P.x - Q.x, c.p);
  return { x, y: mod(l * (P.x - x) - P.y, c.p) };
}

export function multiply(c: Curve, k: bigint, P: Point): Point | null {
  let result: Point | null = null;
  let addend: Point | null = P;
  let e = mod(k, c.n);
  while (e > 0n) {
    if (e & 1n) result = add(c, result, addend);
    addend = add(c, addend, addend);
    e >>= 1n;
  }
  return result;
}

export function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

export function toBytes(v: bigint, size: number): Buffer {
  return Buffer.from(v.toString(16).padStart(size * 2, '0'), 'hex');
}

/** Uncompressed SEC1 encoding: 04 || x || y. */
export function encodePoint(c: Curve, P: Point): Buffer {
  return Buffer.concat([Buffer.from([4]), toBytes(P.x, c.size), toBytes(P.y, c.size)]);
}

/** Decodes an uncompressed point and checks it lies on the curve (an invalid-curve attack otherwise). */
export function decodePoint(c: Curve, bytes: Uint8Array): Point {
  if (bytes.length !== 1 + 2 * c.size || bytes[0] !== 4) throw new Error('not an uncompressed point of the curve');
  const P = { x: toBigInt(bytes.subarray(1, 1 + c.size)), y: toBigInt(bytes.subarray(1 + c.size)) };
  if (P.x >= c.p || P.y >= c.p || !onCurve(c, P)) throw new Error('the point is not on the curve');
  return P;
}
