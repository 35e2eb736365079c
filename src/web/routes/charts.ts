/**
 * `GET /plans/{code}/years/{year}/charts`: the plan-year in pictures, drawn on the server as inline SVG (no
 * script): a burn-up per obligation, the year's calendar, each agency's punctuality, the indicators against their
 * targets. Each picture has a text alternative and its data as a table.
 */
import type { FastifyInstance } from 'fastify';
import { chartData } from '../../services/chart-data';
import { READER } from '../access';
import { burnUpSvg } from '../charts/burn-up';
import { indicatorSvg } from '../charts/indicator-targets';
import { markedDays, monthGridSvg } from '../charts/month-grid';
import { KIND_LABELS, markText, punctualitySvg } from '../charts/punctuality';
import type { WebContext } from '../context';
import { parseOr422 } from '../http-errors';
import { MatrixParams } from '../schemas/assignments';

export function registerChartPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/plans/:code/years/:year/charts', ctx.guard(READER), async (req, reply) => {
    const p = parseOr422(MatrixParams, req.params);
    const d = await chartData(ctx.prisma, p.code, p.year, ctx.now());
    const view = {
      user: req.auth,
      plan: d.plan,
      year: d.year,
      burnUps: d.burnUps.map((m, i) => ({ m, chart: burnUpSvg(m, `burn-up-${i + 1}`) })),
      grid: monthGridSvg(d.grid, 'month-grid'),
      marked: markedDays(d.grid),
      campaigns: d.campaigns,
      punctuality: punctualitySvg(d.punctuality, 'punctuality'),
      punctualityRows: d.punctuality.map((r) => ({
        ...r,
        marks: r.marks.map((m) => ({ ...m, kindLabel: KIND_LABELS[m.kind], text: markText(m) })),
      })),
      indicators: d.indicators.length > 0 ? indicatorSvg(d.indicators, 'indicators') : null,
      indicatorRows: d.indicators,
    };
    return reply.type('text/html; charset=utf-8').send(ctx.render('charts', view));
  });
}
