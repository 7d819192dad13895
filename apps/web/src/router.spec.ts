import { matchPath, parseHash } from './router';

describe('hash routes', () => {
  it('parseHash_splitsPathAndQuery', () => {
    expect(parseHash('#/merchants/M%201/scorecard?period=2026-10')).toEqual({
      path: '/merchants/M%201/scorecard',
      query: { period: '2026-10' },
    });
    expect(parseHash('')).toEqual({ path: '/', query: {} });
  });
  it('matchPath_givesParamsOrNull', () => {
    expect(matchPath('/merchants/:id/scorecard', '/merchants/M%201/scorecard')).toEqual({ id: 'M 1' });
    expect(matchPath('/forms/:serial', '/forms')).toBeNull();
  });
});
