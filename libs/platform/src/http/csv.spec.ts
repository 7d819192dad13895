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
});
