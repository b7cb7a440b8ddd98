import { statusClasses, type Bucket, type StatusKey } from '../lib/log-stats';

const height = 160;
const pad = { left: 36, right: 8, top: 8, bottom: 22 };
const series: { key: StatusKey; label: string; color: string }[] = [...statusClasses, { key: 'other', label: 'other', color: '#9aa3b0' }];

/** Stacked bars per hour, by status class; drawn as plain SVG. */
export function LogsChart({ data }: { data: Bucket[] }) {
  const width = 1000;
  const max = Math.max(1, ...data.map((b) => b.total));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const slot = plotW / Math.max(1, data.length);
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  const labelEvery = Math.max(1, Math.ceil(data.length / 8));
  const sum = (k: StatusKey) => data.reduce((n, b) => n + b.counts[k], 0);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Requests per hour: ${series.map((s) => `${sum(s.key)} ${s.label}`).join(', ')}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} class="grid" />
            <text x={pad.left - 6} y={y(t) + 4} text-anchor="end" class="tick">{t}</text>
          </g>
        ))}
        {data.map((b, i) => {
          let acc = 0;
          const x = pad.left + i * slot + (slot - barW) / 2;
          return (
            <g key={b.date} data-date={b.date}>
              <title>{`${b.date.slice(0, 13)}:00 UTC — ${b.total} logs: ${series.filter((s) => b.counts[s.key]).map((s) => `${b.counts[s.key]} ${s.label}`).join(', ')}`}</title>
              {series.map((s) => {
                const v = b.counts[s.key];
                if (!v) return null;
                const top = y(acc + v);
                const h = y(acc) - top;
                acc += v;
                return <rect key={s.key} data-status={s.key} data-count={v} x={x} y={top} width={barW} height={h} fill={s.color} />;
              })}
              {i % labelEvery === 0 && <text x={x + barW / 2} y={height - 6} text-anchor="middle" class="tick">{b.date.slice(11, 13)}:00</text>}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {series.map((s) => (
          <span key={s.key}><i style={{ background: s.color }} /> {s.label} <b>{sum(s.key)}</b></span>
        ))}
        <span class="muted">per hour, UTC</span>
      </figcaption>
    </figure>
  );
}
