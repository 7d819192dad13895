import { useLayoutEffect, useRef, useState } from 'react';

/**
 * Hand-drawn SVG charts: the evaluation trend and counted bars. Each is drawn at the width of its
 * box, one unit to a CSS pixel, so its words keep their size (styles.css) on a phone as on a desk.
 */

/** The width of a chart's box in CSS pixels, followed as it changes (`fallback` before it is known). */
function useBoxWidth(fallback: number) {
  const box = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      const w = Math.round(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { box, width };
}

/** The short names of the months on a narrow chart: 1–12, the year under January and the first month. */
const monthOf = (period: string) => String(Number(period.slice(5)));

export interface TrendPoint {
  period: string;
  score: number | null;
  returnRate: number | null;
  zero?: boolean;
}

/**
 * Twelve months of a merchant's evaluation: the score as bars (a zero for a violation in
 * red, "no data" as a dashed stub) and the return rate as a line.
 */
export function TrendChart(props: {
  points: TrendPoint[];
  title: string;
  scoreLabel: string;
  returnLabel: string;
  noData: string;
  zeroLabel: string;
  selected?: string;
  onSelect?: (period: string) => void;
}) {
  const { box, width } = useBoxWidth(960);
  const W = Math.max(280, width);
  const narrow = W < 600;
  const H = narrow ? 220 : 260;
  const pad = narrow ? { left: 30, right: 6, top: 18, bottom: 40 } : { left: 40, right: 16, top: 16, bottom: 40 };
  const innerW = W - pad.left - pad.right;
  const innerH = H - pad.top - pad.bottom;
  const n = Math.max(props.points.length, 1);
  const slot = innerW / n;
  const barW = Math.min(36, slot * 0.6);
  const y = (v: number) => pad.top + innerH - (Math.max(0, Math.min(100, v)) / 100) * innerH;
  const x = (i: number) => pad.left + slot * i + slot / 2;
  const line = props.points
    .map((p, i) => (p.returnRate === null ? null : `${x(i)},${y(p.returnRate)}`))
    .reduce<string[][]>(
      (runs, pt) => {
        if (pt === null) runs.push([]);
        else runs[runs.length - 1].push(pt);
        return runs;
      },
      [[]],
    )
    .filter((r) => r.length > 0);
  return (
    <figure className={`chart ${narrow ? 'chart--narrow' : ''}`} ref={box}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title} preserveAspectRatio="xMidYMid meet">
        <title>{props.title}</title>
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={W - pad.right} y1={y(v)} y2={y(v)} className="chart__grid" />
            <text x={pad.left - 6} y={y(v) + 4} className="chart__axis" textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {props.points.map((p, i) => {
          const selected = p.period === props.selected;
          const label = `${p.period}: ${props.scoreLabel} ${p.score === null ? props.noData : p.score.toFixed(1)}, ${props.returnLabel} ${
            p.returnRate === null ? props.noData : `${p.returnRate.toFixed(1)}%`
          }`;
          return (
            <g
              key={p.period}
              className={`chart__slot ${selected ? 'chart__slot--selected' : ''} ${props.onSelect ? 'chart__slot--clickable' : ''}`}
              onClick={() => props.onSelect?.(p.period)}
            >
              <title>{label}</title>
              <rect x={x(i) - slot / 2} y={pad.top} width={slot} height={innerH} className="chart__hit" />
              {p.score === null ? (
                <line x1={x(i) - barW / 2} x2={x(i) + barW / 2} y1={y(0) - 1} y2={y(0) - 1} className="chart__nodata" />
              ) : p.score === 0 ? (
                <rect x={x(i) - barW / 2} y={y(0) - 4} width={barW} height={4} className="chart__bar chart__bar--zero" />
              ) : (
                <rect x={x(i) - barW / 2} y={y(p.score)} width={barW} height={y(0) - y(p.score)} rx={3} className="chart__bar" />
              )}
              {p.score !== null ? (
                <text
                  x={x(i)}
                  y={p.score === 0 ? y(0) - 8 : y(p.score) - 5}
                  textAnchor="middle"
                  className={`chart__value ${p.score === 0 ? 'chart__value--zero' : ''}`}
                >
                  {p.score === 0 ? '0' : p.score.toFixed(0)}
                </text>
              ) : null}
              <text x={x(i)} y={H - pad.bottom + 16} textAnchor="middle" className="chart__axis chart__axis--month">
                {narrow ? monthOf(p.period) : p.period.slice(5)}
              </text>
              {i === 0 || p.period.endsWith('-01') ? (
                <text x={x(i)} y={H - pad.bottom + 30} textAnchor="middle" className="chart__axis chart__axis--year">
                  {p.period.slice(0, 4)}
                </text>
              ) : null}
            </g>
          );
        })}
        {line.map((run, i) => (
          <polyline key={i} points={run.join(' ')} className="chart__line" />
        ))}
        {props.points.map((p, i) =>
          p.returnRate === null ? null : <circle key={p.period} cx={x(i)} cy={y(p.returnRate)} r={3.5} className="chart__dot" />,
        )}
      </svg>
      <figcaption className="chart__legend">
        <span className="legend legend--bar">{props.scoreLabel}</span>
        <span className="legend legend--zero">{props.zeroLabel}</span>
        <span className="legend legend--line">{props.returnLabel}</span>
      </figcaption>
    </figure>
  );
}

/** Horizontal bars of counts, most first (opinions by category or merchant). */
export function BarChart({ rows, title }: { rows: Array<{ label: string; count: number }>; title: string }) {
  const { box, width } = useBoxWidth(640);
  const W = Math.max(280, width);
  const rowH = 30;
  const labelW = Math.min(200, Math.round(W * 0.4));
  const H = Math.max(rowH * rows.length + 16, 60);
  const max = Math.max(1, ...rows.map((r) => r.count));
  const barMax = W - labelW - 56;
  // about one wide (CJK) character to 14 units at the label's size
  const maxLabel = Math.max(4, Math.min(16, Math.floor((labelW - 12) / 14)));
  return (
    <figure className="chart" ref={box}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
        <title>{title}</title>
        {rows.map((r, i) => {
          const w = Math.max(2, (r.count / max) * barMax);
          const top = 8 + i * rowH;
          return (
            <g key={r.label + i}>
              <text x={labelW - 8} y={top + rowH / 2 + 4} textAnchor="end" className="chart__label">
                {r.label.length > maxLabel ? `${r.label.slice(0, maxLabel - 1)}…` : r.label}
              </text>
              <rect x={labelW} y={top + 4} width={w} height={rowH - 10} rx={3} className="chart__bar" />
              <text x={labelW + w + 6} y={top + rowH / 2 + 4} className="chart__value">
                {r.count}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
