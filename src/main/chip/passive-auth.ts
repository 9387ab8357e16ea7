import { createHash, type X509Certificate } from 'node:crypto';
import type { DataGroupCheck, PassiveAuthResult, SignerInfo } from '../../shared/chip-types';
import { EkycError } from '../../shared/errors';
import { msg, plural, type MessageParam, type MessageRef } from '../../shared/messages/catalogue';
import { english } from '../../shared/messages/translator';
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
    return altered(msg('chip.pa.detail.sodUnreadable'), err.message, null, [], null);
  }
  const country = countryOf(sod.signer, 'issuer') ?? null;
  const signer = signerInfo(sod.signer);
  const checks: DataGroupCheck[] = [...dataGroups.entries()].sort(([a], [b]) => a - b).map(([dg, bytes]) => {
    const signed = sod.securityObject.hashes.get(dg);
    const actual = createHash(sod.securityObject.hash).update(bytes).digest();
    return { dataGroup: dg, hashValid: signed !== undefined && signed.equals(actual) };
  });
  const bad = checks.filter((c) => !c.hashValid).map((c) => `DG${c.dataGroup}`);
  if (bad.length > 0) return altered(plural('chip.pa.detail.hashMismatch', bad.length, { groups: { list: bad } }), null, country, checks, signer);
  const problem = sodSignatureProblem(sod);
  if (problem) return altered(msg('chip.pa.detail.signatureFails'), problem, country, checks, signer);
  const base = { country, dataGroups: checks, signatureValid: true, signer };
  const who: MessageParam = country ?? msg('chip.pa.unnamedCountry');
  if (!trust || trust.certificates.length === 0) {
    return { ...base, status: 'untrusted', chainValid: false, csca: null, ...verdictText(msg('chip.pa.summary.noTrustList'), msg('chip.pa.detail.noTrustList', { country: who })) };
  }
  const csca = trust.issuerOf(sod.signer);
  if (!csca) {
    const ofCountry = country ? trust.forCountry(country) : [];
    return ofCountry.length === 0
      ? { ...base, status: 'untrusted', chainValid: false, csca: null, ...verdictText(msg('chip.pa.summary.noCsca', { country: who }), msg('chip.pa.detail.noCsca', { country: who })) }
      : { ...base, status: 'untrusted', chainValid: false, csca: null, ...verdictText(msg('chip.pa.summary.notIssued', { country: who }), plural('chip.pa.detail.notIssued', ofCountry.length, { country: who })) };
  }
  const cscaName = csca.subject.replace(/\n/g, ', ');
  return { ...base, status: 'valid', chainValid: true, csca: cscaName, ...verdictText(msg('chip.pa.summary.valid', { country: who }), msg('chip.pa.detail.valid', { csca: cscaName })) };
}

/**
 * The summary and detail as messages (shown in the operator's language) and in English (the
 * record, the CLI and the logs); `technical` adds the parser's or verifier's own English words
 * to the English detail only.
 */
function verdictText(summary: MessageRef, detail: MessageRef, technical: string | null = null): Pick<PassiveAuthResult, 'summary' | 'detail' | 'summaryMessage' | 'detailMessage'> {
  return { summary: english(summary), detail: technical ? `${english(detail)}: ${technical}` : english(detail), summaryMessage: summary, detailMessage: detail };
}

function altered(detail: MessageRef, technical: string | null, country: string | null, dataGroups: DataGroupCheck[], signer: SignerInfo | null): PassiveAuthResult {
  return { status: 'altered', ...verdictText(msg('chip.pa.summary.altered'), detail, technical), country, dataGroups, signatureValid: false, chainValid: false, csca: null, signer };
}
