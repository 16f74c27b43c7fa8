/**
 * The style sheet and the script of the HTML report, inlined into every page so that the
 * file stands alone (no network, no other file). The script only reads the page's own JSON
 * and writes text nodes, never markup, so nothing from outside can become markup through it.
 */
export const REPORT_CSS = `
:root { --ink: #1d2330; --muted: #5b6474; --line: #d5dae3; --bg: #f7f8fa; --bad: #c62828; --good: #2e7d32; --warn: #a15c00; --accent: #6a1b9a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: var(--bg); }
header.page { padding: 20px 28px 12px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 6px; font-size: 20px; font-weight: 650; }
h2 { margin: 0 0 8px; font-size: 16px; font-weight: 650; }
h3 { margin: 0 0 6px; font-size: 14px; }
main { padding: 16px 28px 40px; display: grid; grid-template-columns: minmax(0, 1fr); gap: 18px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 650; color: #fff; }
.verdict.good { background: var(--good); } .verdict.bad { background: var(--bad); } .verdict.unknown { background: var(--warn); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
code.replay { display: block; padding: 6px 10px; background: #f1f3f6; border-radius: 6px; white-space: pre-wrap; word-break: break-all; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #eef0f4; vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.holds { color: var(--good); font-weight: 600; } td.violated { color: var(--bad); font-weight: 600; } td.incomplete { color: var(--warn); font-weight: 600; }
tr.violating td { background: #fdecea; }
.because { margin: 6px 0 10px; padding: 8px 12px; border-left: 4px solid var(--bad); background: #fdecea; border-radius: 4px; }
.because strong { color: var(--bad); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 4px 0 8px; color: var(--muted); font-size: 12.5px; align-items: center; }
.swatch { display: inline-block; width: 18px; height: 12px; border-radius: 2px; vertical-align: -2px; margin-right: 4px; border: 1px solid rgba(0,0,0,.15); }
.swatch.empty { background: repeating-linear-gradient(45deg, #fdecea 0 3px, #e57373 3px 6px); }
.swatch.torn { background: repeating-linear-gradient(45deg, #fff3e0 0 2px, #ef6c00 2px 3px), repeating-linear-gradient(-45deg, #fff3e0 0 2px, #ef6c00 2px 3px); }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; background: #fcfcfd; }
svg.timeline { display: block; font-size: 11.5px; }
svg .lane { stroke: #b8c0cc; stroke-width: 1.5; }
svg .lane-label, svg .band-label { fill: var(--ink); font-weight: 600; }
svg .gen-label, svg .step-number, svg .tail-label { fill: var(--muted); font-size: 10.5px; }
svg .mark { stroke: #fff; stroke-width: 2; }
svg .mark.lane-planner { fill: #1565c0; } svg .mark.lane-enactor { fill: #37474f; } svg .mark.lane-collector { fill: #6a1b9a; }
svg .mark-label { fill: var(--ink); font-size: 10.5px; }
svg .mark-label.initial { fill: var(--muted); font-style: italic; }
svg .band text { font-weight: 650; font-size: 11px; }
svg .column { fill: transparent; stroke: none; }
svg g.step { cursor: pointer; outline: none; }
svg g.step:hover .column { fill: rgba(21,101,192,.06); }
svg g.step.selected .column, svg g.step:focus .column { fill: rgba(21,101,192,.10); stroke: #1565c0; stroke-width: 1.5; }
svg g.step.violating .column { fill: rgba(198,40,40,.10); stroke: var(--bad); stroke-width: 2.5; }
svg g.step.cycle .column { fill: rgba(106,27,154,.05); }
svg .violation-flag { fill: var(--bad); font-weight: 700; font-size: 12px; }
svg .forever path { stroke: var(--accent); } svg .forever text { fill: var(--accent); font-weight: 600; }
svg .tail { stroke: var(--muted); stroke-dasharray: 4 4; }
.details { margin-top: 10px; min-height: 60px; }
.details table { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); column-gap: 24px; }
.details table tr { display: grid; grid-template-columns: 140px 1fr; }
.details table td { border-bottom: 1px solid #eef0f4; padding: 3px 8px 3px 4px; overflow-wrap: anywhere; }
.details table td:first-child { color: var(--muted); white-space: nowrap; word-break: normal; }
.details tr.changed td { background: #fff8e1; }
.details .hint { color: var(--muted); }
details.text > summary { cursor: pointer; color: var(--muted); margin-top: 10px; }
details.text table { margin-top: 6px; }
footer { color: var(--muted); padding: 0 28px 28px; font-size: 12px; }
`;

/** Shows a step's full state on hover, focus or click; arrow keys move between steps. */
export const REPORT_JS = `
(function () {
  var data = JSON.parse(document.getElementById('dnsplan-data').textContent);
  document.querySelectorAll('section.timeline').forEach(function (section) {
    var marks = data[section.id];
    if (!marks) return;
    var panel = section.querySelector('.details');
    var steps = Array.prototype.slice.call(section.querySelectorAll('g.step'));
    var pinned = -1;
    function cell(row, text) { var td = document.createElement('td'); td.textContent = text; row.appendChild(td); }
    function show(i) {
      var m = marks[i], before = i > 0 ? marks[i - 1].state : null;
      var h = document.createElement('h3');
      h.textContent = 'Step ' + m.index + ': ' + m.action + (m.event ? '  (' + m.event + ')' : '');
      var table = document.createElement('table');
      Object.keys(m.state).forEach(function (k) {
        var tr = document.createElement('tr');
        if (before && before[k] !== m.state[k]) tr.className = 'changed';
        cell(tr, k); cell(tr, m.state[k]); table.appendChild(tr);
      });
      panel.replaceChildren(h, table);
      steps.forEach(function (g, k) { g.classList.toggle('selected', k === i); });
    }
    steps.forEach(function (g, i) {
      g.addEventListener('mouseenter', function () { show(i); });
      g.addEventListener('mouseleave', function () { if (pinned >= 0) show(pinned); });
      g.addEventListener('focus', function () { pinned = i; show(i); });
      g.addEventListener('click', function () { pinned = i; g.focus(); show(i); });
      g.addEventListener('keydown', function (e) {
        var j = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? steps.length - 1 : -2;
        if (j >= 0 && j < steps.length) { steps[j].focus(); e.preventDefault(); }
        else if (e.key === 'Enter' || e.key === ' ') { pinned = i; show(i); e.preventDefault(); }
      });
    });
    var start = section.getAttribute('data-start');
    pinned = start === null ? steps.length - 1 : Number(start);
    if (pinned >= 0 && pinned < steps.length) show(pinned);
  });
})();
`;
