/** A time in UTC (the browser's script shows it in its own zone); the UTC value on hover. */
export function Time(props: { at: Date | null | undefined; empty?: string }) {
  if (!props.at) return <span class="muted">{props.empty ?? '—'}</span>;
  const iso = props.at.toISOString();
  const utc = `${iso.slice(0, 19).replace('T', ' ')} UTC`;
  return (
    <time datetime={iso} title={utc}>
      {utc}
    </time>
  );
}
