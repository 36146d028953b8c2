import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExcludeEndpoint, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Public, Roles, type Principal } from '@collections/shared-auth';
import { ValidationError } from '@collections/shared-kernel';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { issueLinkBody, parseIssueLinkRequest } from './issue-link.request';
import { INSTALLMENT_CHOICES, SelfService, type PageProblem } from './self-service';
import { renderAgreement, renderDebts, renderProblem, renderSimulation } from './self-service-pages';
import type { SelfServiceClaims } from './self-service-tokens';

const COOKIE = 'autoatendimento';
const BASE = '/autoatendimento';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Pages hold a debtor's data: never cached, never framed, no script, forms only to this site, no referrer (the link's token). */
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

/** The self-service token (REST, for agents and integrations) and the debtor's pages (public, behind the link and its session). */
@ApiTags('self-service')
@Controller()
export class SelfServiceHttpController {
  constructor(@Inject(SelfService) private readonly selfService: SelfService) {}

  @Post('self-service/links')
  @HttpCode(201)
  @ApiBearerAuth()
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  @ApiOperation({ summary: "A one-time link to the debtor's self-service page for some of the debtor's debts (sent by the cadence or an agent)" })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(issueLinkBody) })
  async issue(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.selfService.issueLink(httpContext(principal, req), parseIssueLinkRequest(body)));
  }

  @Public()
  @Get('autoatendimento/entrar')
  @ApiExcludeEndpoint()
  async enter(@Query('t') token: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const opened = await this.selfService.open(token);
    if (opened.kind === 'problem') return this.problem(req, res, opened.problem);
    const secure = this.selfService.publicUrl().startsWith('https:') ? '; Secure' : '';
    res.setHeader('Set-Cookie', `${COOKIE}=${opened.token}; Path=${BASE}; HttpOnly; SameSite=Strict; Max-Age=${this.selfService.sessionMinutes * 60}${secure}`);
    pageHeaders(res);
    res.redirect(303, BASE);
  }

  @Public()
  @Get('autoatendimento')
  @ApiExcludeEndpoint()
  async debts(@Req() req: Request, @Res() res: Response): Promise<void> {
    const claims = await this.session(req, res);
    if (!claims) return;
    const debts = await this.selfService.debts(claims);
    this.page(res, 200, renderDebts({ base: BASE, csrf: this.selfService.tokens.formToken(claims), today: this.selfService.today(), debts, installmentChoices: INSTALLMENT_CHOICES }));
  }

  @Public()
  @Post('autoatendimento/simular')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async simulate(@Req() req: Request, @Res() res: Response, @Body() form: unknown): Promise<void> {
    const claims = await this.session(req, res, form);
    if (!claims) return;
    const choice = this.choice(req, res, claims, form);
    if (!choice) return;
    const simulated = await this.selfService.simulate(claims, choice);
    const csrf = this.selfService.tokens.formToken(claims);
    if (simulated.kind === 'refused') return this.page(res, 422, renderSimulation({ base: BASE, refused: simulated.message }));
    this.page(res, 200, renderSimulation({ base: BASE, csrf, debtId: choice.debtId, plano: choice.plan, installments: choice.installments, terms: simulated.offer.terms }));
  }

  @Public()
  @Post('autoatendimento/aceitar')
  @HttpCode(303)
  @ApiExcludeEndpoint()
  async accept(@Req() req: Request, @Res() res: Response, @Body() form: unknown): Promise<void> {
    const claims = await this.session(req, res, form);
    if (!claims) return;
    const choice = this.choice(req, res, claims, form);
    if (!choice) return;
    const accepted = await this.selfService.accept(claims, choice);
    if (accepted.kind === 'problem') return this.problem(req, res, accepted.problem);
    pageHeaders(res);
    res.redirect(303, `${BASE}/acordos/${accepted.agreementId}`);
  }

  @Public()
  @Get('autoatendimento/acordos/:agreementId')
  @ApiExcludeEndpoint()
  async agreement(@Req() req: Request, @Res() res: Response, @Param('agreementId') agreementId: string): Promise<void> {
    const claims = await this.session(req, res);
    if (!claims) return;
    const found = UUID.test(agreementId) ? await this.selfService.agreement(claims, agreementId.toLowerCase()) : undefined;
    if (!found) return this.problem(req, res, { status: 404, title: 'Acordo não encontrado', message: 'Não encontramos este acordo.' });
    const first = found.agreement.installments.find((i) => i.remaining.amount > 0) ?? found.agreement.installments[0];
    const statusText = { active: 'firmado', broken: 'rompido', fulfilled: 'cumprido', cancelled: 'cancelado' }[found.agreement.status];
    const pending = found.agreement.status === 'active' && !first?.charge;
    this.page(res, 200, renderAgreement({ agreement: found.agreement, statusText, first, charge: first?.charge ?? null, qrSvg: found.qrSvg, pending }));
  }

  /** The session of the cookie, and for a form the form token; else the page says why (and null). */
  private async session(req: Request, res: Response, form?: unknown): Promise<SelfServiceClaims | null> {
    const token = cookieOf(req, COOKIE);
    const checked = token ? await this.selfService.tokens.checkSession(token, this.selfService.now()) : { kind: 'invalid' as const };
    if (checked.kind !== 'valid') {
      this.problem(req, res, {
        status: 401,
        title: checked.kind === 'expired' ? 'Sessão expirada' : 'Acesso pelo link',
        message: checked.kind === 'expired' ? 'Sua sessão expirou. Peça um novo link ao credor.' : 'Abra esta página pelo link que recebeu do credor.',
      });
      return null;
    }
    if (form !== undefined && !this.selfService.tokens.formTokenMatches(checked.claims, (form as Record<string, unknown> | null)?.['csrf'])) {
      this.problem(req, res, { status: 403, title: 'Formulário inválido', message: 'Este formulário não veio desta página. Volte e tente de novo.' });
      return null;
    }
    return checked.claims;
  }

  private choice(req: Request, res: Response, claims: SelfServiceClaims, form: unknown) {
    try {
      return this.selfService.parseChoice(claims, form);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // a client that does not read HTML gets the kit's problem+json, naming the field
      if (req.accepts(['html', 'json']) !== 'html') throw error;
      this.problem(req, res, { status: 400, title: 'Escolha inválida', message: `Confira o que escolheu: ${error.violations.map((v) => v.field).join(', ')}.` });
      return null;
    }
  }

  private problem(req: Request, res: Response, problem: PageProblem): void {
    if (req.accepts(['html', 'json']) !== 'html') {
      pageHeaders(res);
      res.status(problem.status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: problem.title, status: problem.status, detail: problem.message, ...(problem.code ? { code: problem.code } : {}) }));
      return;
    }
    this.page(res, problem.status, renderProblem(problem.title, problem.message));
  }

  private page(res: Response, status: number, html: string): void {
    pageHeaders(res);
    res.status(status).type('html').send(html);
  }

}
