import { LOG_START } from './event-store.port';
import { ReaderStallWatch, type ReaderStall } from './reader-stall';

describe('a reader’s stall watch', () => {
  function fakeStore(heldBack: () => boolean) {
    const calls = { checks: 0 };
    return {
      calls,
      store: {
        hasCommittedEventsAfter: async () => (calls.checks++, heldBack()),
        openTransactions: async () => [{ pid: 42, database: 'billing', transactionId: '900', ageMs: 5_000, state: 'idle in transaction', applicationName: 'psql' }],
      },
    };
  }

  it('alerts once the events have waited past the delay, naming the oldest open transaction, then clears when they flow', async () => {
    let clock = 0;
    const { store } = fakeStore(() => clock < 10_000);
    const stalls: ReaderStall[] = [];
    const watch = new ReaderStallWatch(store, { reader: 'relay:x', alertAfterMs: 1_000, onStall: (s) => stalls.push(s), now: () => clock });
    expect(await watch.idle(LOG_START)).toBe(false);
    clock = 999;
    await watch.idle(LOG_START);
    expect(stalls).toEqual([]);
    clock = 1_000;
    await watch.idle(LOG_START);
    expect(stalls).toHaveLength(1);
    expect(stalls[0]).toMatchObject({ reader: 'relay:x', heldBackMs: 1_000, blockers: [{ pid: 42 }] });
    clock = 10_000;
    expect(await watch.idle(LOG_START)).toBe(true);
    expect(watch.heldBackMs()).toBe(0);
  });

  it('looks at the log at most once per checkEveryMs, answering from its last look in between', async () => {
    let clock = 0;
    const { store, calls } = fakeStore(() => false);
    const watch = new ReaderStallWatch(store, { reader: 'projection:y', checkEveryMs: 1_000, now: () => clock });
    for (clock = 0; clock < 1_000; clock += 50) expect(await watch.idle(LOG_START)).toBe(true);
    expect(calls.checks).toBe(1);
    clock = 1_000;
    await watch.idle(LOG_START);
    expect(calls.checks).toBe(2);
  });
});
