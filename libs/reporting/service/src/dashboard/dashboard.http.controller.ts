import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, type Principal } from '@collections/shared-auth';
import { isUuid, ValidationError } from '@collections/shared-kernel';
import { agentsKpi, agreementsKpi, contactAttemptsKpi, debtTimeline, largestOpenDebts, legalSlaKpi, portfolioKpi, promisesKpi, recoveryKpi, satisfactionKpi } from '../kpis/kpi.queries';
import { parsePeriodRequest, type PeriodRequest } from '../kpis/period.request';
import type { SqlDriver } from '@collections/shared-event-store';
import { ReportingDepsToken } from '../shared/deps.token';
import type { ReportingDeps } from '../shared/reporting-deps';
import { REPORTING_ROLES } from '../shared/roles';
import { agingChart, recoveryChart } from './dashboard-charts';
import { renderDashboard, renderProblem, renderSignIn, renderTimeline } from './dashboard-pages';

const COOKIE = 'painel';

/** The dashboard page of a tenant for a period: every query it runs, its charts, the HTML (what `npm run bench:reporting` times). */
export async function dashboardHtml(db: SqlDriver, tenant: string, period: PeriodRequest): Promise<string> {
  const [portfolio, recovery, contacts, promises, agreements, agents, legal, satisfaction, debts] = [
    await portfolioKpi(db, tenant, period),
    await recoveryKpi(db, tenant, period),
    await contactAttemptsKpi(db, tenant, period),
    await promisesKpi(db, tenant, period),
    await agreementsKpi(db, tenant, period),
    await agentsKpi(db, tenant, period),
    await legalSlaKpi(db, tenant, period),
    await satisfactionKpi(db, tenant, period),
    await largestOpenDebts(db, tenant, period, 20),
  ];
  return renderDashboard({ tenant, period, portfolio, recovery, contacts, promises, agreements, agents, legal, satisfaction, debts, agingSvg: agingChart(portfolio), recoverySvg: recoveryChart(recovery) });
}

/** Pages hold a tenant's figures: never cached, never framed, no script at all, forms only to this site. */
function pageHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

function cookieOf(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * The supervisor dashboard (Portuguese, server-rendered, no script). A browser cannot send
 * a Bearer header when it navigates, so the sign-in takes a JWT pasted into a form,
 * verifies it with the kit's verifier (signature, issuer, audience, expiry, roles) and
 * keeps it in an HttpOnly, SameSite=Strict cookie scoped to /painel; every page verifies
 * it again, so an expired token signs the supervisor out.
 */
@ApiExcludeController()
@Controller('painel')
export class DashboardHttpController {
  constructor(@Inject(ReportingDepsToken) private readonly deps: ReportingDeps) {}

  @Get()
  @Public()
  async dashboard(@Req() req: Request, @Res() res: Response, @Query() query: unknown): Promise<void> {
    const principal = await this.principal(req);
    if (!principal) return this.page(res, 200, renderSignIn());
    let period;
    try {
      period = parsePeriodRequest(query, this.deps.clock);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return this.page(res, 400, renderProblem(principal.tenantId, 'Filtro inválido', `Confira os filtros (datas de 0001-01-01 a 9999-12-31, "de" antes de "até"; segmento e carteira com até 50 caracteres): ${error.violations.map((v) => v.field).join(', ')}.`));
    }
    this.page(res, 200, await dashboardHtml(this.deps.driver, principal.tenantId, period));
  }

  @Post('entrar')
  @Public()
  @HttpCode(303)
  async signIn(@Req() req: Request, @Res() res: Response, @Body() form: unknown): Promise<void> {
    const token = (form as Record<string, unknown> | null)?.['token'];
    const text = typeof token === 'string' ? token.trim() : '';
    const principal = text.length > 0 && text.length <= 8_192 && /^[A-Za-z0-9._-]+$/.test(text) ? await this.verified(text) : undefined;
    if (!principal) return this.page(res, 401, renderSignIn('Token inválido, expirado ou sem o papel de supervisor ou auditor.'));
    res.setHeader('Set-Cookie', `${COOKIE}=${text}; Path=/painel; HttpOnly; SameSite=Strict${req.secure ? '; Secure' : ''}`);
    res.redirect(303, '/painel');
  }

  @Post('sair')
  @Public()
  @HttpCode(303)
  signOut(@Req() req: Request, @Res() res: Response): void {
    res.setHeader('Set-Cookie', `${COOKIE}=; Path=/painel; HttpOnly; SameSite=Strict; Max-Age=0${req.secure ? '; Secure' : ''}`);
    res.redirect(303, '/painel');
  }

  @Get('dividas/:debtId')
  @Public()
  async timeline(@Req() req: Request, @Res() res: Response, @Param('debtId') debtId: string): Promise<void> {
    const principal = await this.principal(req);
    if (!principal) return this.page(res, 401, renderSignIn('Entre para ver a linha do tempo.'));
    const timeline = isUuid(debtId) ? await debtTimeline(this.deps.driver, principal.tenantId, debtId.toLowerCase()) : undefined;
    if (!timeline) return this.page(res, 404, renderProblem(principal.tenantId, 'Título não encontrado', 'Não há eventos deste título para este credor.'));
    this.page(res, 200, renderTimeline(principal.tenantId, timeline.debtId, timeline.events));
  }

  private async principal(req: Request): Promise<Principal | undefined> {
    const token = cookieOf(req, COOKIE);
    return token ? this.verified(token) : undefined;
  }

  private async verified(token: string): Promise<Principal | undefined> {
    try {
      const principal = await this.deps.verifier.verify(token);
      return principal.roles.some((role) => REPORTING_ROLES.includes(role)) ? principal : undefined;
    } catch {
      return undefined;
    }
  }

  private page(res: Response, status: number, html: string): void {
    pageHeaders(res);
    res.status(status).type('html').send(html);
  }
}
