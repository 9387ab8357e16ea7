import { X509Certificate } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { EkycError } from '../../shared/errors';
import { readInputFile } from '../files/input-file';
import { countryOf } from './sod';

/**
 * The operator's trust list of country signing CA (CSCA) certificates: a folder of
 * certificates (PEM or DER: .pem .crt .cer .der) and/or ICAO master lists (.ml, a CMS
 * SignedData of id-icao-cscaMasterList), installed by the operator. Nothing is downloaded.
 *
 * A master list's own signature is not checked here: the operator chose to install it, and
 * that choice is the trust decision (as with a folder of certificates).
 */

const CERT_EXTENSIONS = new Set(['.pem', '.crt', '.cer', '.der']);
const MASTER_LIST_EXTENSION = '.ml';
const CSCA_MASTER_LIST_OID = '2.23.136.1.1.2';
const MAX_TRUST_FILE = 16 * 1024 * 1024;

export interface SkippedTrustFile {
  file: string;
  reason: string;
}

export class CscaTrustStore {
  constructor(readonly certificates: readonly X509Certificate[], readonly skipped: readonly SkippedTrustFile[] = []) {}

  /** Loads a folder of certificates and master lists, or a single such file. */
  static async load(path: string): Promise<CscaTrustStore> {
    let files: string[];
    try {
      files = (await stat(path)).isDirectory() ? (await readdir(path)).sort().map((f) => join(path, f)) : [path];
    } catch (err) {
      throw new EkycError('FILE_NOT_FOUND', `the CSCA trust list ${path} cannot be opened: ${(err as Error).message}`, { file: path });
    }
    const certificates: X509Certificate[] = [];
    const skipped: SkippedTrustFile[] = [];
    for (const file of files) {
      const ext = extname(file).toLowerCase();
      if (!CERT_EXTENSIONS.has(ext) && ext !== MASTER_LIST_EXTENSION) continue;
      try {
        const bytes = await readInputFile(file, { expected: 'a CSCA certificate or master list', maxBytes: MAX_TRUST_FILE });
        certificates.push(...(ext === MASTER_LIST_EXTENSION ? masterListCertificates(bytes) : certificatesOf(bytes)));
      } catch (err) {
        skipped.push({ file, reason: (err as Error).message });
      }
    }
    return new CscaTrustStore(certificates, skipped);
  }

  /** Every certificate whose subject country is `country`. */
  forCountry(country: string): X509Certificate[] {
    return this.certificates.filter((c) => countryOf(c, 'subject') === country);
  }

  /** The CSCA whose key signed `ds`, or undefined. */
  issuerOf(ds: X509Certificate): X509Certificate | undefined {
    return this.certificates.find((ca) => ds.checkIssued(ca) && ds.verify(ca.publicKey));
  }
}

/** One DER certificate, or every certificate of a PEM file. */
export function certificatesOf(bytes: Buffer): X509Certificate[] {
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    return blocks.map((b) => new X509Certificate(b));
  }
  return [new X509Certificate(bytes)];
}

/** The certificates of an ICAO CSCA master list: CscaMasterList ::= SEQUENCE { version, certList SET OF Certificate }. */
export function masterListCertificates(bytes: Buffer): X509Certificate[] {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1) throw new Error('not ASN.1');
  const signed = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: parsed.result }).content });
  if (signed.encapContentInfo.eContentType !== CSCA_MASTER_LIST_OID || !signed.encapContentInfo.eContent) throw new Error('not an ICAO CSCA master list');
  const e = signed.encapContentInfo.eContent;
  const content = e.idBlock.isConstructed
    ? Buffer.concat((e.valueBlock.value as asn1js.OctetString[]).map((p) => Buffer.from(p.valueBlock.valueHexView)))
    : Buffer.from(e.valueBlock.valueHexView);
  const list = asn1js.fromBER(content).result;
  const certSet = list instanceof asn1js.Sequence ? list.valueBlock.value[1] : undefined;
  if (!(certSet instanceof asn1js.Set)) throw new Error('master list has no certificate list');
  // The bytes as stored, so a re-encoding cannot change what the CSCA signed.
  return certSet.valueBlock.value.map((c) => new X509Certificate(Buffer.from(c.valueBeforeDecodeView)));
}
