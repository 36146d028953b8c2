import Handlebars from 'handlebars';
import type { Agents, Agreements, ContactAttempts, OpenDebt, Portfolio, Promises, Recovery, Satisfaction } from '../kpis/kpi.queries';
import type { LegalSla } from '../kpis/kpi.rules';

/**
 * The supervisor's pages, in Portuguese, rendered on the server (no script): Handlebars
 * escapes every value; only the charts' SVG (made by ECharts from numbers) goes in unescaped.
 */
const hbs = Handlebars.create();
const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
hbs.registerHelper('brl', (centavos: number) => brl.format(centavos / 100));
hbs.registerHelper('pct', (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toLocaleString('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`));
hbs.registerHelper('date', (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`);
hbs.registerHelper('num', (value: number) => value.toLocaleString('pt-BR'));
hbs.registerHelper('score', (value: number | null) => (value === null ? '—' : value.toLocaleString('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })));
hbs.registerHelper('bucket', (bucket: string) => (bucket === 'current' ? 'em dia' : `${bucket} dias`));
hbs.registerHelper('channelName', (channel: string) => CHANNEL_NAMES[channel] ?? channel);
hbs.registerHelper('json', (value: unknown) => JSON.stringify(value));
hbs.registerHelper('outcome', (outcome: string) => OUTCOME_NAMES[outcome] ?? outcome);
hbs.registerHelper('centavos', (value: number | null) => (value === null ? '—' : value.toLocaleString('pt-BR', { maximumFractionDigits: 4 })));

const OUTCOME_NAMES: Record<string, string> = {
  'right-party-contact': 'Contato com o devedor',
  'promise-to-pay': 'Promessa de pagamento',
  refused: 'Recusou',
  'dispute-raised': 'Contestação',
  'callback-requested': 'Pediu retorno',
  'wrong-party': 'Pessoa errada',
  'no-answer': 'Não atendeu',
  busy: 'Ocupado',
  voicemail: 'Caixa postal',
  'deceased-reported': 'Falecimento informado',
  'bankruptcy-reported': 'Falência informada',
};

const CHANNEL_NAMES: Record<string, string> = { email: 'E-mail', sms: 'SMS', whatsapp: 'WhatsApp', letter: 'Carta', voice: 'Voz', unattributed: 'Sem atribuição' };

const layout = hbs.compile(`<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} - Painel de cobrança</title>
<style>
  :root { font-family: "Liberation Sans", Arial, sans-serif; color: #1b1b1b; background: #f6f7f9; }
  body { margin: 0; }
  header { background: #0b3d91; color: #fff; padding: 0.75rem 1.5rem; display: flex; justify-content: space-between; align-items: center; }
  header p { margin: 0; }
  header form { margin: 0; }
  header button { background: transparent; border: 1px solid #fff; color: #fff; padding: 0.3rem 0.8rem; border-radius: 0.3rem; }
  main { max-width: 78rem; margin: 0 auto; padding: 1rem 1.5rem; }
  h1 { font-size: 1.4rem; margin: 0.5rem 0 1rem; }
  h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
  section { background: #fff; border: 1px solid #d0d4da; border-radius: 0.5rem; padding: 1rem; margin-bottom: 1rem; overflow-x: auto; }
  .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0.75rem; margin-bottom: 1rem; }
  .card { background: #fff; border: 1px solid #d0d4da; border-radius: 0.5rem; padding: 0.75rem; }
  .card h2 { font-size: 0.85rem; color: #4a5160; font-weight: 600; }
  .card .value { font-size: 1.35rem; font-weight: 700; }
  .card .sub { font-size: 0.8rem; color: #4a5160; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(36rem, 1fr)); gap: 1rem; }
  .charts svg { max-width: 100%; height: auto; }
  table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
  th, td { text-align: left; padding: 0.35rem 0.4rem; border-bottom: 1px solid #e3e6ea; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  form.filters { display: flex; gap: 1rem; align-items: end; flex-wrap: wrap; }
  label { display: block; font-weight: 600; font-size: 0.85rem; margin-bottom: 0.2rem; }
  input, textarea { font-size: 1rem; padding: 0.4rem; }
  textarea { width: 100%; box-sizing: border-box; font-family: monospace; font-size: 0.8rem; }
  button { font-size: 1rem; padding: 0.45rem 1rem; border: 0; border-radius: 0.3rem; background: #0b3d91; color: #fff; }
  a:focus, button:focus, input:focus, textarea:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
  .note { font-size: 0.85rem; color: #4a5160; }
  .problem { border-color: #b00020; }
</style>
</head>
<body>
<header><p>Painel de cobrança{{#if tenant}} · credor <strong>{{tenant}}</strong>{{/if}}</p>{{#if signedIn}}<form method="post" action="/painel/sair"><button type="submit">Sair</button></form>{{/if}}</header>
<main>
<h1>{{title}}</h1>
{{{content}}}
</main>
</body>
</html>`);

const signInPage = hbs.compile(`{{#if problem}}<section class="problem" role="alert"><p>{{problem}}</p></section>{{/if}}
<section>
<form method="post" action="/painel/entrar">
  <label for="token">Token de acesso (JWT de supervisor ou auditor)</label>
  <textarea id="token" name="token" rows="6" required autocomplete="off" spellcheck="false"></textarea>
  <p class="note">O token é verificado pelo serviço e guardado num cookie HttpOnly (SameSite=Strict) até expirar. Nenhum script roda nesta página.</p>
  <button type="submit">Entrar</button>
</form>
</section>`);

const dashboardPage = hbs.compile(`<section>
<form class="filters" method="get" action="/painel">
  <div><label for="from">De</label><input id="from" name="from" type="date" value="{{period.from}}" min="0001-01-01" max="9999-12-31"></div>
  <div><label for="to">Até (posição em)</label><input id="to" name="to" type="date" value="{{period.to}}" min="0001-01-01" max="9999-12-31"></div>
  <div><label for="segment">Segmento</label><input id="segment" name="segment" type="text" maxlength="50" value="{{period.segment}}" placeholder="todos"></div>
  <div><label for="portfolio">Carteira</label><input id="portfolio" name="portfolio" type="text" maxlength="50" value="{{period.portfolio}}" placeholder="todas"></div>
  <div><button type="submit">Filtrar</button></div>
</form>
<p class="note">Período de {{date period.from}} a {{date period.to}} (datas de negócio). Estoque e faixas de atraso na posição de {{date period.to}}.{{#if period.segment}} Segmento <strong data-filter="segment">{{period.segment}}</strong>.{{/if}}{{#if period.portfolio}} Carteira <strong data-filter="portfolio">{{period.portfolio}}</strong>.{{/if}}</p>
</section>
<div class="cards">
  <div class="card"><h2>Colocado no período</h2><div class="value" data-kpi="placed-amount" data-value="{{portfolio.placed.amount}}">{{brl portfolio.placed.amount}}</div><div class="sub" data-kpi="placed-count" data-value="{{portfolio.placed.count}}">{{num portfolio.placed.count}} títulos</div></div>
  <div class="card"><h2>Recuperado no período</h2><div class="value" data-kpi="recovered-amount" data-value="{{portfolio.recovered.amount}}">{{brl portfolio.recovered.amount}}</div><div class="sub" data-kpi="recovered-count" data-value="{{portfolio.recovered.count}}">{{num portfolio.recovered.count}} pagamentos</div></div>
  <div class="card"><h2>Taxa de recuperação</h2><div class="value" data-kpi="recovery-rate" data-value="{{json recovery.rate}}">{{pct recovery.rate}}</div><div class="sub">recuperado / colocado</div></div>
  <div class="card"><h2>Em aberto em {{date period.to}}</h2><div class="value" data-kpi="open-amount" data-value="{{portfolio.open.amount}}">{{brl portfolio.open.amount}}</div><div class="sub" data-kpi="open-count" data-value="{{portfolio.open.count}}">{{num portfolio.open.count}} títulos</div></div>
  <div class="card"><h2>Baixado como perda</h2><div class="value" data-kpi="written-off-amount" data-value="{{portfolio.writtenOff.amount}}">{{brl portfolio.writtenOff.amount}}</div><div class="sub" data-kpi="written-off-count" data-value="{{portfolio.writtenOff.count}}">{{num portfolio.writtenOff.count}} títulos</div></div>
  <div class="card"><h2>Promessas cumpridas</h2><div class="value" data-kpi="promise-kept-rate" data-value="{{json promises.keptRate}}">{{pct promises.keptRate}}</div><div class="sub">{{num promises.kept.count}} cumpridas, {{num promises.broken.count}} quebradas</div></div>
  <div class="card"><h2>Contato com o devedor (CPC)</h2><div class="value" data-kpi="rpc-rate" data-value="{{json contacts.calls.rightPartyContactRate}}">{{pct contacts.calls.rightPartyContactRate}}</div><div class="sub" data-kpi="rpc-count" data-value="{{contacts.calls.rightPartyContacts}}/{{contacts.calls.completed}}">{{num contacts.calls.rightPartyContacts}} de {{num contacts.calls.completed}} ligações</div></div>
  <div class="card" data-card="legal-sla"><h2>Baixas de negativação (SLA 5 dias úteis)</h2><div class="value" data-kpi="legal-overdue" data-value="{{legal.pendingOverdue}}">{{num legal.pendingOverdue}} vencidas</div><div class="sub" data-kpi="legal-summary" data-value="{{legal.requested}}/{{legal.confirmedWithinSla}}/{{legal.confirmedLate}}/{{legal.pendingDue}}/{{legal.breaches}}">{{num legal.requested}} pedidas, {{num legal.confirmedWithinSla}} no prazo, {{num legal.confirmedLate}} com atraso, {{num legal.pendingDue}} a vencer, {{num legal.breaches}} violações</div></div>
  <div class="card" data-card="satisfaction"><h2>Satisfação (pesquisa de 1 a 5)</h2><div class="value" data-kpi="satisfaction-average" data-value="{{json satisfaction.averageScore}}">{{score satisfaction.averageScore}}</div><div class="sub" data-kpi="satisfaction-summary" data-value="{{satisfaction.answered}}/{{satisfaction.sent}}">{{num satisfaction.answered}} respostas de {{num satisfaction.sent}} pesquisas enviadas</div></div>
  <div class="card"><h2>Acordos</h2><div class="value" data-kpi="agreements-made" data-value="{{agreements.made}}">{{num agreements.made}} feitos</div><div class="sub" data-kpi="agreements-ended" data-value="{{agreements.fulfilled}}/{{agreements.broken}}">{{num agreements.fulfilled}} cumpridos, {{num agreements.broken}} quebrados</div></div>
</div>
<div class="charts">
  <section aria-label="Gráfico de faixas de atraso" data-chart="aging">{{{agingSvg}}}</section>
  <section aria-label="Gráfico de recuperação por mês" data-chart="recovery">{{{recoverySvg}}}</section>
</div>
<section>
<h2>Por canal</h2>
<p class="note">{{attribution}}</p>
{{#if hasCosts}}<p class="note">Custo = tentativas cobráveis (enviados; em voz, ligações concluídas) × custo configurado por tentativa. Custo por real recuperado = custo (centavos) / recuperado atribuído ao canal (reais).</p>{{/if}}
<table data-table="channels">
  <thead><tr><th>Canal</th><th class="n">Enviados</th><th class="n">Adiados</th><th class="n">Bloqueados</th><th class="n">Falhas</th><th class="n">Tarefas de ligação</th><th class="n">Pagamentos atribuídos</th><th class="n">Recuperado</th><th class="n">Taxa</th>{{#if hasCosts}}<th class="n">Custo</th><th class="n">Custo por R$ recuperado (centavos)</th>{{/if}}</tr></thead>
  <tbody>
  {{#each channels}}
    <tr data-channel="{{channel}}"><td>{{channelName channel}}</td><td class="n">{{num sent}}</td><td class="n">{{num deferred}}</td><td class="n">{{num blocked}}</td><td class="n">{{num failed}}</td><td class="n">{{num callTask}}</td><td class="n">{{num payments}}</td><td class="n" data-value="{{recovered}}">{{brl recovered}}</td><td class="n">{{pct rate}}</td>{{#if ../hasCosts}}<td class="n" data-cost="{{json cost}}">{{#if configured}}{{brl cost}}{{else}}—{{/if}}</td><td class="n" data-cost-per-real="{{json costPerRecoveredReal}}">{{centavos costPerRecoveredReal}}</td>{{/if}}</tr>
  {{/each}}
  </tbody>
</table>
</section>
<section>
<h2>Por agente</h2>
<p class="note">Contato com o devedor (CPC): ligação concluída como contato com o devedor, promessa de pagamento, recusa, contestação ou pedido de retorno. Recuperado: o pagamento (e o seu estorno) vai para o agente da última ligação com contato com o devedor no mesmo título nos 30 dias antes da data do pagamento (o próprio dia incluído).</p>
<table data-table="agents">
  <thead><tr><th>Agente</th><th class="n">Ligações</th>{{#each outcomes}}<th class="n">{{outcome this}}</th>{{/each}}<th class="n">CPC</th><th class="n">Taxa de CPC</th><th class="n">Pagamentos atribuídos</th><th class="n">Recuperado</th></tr></thead>
  <tbody>
  {{#each agentRows}}
    <tr data-agent="{{agent}}"><td>{{agent}}</td><td class="n" data-value="{{completed}}">{{num completed}}</td>{{#each counts}}<td class="n">{{num this}}</td>{{/each}}<td class="n" data-value="{{rightPartyContacts}}">{{num rightPartyContacts}}</td><td class="n" data-value="{{json rightPartyContactRate}}">{{pct rightPartyContactRate}}</td><td class="n">{{num payments}}</td><td class="n" data-value="{{recovered}}">{{brl recovered}}</td></tr>
  {{else}}
    <tr><td colspan="{{agentColumns}}">Nenhuma ligação concluída nem pagamento atribuído a agente no período.</td></tr>
  {{/each}}
  </tbody>
</table>
</section>
{{#if segments.length}}<section>
<h2>Por segmento</h2>
<table data-table="segments">
  <thead><tr><th>Segmento</th><th class="n">Colocado</th><th class="n">Recuperado</th><th class="n">Taxa</th><th class="n">Baixado como perda</th><th class="n">Em aberto em {{date period.to}}</th></tr></thead>
  <tbody>
  {{#each segments}}
    <tr data-segment="{{segment}}"><td>{{segment}}</td><td class="n" data-value="{{placed}}">{{brl placed}}</td><td class="n" data-value="{{recovered}}">{{brl recovered}}</td><td class="n">{{pct rate}}</td><td class="n">{{brl writtenOff}}</td><td class="n" data-value="{{open}}">{{brl open}}</td></tr>
  {{/each}}
  </tbody>
</table>
</section>{{/if}}
<section>
<h2>Maiores títulos em aberto em {{date period.to}}</h2>
<table data-table="debts">
  <thead><tr><th>Título</th><th>Colocado em</th><th>Faixa</th><th class="n">Valor original</th><th class="n">Em aberto</th></tr></thead>
  <tbody>
  {{#each debts}}
    <tr><td><a href="/painel/dividas/{{debtId}}">{{debtId}}</a></td><td>{{date placedOn}}</td><td>{{bucket bucket}}</td><td class="n">{{brl original}}</td><td class="n">{{brl open}}</td></tr>
  {{else}}
    <tr><td colspan="5">Nenhum título em aberto nesta data.</td></tr>
  {{/each}}
  </tbody>
</table>
</section>`);

const timelinePage = hbs.compile(`<p><a href="/painel">Voltar ao painel</a></p>
<section>
<table data-table="timeline">
  <thead><tr><th>#</th><th>Evento</th><th>Registrado em</th><th>Dados</th></tr></thead>
  <tbody>
  {{#each events}}
    <tr><td>{{num (inc @index)}}</td><td>{{type}}</td><td>{{occurredAt}}</td><td><code>{{json payload}}</code></td></tr>
  {{/each}}
  </tbody>
</table>
</section>`);
hbs.registerHelper('inc', (i: number) => i + 1);

const problemPage = hbs.compile(`<section class="problem" role="alert"><p>{{message}}</p><p><a href="/painel">Voltar ao painel</a></p></section>`);

export interface DashboardData {
  readonly tenant: string;
  readonly period: { readonly from: string; readonly to: string; readonly segment?: string; readonly portfolio?: string };
  readonly portfolio: Portfolio;
  readonly recovery: Recovery;
  readonly contacts: ContactAttempts;
  readonly promises: Promises;
  readonly agreements: Agreements;
  readonly agents: Agents;
  readonly legal: LegalSla;
  readonly satisfaction: Satisfaction;
  readonly debts: readonly OpenDebt[];
  readonly agingSvg: string;
  readonly recoverySvg: string;
}

export function renderSignIn(problem?: string): string {
  return layout({ title: 'Entrar', signedIn: false, content: signInPage({ problem }) });
}

export function renderDashboard(data: DashboardData): string {
  const names = [...new Set([...data.contacts.byChannel.map((c) => c.channel), ...data.recovery.byChannel.map((c) => c.channel)])];
  const channels = names.map((channel) => {
    const contacts = data.contacts.byChannel.find((c) => c.channel === channel);
    const recovered = data.recovery.byChannel.find((c) => c.channel === channel);
    const cost = data.contacts.costs.find((c) => c.channel === channel);
    return {
      channel,
      configured: cost !== undefined,
      cost: cost?.cost ?? null,
      costPerRecoveredReal: cost?.costPerRecoveredReal ?? null,
      sent: contacts?.sent ?? 0,
      deferred: contacts?.deferred ?? 0,
      blocked: contacts?.blocked ?? 0,
      failed: contacts?.failed ?? 0,
      callTask: contacts?.callTask ?? 0,
      payments: recovered?.payments ?? 0,
      recovered: recovered?.recovered ?? 0,
      rate: recovered?.rate ?? null,
    };
  });
  const attribution =
    'Atribuição: um pagamento (e o seu estorno) vai para o canal do último contato enviado ao mesmo título nos 30 dias antes da data do pagamento (o próprio dia incluído); sem contato, fica "sem atribuição". Taxa = recuperado pelo canal / colocado no período.';
  // the outcomes any agent had in the period, in the contacts context's order
  const outcomes = Object.keys(data.contacts.calls.byOutcome).filter((outcome) => data.agents.agents.some((a) => (a.byOutcome[outcome] ?? 0) > 0));
  const agentRows = data.agents.agents.map((a) => ({ ...a, counts: outcomes.map((o) => a.byOutcome[o] ?? 0) }));
  const segments = data.portfolio.bySegment.map((line) => {
    const recovery = data.recovery.bySegment.find((r) => r.segment === line.segment);
    return { segment: line.segment, placed: line.placed.amount, recovered: line.recovered.amount, rate: recovery?.rate ?? null, writtenOff: line.writtenOff.amount, open: line.open.amount };
  });
  return layout({
    title: 'Painel do supervisor',
    tenant: data.tenant,
    signedIn: true,
    content: dashboardPage({ ...data, channels, attribution, hasCosts: data.contacts.costs.length > 0, outcomes, agentRows, agentColumns: outcomes.length + 6, segments }),
  });
}

export function renderTimeline(tenant: string, debtId: string, events: readonly { type: string; occurredAt: string; payload: unknown }[]): string {
  return layout({ title: `Linha do tempo do título ${debtId}`, tenant, signedIn: true, content: timelinePage({ events }) });
}

export function renderProblem(tenant: string | undefined, title: string, message: string): string {
  return layout({ title, tenant, signedIn: tenant !== undefined, content: problemPage({ message }) });
}
