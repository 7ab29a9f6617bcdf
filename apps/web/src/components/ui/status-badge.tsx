import { statusOf } from '@/lib/format';

export function StatusBadge({ statusCode, pending = false }: { statusCode: number; pending?: boolean }) {
  const { label, tone } = statusOf(statusCode, pending);
  return (
    <span className={`badge ${tone}`}>
      {pending ? <span className="spin" style={{ width: 8, height: 8, borderWidth: 1.5 }} /> : <span className="dot" />}
      {label}
    </span>
  );
}

export function StartBadge({ cold }: { cold: boolean | null }) {
  if (cold === null) return <span className="faint">—</span>;
  return <span className={`badge ${cold ? 'warn' : 'accent'}`}>{cold ? 'cold' : 'warm'}</span>;
}
