'use client';
// The dashboard: invocations and errors over time, p50/p95 durations, cold
// and warm starts, and the busiest actions, aggregated in Postgres.
import type { StatsRange } from '@brisk/core';
import Link from 'next/link';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Empty, ErrorBanner, Loading } from '@/components/ui/feedback';
import { actionHref, formatDateTime, formatDuration } from '@/lib/format';

/** Axis labels: short enough not to wrap. */
function axisDuration(ms: number): string {
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(ms >= 10_000 ? 0 : 1))}s`;
  return `${Math.round(ms)}ms`;
}
import { trpc } from '@/trpc/react';

const RANGES: { value: StatsRange; label: string }[] = [
  { value: '1h', label: '1 hour' },
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
];

const COLORS = { ok: '#2f6fed', err: '#d64545', p50: '#2f6fed', p95: '#8250df', cold: '#e5a000', warm: '#3aa676', grid: '#eceff3', axis: '#8a929c' };
const pad = (n: number) => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function tickFormatter(range: StatsRange) {
  return (time: number) => {
    const d = new Date(time);
    if (range === '1h' || range === '24h') return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    if (range === '7d') return `${DAYS[d.getDay()]} ${pad(d.getHours())}h`;
    return `${MONTHS[d.getMonth()]} ${d.getDate()}`;
  };
}

const axisProps = { stroke: COLORS.axis, fontSize: 11, tickLine: false, axisLine: { stroke: COLORS.grid } } as const;
const tooltipStyle = { fontSize: 12, borderRadius: 6, border: '1px solid #e2e5ea' };

/** The server sends at most this many actions, the busiest (activation-stats.ts); each gets a labelled bar. */
const ACTIONS_CHARTED = 20;
/** Room for one labelled bar of a per-action chart, and for its axis and legend. */
const BAR_ROW_PX = 22;
const CHART_FRAME_PX = 70;

function ChartPanel(props: { title: string; note?: string; height?: number; children: React.ReactElement }) {
  return (
    <section className="panel" aria-label={props.title}>
      <div className="panel-head">
        <h2>{props.title}</h2>
        {props.note && <span className="hint">{props.note}</span>}
      </div>
      <div className="chart" style={props.height ? { height: props.height } : undefined}>
        <ResponsiveContainer width="100%" height="100%">
          {props.children}
        </ResponsiveContainer>
      </div>
    </section>
  );
}

const NAME_AXIS_WIDTH = 150;
const NAME_CHARS = 22;

/** An action's name beside its bar: cut to fit with an ellipsis, whole in its tooltip and for screen readers. */
function ActionTick(props: { x?: number; y?: number; payload?: { value: string } }) {
  const name = props.payload?.value ?? '';
  const shown = name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS - 1)}…` : name;
  return (
    <text x={props.x} y={props.y} dy={4} textAnchor="end" fontSize={11} fill="#1b1f24" aria-label={name}>
      <title>{name}</title>
      {shown}
    </text>
  );
}

const actionAxisProps = { type: 'category', dataKey: 'path', ...axisProps, width: NAME_AXIS_WIDTH, interval: 0, tick: <ActionTick /> } as const;

export function Dashboard() {
  const [range, setRange] = useState<StatsRange>('24h');
  const [path, setPath] = useState('');
  const actions = trpc.actions.list.useQuery({});
  const stats = trpc.dashboard.stats.useQuery({ range, ...(path ? { path } : {}) }, { placeholderData: (previous) => previous, refetchInterval: 30_000 });
  const data = stats.data;
  const format = tickFormatter(range);
  const buckets = (data?.buckets ?? []).map((bucket) => ({ ...bucket, ok: bucket.invocations - bucket.errors }));
  const totals = data?.totals;
  const perAction = (data?.actions ?? []).map((row) => ({ ...row, ok: row.invocations - row.errors }));
  const perActionHeight = CHART_FRAME_PX + BAR_ROW_PX * Math.max(4, perAction.length);
  const busiestNote = perAction.length >= ACTIONS_CHARTED ? `invocations, the ${ACTIONS_CHARTED} busiest` : 'invocations';

  return (
    <div className="page">
      <div className="page-head">
        <h1>Dashboard</h1>
        <span className="grow" />
        <select className="select" aria-label="Action" value={path} onChange={(event) => setPath(event.target.value)}>
          <option value="">All actions</option>
          {(actions.data?.items ?? []).map((item) => (
            <option key={item.path} value={item.path}>
              {item.path}
            </option>
          ))}
        </select>
        <div className="segmented" role="group" aria-label="Time range">
          {RANGES.map((option) => (
            <button key={option.value} type="button" aria-pressed={range === option.value} onClick={() => setRange(option.value)}>
              {option.label}
            </button>
          ))}
        </div>
      </div>
      <ErrorBanner error={stats.error} />
      {!data ? (
        <Loading />
      ) : (
        <>
          <div className="kpis">
            <div className="panel kpi" role="group" aria-label="Invocations">
              <div className="k">Invocations</div>
              <div className="v">{totals!.invocations.toLocaleString('en')}</div>
              <div className="s">last {RANGES.find((r) => r.value === range)?.label}</div>
            </div>
            <div className="panel kpi" role="group" aria-label="Errors">
              <div className="k">Errors</div>
              <div className="v" style={{ color: totals!.errors ? 'var(--err)' : undefined }}>
                {totals!.invocations ? `${((totals!.errors / totals!.invocations) * 100).toFixed(1)}%` : '—'}
              </div>
              <div className="s">{totals!.errors.toLocaleString('en')} failed</div>
            </div>
            <div className="panel kpi" role="group" aria-label="p50 duration">
              <div className="k">p50 duration</div>
              <div className="v">{formatDuration(totals!.p50)}</div>
              <div className="s">median</div>
            </div>
            <div className="panel kpi" role="group" aria-label="p95 duration">
              <div className="k">p95 duration</div>
              <div className="v">{formatDuration(totals!.p95)}</div>
              <div className="s">95th percentile</div>
            </div>
            <div className="panel kpi" role="group" aria-label="Cold starts">
              <div className="k">Cold starts</div>
              <div className="v">{totals!.cold + totals!.warm ? `${((totals!.cold / (totals!.cold + totals!.warm)) * 100).toFixed(1)}%` : '—'}</div>
              <div className="s">
                {totals!.cold.toLocaleString('en')} cold · {totals!.warm.toLocaleString('en')} warm
              </div>
            </div>
          </div>
          {totals!.invocations === 0 ? (
            <div className="panel">
              <Empty title="No activations in this period">
                Run an action from its <Link href="/actions">editor</Link> or through the API, and the charts fill in.
              </Empty>
            </div>
          ) : (
            <div className="grid-2">
              <ChartPanel title="Invocations and errors" note="per bucket">
                <BarChart data={buckets} margin={{ left: 0, right: 8 }}>
                  <CartesianGrid vertical={false} stroke={COLORS.grid} />
                  <XAxis dataKey="time" tickFormatter={format} {...axisProps} minTickGap={24} />
                  <YAxis allowDecimals={false} {...axisProps} width={56} />
                  <Tooltip labelFormatter={(value) => formatDateTime(Number(value))} contentStyle={tooltipStyle} />
                  <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
                  <Bar maxBarSize={28} dataKey="ok" name="succeeded" stackId="a" fill={COLORS.ok} isAnimationActive={false} />
                  <Bar maxBarSize={28} dataKey="errors" name="failed" stackId="a" fill={COLORS.err} radius={[2, 2, 0, 0]} isAnimationActive={false} />
                </BarChart>
              </ChartPanel>
              <ChartPanel title="Duration" note="p50 and p95, ms">
                <LineChart data={buckets} margin={{ left: 0, right: 8 }}>
                  <CartesianGrid vertical={false} stroke={COLORS.grid} />
                  <XAxis dataKey="time" tickFormatter={format} {...axisProps} minTickGap={24} />
                  <YAxis {...axisProps} width={56} tickFormatter={axisDuration} />
                  <Tooltip
                    labelFormatter={(value) => formatDateTime(Number(value))}
                    formatter={(value) => formatDuration(Number(value))}
                    contentStyle={tooltipStyle}
                  />
                  <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
                  <Line
                    type="monotone"
                    dataKey="p50"
                    name="p50"
                    stroke={COLORS.p50}
                    strokeWidth={2}
                    dot={{ r: 2.5 }}
                    connectNulls={false}
                    isAnimationActive={false}
                  />
                  <Line
                    type="monotone"
                    dataKey="p95"
                    name="p95"
                    stroke={COLORS.p95}
                    strokeWidth={2}
                    dot={{ r: 2.5 }}
                    connectNulls={false}
                    isAnimationActive={false}
                  />
                </LineChart>
              </ChartPanel>
              <ChartPanel title="Cold and warm starts" note="per bucket">
                <BarChart data={buckets} margin={{ left: 0, right: 8 }}>
                  <CartesianGrid vertical={false} stroke={COLORS.grid} />
                  <XAxis dataKey="time" tickFormatter={format} {...axisProps} minTickGap={24} />
                  <YAxis allowDecimals={false} {...axisProps} width={56} />
                  <Tooltip labelFormatter={(value) => formatDateTime(Number(value))} contentStyle={tooltipStyle} />
                  <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
                  <Bar maxBarSize={28} dataKey="warm" name="warm" stackId="s" fill={COLORS.warm} isAnimationActive={false} />
                  <Bar maxBarSize={28} dataKey="cold" name="cold" stackId="s" fill={COLORS.cold} radius={[2, 2, 0, 0]} isAnimationActive={false} />
                </BarChart>
              </ChartPanel>
              <ChartPanel title="Busiest actions" height={perActionHeight} note={busiestNote}>
                <BarChart data={perAction} layout="vertical" margin={{ left: 8, right: 12 }}>
                  <CartesianGrid horizontal={false} stroke={COLORS.grid} />
                  <XAxis type="number" allowDecimals={false} {...axisProps} />
                  <YAxis {...actionAxisProps} />
                  <Tooltip contentStyle={tooltipStyle} />
                  <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
                  <Bar maxBarSize={28} dataKey="ok" name="succeeded" stackId="a" fill={COLORS.ok} isAnimationActive={false} />
                  <Bar maxBarSize={28} dataKey="errors" name="failed" stackId="a" fill={COLORS.err} isAnimationActive={false} />
                </BarChart>
              </ChartPanel>
              <ChartPanel title="Duration by action" height={perActionHeight} note="p50 and p95, ms">
                <BarChart data={perAction} layout="vertical" margin={{ left: 8, right: 12 }}>
                  <CartesianGrid horizontal={false} stroke={COLORS.grid} />
                  <XAxis type="number" {...axisProps} tickFormatter={axisDuration} />
                  <YAxis {...actionAxisProps} />
                  <Tooltip formatter={(value) => formatDuration(Number(value))} contentStyle={tooltipStyle} />
                  <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
                  <Bar maxBarSize={28} dataKey="p50" name="p50" fill={COLORS.p50} isAnimationActive={false} />
                  <Bar maxBarSize={28} dataKey="p95" name="p95" fill={COLORS.p95} isAnimationActive={false} />
                </BarChart>
              </ChartPanel>
              <ChartPanel title="Cold starts by action" height={perActionHeight} note="count">
                <BarChart data={perAction} layout="vertical" margin={{ left: 8, right: 12 }}>
                  <CartesianGrid horizontal={false} stroke={COLORS.grid} />
                  <XAxis type="number" allowDecimals={false} {...axisProps} />
                  <YAxis {...actionAxisProps} />
                  <Tooltip contentStyle={tooltipStyle} />
                  <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
                  <Bar maxBarSize={28} dataKey="warm" name="warm" stackId="s" fill={COLORS.warm} isAnimationActive={false} />
                  <Bar maxBarSize={28} dataKey="cold" name="cold" stackId="s" fill={COLORS.cold} isAnimationActive={false} />
                </BarChart>
              </ChartPanel>
            </div>
          )}
          {perAction.length > 0 && (
            <p className="hint" style={{ marginTop: 10 }}>
              Open an action:{' '}
              {perAction.slice(0, 8).map((row, index) => (
                <span key={row.path}>
                  {index > 0 && ' · '}
                  <Link href={actionHref(row.path)}>{row.path}</Link>
                </span>
              ))}
            </p>
          )}
        </>
      )}
    </div>
  );
}
