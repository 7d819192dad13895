import { idFor, requestKeyHeader } from './request-key';

describe('ids that follow from a request key', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('theSameRequestKey_givesTheSameId_everyTime', () => {
    const key = requestKeyHeader('user-1:key-1');
    expect(idFor('purchase', key)).toBe(idFor('purchase', key));
    expect(idFor('purchase', key)).toMatch(uuid);
  });

  it('anotherKey_anotherUser_orAnotherKindOfThing_givesAnotherId', () => {
    const ids = [
      idFor('purchase', requestKeyHeader('user-1:key-1')),
      idFor('purchase', requestKeyHeader('user-1:key-2')),
      idFor('purchase', requestKeyHeader('user-2:key-1')),
      idFor('merchant', requestKeyHeader('user-1:key-1')),
    ];
    expect(new Set(ids).size).toBe(4);
  });

  it('withoutAKey_eachIdIsNew', () => {
    expect(idFor('purchase')).not.toBe(idFor('purchase'));
  });
});
