import { csvLine, localDateTime } from './csv';

describe('CSV cells for Excel (RFC 4180, no formulas)', () => {
  it('quotesWhatNeedsIt_andNeutralisesAFormula_butNotANegativeNumber', () => {
    expect(csvLine(['甲, 乙', 'say "hi"', 'line\nbreak'])).toBe('"甲, 乙","say ""hi""","line\nbreak"\r\n');
    expect(csvLine(['=SUM(A1)', '+1 800', '-x', '@cmd', -3, '-2.5', null, undefined, true])).toBe(
      "'=SUM(A1),'+1 800,'-x,'@cmd,-3,-2.5,,,true\r\n",
    );
  });

  it('aCellStartingWithTabOrCarriageReturn_isNotRunAsAFormula', () => {
    expect(csvLine(['\t=1+1'])).toBe("'\t=1+1\r\n");
    expect(csvLine(['\r=HYPERLINK("x")'])).toBe('"\'\r=HYPERLINK(""x"")"\r\n');
  });
});

describe('times as the mall reads them', () => {
  it('anInstant_isWrittenInTheGivenZone', () => {
    expect(localDateTime('2026-11-30T17:30:05Z', 'Asia/Shanghai')).toBe('2026-12-01 01:30:05');
    expect(localDateTime(new Date('2026-07-01T00:00:00Z'), 'Europe/Paris')).toBe('2026-07-01 02:00:00');
    expect(localDateTime(null, 'Asia/Shanghai')).toBe('');
  });

  it('aZoneWithHalfHoursAndSummerTime_isReadRightOnBothSidesOfItsChanges', () => {
    // Adelaide (+9:30, +10:30 in summer) moves its clocks on at 02:00 local on 5 October 2025: 16:30 UTC the day before
    expect(localDateTime('2025-10-04T16:29:59Z', 'Australia/Adelaide')).toBe('2025-10-05 01:59:59');
    expect(localDateTime('2025-10-04T16:30:00Z', 'Australia/Adelaide')).toBe('2025-10-05 03:00:00');
    expect(localDateTime('2026-03-29T00:59:59Z', 'Europe/London')).toBe('2026-03-29 00:59:59');
    expect(localDateTime('2026-03-29T01:00:00Z', 'Europe/London')).toBe('2026-03-29 02:00:00');
    expect(localDateTime('2026-06-01T00:00:00Z', 'Asia/Kathmandu')).toBe('2026-06-01 05:45:00');
    // every minute of a day across a change agrees with Intl asked directly
    const direct = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/New_York', dateStyle: 'short', timeStyle: 'medium' });
    for (let ms = Date.parse('2026-03-08T00:00:00Z'); ms < Date.parse('2026-03-09T00:00:00Z'); ms += 60000)
      expect(localDateTime(new Date(ms), 'America/New_York')).toBe(direct.format(new Date(ms)));
  });
});
