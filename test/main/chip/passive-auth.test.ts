import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { passiveAuthentication } from '../../../src/main/chip/passive-auth';
import { parseSod } from '../../../src/main/chip/sod';
import { english, translator } from '../../../src/shared/messages/translator';
import { CscaTrustStore } from '../../../src/main/chip/trust-store';
import { certificate, dg1, efSod, masterList, keyPair, securityObject, SPECIMEN_TD3, testDocument, type TestDocument } from '../../helpers/emrtd';

const groups = (d: TestDocument) => new Map([[1, d.dg1], [2, d.dg2]]);
const trusting = (...certs: Buffer[]) => new CscaTrustStore(certs.map((c) => new X509Certificate(c)));

describe('passive authentication', () => {
  let doc: TestDocument;
  beforeAll(async () => {
    doc = await testDocument({ country: 'UT' });
  });

  it('parses the security object and the DS certificate', () => {
    const sod = parseSod(doc.sod);
    expect(sod.securityObject.hash).toBe('sha256');
    expect([...sod.securityObject.hashes.keys()]).toEqual([1, 2]);
    expect(sod.signer.subject).toContain('CN=DS UT');
  });

  it('accepts a document its CSCA signed: "signed by UT, chain valid"', () => {
    const r = passiveAuthentication(doc.sod, groups(doc), trusting(doc.cscaCert));
    expect(r).toMatchObject({ status: 'valid', summary: 'signed by UT, chain valid', country: 'UT', signatureValid: true, chainValid: true });
    expect(r.dataGroups).toEqual([{ dataGroup: 1, hashValid: true }, { dataGroup: 2, hashValid: true }]);
  });

  it('names an altered data group: "data altered"', () => {
    const forged = dg1([SPECIMEN_TD3[0].replace('ANNA', 'ANNE'), SPECIMEN_TD3[1]]);
    const r = passiveAuthentication(doc.sod, new Map([[1, forged], [2, doc.dg2]]), trusting(doc.cscaCert));
    expect(r).toMatchObject({ status: 'altered', summary: 'data altered' });
    expect(r.dataGroups).toEqual([{ dataGroup: 1, hashValid: false }, { dataGroup: 2, hashValid: true }]);
    expect(r.detail).toMatch(/DG1/);
  });

  it('gives its summary and detail as messages too, so the screen words them in the operator\'s language', () => {
    const valid = passiveAuthentication(doc.sod, groups(doc), trusting(doc.cscaCert));
    expect(translator('vi').ref(valid.summaryMessage!)).toBe('được ký bởi UT, chuỗi chứng thư hợp lệ');
    expect(english(valid.detailMessage!)).toBe(valid.detail);
    const forged = dg1([SPECIMEN_TD3[0].replace('ANNA', 'ANNE'), SPECIMEN_TD3[1]]);
    const altered = passiveAuthentication(doc.sod, new Map([[1, forged], [2, doc.dg2]]), trusting(doc.cscaCert));
    expect(altered.detail).toBe('DG1 does not hash to the value the issuer signed');
    expect(translator('fr').ref(altered.detailMessage!)).toBe('DG1 ne correspond pas à l\'empreinte signée par l\'émetteur');
    const untrusted = passiveAuthentication(doc.sod, groups(doc), undefined);
    expect(translator('fr').ref(untrusted.summaryMessage!)).toBe('signataire non reconnu (aucune liste de confiance CSCA installée)');
  });

  it('finds one flipped bit in the photo', () => {
    const photo = Buffer.from(doc.dg2);
    photo[photo.length - 100] ^= 0x01;
    expect(passiveAuthentication(doc.sod, new Map([[1, doc.dg1], [2, photo]]), trusting(doc.cscaCert)).status).toBe('altered');
  });

  it('refuses a security object re-signed by a key other than the DS certificate\'s', () => {
    const other = keyPair('ec-p256');
    const resigned = efSod(securityObject(groups(doc)), doc.dsCert, other.privateKey);
    const r = passiveAuthentication(resigned, groups(doc), trusting(doc.cscaCert));
    expect(r).toMatchObject({ status: 'altered', summary: 'data altered' });
    expect(r.detail).toMatch(/signature/);
  });

  it('refuses a forged DS certificate under a self-made CSCA of the same name: "signer not trusted"', async () => {
    // A forger who copies the names but not the CSCA's key.
    const forger = await testDocument({ country: 'UT' });
    const r = passiveAuthentication(forger.sod, groups(forger), trusting(doc.cscaCert));
    expect(r).toMatchObject({ status: 'untrusted', summary: 'signer not trusted (not issued by any CSCA of UT)', signatureValid: true, chainValid: false });
  });

  it('says which country has no CSCA: "signer not trusted (no CSCA for ZZ)"', async () => {
    const other = await testDocument({ country: 'ZZ' });
    const r = passiveAuthentication(other.sod, groups(other), trusting(doc.cscaCert));
    expect(r).toMatchObject({ status: 'untrusted', summary: 'signer not trusted (no CSCA for ZZ)', country: 'ZZ' });
  });

  it('without a trust list the data can still be shown as signed but not trusted', () => {
    expect(passiveAuthentication(doc.sod, groups(doc), undefined)).toMatchObject({ status: 'untrusted', summary: 'signer not trusted (no CSCA trust list installed)' });
  });

  it('verifies a Brainpool DS signature (what WebCrypto could not)', async () => {
    const bp = await testDocument({ country: 'UT', dsKind: 'ec-brainpool256' });
    expect(passiveAuthentication(bp.sod, groups(bp), trusting(bp.cscaCert)).status).toBe('valid');
  });

  it('treats an EF.SOD that does not parse as altered data', () => {
    const broken = Buffer.from(doc.sod.subarray(0, 200));
    expect(passiveAuthentication(broken, groups(doc), trusting(doc.cscaCert)).status).toBe('altered');
  });

  it('loads a CSCA folder of PEM and DER files and reports what it skipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csca-'));
    try {
      const pem = new X509Certificate(doc.cscaCert).toString();
      const other = certificate({ subject: ['ZZ', 'CSCA ZZ'], issuer: ['ZZ', 'CSCA ZZ'], ...(() => { const k = keyPair('ec-p256'); return { subjectKey: k.publicKey, issuerKey: k.privateKey }; })(), ca: true });
      await writeFile(join(dir, 'ut.pem'), pem);
      await writeFile(join(dir, 'zz.der'), other);
      await writeFile(join(dir, 'broken.crt'), 'not a certificate');
      await writeFile(join(dir, 'README.txt'), 'ignored');
      const store = await CscaTrustStore.load(dir);
      expect(store.certificates).toHaveLength(2);
      expect(store.skipped.map((s) => s.file)).toEqual([join(dir, 'broken.crt')]);
      expect(passiveAuthentication(doc.sod, groups(doc), store).status).toBe('valid');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('loads the CSCAs of an ICAO master list (.ml)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csca-ml-'));
    try {
      const zz = await testDocument({ country: 'ZZ' });
      await writeFile(join(dir, 'icao.ml'), masterList([zz.cscaCert, doc.cscaCert]));
      const store = await CscaTrustStore.load(join(dir, 'icao.ml'));
      expect(store.certificates.map((c) => c.subject.split('\n')[0])).toEqual(['C=ZZ', 'C=UT']);
      expect(passiveAuthentication(doc.sod, groups(doc), store).summary).toBe('signed by UT, chain valid');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names a missing trust-list folder', async () => {
    await expect(CscaTrustStore.load(join(tmpdir(), 'no-such-csca-folder'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('finds a signer named by its subject key identifier', async () => {
    const csca = keyPair('rsa');
    const ds = keyPair('ec-p256');
    const ski = Buffer.from('0102030405060708090a0b0c0d0e0f1011121314', 'hex');
    const cscaCert = certificate({ subject: ['UT', 'CSCA UT'], issuer: ['UT', 'CSCA UT'], subjectKey: csca.publicKey, issuerKey: csca.privateKey, ca: true });
    const dsCert = certificate({ subject: ['UT', 'DS UT'], issuer: ['UT', 'CSCA UT'], subjectKey: ds.publicKey, issuerKey: csca.privateKey, ca: false, ski });
    const sod = efSod(securityObject(groups(doc)), dsCert, ds.privateKey, ski);
    expect(passiveAuthentication(sod, groups(doc), trusting(cscaCert))).toMatchObject({ status: 'valid' });
    const wrongSki = efSod(securityObject(groups(doc)), dsCert, ds.privateKey, Buffer.alloc(20, 7));
    expect(passiveAuthentication(wrongSki, groups(doc), trusting(cscaCert))).toMatchObject({ status: 'altered', detail: expect.stringMatching(/no certificate for its signer/) });
  });
});
