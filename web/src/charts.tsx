// Small SVG charts of our own: a line chart (curves), a bar chart (distributions) and a confusion matrix.

export interface Series { name: string; points: [number, number][]; color?: string }
const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

function ticks(min: number, max: number, n = 4) {
  if (min === max) return [min];
  const out: number[] = [];
  for (let i = 0; i <= n; i++) out.push(min + ((max - min) * i) / n);
  return out;
}
const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : +v.toFixed(3) + '');

export function LineChart({ series, title, width = 520, height = 220, testId }: { series: Series[]; title: string; width?: number; height?: number; testId?: string }) {
  const pad = { l: 52, r: 12, t: 24, b: 28 };
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const x0 = Math.min(...xs, 0), x1 = Math.max(...xs, 1);
  let y0 = Math.min(...ys), y1 = Math.max(...ys);
  if (!all.length) { y0 = 0; y1 = 1; }
  if (y0 === y1) { y0 -= 0.5; y1 += 0.5; }
  const sx = (x: number) => pad.l + ((x - x0) / (x1 - x0 || 1)) * (width - pad.l - pad.r);
  const sy = (y: number) => height - pad.b - ((y - y0) / (y1 - y0)) * (height - pad.t - pad.b);
  return (
    <figure className="chart" data-testid={testId} data-points={all.length}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${all.length} points`}>
        <text x={pad.l} y={14} className="chart-title">{title}</text>
        {ticks(y0, y1).map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={width - pad.r} y1={sy(v)} y2={sy(v)} className="grid" />
            <text x={pad.l - 4} y={sy(v) + 4} textAnchor="end" className="tick">{fmt(v)}</text>
          </g>
        ))}
        {ticks(x0, x1).map((v) => (
          <text key={v} x={sx(v)} y={height - 8} textAnchor="middle" className="tick">{Math.round(v)}</text>
        ))}
        {series.map((s, i) => (
          <polyline key={s.name} fill="none" strokeWidth={1.8} stroke={s.color || PALETTE[i % PALETTE.length]}
            points={s.points.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ')} />
        ))}
      </svg>
      {series.length > 1 && (
        <figcaption className="legend">
          {series.map((s, i) => (
            <span key={s.name}><i style={{ background: s.color || PALETTE[i % PALETTE.length] }} />{s.name}</span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}

export function BarChart({ data, title, testId }: { data: { label: string; value: number }[]; title: string; testId?: string }) {
  const max = Math.max(...data.map((d) => d.value), 1e-9);
  return (
    <figure className="bars" data-testid={testId} aria-label={title}>
      <figcaption className="chart-title">{title}</figcaption>
      {data.map((d, i) => (
        <div className="bar-row" key={d.label}>
          <span className="bar-label">{d.label}</span>
          <span className="bar-track" role="meter" aria-valuenow={d.value} aria-valuemin={0} aria-valuemax={max} aria-label={d.label}>
            <span className="bar-fill" style={{ width: `${(d.value / max) * 100}%`, background: PALETTE[i % PALETTE.length] }} />
          </span>
          <span className="bar-value">{(d.value * (max <= 1 ? 100 : 1)).toFixed(max <= 1 ? 1 : 0)}{max <= 1 ? '%' : ''}</span>
        </div>
      ))}
    </figure>
  );
}

export function ConfusionMatrix({ labels, matrix, title }: { labels: string[]; matrix: number[][]; title: string }) {
  const max = Math.max(1, ...matrix.flat());
  return (
    <table className="confusion" aria-label={title}>
      <caption>{title}</caption>
      <thead><tr><th scope="col">↓ true / pred →</th>{labels.map((l) => <th scope="col" key={l}>{l}</th>)}</tr></thead>
      <tbody>
        {matrix.map((row, i) => (
          <tr key={i}>
            <th scope="row">{labels[i]}</th>
            {row.map((v, j) => (
              <td key={j} style={{ background: `rgba(37,99,235,${(v / max) * 0.85})`, color: v / max > 0.5 ? '#fff' : undefined }}>{v}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
