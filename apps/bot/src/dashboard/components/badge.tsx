/** A status word, coloured by what it means (delivered, failed, pending, disabled...). */
export function Badge(props: { status: string | null }) {
  const status = props.status ?? 'none';
  return <span class={`badge ${status}`}>{props.status ?? 'none yet'}</span>;
}
