import { CURVES, decodePoint, encodePoint, onCurve, toBigInt } from '../../../src/main/chip/ec';
import { performPace, supportedPace } from '../../../src/main/chip/pace';
import { ApduChannel, type CardTransport } from '../../../src/main/chip/transport';
import { aesCmac, authenticationToken, decryptNonce, kdfAes, mapGenerator, paceKeyFromMrz, publicKey, sharedSecret } from '../../../src/main/chip/pace-crypto';

/**
 * ICAO Doc 9303 Part 11, Appendix G.1: PACE, ECDH generic mapping, brainpoolP256r1,
 * AES-128, MRZ T22000129 / 640812 / 101031, every intermediate value.
 */
const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const up = (b: Buffer) => b.toString('hex').toUpperCase();
const C = CURVES[13];
const MRZ = { documentNumber: 'T22000129', birthDate: '640812', expiryDate: '101031' };
const OID = '0.4.0.127.0.7.2.2.4.2.2';
const NONCE = hex('3F00C4D39D153F2B2A214A078D899B22');
const MAP_T = toBigInt(hex('7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99'));
const MAP_IC = toBigInt(hex('498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560'));
const EPH_T = toBigInt(hex('A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595'));
const EPH_IC = toBigInt(hex('107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A'));
const PK_MAP_IC = hex('04 824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57 30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54');
const PK_IC = hex('04 9E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB 7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094');

describe('PACE ECDH-GM with AES-128 (G.1)', () => {
  it('derives K_pi from the MRZ and decrypts the nonce', () => {
    const kPi = paceKeyFromMrz(MRZ, 'AES-128');
    expect(up(kPi)).toBe('89DED1B26624EC1E634C1989302849DD');
    expect(up(decryptNonce(kPi, hex('95A3A016522EE98D01E76CB6B98B42C3')))).toBe(up(NONCE));
  });

  it('computes both mapping public keys and the mapped generator', () => {
    const pkMapT = encodePoint(C, publicKey(C, MAP_T, C.g));
    expect(up(pkMapT)).toBe('04' + '7ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E' + '544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D');
    expect(up(encodePoint(C, publicKey(C, MAP_IC, C.g)))).toBe(up(PK_MAP_IC));
    const G = mapGenerator(C, NONCE, MAP_T, decodePoint(C, PK_MAP_IC));
    expect(up(encodePoint(C, G))).toBe('04' + '8CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2' + '8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522');
    // The chip maps to the same point from its side.
    expect(mapGenerator(C, NONCE, MAP_IC, publicKey(C, MAP_T, C.g))).toEqual(G);
  });

  it('agrees the secret, derives the session keys and computes the tokens', () => {
    const G = mapGenerator(C, NONCE, MAP_T, decodePoint(C, PK_MAP_IC));
    const pkT = publicKey(C, EPH_T, G);
    expect(up(encodePoint(C, pkT))).toBe('04' + '2DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C' + '3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462');
    expect(up(encodePoint(C, publicKey(C, EPH_IC, G)))).toBe(up(PK_IC));
    const secret = sharedSecret(C, EPH_T, decodePoint(C, PK_IC));
    expect(up(secret)).toBe('28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925');
    expect(sharedSecret(C, EPH_IC, pkT)).toEqual(secret);
    const mac = kdfAes(secret, 2, 'AES-128');
    expect(up(kdfAes(secret, 1, 'AES-128'))).toBe('F5F0E35C0D7161EE6724EE513A0D9A7F');
    expect(up(mac)).toBe('FE251C7858B356B24514B3BD5F4297D1');
    expect(up(authenticationToken(mac, OID, C, decodePoint(C, PK_IC)))).toBe('C2B0BD78D94BA866');
  });

  it('refuses a point off the curve (invalid-curve attack)', () => {
    const off = Buffer.from(PK_IC);
    off[64] ^= 1;
    expect(() => decodePoint(C, off)).toThrow(/not on the curve/);
    expect(onCurve(C, C.g)).toBe(true);
  });

  it('computes AES-CMAC as RFC 4493 does', () => {
    const key = hex('2b7e151628aed2a6abf7158809cf4f3c');
    expect(aesCmac(key, Buffer.alloc(0)).toString('hex')).toBe('bb1d6929e95937287fa37d129b756746');
    expect(aesCmac(key, hex('6bc1bee22e409f96e93d7e117393172a')).toString('hex')).toBe('070a16b46b4d4144f79bdd9dd04a287c');
    expect(aesCmac(key, hex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411')).toString('hex')).toBe('dfa66747de9ae63030ca32611497c827');
  });

  it('runs the whole exchange as the standard\'s trace has it, and checks the chip\'s token', async () => {
    const info = supportedPace(hex('31143012060A04007F0007020204020202010202010D'))!;
    expect(info).toMatchObject({ oid: OID, cipher: 'AES-128', parameterId: 13 });
    const trace: [string, string][] = [
      ['0022C1A412800A04007F0007020204020283010184010D', '9000'],
      ['10860000027C0000', '7C12801095A3A016522EE98D01E76CB6B98B42C39000'],
      ['10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00',
        '7C438241' + up(PK_MAP_IC) + '9000'],
      ['10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200',
        '7C438441' + up(PK_IC) + '9000'],
      ['008600000C7C0A8508C2B0BD78D94BA86600', '7C0A86083ABB9674BCE93C089000'],
    ];
    const scripted = (answers: [string, string][]): CardTransport & { sent: string[] } => {
      const sent: string[] = [];
      return { sent, transmit: async (c) => { sent.push(up(c)); return hex(answers[sent.length - 1][1]); } };
    };
    const card = scripted(trace);
    const channel = new ApduChannel(card);
    await performPace(channel, MRZ, info, { mappingKey: MAP_T, ephemeralKey: EPH_T });
    expect(card.sent).toEqual(trace.map(([c]) => c));
    expect(channel.secured).toBe(true);
    // A chip whose token is wrong has not derived the same keys.
    const forged = trace.map(([c, r], i): [string, string] => [c, i === 4 ? '7C0A86083ABB9674BCE93C099000' : r]);
    await expect(performPace(new ApduChannel(scripted(forged)), MRZ, info, { mappingKey: MAP_T, ephemeralKey: EPH_T })).rejects.toMatchObject({ code: 'CHIP_PROTOCOL', message: expect.stringMatching(/token/) });
  });
});
