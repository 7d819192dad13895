import { searchOf } from './route';

describe('links and navigation', () => {
  it('searchOf_leavesOutEmptyValues_andEncodesTheRest', () => {
    expect(searchOf({ status: 'filed', period: '', merchantId: undefined })).toBe('?status=filed');
    expect(searchOf({ q: 'a b&c', 'x y': '1' })).toBe('?q=a%20b%26c&x%20y=1');
    expect(searchOf({})).toBe('');
    expect(searchOf()).toBe('');
  });
});
