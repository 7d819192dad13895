import { toCsv } from './csv';

describe('CSV for Excel', () => {
  it('toCsv_startsWithABomAndQuotesWhatNeedsIt', () => {
    const csv = toCsv(
      ['商戶', 'note'],
      [
        ['甲, 乙', 'say "hi"'],
        ['=SUM(A1)', -3],
      ],
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('商戶,note\r\n"甲, 乙","say ""hi"""\r\n\'=SUM(A1),-3\r\n');
  });

  it('aCellStartingWithTabOrCarriageReturn_isNotRunAsAFormula', () => {
    const csv = toCsv(['note'], [['\t=1+1'], ['\r=HYPERLINK("x")']]);
    expect(csv.slice(1)).toBe('note\r\n\'\t=1+1\r\n"\'\r=HYPERLINK(""x"")"\r\n');
  });
});
