import { DEFAULT_CJK_FONT, findCjkFont } from './cjk-font';

describe('finding the Chinese font for printed forms', () => {
  it('byDefault_isWenQuanYiMicroHei_withItsFaceInTheCollection', () => {
    expect(findCjkFont({})).toEqual({ path: DEFAULT_CJK_FONT, family: 'WenQuanYiMicroHei' });
  });
  it('aConfiguredFont_isUsed', () => {
    expect(findCjkFont({ CJK_FONT: __filename })).toEqual({ path: __filename });
  });
  it('aConfiguredFontThatIsMissing_isNotReplacedByTheDefault', () => {
    expect(findCjkFont({ CJK_FONT: '/nonexistent/NotoSansTC.ttf' })).toBeNull();
  });
});
