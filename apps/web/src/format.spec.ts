import { addMonths, centsToYuan, dateIn, isDate, lastTwelve, parseFormCode, yuanToCents } from './format';

describe('money typed in yuan', () => {
  it('yuanToCents_readsWholeAndDecimalYuan', () => {
    expect(yuanToCents('12')).toBe(1200);
    expect(yuanToCents('12.5')).toBe(1250);
    expect(yuanToCents('1,280.05')).toBe(128005);
    expect(yuanToCents('¥0.99')).toBe(99);
  });
  it('yuanToCents_whenNotAnAmount_isNull', () => {
    expect(yuanToCents('')).toBeNull();
    expect(yuanToCents('12.345')).toBeNull();
    expect(yuanToCents('-3')).toBeNull();
    expect(yuanToCents('abc')).toBeNull();
  });
  it('centsToYuan_showsTwoDecimalsAndThousands', () => {
    expect(centsToYuan(128050)).toBe('1,280.50');
    expect(centsToYuan(5)).toBe('0.05');
  });
});

describe('dates and months', () => {
  it('addMonths_crossesYears', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
  });
  it('lastTwelve_endsWithTheGivenMonth', () => {
    expect(lastTwelve('2026-10')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
  });
  it('dateIn_usesTheMallTimeZone', () => {
    // 16:30 UTC on 31 October is already 1 November in Shanghai
    expect(dateIn(new Date('2026-10-31T16:30:00Z'))).toBe('2026-11-01');
  });
  it('isDate_refusesImpossibleDays', () => {
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
  });
});

describe('scanned form codes', () => {
  it('parseFormCode_readsTheQrCodeOfAForm', () => {
    expect(parseFormCode('FD00000012:ab12cd34')).toEqual({ serial: 'FD00000012', verificationCode: 'AB12CD34' });
    expect(parseFormCode('fd00000012')).toEqual({ serial: 'FD00000012' });
    expect(parseFormCode('https://example.com')).toBeNull();
  });
  it('parseFormCode_readsWhatAUsbScannerTypes', () => {
    // the printed QR code is `serial:code` (apps/forms form-pdf.ts); a Chinese keyboard layout may type a full-width colon
    expect(parseFormCode(' FD00000012:K7M2QX9P ')).toEqual({ serial: 'FD00000012', verificationCode: 'K7M2QX9P' });
    expect(parseFormCode('FD00000012：k7m2qx9p')).toEqual({ serial: 'FD00000012', verificationCode: 'K7M2QX9P' });
    // a scanner set to another keyboard layout types the colon as a semicolon; some send a tab
    expect(parseFormCode('FD00000012;K7M2QX9P')).toEqual({ serial: 'FD00000012', verificationCode: 'K7M2QX9P' });
    expect(parseFormCode('FD00000012\tK7M2QX9P')).toEqual({ serial: 'FD00000012', verificationCode: 'K7M2QX9P' });
  });
  it('parseFormCode_readsALinkThatCarriesTheSerialAndCode', () => {
    expect(parseFormCode('https://desk.example/#/file?serial=FD00000012&code=k7m2qx9p')).toEqual({
      serial: 'FD00000012',
      verificationCode: 'K7M2QX9P',
    });
    expect(parseFormCode('https://desk.example/forms/FD00000012?verificationCode=K7M2QX9P')).toEqual({
      serial: 'FD00000012',
      verificationCode: 'K7M2QX9P',
    });
    expect(parseFormCode('https://desk.example/forms/FD00000012')).toEqual({ serial: 'FD00000012' });
  });
  it('parseFormCode_whenNotAFormsQrCode_isNull', () => {
    expect(parseFormCode('')).toBeNull();
    expect(parseFormCode('6901234567892')).toBeNull();
    expect(parseFormCode('FD12:K7M2QX9P')).toBeNull();
    expect(parseFormCode('FD00000012:K7')).toBeNull();
  });
});
