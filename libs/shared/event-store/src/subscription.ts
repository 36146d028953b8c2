import { LOG_START, type EventStore, type LogCursor, type SubscribeOptions, type Subscription } from './event-store.port';
import { ReaderStallWatch } from './reader-stall';

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
 *
 * "Caught up" is decided on every empty read, not once: nothing readable is left AND
 * nothing committed waits behind the horizon (a transaction open elsewhere on the
 * server holds committed events back; the stall watch raises an alert when that lasts).
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
  let caughtUpNow = false;
  /** Incremented as each pass of the loop starts: a waiter is served by a pass that started after it. */
  let pass = 0;
  const waiters = new Set<{ after: number; resolve: () => void; reject: (error: unknown) => void }>();
  const watch = new ReaderStallWatch(store, {
    reader: options.subscriptionId,
    ...(options.stallAlertAfterMs !== undefined ? { alertAfterMs: options.stallAlertAfterMs } : {}),
    ...(options.onStall ? { onStall: options.onStall } : {}),
  });
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

  const settleWaiters = (startedPass: number): void => {
    for (const waiter of waiters) {
      if (waiter.after < startedPass) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const loop = async (): Promise<void> => {
    let unlisten: (() => Promise<void>) | undefined;
    try {
      unlisten = await listen(onNotify).catch(() => undefined);
      position = (await store.readCheckpoint(options.subscriptionId)) ?? options.startFrom ?? LOG_START;
    } catch (error) {
      rejectCaughtUp(error);
      running = false;
      for (const waiter of waiters) waiter.reject(error);
      waiters.clear();
      return;
    }
    let attempt = 0;
    while (running) {
      notified = false;
      const thisPass = ++pass;
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
          caughtUpNow = false;
          watch.moved();
          continue;
        }
        caughtUpNow = await watch.idle(position, readOptions);
        if (caughtUpNow) {
          resolveCaughtUp();
          settleWaiters(thisPass);
        }
        if (!notified && running) await sleep(caughtUpNow && waiters.size === 0 ? pollIntervalMs : Math.min(pollIntervalMs, 20));
      } catch (error) {
        attempt += 1;
        caughtUpNow = false;
        options.onError?.(error, attempt);
        if (running) await sleep(Math.min(MAX_BACKOFF_MS, 50 * 2 ** Math.min(attempt, 10)));
      }
    }
    await unlisten?.().catch(() => undefined);
    const stopped = new Error(`subscription ${options.subscriptionId} stopped`);
    for (const waiter of waiters) waiter.reject(stopped);
    waiters.clear();
  };

  const done = loop();

  return {
    subscriptionId: options.subscriptionId,
    caughtUp,
    isCaughtUp: () => caughtUpNow,
    heldBackMs: () => watch.heldBackMs(),
    waitUntilCaughtUp(waitOptions = {}) {
      if (!running) return Promise.reject(new Error(`subscription ${options.subscriptionId} is stopped`));
      return new Promise<void>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const waiter = {
          after: pass,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        if (waitOptions.timeoutMs !== undefined) {
          timer = setTimeout(() => {
            waiters.delete(waiter);
            reject(new Error(`subscription ${options.subscriptionId} did not catch up within ${waitOptions.timeoutMs} ms`));
          }, waitOptions.timeoutMs);
        }
        waiters.add(waiter);
        wake?.(); // look now rather than after a whole poll interval
      });
    },
    position: () => position,
    async stop() {
      running = false;
      wake?.();
      await done;
    },
  };
}
