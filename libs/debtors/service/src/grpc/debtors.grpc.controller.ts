import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles, principalOfMetadata, type Principal } from '@collections/shared-auth';
import { DebtorsApplication } from '../application/debtors.application';
import type { BalanceView, DebtView, DebtorView } from '../application/views';
import { GrpcProblemFilter, grpcContext, type RequestContext } from '@collections/shared-service-kit';

// proto3 has no "absent" for scalars: an empty string or a zero-amount Money means "not sent".
type Msg = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const moneyIn = (v: unknown) => {
  const m = v as { amount?: number | string; currency?: string } | null | undefined;
  return m && m.currency ? { amount: Number(m.amount ?? 0), currency: m.currency } : undefined;
};
const contactIn = (c: Msg) => ({
  ...(str(c['id']) ? { id: c['id'] } : {}),
  kind: c['kind'],
  value: c['kind'] === 'postal_address' ? c['address'] : c['value'],
  consent: str(c['consent']) ?? 'not_granted',
  ...(c['optedOut'] ? { optedOut: true } : {}),
});
const defined = (o: Msg): Msg => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function ctx(principal: Principal, request: Msg, metadata: Metadata): RequestContext {
  return grpcContext(principal, metadata, str(request['idempotencyKey']));
}

function debtorOut(v: DebtorView) {
  return {
    debtorId: v.debtorId,
    kind: v.kind,
    taxId: v.taxId,
    name: v.name,
    contactPoints: v.contactPoints.map((c) => ({
      id: c.id,
      kind: c.kind,
      ...(c.kind === 'postal_address' ? { address: c.value } : { value: c.value }),
      consent: c.consent,
      optedOut: c.optedOut,
    })),
    state: v.state,
    timeZone: v.timeZone,
    erased: v.erased,
    version: v.version,
  };
}

function balanceOut(b: BalanceView) {
  return {
    asOf: b.asOf,
    principal: b.principal,
    lateFee: b.lateFee,
    interest: b.interest,
    paid: b.paid,
    totalDue: b.totalDue,
    daysPastDue: b.daysPastDue,
  };
}

function debtOut(v: DebtView) {
  return {
    debtId: v.debtId,
    debtorId: v.debtorId,
    contractReference: v.contractReference,
    originalAmount: v.originalAmount,
    dueDate: v.dueDate,
    status: v.status,
    agingBucket: v.agingBucket,
    balance: balanceOut(v.balance),
    version: v.version,
  };
}

/** DebtorsService (debtors.proto) over the same use cases as the REST controllers. */
@Controller()
@UseFilters(GrpcProblemFilter)
export class DebtorsGrpcController {
  constructor(@Inject(DebtorsApplication) private readonly application: DebtorsApplication) {}

  @GrpcMethod('DebtorsService', 'RegisterDebtor')
  @Roles('integrator', 'admin')
  async registerDebtor(request: Msg, metadata: Metadata) {
    const p = await this.principal(metadata);
    const reply = await this.application.registerDebtor(
      ctx(p, request, metadata),
      defined({
        debtorId: str(request['debtorId']),
        taxId: request['taxId'],
        name: request['name'],
        contactPoints: ((request['contactPoints'] as Msg[]) ?? []).map(contactIn),
        state: request['state'],
        timeZone: str(request['timeZone']),
        declaredMonthlyIncome: moneyIn(request['declaredMonthlyIncome']),
      }),
    );
    return debtorOut(reply.body);
  }

  @GrpcMethod('DebtorsService', 'GetDebtor')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async getDebtor(request: Msg, metadata: Metadata) {
    return debtorOut(await this.application.getDebtor({ principal: await this.principal(metadata) }, String(request['debtorId'] ?? '')));
  }

  @GrpcMethod('DebtorsService', 'UpdateContactPoints')
  @Roles('integrator', 'agent', 'admin')
  async updateContactPoints(request: Msg, metadata: Metadata) {
    const p = await this.principal(metadata);
    const reply = await this.application.updateContactPoints(ctx(p, request, metadata), String(request['debtorId'] ?? ''), {
      contactPoints: ((request['contactPoints'] as Msg[]) ?? []).map(contactIn),
    });
    return debtorOut(reply.body);
  }

  @GrpcMethod('DebtorsService', 'RecordContactConsent')
  @Roles('integrator', 'agent', 'admin')
  async recordContactConsent(request: Msg, metadata: Metadata) {
    const p = await this.principal(metadata);
    const reply = await this.application.recordContactConsent(ctx(p, request, metadata), String(request['debtorId'] ?? ''), String(request['contactPointId'] ?? ''), {
      consent: str(request['consent']),
    });
    return debtorOut(reply.body);
  }

  @GrpcMethod('DebtorsService', 'RecordOptOut')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  async recordOptOut(request: Msg, metadata: Metadata) {
    const p = await this.principal(metadata);
    const reply = await this.application.recordOptOut(ctx(p, request, metadata), String(request['debtorId'] ?? ''), String(request['contactPointId'] ?? ''), {
      reason: str(request['reason']),
    });
    return debtorOut(reply.body);
  }

  @GrpcMethod('DebtorsService', 'RequestErasure')
  @Roles('admin')
  async requestErasure(request: Msg, metadata: Metadata) {
    const p = await this.principal(metadata);
    return (await this.application.requestErasure(ctx(p, request, metadata), String(request['debtorId'] ?? ''))).body;
  }

  @GrpcMethod('DebtorsService', 'RegisterDebt')
  @Roles('integrator', 'admin')
  async registerDebt(request: Msg, metadata: Metadata) {
    const p = await this.principal(metadata);
    const installments = (request['installments'] as Msg[] | undefined) ?? [];
    const reply = await this.application.registerDebt(
      ctx(p, request, metadata),
      defined({
        debtId: str(request['debtId']),
        debtorId: request['debtorId'],
        contractReference: request['contractReference'],
        originalAmount: moneyIn(request['originalAmount']) ?? { amount: 0, currency: 'BRL' },
        dueDate: request['dueDate'],
        installments: installments.length ? installments.map((i) => ({ number: i['number'], amount: moneyIn(i['amount']), dueDate: i['dueDate'] })) : undefined,
        lateFeeRate: str(request['lateFeeRate']),
        monthlyInterestRate: str(request['monthlyInterestRate']),
      }),
    );
    return debtOut(reply.body);
  }

  @GrpcMethod('DebtorsService', 'GetDebt')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async getDebt(request: Msg, metadata: Metadata) {
    return debtOut(await this.application.getDebt({ principal: await this.principal(metadata) }, String(request['debtId'] ?? ''), str(request['balanceAsOf'])));
  }

  @GrpcMethod('DebtorsService', 'ListDebts')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async listDebts(request: Msg, metadata: Metadata) {
    const page = await this.application.listDebts(
      { principal: await this.principal(metadata) },
      defined({ status: str(request['status']), agingBucket: str(request['agingBucket']), pageSize: Number(request['pageSize']) || undefined, pageToken: str(request['pageToken']) }),
    );
    return { debts: page.items, nextPageToken: page.nextPageToken ?? '' };
  }

  @GrpcMethod('DebtorsService', 'RecordPayment')
  @Roles('integrator', 'admin')
  async recordPayment(request: Msg, metadata: Metadata) {
    const p = await this.principal(metadata);
    const body = defined({ paymentId: str(request['paymentId']), amount: moneyIn(request['amount']), paidOn: str(request['paidOn']) });
    return debtOut((await this.application.recordPayment(ctx(p, request, metadata), String(request['debtId'] ?? ''), body)).body);
  }

  @GrpcMethod('DebtorsService', 'OpenDispute')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  async openDispute(request: Msg, metadata: Metadata) {
    const p = await this.principal(metadata);
    return debtOut((await this.application.openDispute(ctx(p, request, metadata), String(request['debtId'] ?? ''), { reason: request['reason'] })).body);
  }

  @GrpcMethod('DebtorsService', 'ResolveDispute')
  @Roles('supervisor', 'admin')
  async resolveDispute(request: Msg, metadata: Metadata) {
    const p = await this.principal(metadata);
    return debtOut((await this.application.resolveDispute(ctx(p, request, metadata), String(request['debtId'] ?? ''), { outcome: request['outcome'] })).body);
  }

  @GrpcMethod('DebtorsService', 'WriteOff')
  @Roles('supervisor', 'admin')
  async writeOff(request: Msg, metadata: Metadata) {
    const p = await this.principal(metadata);
    return debtOut((await this.application.writeOff(ctx(p, request, metadata), String(request['debtId'] ?? ''), { reason: request['reason'] })).body);
  }

  /** Set by the global JwtAuthGuard, which has already refused calls without a valid token. */
  private async principal(metadata: Metadata): Promise<Principal> {
    const principal = principalOfMetadata(metadata);
    if (!principal) throw new Error('no authenticated principal on this call');
    return principal;
  }
}

