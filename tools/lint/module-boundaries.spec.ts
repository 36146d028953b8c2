import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ESLint } from 'eslint';

/**
 * Proves the boundaries in eslint.config.mjs bite: a `type:domain` library that
 * imports a framework, database or broker package, or an infrastructure library,
 * fails lint. The files are linted as text at paths inside real projects, so the
 * tree itself stays clean.
 */
describe('module boundaries', () => {
  const root = path.resolve(__dirname, '../..');
  let eslint: ESLint;

  beforeAll(() => {
    // The Nx rule reads the cached project graph and silently skips without one.
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
    eslint = new ESLint({ cwd: root });
  }, 60_000);

  async function boundaryErrors(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    const messages = result?.messages ?? [];
    expect(messages.filter((m) => /ProjectGraph/.test(m.message))).toEqual([]);
    return messages
      .filter((m) => m.ruleId === '@nx/enforce-module-boundaries' || m.ruleId === 'no-restricted-imports')
      .map((m) => `${m.ruleId}: ${m.message}`);
  }

  it.each([
    ['pg', "import { Pool } from 'pg';\nexport const x = Pool;\n"],
    ['kafkajs', "import { Kafka } from 'kafkajs';\nexport const x = Kafka;\n"],
    ['@electric-sql/pglite', "import { PGlite } from '@electric-sql/pglite';\nexport const x = PGlite;\n"],
  ])('fails lint through the Nx boundary rule when a domain library imports %s', async (pkg, code) => {
    const errors = await boundaryErrors('libs/shared/kernel/src/boundary-violation.ts', code);
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^@nx/enforce-module-boundaries: .*${pkg}`)));
  });

  it.each([
    ['@nestjs/common', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n"],
    ['pg', "import { Pool } from 'pg';\nexport const x = Pool;\n"],
    ['kafkajs', "import { Kafka } from 'kafkajs';\nexport const x = Kafka;\n"],
    ['typeorm', "import { Entity } from 'typeorm';\nexport const x = Entity;\n"],
  ])('fails lint when a domain library imports %s', async (pkg, code) => {
    const errors = await boundaryErrors('libs/shared/kernel/src/boundary-violation.ts', code);
    expect(errors).toContainEqual(expect.stringContaining(`'${pkg}'`));
  });

  it('fails lint when a domain library imports an infrastructure library', async () => {
    const errors = await boundaryErrors(
      'libs/shared/kernel/src/boundary-violation.ts',
      "import { ExpectedVersion } from '@collections/shared-event-store';\nexport const x = ExpectedVersion;\n",
    );
    // Reported as a tag violation, or as the cycle it would close (the event store's
    // tests already depend on the kernel): either way an error of the boundary rule.
    expect(errors).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: .*(type:domain|Circular dependency)/s)]);
  });

  it('passes a domain file that imports only pure packages', async () => {
    const errors = await boundaryErrors(
      'libs/shared/kernel/src/boundary-ok.ts',
      "import { v7 } from 'uuid';\nexport const next = (): string => v7();\n",
    );
    expect(errors).toEqual([]);
  });

  it('lets the debtors service use the negotiation and payments contracts', async () => {
    const errors = await boundaryErrors(
      'libs/debtors/service/src/boundary-ok.ts',
      "import { NEGOTIATION_TOPIC } from '@collections/negotiation-contracts';\nimport { PAYMENTS_TOPIC } from '@collections/payments-contracts';\nexport const x = [NEGOTIATION_TOPIC, PAYMENTS_TOPIC];\n",
    );
    expect(errors).toEqual([]);
  });

  it('keeps the other contexts out of debtors except through their contracts, and debtors out of them', async () => {
    // The debtors domain is type:domain: even another context's contracts are not for it.
    const fromDomain = await boundaryErrors(
      'libs/debtors/domain/src/boundary-violation.ts',
      "import { PAYMENTS_TOPIC } from '@collections/payments-contracts';\nexport const x = PAYMENTS_TOPIC;\n",
    );
    expect(fromDomain).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: .*type:domain/s)]);
    const intoNegotiation = await boundaryErrors(
      'libs/negotiation/contracts/src/boundary-violation.ts',
      "import { debtDecider } from '@collections/debtors-domain';\nexport const x = debtDecider;\n",
    );
    expect(intoNegotiation).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: .*scope:negotiation/s)]);
    // payments may read negotiation's published contracts, never its domain
    const paymentsIntoNegotiation = await boundaryErrors(
      'libs/payments/contracts/src/boundary-violation.ts',
      "import { offerDecider } from '@collections/negotiation-domain';\nexport const x = offerDecider;\n",
    );
    expect(paymentsIntoNegotiation).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: .*scope:payments/s)]);
  });

  it("lets payments and negotiation read each other's published contracts (installment charges one way, payments the other)", async () => {
    const errors = await boundaryErrors(
      'libs/payments/contracts/src/boundary-ok.ts',
      "import { NEGOTIATION_TOPIC } from '@collections/negotiation-contracts';\nexport const x = NEGOTIATION_TOPIC;\n",
    );
    expect(errors).toEqual([]);
  });

  it('lets an infrastructure library use pg and the kernel', async () => {
    const errors = await boundaryErrors(
      'libs/shared/event-store/src/boundary-ok.ts',
      "import { Pool } from 'pg';\nimport { Money } from '@collections/shared-kernel';\nexport const x = [Pool, Money];\n",
    );
    expect(errors).toEqual([]);
  });
});
