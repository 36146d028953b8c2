import { runFaults } from './main';

/**
 * The fault harness's short form (`npm run faults -- --short`): the platform as six
 * processes on a PostgreSQL server and a 3-broker Kafka cluster of the test's own, under a
 * load of imports and payments, survives a service killed with SIGKILL (the debtors
 * service, its outbox relay mid-batch), a broker killed and started again, and a
 * PostgreSQL restart: nothing lost, nothing applied twice, every hash chain intact, the
 * reporting read model equal to its rebuild, and no service died of a fault it should
 * ride out (a restarted PostgreSQL once crashed one through an unhandled client error).
 */
describe('the platform under faults (short form of npm run faults)', () => {
  it('loses no event and applies none twice across a killed service, a killed broker and a PostgreSQL restart', async () => {
    const lines: string[] = [];
    const result = await runFaults({ short: true, log: (line) => lines.push(line) });
    console.log(lines.join('\n'));
    expect(result).toMatchObject({ faults: 3, lost: 0, duplicated: 0, chainBreaks: 0, crashes: 0, rebuildEqual: true });
    expect(result.summary).toBe('3 faults, 0 lost, 0 duplicated');
  }, 900_000);
});
