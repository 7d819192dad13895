import { deferred, withBeforeCommit } from './before-commit';

describe('work put off until just before a commit', () => {
  const touch = (tx: object, log: string[], what: string) => {
    const pending = deferred(
      tx,
      'summary',
      () => new Set<string>(),
      async (s) => void log.push(`recompute ${[...s].sort().join(',')}`),
    );
    if (!pending) log.push(`recompute ${what} now`);
    else pending.add(what);
  };

  it('inAScope_manyChanges_areWorkedOnceAtTheEnd', async () => {
    const tx = {};
    const log: string[] = [];
    await withBeforeCommit(tx, async () => {
      for (const m of ['b', 'a', 'b', 'c']) touch(tx, log, m);
      log.push('handlers done');
    });
    expect(log).toEqual(['handlers done', 'recompute a,b,c']);
  });

  it('withoutAScope_theWorkIsDoneAtOnce', () => {
    const log: string[] = [];
    touch({}, log, 'a');
    expect(log).toEqual(['recompute a now']);
  });

  it('aFailedBody_runsNoDeferredWork_andLeavesNoScopeBehind', async () => {
    const tx = {};
    const log: string[] = [];
    await expect(
      withBeforeCommit(tx, async () => {
        touch(tx, log, 'a');
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(log).toEqual([]);
    touch(tx, log, 'b');
    expect(log).toEqual(['recompute b now']);
  });
});
