import { svgEl } from '../common/dom.js';

export interface Bar {
  label: string;
  members: number;
  target: number | null;
  /** Share of the riders partners roster in the org's region who are members, 0 to 1. */
  coverage: number;
}

export const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * A horizontal bar chart of members against the year's target, one row per org: the bar is the
 * members, the tick the target, and the figure beside the bar says the members and the roster
 * coverage. Plain SVG, labelled for screen readers row by row.
 */
export function membersChart(bars: readonly Bar[]): SVGElement {
  const row = 28;
  const labelWidth = 120;
  const width = 640;
  const scale = (width - labelWidth - 160) / Math.max(1, ...bars.map((bar) => Math.max(bar.members, bar.target ?? 0)));
  const chart = svgEl('svg', { viewBox: `0 0 ${width} ${bars.length * row + 8}`, width: '100%', role: 'img', 'aria-label': '会员数、年度目标与名单覆盖率', class: 'chart' });
  bars.forEach((bar, i) => {
    const y = i * row + 4;
    const target = bar.target === null ? '，未设目标' : `，目标 ${bar.target}（完成 ${percent(bar.target > 0 ? bar.members / bar.target : 0)}）`;
    const summary = `${bar.label}：会员 ${bar.members}${target}，名单覆盖率 ${percent(bar.coverage)}`;
    const group = svgEl('g', { role: 'listitem', 'aria-label': summary }, svgEl('title', {}, summary));
    group.append(
      svgEl('text', { x: 0, y: y + 16 }, bar.label),
      svgEl('rect', { x: labelWidth, y, width: Math.max(1, bar.members * scale), height: 20, fill: '#c8102e', class: 'members' }),
      svgEl('text', { x: labelWidth + Math.max(bar.members, bar.target ?? 0) * scale + 6, y: y + 16, class: 'value' }, `${bar.members} · 覆盖 ${percent(bar.coverage)}`),
    );
    if (bar.target !== null) group.append(svgEl('rect', { x: labelWidth + bar.target * scale - 1, y: y - 2, width: 3, height: 24, fill: '#1a1a1a', class: 'target' }));
    chart.append(group);
  });
  return chart;
}

/**
 * A column chart of micro-wishes fulfilled in each month of a year, January first: one column
 * per month with its count above it, labelled for screen readers month by month.
 */
export function wishesChart(year: number, fulfilledByMonth: readonly number[]): SVGElement {
  const width = 640;
  const height = 180;
  const base = height - 24;
  const column = width / 12;
  const scale = (base - 24) / Math.max(1, ...fulfilledByMonth);
  const chart = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': `${year} 年每月实现的微心愿`, class: 'chart' });
  fulfilledByMonth.forEach((fulfilled, i) => {
    const x = i * column;
    const summary = `${i + 1}月：实现 ${fulfilled} 个`;
    const bar = fulfilled * scale;
    chart.append(
      svgEl('g', { role: 'listitem', 'aria-label': summary },
        svgEl('title', {}, summary),
        svgEl('rect', { x: x + 8, y: base - bar, width: column - 16, height: Math.max(bar, 0), fill: '#c8102e', class: 'fulfilled' }),
        svgEl('text', { x: x + column / 2, y: base - bar - 6, 'text-anchor': 'middle', class: 'value' }, String(fulfilled)),
        svgEl('text', { x: x + column / 2, y: height - 6, 'text-anchor': 'middle' }, `${i + 1}月`),
      ),
    );
  });
  return chart;
}
