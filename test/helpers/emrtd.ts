/**
 * Builds an eMRTD's files for tests: EF.COM, DG1, DG2 (with a real JPEG from sharp), a CSCA
 * and document signer certificate pair made with Node's crypto and pkijs, and an EF.SOD the
 * DS signs, exactly as ICAO 9303 Parts 10 and 12 lay them out. Nothing here is a fixture
 * file: every test makes its own keys, so nothing secret or personal is committed.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import sharp from 'sharp';
import { encodeTlv } from '../../src/main/chip/tlv';

export const SPECIMEN_TD3 = [
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
];

export function efCom(dataGroupTags: number[]): Buffer {
  return encodeTlv(0x60, Buffer.concat([encodeTlv(0x5f01, Buffer.from('0107')), encodeTlv(0x5f36, Buffer.from('040000')), encodeTlv(0x5c, Buffer.from(dataGroupTags))]));
}

export function dg1(lines: string[]): Buffer {
  return encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from(lines.join(''), 'latin1')));
}

/** An ISO/IEC 19794-5 facial record around one image (no feature points). */
export function facialRecord(image: Buffer, type: 0 | 1, width: number, height: number): Buffer {
  const info = Buffer.alloc(20);
  info.writeUInt32BE(20 + 12 + image.length, 0);
  const imageInfo = Buffer.alloc(12);
  imageInfo[0] = 1; // full frontal
  imageInfo[1] = type;
  imageInfo.writeUInt16BE(width, 2);
  imageInfo.writeUInt16BE(height, 4);
  const header = Buffer.alloc(14);
  header.write('FAC\x00010\x00', 0, 'latin1');
  header.writeUInt32BE(14 + 20 + 12 + image.length, 8);
  header.writeUInt16BE(1, 12);
  return Buffer.concat([header, info, imageInfo, image]);
}

export function dg2(record: Buffer): Buffer {
  const bht = encodeTlv(0xa1, Buffer.concat([encodeTlv(0x80, Buffer.from([1, 1])), encodeTlv(0x87, Buffer.from([1, 1])), encodeTlv(0x88, Buffer.from([0, 8]))]));
  const bit = encodeTlv(0x7f60, Buffer.concat([bht, encodeTlv(0x5f2e, record)]));
  return encodeTlv(0x75, encodeTlv(0x7f61, Buffer.concat([encodeTlv(0x02, Buffer.from([1])), bit])));
}

/** A small face-sized JPEG (a gradient; the chip tests need bytes sharp decodes, not a face). */
export async function testJpeg(width = 240, height = 320): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set([x % 256, y % 256, 128], (y * width + x) * 3);
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
}

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export type KeyKind = 'ec-p256' | 'ec-brainpool256' | 'rsa';

export function keyPair(kind: KeyKind): KeyPair {
  if (kind === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  return generateKeyPairSync('ec', { namedCurve: kind === 'ec-p256' ? 'prime256v1' : 'brainpoolP256r1' });
}

function algorithmFor(key: KeyObject): pkijs.AlgorithmIdentifier {
  return key.asymmetricKeyType === 'rsa'
    ? new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.11', algorithmParams: new asn1js.Null() })
    : new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.10045.4.3.2' });
}

/** C=country, CN=common as two RDNs, as real certificates have (pkijs alone would make one multi-valued RDN). */
function name(country: string, common: string): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: asn1js.PrintableString | asn1js.Utf8String) => new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] });
  const seq = new asn1js.Sequence({ value: [rdn('2.5.4.6', new asn1js.PrintableString({ value: country })), rdn('2.5.4.3', new asn1js.Utf8String({ value: common }))] });
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(seq.toBER()).result });
}

let serial = 1;

/** An X.509 v3 certificate for `subjectKey`, signed by `issuerKey` (self-signed when the same). */
export function certificate(opts: { subject: [string, string]; issuer: [string, string]; subjectKey: KeyObject; issuerKey: KeyObject; ca: boolean; ski?: Buffer }): Buffer {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: serial++ });
  cert.subject = name(...opts.subject);
  cert.issuer = name(...opts.issuer);
  cert.notBefore.value = new Date(Date.now() - 86400000);
  cert.notAfter.value = new Date(Date.now() + 10 * 365 * 86400000);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(opts.subjectKey.export({ type: 'spki', format: 'der' }));
  cert.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: opts.ca }).toSchema().toBER(), parsedValue: new pkijs.BasicConstraints({ cA: opts.ca }) }),
  ];
  if (opts.ski) cert.extensions.push(new pkijs.Extension({ extnID: '2.5.29.14', extnValue: new asn1js.OctetString({ valueHex: opts.ski }).toBER() }));
  cert.signature = algorithmFor(opts.issuerKey);
  cert.signatureAlgorithm = algorithmFor(opts.issuerKey);
  const tbs = Buffer.from(cert.encodeTBS().toBER());
  cert.signatureValue = new asn1js.BitString({ valueHex: sign('sha256', tbs, opts.issuerKey) });
  return Buffer.from(cert.toSchema(true).toBER());
}

/** The LDS security object: SHA-256 of each data group. */
export function securityObject(dataGroups: Map<number, Buffer>): Buffer {
  return Buffer.from(new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '2.16.840.1.101.3.4.2.1' })] }),
      new asn1js.Sequence({
        value: [...dataGroups.entries()].map(([dg, bytes]) => new asn1js.Sequence({
          value: [new asn1js.Integer({ value: dg }), new asn1js.OctetString({ valueHex: createHash('sha256').update(bytes).digest() })],
        })),
      }),
    ],
  }).toBER());
}

/** EF.SOD: tag 77 around a CMS SignedData of `content`, signed by the DS with signed attributes. */
export function efSod(content: Buffer, dsCert: Buffer, dsKey: KeyObject, ski?: Buffer): Buffer {
  const ds = pkijs.Certificate.fromBER(new Uint8Array(dsCert));
  const attrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: '2.23.136.1.1.1' })] }),
      new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: createHash('sha256').update(content).digest() })] }),
    ],
  });
  // What is signed is the attributes as a DER SET OF (RFC 5652, 5.4).
  const attrsDer = Buffer.from(new asn1js.Set({ value: attrs.attributes.map((a) => a.toSchema()) }).toBER());
  const signerInfo = new pkijs.SignerInfo({
    // RFC 5652: version 1 names the signer by issuer and serial, 3 by subject key identifier [0].
    version: ski ? 3 : 1,
    sid: ski ? new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: ski }) : new pkijs.IssuerAndSerialNumber({ issuer: ds.issuer, serialNumber: ds.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '2.16.840.1.101.3.4.2.1' }),
    signedAttrs: attrs,
    signatureAlgorithm: algorithmFor(dsKey),
    signature: new asn1js.OctetString({ valueHex: sign('sha256', attrsDer, dsKey) }),
  });
  const signed = new pkijs.SignedData({
    version: 3,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: '2.16.840.1.101.3.4.2.1' })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '2.23.136.1.1.1' }),
    certificates: [ds],
    signerInfos: [signerInfo],
  });
  // Set after construction: pkijs's constructor would split it into a constructed (BER) string.
  signed.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: content });
  const info = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signed.toSchema(true) });
  return encodeTlv(0x77, Buffer.from(info.toSchema().toBER()));
}

export interface TestDocument {
  com: Buffer;
  dg1: Buffer;
  dg2: Buffer;
  sod: Buffer;
  jpeg: Buffer;
  cscaCert: Buffer;
  dsCert: Buffer;
}

/** A complete signed document of `country` (CSCA RSA, DS `dsKind`). */
export async function testDocument(opts: { country?: string; mrz?: string[]; dsKind?: KeyKind; dg2Record?: Buffer } = {}): Promise<TestDocument> {
  const country = opts.country ?? 'UT';
  const csca = keyPair('rsa');
  const ds = keyPair(opts.dsKind ?? 'ec-p256');
  const cscaCert = certificate({ subject: [country, `CSCA ${country}`], issuer: [country, `CSCA ${country}`], subjectKey: csca.publicKey, issuerKey: csca.privateKey, ca: true });
  const dsCert = certificate({ subject: [country, `DS ${country}`], issuer: [country, `CSCA ${country}`], subjectKey: ds.publicKey, issuerKey: csca.privateKey, ca: false });
  const jpeg = await testJpeg();
  const files = { com: efCom([0x61, 0x75]), dg1: dg1(opts.mrz ?? SPECIMEN_TD3), dg2: dg2(opts.dg2Record ?? facialRecord(jpeg, 0, 240, 320)) };
  const sod = efSod(securityObject(new Map([[1, files.dg1], [2, files.dg2]])), dsCert, ds.privateKey);
  return { ...files, sod, jpeg, cscaCert, dsCert };
}

/** An ICAO CSCA master list (CMS SignedData of CscaMasterList) holding `certs`; unsigned, as the trust store does not check it. */
export function masterList(certs: Buffer[]): Buffer {
  const list = new asn1js.Sequence({ value: [new asn1js.Integer({ value: 0 }), new asn1js.Set({ value: certs.map((c) => asn1js.fromBER(new Uint8Array(c)).result) })] });
  const signed = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '2.23.136.1.1.2' }),
    signerInfos: [],
  });
  signed.encapContentInfo.eContent = new asn1js.OctetString({ valueHex: list.toBER() });
  return Buffer.from(new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signed.toSchema(true) }).toSchema().toBER());
}
