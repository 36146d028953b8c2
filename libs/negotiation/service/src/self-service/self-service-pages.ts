import Handlebars from 'handlebars';
import type { Money } from '@collections/shared-kernel';

/**
 * The debtor's self-service pages, rendered on the server (no script needed): plain
 * forms with labels, one column that fits a phone, Portuguese. Handlebars escapes every
 * value put in a page; nothing a debtor or a tenant typed is written unescaped.
 */
const hbs = Handlebars.create();
hbs.registerHelper('brl', (money: Money) => new Intl.NumberFormat('pt-BR', { style: 'currency', currency: money.currency }).format(money.amount / 100));
hbs.registerHelper('date', (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`);
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const layout = hbs.compile(`<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{{#if refreshSeconds}}<meta http-equiv="refresh" content="{{refreshSeconds}}">{{/if}}
<title>{{title}} - Autoatendimento</title>
<style>
  :root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; color: #1b1b1b; background: #f6f7f9; }
  body { margin: 0; }
  header { background: #0b3d91; color: #fff; padding: 0.75rem 1rem; }
  header p { margin: 0; font-size: 0.9rem; }
  main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
  h1 { font-size: 1.4rem; }
  section, form.card { background: #fff; border: 1px solid #d0d4da; border-radius: 0.5rem; padding: 1rem; margin-bottom: 1rem; overflow-x: auto; }
  label { display: block; font-weight: 600; margin: 0.75rem 0 0.25rem; }
  select, input[type=number], textarea { width: 100%; box-sizing: border-box; font-size: 1rem; padding: 0.5rem; }
  fieldset { border: none; padding: 0; margin: 0.5rem 0; }
  fieldset label { display: inline; font-weight: normal; margin-right: 1rem; }
  button { font-size: 1rem; padding: 0.75rem 1.25rem; border: 0; border-radius: 0.4rem; background: #0b3d91; color: #fff; margin-top: 1rem; width: 100%; }
  button:focus, select:focus, input:focus, textarea:focus, a:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
  table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
  th, td { text-align: left; padding: 0.3rem 0.2rem; border-bottom: 1px solid #e3e6ea; }
  .amount { font-size: 1.6rem; font-weight: 700; }
  .problem { border-color: #b00020; }
  .qr svg { width: 100%; max-width: 16rem; height: auto; display: block; margin: 0 auto; }
</style>
</head>
<body>
<header><p>Autoatendimento de negociação de dívidas</p></header>
<main>
<h1>{{title}}</h1>
{{{content}}}
</main>
</body>
</html>`);

const debtsPage = hbs.compile(`<p>Olá. Estas são as suas dívidas em aberto, com o saldo de hoje ({{date today}}). Simule um acordo sem compromisso.</p>
{{#each debts}}
<section aria-labelledby="divida-{{@index}}">
  <h2 id="divida-{{@index}}">Dívida {{reference}}</h2>
  {{#if negotiable}}
  <p>Saldo hoje: <span class="amount">{{brl balance}}</span></p>
  <p>{{daysPastDue}} dias em atraso.</p>
  <form method="post" action="{{../base}}/simular">
    <input type="hidden" name="csrf" value="{{../csrf}}">
    <input type="hidden" name="debtId" value="{{debtId}}">
    <fieldset>
      <legend>Como quer pagar?</legend>
      <input type="radio" id="avista-{{@index}}" name="plano" value="avista" checked><label for="avista-{{@index}}">À vista</label>
      <input type="radio" id="parcelado-{{@index}}" name="plano" value="parcelado"><label for="parcelado-{{@index}}">Parcelado</label>
    </fieldset>
    <label for="parcelas-{{@index}}">Número de parcelas (se parcelado)</label>
    <select id="parcelas-{{@index}}" name="parcelas">
      {{#each ../installmentChoices}}<option value="{{this}}">{{this}}x</option>{{/each}}
    </select>
    <button type="submit">Simular acordo</button>
  </form>
  {{else}}
  <p>{{status}}</p>
  {{/if}}
</section>
{{/each}}`);

const simulationPage = hbs.compile(`{{#if refused}}
<section class="problem" role="alert">
  <h2>Este plano não está disponível</h2>
  <p>{{refused}}</p>
</section>
{{else}}
<section aria-labelledby="plano">
  <h2 id="plano">{{#if (eq terms.kind "cash")}}Pagamento à vista{{else}}Parcelamento em {{installments}} vezes{{/if}}</h2>
  <p>Saldo de hoje: {{brl terms.balance.total}}</p>
  <p>Desconto: {{brl terms.discount.total}}</p>
  <p>Total do acordo: <span class="amount">{{brl terms.total}}</span></p>
  <table>
    <caption>Parcelas</caption>
    <thead><tr><th scope="col">Parcela</th><th scope="col">Vencimento</th><th scope="col">Valor</th></tr></thead>
    <tbody>{{#each terms.schedule}}<tr><td>{{number}}</td><td>{{date dueDate}}</td><td>{{brl amount}}</td></tr>{{/each}}</tbody>
  </table>
  <p>Proposta válida até {{date terms.expiresOn}}.</p>
</section>
<form class="card" method="post" action="{{base}}/aceitar">
  <input type="hidden" name="csrf" value="{{csrf}}">
  <input type="hidden" name="debtId" value="{{debtId}}">
  <input type="hidden" name="plano" value="{{plano}}">
  <input type="hidden" name="parcelas" value="{{installments}}">
  <p>Ao aceitar, o acordo substitui a cobrança desta dívida enquanto as parcelas forem pagas em dia.</p>
  <button type="submit">Aceitar acordo</button>
</form>
{{/if}}
<p><a href="{{base}}">Voltar às minhas dívidas</a></p>`);

const agreementPage = hbs.compile(`<section aria-labelledby="acordo">
  <h2 id="acordo">Acordo {{statusText}}</h2>
  <p>Total do acordo: <span class="amount">{{brl agreement.total}}</span></p>
  <table>
    <caption>Parcelas</caption>
    <thead><tr><th scope="col">Parcela</th><th scope="col">Vencimento</th><th scope="col">Valor</th><th scope="col">Pago</th></tr></thead>
    <tbody>{{#each agreement.installments}}<tr><td>{{number}}</td><td>{{date dueDate}}</td><td>{{brl amount}}</td><td>{{brl paid}}</td></tr>{{/each}}</tbody>
  </table>
</section>
<section aria-labelledby="pagamento">
  <h2 id="pagamento">Pague a parcela {{first.number}} ({{brl first.amount}}, vence em {{date first.dueDate}})</h2>
  {{#if charge}}
  <label for="pix">PIX copia e cola</label>
  <textarea id="pix" readonly rows="5">{{charge.pixCopyPaste}}</textarea>
  <div class="qr" role="img" aria-label="QR Code PIX da parcela {{first.number}}">{{{qrSvg}}}</div>
  {{#if charge.boletoLine}}
  <label for="boleto">Linha digitável do boleto</label>
  <textarea id="boleto" readonly rows="2">{{charge.boletoLine}}</textarea>
  {{/if}}
  {{else}}
  <p role="status">Gerando a sua cobrança PIX. Esta página se atualiza sozinha em alguns segundos.</p>
  {{/if}}
</section>`);

const problemPage = hbs.compile(`<section class="problem" role="alert">
  <p>{{message}}</p>
</section>`);

const page = (title: string, content: string, refreshSeconds?: number): string => layout({ title, content, ...(refreshSeconds ? { refreshSeconds } : {}) });

export interface DebtCard {
  readonly debtId: string;
  readonly reference: string;
  readonly negotiable: boolean;
  readonly status: string;
  readonly balance: Money;
  readonly daysPastDue: number;
}

export const renderDebts = (input: { readonly base: string; readonly csrf: string; readonly today: string; readonly debts: readonly DebtCard[]; readonly installmentChoices: readonly number[] }): string =>
  page('Suas dívidas', debtsPage(input));

export const renderSimulation = (input: Record<string, unknown>): string => page('Simulação de acordo', simulationPage(input));

export const renderAgreement = (input: Record<string, unknown> & { readonly pending: boolean }): string =>
  page('Seu acordo', agreementPage(input), input.pending ? 3 : undefined);

export const renderProblem = (title: string, message: string): string => page(title, problemPage({ message }));
