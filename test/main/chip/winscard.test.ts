/**
 * The platform PC/SC library's ABI table. The library itself is
 * exercised against libpcsclite with a virtual reader in pcsc-vpcd.test.ts.
 */
import { parseMultiString, winscardAbi, WinscardContext } from '../../../src/main/chip/winscard';

describe('winscardAbi', () => {
  it("spells Windows' WinSCard types: 32-bit DWORD and LONG (C long on Windows), pointer-sized handles, the ANSI functions, a 36-byte ATR", () => {
    expect(winscardAbi('win32')).toEqual({ library: 'winscard.dll', dword: 'unsigned long', long: 'long', handle: 'uintptr_t', atrSize: 36, packedReaderState: false, textSuffix: 'A', convention: '__stdcall' });
  });

  it("spells Apple's PCSC framework types: fixed 32-bit integers and handles, a packed reader state", () => {
    expect(winscardAbi('darwin')).toMatchObject({ library: '/System/Library/Frameworks/PCSC.framework/PCSC', dword: 'uint32_t', long: 'int32_t', handle: 'int32_t', atrSize: 33, packedReaderState: true, textSuffix: '' });
  });

  it("spells pcsc-lite's types on Linux: C's unsigned long and long, LONG handles", () => {
    expect(winscardAbi('linux')).toMatchObject({ library: 'libpcsclite.so.1', dword: 'unsigned long', long: 'long', handle: 'long', atrSize: 33, packedReaderState: false });
  });
});

describe('parseMultiString', () => {
  it('splits the reader names of a PC/SC multi-string', () => {
    expect(parseMultiString(Buffer.from('Virtual PCD 00 00\0ACS ACR1252 1S CL Reader PICC 0\0\0'))).toEqual(['Virtual PCD 00 00', 'ACS ACR1252 1S CL Reader PICC 0']);
    expect(parseMultiString(Buffer.from('\0'))).toEqual([]);
  });
});

describe('WinscardContext', () => {
  it('names the PC/SC library that cannot be loaded, and what to install', async () => {
    await expect(WinscardContext.establish({ ...winscardAbi('linux'), library: 'libpcsclite-missing.so.9' })).rejects.toMatchObject({
      code: 'CHIP_READER_NOT_FOUND',
      message: expect.stringMatching(/libpcsclite-missing\.so\.9 cannot be loaded.*apt install pcscd/),
    });
  });
});
