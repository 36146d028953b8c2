import { LOG_START, type EventStore, type LogCursor, type SubscribeOptions, type Subscription } from './event-store.port';

const MAX_BACKOFF_MS = 5_000;

/**
 * Catch-up then live: read the log in commit order from the stored checkpoint, hand
 * each batch to the handler, store the checkpoint (in the handler's transaction when
 * `transactional`), and when nothing is left wait for a NOTIFY or the poll interval.
 * NOTIFY is only a wake-up: the data always comes from the commit-order read, so a
 * late or lost notification costs latency, never events.
 *
 * A failing handler is retried with exponential backoff (the checkpoint does not
 * move), so events are never skipped; `onError` sees each failure.
 */
export function startSubscription(
  store: EventStore,
  options: SubscribeOptions,
  listen: (onNotify: () => void) => Promise<() => Promise<void>>,
): Subscription {
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  let running = true;
  let position: LogCursor = LOG_START;
  let wake: (() => void) | undefined;
  let notified = false;
  let resolveCaughtUp!: () => void;
  let rejectCaughtUp!: (error: unknown) => void;
  const caughtUp = new Promise<void>((resolve, reject) => {
    resolveCaughtUp = resolve;
    rejectCaughtUp = reject;
  });
  caughtUp.catch(() => undefined); // observed by callers who await it

  const onNotify = (): void => {
    notified = true;
    wake?.();
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const loop = async (): Promise<void> => {
    let unlisten: (() => Promise<void>) | undefined;
    try {
      unlisten = await listen(onNotify).catch(() => undefined);
      position = (await store.readCheckpoint(options.subscriptionId)) ?? options.startFrom ?? LOG_START;
    } catch (error) {
      rejectCaughtUp(error);
      running = false;
      return;
    }
    let attempt = 0;
    let isCaughtUp = false;
    while (running) {
      notified = false;
      try {
        const readOptions = {
          after: position,
          maxCount: batchSize,
          ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}),
          ...(options.categories !== undefined ? { categories: options.categories } : {}),
        };
        let handled: LogCursor | undefined;
        if (options.transactional) {
          handled = await store.transaction(async (transaction) => {
            const batch = await store.readAll({ ...readOptions, transaction });
            if (batch.events.length === 0) return undefined;
            await options.handle(batch.events, { transaction });
            await store.storeCheckpoint(options.subscriptionId, batch.cursor, transaction);
            return batch.cursor;
          });
        } else {
          const batch = await store.readAll(readOptions);
          if (batch.events.length > 0) {
            await options.handle(batch.events, {});
            await store.storeCheckpoint(options.subscriptionId, batch.cursor);
            handled = batch.cursor;
          }
        }
        attempt = 0;
        if (handled) {
          position = handled;
          continue;
        }
        // Caught up only when nothing committed is left behind the horizon either (a
        // transaction open elsewhere on the server can hold committed events back).
        if (!isCaughtUp && !(await store.hasCommittedEventsAfter(position, readOptions))) {
          isCaughtUp = true;
          resolveCaughtUp();
        }
        if (!notified && running) await sleep(isCaughtUp ? pollIntervalMs : Math.min(pollIntervalMs, 20));
      } catch (error) {
        attempt += 1;
        options.onError?.(error, attempt);
        if (running) await sleep(Math.min(MAX_BACKOFF_MS, 50 * 2 ** Math.min(attempt, 10)));
      }
    }
    await unlisten?.().catch(() => undefined);
  };

  const done = loop();

  return {
    subscriptionId: options.subscriptionId,
    caughtUp,
    position: () => position,
    async stop() {
      running = false;
      wake?.();
      await done;
    },
  };
}
