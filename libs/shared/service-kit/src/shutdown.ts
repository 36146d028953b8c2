/**
 * SIGTERM/SIGINT: stop once (a second signal while stopping is ignored), exit 0 when
 * `stop` finished, 1 when it failed. `stop` closes the service: it stops taking requests,
 * lets background work finish its batch, and flushes what must be flushed (spans).
 */
export function stopOnSignals(name: string, stop: () => Promise<void>, write: (line: string) => void = (line) => void process.stdout.write(`${line}\n`)): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    write(`${name}: ${signal}, stopping`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${name}: failed to stop cleanly:`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}
