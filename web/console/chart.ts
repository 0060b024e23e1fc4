import { svgEl } from '../common/dom.js';

export interface Bar {
  label: string;
  members: number;
  target: number | null;
}

/**
 * A horizontal bar chart of members against the year's target, one row per org: the bar is the
 * members, the tick the target. Plain SVG, labelled for screen readers row by row.
 */
export function membersChart(bars: readonly Bar[]): SVGElement {
  const row = 28;
  const labelWidth = 120;
  const width = 640;
  const scale = (width - labelWidth - 60) / Math.max(1, ...bars.map((bar) => Math.max(bar.members, bar.target ?? 0)));
  const chart = svgEl('svg', { viewBox: `0 0 ${width} ${bars.length * row + 8}`, width: '100%', role: 'img', 'aria-label': '会员数与目标', class: 'chart' });
  bars.forEach((bar, i) => {
    const y = i * row + 4;
    const summary = `${bar.label}：会员 ${bar.members}${bar.target === null ? '，未设目标' : `，目标 ${bar.target}`}`;
    const group = svgEl('g', { role: 'listitem', 'aria-label': summary }, svgEl('title', {}, summary));
    group.append(
      svgEl('text', { x: 0, y: y + 16 }, bar.label),
      svgEl('rect', { x: labelWidth, y, width: Math.max(1, bar.members * scale), height: 20, fill: '#c8102e' }),
      svgEl('text', { x: labelWidth + bar.members * scale + 6, y: y + 16 }, String(bar.members)),
    );
    if (bar.target !== null) group.append(svgEl('rect', { x: labelWidth + bar.target * scale - 1, y: y - 2, width: 3, height: 24, fill: '#1a1a1a' }));
    chart.append(group);
  });
  return chart;
}
