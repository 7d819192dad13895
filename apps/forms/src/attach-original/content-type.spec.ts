import { sniffOriginalType } from './content-type';

const bytes = (...b: number[]) => Uint8Array.from([...b, 0, 0, 0, 0]);

describe('sniffOriginalType', () => {
  it('knows a JPEG, a PNG and a PDF by their first bytes', () => {
    expect(sniffOriginalType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffOriginalType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
    expect(sniffOriginalType(Buffer.from('%PDF-1.7\n%...'))).toBe('application/pdf');
  });

  it('refuses a program, a GIF, text and an empty or cut file whatever they are called', () => {
    expect(sniffOriginalType(Buffer.from('MZ\x90\x00\x03\x00\x00\x00'))).toBeUndefined(); // a Windows .exe
    expect(sniffOriginalType(Buffer.from('GIF89a....'))).toBeUndefined();
    expect(sniffOriginalType(Buffer.from('just some text that says image/jpeg'))).toBeUndefined();
    expect(sniffOriginalType(new Uint8Array())).toBeUndefined();
    expect(sniffOriginalType(Uint8Array.from([0xff, 0xd8, 0xff]))).toBeUndefined(); // a signature and nothing after it
    expect(sniffOriginalType(Buffer.from('%PDF'))).toBeUndefined();
  });
});
