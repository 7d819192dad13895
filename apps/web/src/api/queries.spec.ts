import { hashKey, matchQuery, QueryClient } from '@tanstack/react-query';
import { keyOf } from './queries';

/** Whether invalidating the path `changed` marks the answer of `shown` stale. */
const reaches = (changed: string, shown: string) => {
  const client = new QueryClient();
  return matchQuery({ queryKey: keyOf(changed) }, client.getQueryCache().build(client, { queryKey: keyOf(shown) }));
};

describe('what a change makes stale', () => {
  it('aPath_isKeyedByItsSegments_thenItsQuery', () => {
    expect(keyOf('/forms')).toEqual(['forms']);
    expect(keyOf('/forms/FD00000001')).toEqual(['forms', 'FD00000001']);
    expect(keyOf('/forms?status=filed&limit=50')).toEqual(['forms', { status: 'filed', limit: '50' }]);
    expect(keyOf('/merchants/M%201/scores?period=2026-10')).toEqual(['merchants', 'M 1', 'scores', { period: '2026-10' }]);
  });

  it('aChangeToACollection_reachesItsListsAndItsItems_andNothingElse', () => {
    expect(reaches('/forms', '/forms?status=filed&limit=50')).toBe(true);
    expect(reaches('/forms', '/forms/FD00000001')).toBe(true);
    expect(reaches('/merchants', '/merchants/M1/staff')).toBe(true);
    expect(reaches('/merchants/M1/staff', '/merchants/M2/staff')).toBe(false);
    expect(reaches('/forms', '/findings?limit=50')).toBe(false);
    expect(reaches('/forms/FD00000001', '/forms?limit=50')).toBe(false);
  });

  it('theSameQuery_inAnotherOrder_isTheSameCachedAnswer', () => {
    expect(hashKey(keyOf('/forms?limit=50&status=filed'))).toBe(hashKey(keyOf('/forms?status=filed&limit=50')));
    expect(hashKey(keyOf('/forms?status=filed'))).not.toBe(hashKey(keyOf('/forms?status=issued')));
  });
});
