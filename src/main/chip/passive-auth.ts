import { createHash, type X509Certificate } from 'node:crypto';
import type { DataGroupCheck, PassiveAuthResult, SignerInfo } from '../../shared/chip-types';
import { EkycError } from '../../shared/errors';
import { countryOf, parseSod, sodSignatureProblem, type ParsedSod } from './sod';
import type { CscaTrustStore } from './trust-store';

/**
 * Passive authentication (ICAO 9303 Part 11, 5.1): the data groups read hash to the values
 * the issuer signed in EF.SOD, EF.SOD's signature verifies with its document signer (DS)
 * certificate, and that certificate was issued by a country signing CA (CSCA) the operator
 * trusts. Checked in that order, so "data altered" wins over "signer not trusted": altered
 * data is never worth a chain.
 */

function signerInfo(cert: X509Certificate): SignerInfo {
  return { subject: cert.subject.replace(/\n/g, ', '), issuer: cert.issuer.replace(/\n/g, ', '), serialNumber: cert.serialNumber, validFrom: cert.validFrom, validTo: cert.validTo };
}

/**
 * `dataGroups` holds each data group read, by number, as read (tag included). A malformed
 * EF.SOD is "data altered" rather than an error: the chip is the issuer's only voice, and a
 * security object that does not parse cannot vouch for anything.
 */
export function passiveAuthentication(sodBytes: Uint8Array, dataGroups: ReadonlyMap<number, Uint8Array>, trust: CscaTrustStore | undefined): PassiveAuthResult {
  let sod: ParsedSod;
  try {
    sod = parseSod(sodBytes);
  } catch (err) {
    if (!(err instanceof EkycError)) throw err;
    return altered(`the security object cannot be read: ${err.message}`, null, [], null);
  }
  const country = countryOf(sod.signer, 'issuer') ?? null;
  const signer = signerInfo(sod.signer);
  const checks: DataGroupCheck[] = [...dataGroups.entries()].sort(([a], [b]) => a - b).map(([dg, bytes]) => {
    const signed = sod.securityObject.hashes.get(dg);
    const actual = createHash(sod.securityObject.hash).update(bytes).digest();
    return { dataGroup: dg, hashValid: signed !== undefined && signed.equals(actual) };
  });
  const bad = checks.filter((c) => !c.hashValid).map((c) => `DG${c.dataGroup}`);
  if (bad.length > 0) return altered(`${bad.join(', ')} ${bad.length === 1 ? 'does' : 'do'} not hash to the value the issuer signed`, country, checks, signer);
  const problem = sodSignatureProblem(sod);
  if (problem) return altered(`the security object's signature fails: ${problem}`, country, checks, signer);
  const base = { country, dataGroups: checks, signatureValid: true, signer };
  const who = country ?? 'an unnamed country';
  if (!trust || trust.certificates.length === 0) {
    return { ...base, status: 'untrusted', chainValid: false, csca: null, summary: `signer not trusted (no CSCA trust list installed)`, detail: `the data is as signed by ${who}'s document signer, but no CSCA certificates are installed to check the signer against` };
  }
  const csca = trust.issuerOf(sod.signer);
  if (!csca) {
    const ofCountry = country ? trust.forCountry(country) : [];
    return ofCountry.length === 0
      ? { ...base, status: 'untrusted', chainValid: false, csca: null, summary: `signer not trusted (no CSCA for ${who})`, detail: `the trust list has no CSCA certificate of ${who}` }
      : { ...base, status: 'untrusted', chainValid: false, csca: null, summary: `signer not trusted (not issued by any CSCA of ${who})`, detail: `none of the ${ofCountry.length} CSCA certificate(s) of ${who} signed this document signer certificate` };
  }
  return { ...base, status: 'valid', chainValid: true, csca: csca.subject.replace(/\n/g, ', '), summary: `signed by ${who}, chain valid`, detail: `every data group read matches its signed hash; the document signer's certificate was issued by ${csca.subject.replace(/\n/g, ', ')}` };
}

function altered(detail: string, country: string | null, dataGroups: DataGroupCheck[], signer: SignerInfo | null): PassiveAuthResult {
  return { status: 'altered', summary: 'data altered', detail, country, dataGroups, signatureValid: false, chainValid: false, csca: null, signer };
}
