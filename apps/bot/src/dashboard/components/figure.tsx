/** One headline figure of the overview. */
export function Figure(props: { label: string; value: string; testId?: string }) {
  return (
    <div class="figure" data-testid={props.testId}>
      <div class="label">{props.label}</div>
      <div class="value">{props.value}</div>
    </div>
  );
}

export const percent = (rate: number | null) =>
  rate === null ? '—' : `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 1)} %`;

export const millis = (ms: number | undefined) =>
  ms === undefined ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
