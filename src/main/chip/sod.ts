import { createHash, verify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { EkycError } from '../../shared/errors';
import { readTlv } from './tlv';

/**
 * EF.SOD (ICAO 9303 Part 10, 4.6.2 and Part 12): a CMS SignedData whose content is the LDS
 * security object, the hash of every data group, signed by the issuing state's document
 * signer (DS), whose certificate the SignedData carries. pkijs parses the CMS structure;
 * the signature is checked with Node's crypto (OpenSSL), which, unlike WebCrypto, has the
 * Brainpool curves many states sign with.
 */

export const OID = {
  ldsSecurityObject: '2.23.136.1.1.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  countryName: '2.5.4.6',
} as const;

const HASH_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithms that name their hash; rsaEncryption and ecPublicKey take the digest algorithm's. */
const SIGNATURE_BY_OID: Record<string, { kind: 'rsa' | 'ecdsa' | 'ecdsa-plain'; hash?: string }> = {
  [OID.rsaEncryption]: { kind: 'rsa' },
  '1.2.840.113549.1.1.5': { kind: 'rsa', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { kind: 'rsa', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', hash: 'sha512' },
  [OID.ecPublicKey]: { kind: 'ecdsa' },
  '1.2.840.10045.4.1': { kind: 'ecdsa', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { kind: 'ecdsa', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'sha512' },
  // BSI TR-03111 ecdsa-plain-SHA*: r || s rather than a DER SEQUENCE.
  '0.4.0.127.0.7.1.1.4.1.1': { kind: 'ecdsa-plain', hash: 'sha1' },
  '0.4.0.127.0.7.1.1.4.1.2': { kind: 'ecdsa-plain', hash: 'sha224' },
  '0.4.0.127.0.7.1.1.4.1.3': { kind: 'ecdsa-plain', hash: 'sha256' },
  '0.4.0.127.0.7.1.1.4.1.4': { kind: 'ecdsa-plain', hash: 'sha384' },
  '0.4.0.127.0.7.1.1.4.1.5': { kind: 'ecdsa-plain', hash: 'sha512' },
};

export interface SecurityObject {
  /** Node's name of the hash the data groups are hashed with. */
  hash: string;
  /** Each data group's hash by number. */
  hashes: Map<number, Buffer>;
}

export interface ParsedSod {
  securityObject: SecurityObject;
  /** The DS certificate the SignedData carries. */
  signer: X509Certificate;
  signedData: pkijs.SignedData;
  /** The encapsulated content (DER of the LDS security object), as signed. */
  content: Buffer;
}

function fail(message: string): never {
  throw new EkycError('CHIP_PROTOCOL', `EF.SOD ${message}`);
}

function ber(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1) fail(`${what} is not valid ASN.1: ${parsed.result.error}`);
  return parsed.result;
}

function hashName(oid: string, what: string): string {
  const name = HASH_BY_OID[oid];
  if (!name) fail(`uses an unknown ${what} (${oid})`);
  return name;
}

/** An OCTET STRING's bytes, primitive or constructed (BER allows both). */
function octets(value: asn1js.OctetString): Buffer {
  if (value.idBlock.isConstructed) {
    return Buffer.concat((value.valueBlock.value as asn1js.OctetString[]).map(octets));
  }
  return Buffer.from(value.valueBlock.valueHexView);
}

/** LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm, dataGroupHashValues SEQUENCE OF { number, hash } , ...} */
export function parseSecurityObject(content: Uint8Array): SecurityObject {
  const seq = ber(content, 'the LDS security object');
  if (!(seq instanceof asn1js.Sequence)) fail('content is not an LDS security object');
  const [version, algorithm, values] = seq.valueBlock.value;
  if (!(version instanceof asn1js.Integer) || !(algorithm instanceof asn1js.Sequence) || !(values instanceof asn1js.Sequence)) fail('content is not an LDS security object');
  const algorithmId = algorithm.valueBlock.value[0];
  if (!(algorithmId instanceof asn1js.ObjectIdentifier)) fail('has no hash algorithm');
  const hash = hashName(algorithmId.valueBlock.toString(), 'data-group hash');
  const hashes = new Map<number, Buffer>();
  for (const entry of values.valueBlock.value) {
    const [n, h] = entry instanceof asn1js.Sequence ? entry.valueBlock.value : [];
    if (!(n instanceof asn1js.Integer) || !(h instanceof asn1js.OctetString)) fail('has a malformed data-group hash');
    const dg = n.valueBlock.valueDec;
    if (dg < 1 || dg > 16 || hashes.has(dg)) fail(`lists data group ${dg} out of range or twice`);
    hashes.set(dg, octets(h));
  }
  return { hash, hashes };
}

/** Parses EF.SOD (tag 77 around a CMS ContentInfo). */
export function parseSod(bytes: Uint8Array): ParsedSod {
  let inner: Buffer;
  try {
    const t = readTlv(bytes);
    if (t.tag !== 0x77) fail(`starts with tag ${t.tag.toString(16)}, not 77`);
    inner = t.value;
  } catch (err) {
    if (err instanceof EkycError) throw err;
    fail(`is malformed: ${(err as Error).message}`);
  }
  let signedData: pkijs.SignedData;
  try {
    const info = new pkijs.ContentInfo({ schema: ber(inner, 'the CMS ContentInfo') });
    if (info.contentType !== OID.signedData) fail('is not CMS SignedData');
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (err) {
    if (err instanceof EkycError) throw err;
    fail(`is not a CMS SignedData: ${(err as Error).message}`);
  }
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== OID.ldsSecurityObject) fail(`signs ${encap.eContentType}, not an LDS security object`);
  if (!encap.eContent) fail('has no content');
  const content = octets(encap.eContent);
  if (signedData.signerInfos.length !== 1) fail(`has ${signedData.signerInfos.length} signers, not one`);
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if (certificates.length === 0) fail('carries no document signer certificate');
  const signer = certificates.map((c) => new X509Certificate(Buffer.from(c.toSchema().toBER()))).find((c) => signerMatches(signedData.signerInfos[0], c));
  if (!signer) fail('carries no certificate for its signer');
  return { securityObject: parseSecurityObject(content), signer, signedData, content };
}

/** Whether SignerInfo's sid (issuer and serial, or subject key identifier) names `cert`. */
function signerMatches(info: pkijs.SignerInfo, cert: X509Certificate): boolean {
  const sid = info.sid as pkijs.IssuerAndSerialNumber | asn1js.Primitive;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    const serial = Buffer.from(sid.serialNumber.valueBlock.valueHexView).toString('hex').replace(/^(00)+/, '').toUpperCase();
    return serial === cert.serialNumber.replace(/^(00)+/, '').toUpperCase();
  }
  // [0] IMPLICIT SubjectKeyIdentifier: a primitive whose value is the identifier.
  const ski = Buffer.from(sid.valueBlock.valueHexView).toString('hex');
  const parsed = pkijs.Certificate.fromBER(cert.raw);
  const ext = parsed.extensions?.find((e) => e.extnID === '2.5.29.14');
  return ext !== undefined && Buffer.from((ext.parsedValue as asn1js.OctetString).valueBlock.valueHexView).toString('hex') === ski;
}

function attribute(info: pkijs.SignerInfo, oid: string): asn1js.AsnType | undefined {
  const attr = info.signedAttrs?.attributes.find((a) => a.type === oid);
  return attr?.values[0];
}

/**
 * Checks the SignedData's signature with the DS certificate's key: the signed attributes'
 * message digest must be the content's hash, and the signature must cover those attributes.
 * Returns why it fails, or undefined when it holds.
 */
export function sodSignatureProblem(sod: ParsedSod): string | undefined {
  const info = sod.signedData.signerInfos[0];
  const digest = hashName(info.digestAlgorithm.algorithmId, 'digest algorithm');
  let signed: Buffer;
  if (info.signedAttrs) {
    const contentType = attribute(info, OID.contentType);
    if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== OID.ldsSecurityObject) return 'its signed content type is not the LDS security object';
    const md = attribute(info, OID.messageDigest);
    if (!(md instanceof asn1js.OctetString)) return 'it has no signed message digest';
    if (!octets(md).equals(createHash(digest).update(sod.content).digest())) return 'the security object does not match its signed digest';
    // pkijs keeps the attributes as received, re-tagged as the SET OF that is signed (RFC 5652, 5.4).
    signed = Buffer.from(info.signedAttrs.encodedValue);
  } else {
    signed = sod.content;
  }
  const algorithm = SIGNATURE_BY_OID[info.signatureAlgorithm.algorithmId];
  const signature = Buffer.from(info.signature.valueBlock.valueHexView);
  const key = sod.signer.publicKey;
  let ok: boolean;
  if (info.signatureAlgorithm.algorithmId === OID.rsaPss) {
    const params = new pkijs.RSASSAPSSParams({ schema: info.signatureAlgorithm.algorithmParams });
    const hash = hashName(params.hashAlgorithm.algorithmId, 'PSS hash');
    ok = verify(hash, signed, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: params.saltLength }, signature);
  } else if (algorithm) {
    const hash = algorithm.hash ?? digest;
    ok = verify(hash, signed, algorithm.kind === 'rsa' ? { key } : { key, dsaEncoding: algorithm.kind === 'ecdsa-plain' ? 'ieee-p1363' : 'der' }, signature);
  } else {
    return `its signature algorithm ${info.signatureAlgorithm.algorithmId} is not one ICAO 9303 allows`;
  }
  return ok ? undefined : 'its signature does not verify with the document signer\'s key';
}

/** The countryName (C) of a certificate's issuer or subject, read from its DER, upper case. */
export function countryOf(cert: X509Certificate, which: 'issuer' | 'subject'): string | undefined {
  const parsed = pkijs.Certificate.fromBER(cert.raw);
  const c = parsed[which].typesAndValues.find((t) => t.type === OID.countryName);
  return c ? String(c.value.valueBlock.value).trim().toUpperCase() : undefined;
}
