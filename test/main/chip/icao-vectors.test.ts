import { decodeResponse } from '../../../src/main/chip/apdu';
import { bacCommandData, bacKeySeed, bacKeys, bacSessionFromResponse, mrzInformation, performBac } from '../../../src/main/chip/bac';
import { adjustParity, retailMac } from '../../../src/main/chip/crypto';
import { readBinary, selectFile } from '../../../src/main/chip/files';
import { SecureMessaging } from '../../../src/main/chip/secure-messaging';
import { ApduChannel, type CardTransport } from '../../../src/main/chip/transport';

/**
 * ICAO Doc 9303 Part 11, Appendix D (worked example of BAC and secure messaging) for the
 * specimen MRZ L898902C<3 / 690806 / 940623, byte for byte.
 */
const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const up = (b: Buffer) => b.toString('hex').toUpperCase();

const MRZ = { documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' };
const RND_IC = hex('4608F91988702212');
const RANDOM = { rndIfd: hex('781723860C06C226'), kIfd: hex('0B795240CB7049B01C19B33E32804F0B') };
const CHIP_ANSWER = hex('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F 2F2D235D074D7449');
const KS_ENC = hex('979EC13B1CBFE9DCD01AB0FED307EAE5');
const KS_MAC = hex('F1CB1F1FB5ADF208806B89DC579DC1F8');
const SSC = hex('887022120C06C226');

describe('BAC key derivation (D.2)', () => {
  it('builds MRZ_information with its check digits', () => {
    expect(mrzInformation(MRZ)).toBe('L898902C<369080619406236');
  });

  it('derives K_seed, K_enc and K_mac', () => {
    expect(up(bacKeySeed(MRZ))).toBe('239AB9CB282DAF66231DC5A4DF6BFBAE');
    const keys = bacKeys(MRZ);
    expect(up(keys.enc)).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(up(keys.mac)).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('sets odd parity on each key byte', () => {
    expect(up(adjustParity(hex('00FE0102')))).toBe('01FE0102');
  });
});

describe('BAC mutual authentication (D.3)', () => {
  it('computes E_IFD and M_IFD', () => {
    const data = bacCommandData(bacKeys(MRZ), RND_IC, RANDOM);
    expect(up(data)).toBe('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2' + '5F1448EEA8AD90A7');
  });

  it('checks the chip answer and derives the session keys and SSC', () => {
    const session = bacSessionFromResponse(bacKeys(MRZ), RND_IC, RANDOM, CHIP_ANSWER);
    expect(up(session.keys.enc)).toBe(up(KS_ENC));
    expect(up(session.keys.mac)).toBe(up(KS_MAC));
    expect(up(session.ssc)).toBe(up(SSC));
  });

  it('refuses an answer whose MAC is wrong', () => {
    const forged = Buffer.from(CHIP_ANSWER);
    forged[5] ^= 1;
    expect(() => bacSessionFromResponse(bacKeys(MRZ), RND_IC, RANDOM, forged)).toThrow(expect.objectContaining({ code: 'CHIP_PROTOCOL' }));
  });

  it('refuses an answer to another challenge', () => {
    expect(() => bacSessionFromResponse(bacKeys(MRZ), hex('0000000000000000'), RANDOM, CHIP_ANSWER)).toThrow(/challenge/);
  });
});

describe('secure messaging (D.4)', () => {
  it('protects SELECT EF.COM and checks its response', () => {
    const sm = new SecureMessaging({ enc: KS_ENC, mac: KS_MAC }, SSC);
    expect(up(sm.protect({ cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: hex('011E') }))).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    const r = sm.unprotect(decodeResponse(hex('990290008E08FA855A5D4C50A8ED9000')));
    expect(r.sw).toBe(0x9000);
    expect(r.data.length).toBe(0);
  });

  it('protects READ BINARY and decrypts EF.COM\'s first bytes and the rest', () => {
    const sm = new SecureMessaging({ enc: KS_ENC, mac: KS_MAC }, hex('887022120C06C228'));
    expect(up(sm.protect({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 }))).toBe('0CB000000D9701048E08ED6705417E96BA5500');
    const head = sm.unprotect(decodeResponse(hex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000')));
    expect(up(head.data)).toBe('60145F01');
    expect(up(sm.protect({ cla: 0, ins: 0xb0, p1: 0, p2: 4, le: 0x12 }))).toBe('0CB000040D9701128E082EA28A70F3C7B53500');
    const rest = sm.unprotect(decodeResponse(hex('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000')));
    expect(up(rest.data)).toBe('04303130365F36063034303030305C026175');
  });

  it('refuses a response whose MAC does not cover its data', () => {
    const sm = new SecureMessaging({ enc: KS_ENC, mac: KS_MAC }, hex('887022120C06C228'));
    sm.protect({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 });
    const altered = hex('8709019FF0EC34F9922652990290008E08AD55CC17140B2DED9000');
    expect(() => sm.unprotect(decodeResponse(altered))).toThrow(/MAC/);
  });

  it('refuses a replayed response (the SSC has moved on)', () => {
    const sm = new SecureMessaging({ enc: KS_ENC, mac: KS_MAC }, SSC);
    sm.protect({ cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: hex('011E') });
    sm.unprotect(decodeResponse(hex('990290008E08FA855A5D4C50A8ED9000')));
    sm.protect({ cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data: hex('011E') });
    expect(() => sm.unprotect(decodeResponse(hex('990290008E08FA855A5D4C50A8ED9000')))).toThrow(/MAC/);
  });

  it('computes the retail MAC of ISO 9797-1 algorithm 3', () => {
    // D.3: M_IFD is the retail MAC of E_IFD under K_mac.
    expect(up(retailMac(bacKeys(MRZ).mac, hex('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2')))).toBe('5F1448EEA8AD90A7');
  });
});

/** Replays the chip's side of Appendix D and records what the terminal sent. */
class ScriptedCard implements CardTransport {
  readonly sent: string[] = [];
  constructor(private readonly answers: Buffer[]) {}
  async transmit(command: Buffer): Promise<Buffer> {
    this.sent.push(up(command));
    const next = this.answers.shift();
    if (!next) throw new Error('no scripted answer left');
    return next;
  }
}

describe('the whole Appendix D exchange over a channel', () => {
  it('sends exactly the standard\'s APDUs and reads EF.COM', async () => {
    const card = new ScriptedCard([
      Buffer.concat([RND_IC, hex('9000')]),
      Buffer.concat([CHIP_ANSWER, hex('9000')]),
      hex('990290008E08FA855A5D4C50A8ED9000'),
      hex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'),
      hex('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000'),
    ]);
    const channel = new ApduChannel(card);
    await performBac(channel, MRZ, RANDOM);
    expect(await selectFile(channel, 'COM')).toBe(true);
    const head = await readBinary(channel, 0, 4, 'EF.COM');
    const rest = await readBinary(channel, 4, 0x12, 'EF.COM');
    expect(up(Buffer.concat([head, rest]))).toBe('60145F0104303130365F36063034303030305C026175');
    expect(card.sent).toEqual([
      '0084000008',
      '008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728',
      '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800',
      '0CB000000D9701048E08ED6705417E96BA5500',
      '0CB000040D9701128E082EA28A70F3C7B53500',
    ]);
  });

  it('names wrong MRZ keys as such', async () => {
    const card = new ScriptedCard([Buffer.concat([RND_IC, hex('9000')]), hex('6300')]);
    await expect(performBac(new ApduChannel(card), { ...MRZ, birthDate: '690807' }, RANDOM)).rejects.toMatchObject({ code: 'CHIP_ACCESS_DENIED' });
  });

  it('times out on a chip that never answers', async () => {
    const silent: CardTransport = { transmit: () => new Promise(() => undefined) };
    await expect(performBac(new ApduChannel(silent, 50), MRZ, RANDOM)).rejects.toMatchObject({ code: 'CHIP_TIMEOUT' });
  });
});
