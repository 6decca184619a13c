/** The report's style sheet and script, inlined so the file needs nothing else. */
export const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --panel: #f6f8fa; --line: #d1d9e0;
  --error: #cf222e; --warning: #bf8700; --info: #0969da; --accent: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
  --error: #f85149; --warning: #d29922; --info: #4493f8; --accent: #4493f8; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 12px; } h3 { font-size: 15px; margin: 20px 0 8px; font-family: ui-monospace, monospace; }
.meta, .more { color: var(--muted); margin: 0; }
.totals { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; padding: 0; list-style: none; }
.totals li { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; }
.totals b { font-size: 20px; display: block; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 16px; }
.chart { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
.chart figcaption { font-weight: 600; margin-bottom: 6px; }
.bars { list-style: none; margin: 0; padding: 0; }
.bars li { display: grid; grid-template-columns: minmax(0, 1fr) auto; column-gap: 8px; margin: 0 0 6px; }
.bar-label { overflow-wrap: anywhere; font: inherit; font-size: 13px; color: inherit; text-align: left; background: none; border: 0; padding: 0; }
button.bar-label { cursor: pointer; color: var(--accent); } button.bar-label:hover { text-decoration: underline; }
.bar-track { grid-column: 1 / -1; background: var(--bg); border-radius: 3px; height: 8px; }
.bar { display: block; height: 8px; border-radius: 3px; background: var(--accent); }
.bar.error, .sev.error { background: var(--error); } .bar.warning, .sev.warning { background: var(--warning); } .bar.info, .sev.info { background: var(--info); }
.bar-count { font-size: 13px; font-variant-numeric: tabular-nums; }
.filters { position: sticky; top: 0; z-index: 1; display: flex; gap: 12px; flex-wrap: wrap; align-items: center; padding: 10px 0; background: var(--bg); border-bottom: 1px solid var(--line); }
.filters select, .filters button { font: inherit; padding: 3px 6px; max-width: 280px; }
.finding { border: 1px solid var(--line); border-left-width: 4px; border-radius: 6px; padding: 10px 12px; margin: 10px 0; }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: var(--warning); } .finding.info { border-left-color: var(--info); }
.finding header { display: flex; gap: 10px; flex-wrap: wrap; align-items: baseline; }
.sev { color: #fff; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; }
.where { font-family: ui-monospace, monospace; color: var(--muted); }
.message { margin: 6px 0; font-weight: 500; }
pre { background: var(--panel); border-radius: 6px; padding: 8px 10px; overflow-x: auto; margin: 6px 0; font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
.caret { color: var(--error); }
.help { margin: 6px 0 0; white-space: pre-wrap; } .help b { color: var(--accent); }
.rules details { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; margin: 8px 0; }
.rules summary { cursor: pointer; } .rules summary code { font-weight: 600; }
.rules h4 { margin: 14px 0 4px; }
.empty { padding: 16px; background: var(--panel); border-radius: 6px; }
[hidden] { display: none !important; }
`;

/** Client-side filters: by severity, rule and file, set from the selects or by clicking a chart's bar. */
export const SCRIPT = `
(function () {
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  var findings = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('section.file'));
  var shown = document.getElementById('shown');
  function apply() {
    var count = 0;
    findings.forEach(function (f) {
      var ok = selects.every(function (s) { return s.value === '' || f.getAttribute('data-' + s.getAttribute('data-filter')) === s.value; });
      f.hidden = !ok;
      if (ok) count++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('.finding:not([hidden])'); });
    if (shown) shown.textContent = String(count);
  }
  selects.forEach(function (s) { s.addEventListener('change', apply); });
  Array.prototype.forEach.call(document.querySelectorAll('button[data-filter]'), function (b) {
    b.addEventListener('click', function () {
      selects.forEach(function (s) { s.value = s.getAttribute('data-filter') === b.getAttribute('data-filter') ? b.getAttribute('data-value') : ''; });
      apply();
      document.getElementById('findings').scrollIntoView();
    });
  });
  var reset = document.getElementById('reset');
  if (reset) reset.addEventListener('click', function () { selects.forEach(function (s) { s.value = ''; }); apply(); });
  function openRule() {
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target && target.tagName === 'DETAILS') target.open = true;
  }
  window.addEventListener('hashchange', openRule);
  openRule();
})();
`;
