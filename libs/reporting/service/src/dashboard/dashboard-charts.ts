import * as echarts from 'echarts';
import type { Portfolio, Recovery } from '../kpis/kpi.queries';

/**
 * The dashboard's charts, rendered on the server by ECharts' SVG renderer (no browser, no
 * script in the page): an SVG string put inline in the page.
 */
function svg(option: echarts.EChartsCoreOption, width = 560, height = 280): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'Liberation Sans, Arial, sans-serif' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const pt = (value: number) => value.toLocaleString('pt-BR');
const reais = (centavos: number) => Math.round(centavos) / 100;

/** Open amount by aging bucket, as of the end of the period. */
export function agingChart(portfolio: Portfolio): string {
  return svg({
    title: { text: `Carteira em aberto por faixa de atraso (R$)`, left: 0, top: 0, textStyle: { fontSize: 14 } },
    grid: { left: 70, right: 20, top: 55, bottom: 30 },
    xAxis: { type: 'category', data: portfolio.aging.map((b) => (b.bucket === 'current' ? 'em dia' : b.bucket)) },
    yAxis: { type: 'value', axisLabel: { formatter: pt } },
    series: [{ type: 'bar', name: 'Em aberto', data: portfolio.aging.map((b) => reais(b.amount)), itemStyle: { color: '#0b3d91' }, label: { show: true, position: 'top', formatter: (p: { value: number }) => (p.value ? p.value.toLocaleString('pt-BR') : '') } }],
  });
}

/** Placed and recovered per month (bars) and the recovery rate (line, right axis). */
export function recoveryChart(recovery: Recovery): string {
  return svg({
    title: { text: 'Recuperação por mês', left: 0, top: 0, textStyle: { fontSize: 14 } },
    legend: { bottom: 0, left: 'center', data: ['Colocado (R$)', 'Recuperado (R$)', 'Taxa (%)'] },
    grid: { left: 70, right: 50, top: 45, bottom: 60 },
    xAxis: { type: 'category', data: recovery.byMonth.map((m) => m.month) },
    yAxis: [{ type: 'value', axisLabel: { formatter: pt } }, { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }],
    series: [
      { type: 'bar', name: 'Colocado (R$)', data: recovery.byMonth.map((m) => reais(m.placed)), itemStyle: { color: '#9aa9c7' } },
      { type: 'bar', name: 'Recuperado (R$)', data: recovery.byMonth.map((m) => reais(m.recovered)), itemStyle: { color: '#1f7a3a' } },
      { type: 'line', name: 'Taxa (%)', yAxisIndex: 1, data: recovery.byMonth.map((m) => (m.rate === null ? null : Math.round(m.rate * 10_000) / 100)), itemStyle: { color: '#b35900' } },
    ],
  });
}
