import { randomUUID } from 'node:crypto';
import { PgliteDriver, SqlEventStore, handleCommand, type EventCodec } from '@collections/shared-event-store';
import type { Decider } from '@collections/shared-kernel';
import { IdempotencyStore } from '@collections/shared-nest';
import type { RequestContext } from '../http/request-context';
import { CommandIdempotency } from './command-idempotency';
import { done } from './outcome';

type Opened = { readonly type: 'AccountOpened'; readonly accountId: string };
type State = { readonly opened: boolean };
const accounts: Decider<State, { type: 'OpenAccount'; accountId: string }, Opened> = {
  initialState: () => ({ opened: false }),
  evolve: () => ({ opened: true }),
  decide: (command, state) => {
    if (state.opened) throw new Error('account already opened');
    return [{ type: 'AccountOpened', accountId: command.accountId }];
  },
};
const codec: EventCodec<Opened> = {
  encode: async (event) => ({ type: event.type, data: { accountId: event.accountId } }),
  decode: async (recorded) => ({ type: 'AccountOpened', accountId: (recorded.data as { accountId: string }).accountId }),
};

describe('an idempotent command whose first attempt appended and then failed', () => {
  let driver: PgliteDriver;
  let store: SqlEventStore;
  let idempotency: CommandIdempotency;
  beforeAll(async () => {
    driver = await PgliteDriver.create();
    store = await SqlEventStore.open(driver);
    idempotency = new CommandIdempotency(await IdempotencyStore.open(driver, { secret: new Uint8Array(32).fill(3) }));
  });
  afterAll(() => driver.close());

  it('is answered on retry with what the first attempt appended, with the same ids, and nothing is appended twice', async () => {
    const ctx: RequestContext = { principal: { subject: 'integration-1', tenantId: 'tenant-a' as never, roles: ['integrator'] }, idempotencyKey: `open-${randomUUID()}` };
    const request = { owner: 'Maria' };
    let attempts = 0;
    const open = () =>
      idempotency.run(ctx, { type: 'OpenAccount', target: '', request }, async (attempt) => {
        attempts += 1;
        const accountId = attempt.ids.next();
        const outcome = await handleCommand(store, accounts, codec, `account-${accountId}`, { type: 'OpenAccount', accountId }, { tenantId: 'tenant-a', metadata: {}, nextEventId: () => attempt.ids.next() });
        // the first attempt dies after its append, before it could answer (a read-back failed, the connection dropped)
        if (attempts === 1) throw new Error('connection lost after the append');
        return done({ accountId, alreadyApplied: outcome.alreadyApplied ?? false, events: outcome.events.length });
      });

    await expect(open()).rejects.toThrow('connection lost');
    const retry = await open();
    expect(retry).toEqual({ kind: 'done', value: { accountId: expect.any(String), alreadyApplied: true, events: 1 } });
    if (retry.kind !== 'done') throw new Error('unreachable');
    const { events } = await store.readStream(`account-${retry.value.accountId}`, { tenantId: 'tenant-a' });
    expect(events.map((e) => e.type)).toEqual(['AccountOpened']);
    const all = await store.countEventsAfter({ transactionId: 0n, position: 0n }, { tenantId: 'tenant-a', max: 100 });
    expect(all).toBe(1); // not a second account under a new id
    // and from now on the completed answer is replayed without running the work
    expect(await open()).toEqual(retry);
    expect(attempts).toBe(2);
  });
});
