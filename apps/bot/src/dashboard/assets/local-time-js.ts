/**
 * The dashboard's only script: every `<time>` is rendered in UTC by the server; this shows it
 * in the browser's own zone instead, keeping the UTC value in the hover title.
 */
export const LOCAL_TIME_JS = `
for (const el of document.querySelectorAll('time[datetime]')) {
  const date = new Date(el.getAttribute('datetime'));
  if (Number.isNaN(date.getTime())) continue;
  el.textContent = date.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  el.dataset.local = 'true';
}
`;
