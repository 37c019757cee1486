/** The dashboard's one stylesheet: plain CSS, readable on a phone-width screen. */
export const STYLE_CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #dfe3ea; --bg: #f6f7f9; --card: #fff;
  --accent: #2454c5; --ok: #1d7a46; --bad: #b42318; --wait: #a15c07; --off: #6b7280; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center;
  padding: .6rem 1rem; background: #172033; color: #fff; }
header.top a { color: #fff; text-decoration: none; }
header.top .brand { font-weight: 700; margin-right: auto; }
header.top nav { display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
header.top nav a[aria-current="page"] { text-decoration: underline; text-underline-offset: 4px; }
header.top .who { font-size: .85rem; opacity: .9; display: flex; flex-wrap: wrap; gap: .5rem;
  align-items: center; }
header.top form { margin: 0; }
header.top button { background: transparent; color: #fff; border: 1px solid #fff6;
  padding: .15rem .5rem; white-space: nowrap; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.35rem; margin: .3rem 0 1rem; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .6rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: .9rem 1rem; margin-bottom: 1rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(128px, 1fr));
  gap: .75rem; margin-bottom: 1rem; }
.figure { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: .7rem .9rem; }
.figure .label { color: var(--muted); font-size: .8rem; text-transform: uppercase;
  letter-spacing: .03em; }
.figure .value { font-size: 1.5rem; font-weight: 650; }
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line);
  border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .45rem .7rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
thead th { font-size: .78rem; color: var(--muted); text-transform: uppercase; letter-spacing: .03em;
  white-space: nowrap; }
tr:last-child td { border-bottom: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #0f1626; color: #e6e9f0; padding: .8rem; border-radius: 6px; overflow-x: auto;
  white-space: pre-wrap; word-break: break-word; margin: 0; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .8rem;
  font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge.delivered, .badge.active, .badge.success { color: var(--ok); }
.badge.failed, .badge.disabled, .badge.refused { color: var(--bad); }
.badge.pending, .badge.paused { color: var(--wait); }
.badge.cancelled, .badge.none { color: var(--off); }
.badge.operator { color: #ffd166; }
.badge.tenant { color: #b8d4ff; }
form.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
  gap: .6rem; align-items: end; }
label { display: grid; gap: .2rem; font-size: .85rem; color: var(--muted); }
input, select, button { font: inherit; padding: .4rem .55rem; border: 1px solid #c5ccd8;
  border-radius: 6px; background: #fff; color: var(--fg); min-width: 0; }
button { cursor: pointer; background: var(--accent); color: #fff; border-color: var(--accent);
  font-weight: 600; }
button.secondary { background: #fff; color: var(--accent); }
.actions { display: flex; gap: .6rem; flex-wrap: wrap; align-items: center; }
.notice { border-left: 4px solid var(--accent); background: #eef3ff; padding: .6rem .8rem;
  border-radius: 4px; margin-bottom: 1rem; }
.notice.bad { border-color: var(--bad); background: #fdeeee; }
.notice.ok { border-color: var(--ok); background: #ecf8f1; }
.muted { color: var(--muted); }
.chart { margin: 0 0 1rem; }
.chart .plot { overflow-x: auto; }
.chart svg { width: 100%; height: auto; display: block; }
.chart .legend { display: flex; gap: 1rem; font-size: .85rem; color: var(--muted); }
.chart .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px;
  vertical-align: -1px; margin-right: .3rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; word-break: break-word; }
.signin { max-width: 420px; margin: 3rem auto; }
.signin form { display: grid; gap: .8rem; }
.pager { display: flex; justify-content: space-between; margin-top: .8rem; }
@media (max-width: 640px) {
  main { padding: .6rem; }
  th, td { padding: .4rem .5rem; }
  .hide-narrow { display: none; }
  .figure .value { font-size: 1.25rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .4rem; }
}
`;
