"""The Jinja template of the ``kg viz`` page (rendered by pyvis's ``generate_html``).

Self-contained: vis-network's JS and CSS are inlined (``vis_js``/``vis_css``),
there is no Bootstrap and no other external resource.  Article text reaches
the page only through ``{{ ...|tojson }}`` (which escapes ``<``, ``>``, ``&``
and ``'``) or autoescaped ``{{ ... }}``, and the script puts it into the DOM
with ``textContent`` only -- never ``innerHTML`` -- so names such as
``<script>`` are shown, not run.
"""

__all__ = ["PAGE_TEMPLATE", "FONT_STACK"]

FONT_STACK = "'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',sans-serif"

PAGE_TEMPLATE = r"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>{{ page.title }}</title>
<style>{{ vis_css|safe }}</style>
<style>
html, body { margin: 0; height: 100%; font-family: {{ font_stack|safe }}; color: #222; background: #fff; }
#kg-layout { display: flex; height: 100vh; }
#kg-panel { width: 270px; flex: none; overflow-y: auto; padding: 12px 14px; box-sizing: border-box;
  border-right: 1px solid #ddd; background: #fafafa; font-size: 13px; }
#kg-panel h1 { font-size: 16px; margin: 0 0 4px; word-break: break-all; }
#kg-panel h2 { font-size: 13px; margin: 14px 0 6px; color: #555; }
#kg-summary { color: #666; margin: 0 0 8px; }
#kg-search { width: 100%; box-sizing: border-box; padding: 5px 6px; font: inherit; }
#kg-search-status { color: #a33; min-height: 1.2em; margin-top: 3px; }
#kg-legend .kg-kind { font-weight: bold; margin-top: 8px; }
#kg-legend label { display: flex; align-items: center; gap: 6px; cursor: pointer; padding: 1px 0; }
#kg-legend .kg-swatch { width: 12px; height: 12px; border-radius: 50%; flex: none; border: 1px solid rgba(0,0,0,.25); }
#kg-legend .kg-count { color: #888; margin-left: auto; }
#kg-graph { flex: 1; position: relative; }
#kg-network { position: absolute; inset: 0; }
div.vis-tooltip { white-space: normal; max-width: 420px; font-family: {{ font_stack|safe }}; font-size: 13px; line-height: 1.45; }
.kg-tip-title { font-weight: bold; font-size: 14px; }
.kg-tip-meta { color: #666; }
.kg-tip-evidence { margin: 4px 0 0; padding-left: 16px; }
</style>
</head>
<body>
<div id="kg-layout">
  <div id="kg-panel">
    <h1>{{ page.title }}</h1>
    <p id="kg-summary">{{ page.summary }}</p>
    <input id="kg-search" type="search" list="kg-names" placeholder="搜索实体 / search a name" autocomplete="off">
    <datalist id="kg-names"></datalist>
    <div id="kg-search-status"></div>
    <label><input id="kg-physics" type="checkbox"{% if page.physics %} checked{% endif %}> 物理模拟 physics</label>
    <h2>图例 · 按类筛选 Legend &amp; filters</h2>
    <div id="kg-legend"></div>
  </div>
  <div id="kg-graph"><div id="kg-network"></div></div>
</div>
<script>{{ vis_js|safe }}</script>
<script>
(function () {
  "use strict";
  var rawNodes = {{ nodes|tojson }};
  var rawEdges = {{ edges|tojson }};
  var legend = {{ page.legend|tojson }};
  var options = {{ page.options|tojson }};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function tooltip(title, meta, evidence) {
    var box = el("div");
    box.appendChild(el("div", "kg-tip-title", title));
    meta.forEach(function (line) { if (line) { box.appendChild(el("div", "kg-tip-meta", line)); } });
    if (evidence.length) {
      var list = el("ol", "kg-tip-evidence");
      evidence.forEach(function (sentence) { list.appendChild(el("li", null, sentence)); });
      box.appendChild(list);
    }
    return box;
  }
  var byId = {};
  rawNodes.forEach(function (n) {
    byId[n.id] = n;
    var meta = [n.kind + " · " + n.cls];
    if (n.aliases.length) { meta.push("别名 aliases: " + n.aliases.join("、")); }
    if (n.trigger) { meta.push("触发词 trigger: " + n.trigger); }
    if (n.date) { meta.push("日期 date: " + n.date); }
    meta.push("提及 mentions: " + n.mentions);
    n.title = tooltip(n.label, meta, n.evidence);
  });
  rawEdges.forEach(function (e) {
    var from = byId[e.from], to = byId[e.to];
    e.title = tooltip(from.label + " → " + e.label + " → " + to.label, [e.types], e.evidence);
  });

  var nodes = new vis.DataSet(rawNodes);
  var edges = new vis.DataSet(rawEdges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  window.kgNetwork = network; window.kgNodes = nodes; window.kgEdges = edges;
  window.kgReady = false;

  var physicsBox = document.getElementById("kg-physics");
  function setPhysics(on) { network.setOptions({physics: {enabled: on}}); physicsBox.checked = on; }
  physicsBox.addEventListener("change", function () { setPhysics(physicsBox.checked); });
  function ready() { window.kgReady = true; }
  if (options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () { setPhysics(false); network.fit(); ready(); });
  } else {
    network.once("afterDrawing", ready);
  }

  // search: exact label, then alias, then a part of a label
  var names = document.getElementById("kg-names");
  var seen = {};
  rawNodes.forEach(function (n) {
    [n.label].concat(n.aliases).forEach(function (name) {
      if (!seen[name]) { seen[name] = true; var opt = el("option"); opt.value = name; names.appendChild(opt); }
    });
  });
  var search = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  function find(text) {
    var hits = rawNodes.filter(function (n) { return n.label === text; });
    if (!hits.length) { hits = rawNodes.filter(function (n) { return n.aliases.indexOf(text) >= 0; }); }
    if (!hits.length) { hits = rawNodes.filter(function (n) { return n.label.indexOf(text) >= 0; }); }
    return hits.filter(function (n) { return !nodes.get(n.id).hidden; });
  }
  function focusName() {
    var text = search.value.trim();
    status.textContent = "";
    if (!text) { network.unselectAll(); return; }
    var hits = find(text);
    if (!hits.length) { status.textContent = "未找到 not found: " + text; return; }
    network.selectNodes([hits[0].id]);
    network.focus(hits[0].id, {scale: 1.4, animation: {duration: 400}});
  }
  search.addEventListener("change", focusName);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { focusName(); } });

  // legend with one filter checkbox per class and per kind
  var hidden = {};
  function applyFilters() {
    nodes.update(rawNodes.map(function (n) { return {id: n.id, hidden: !!hidden[n.kind + "/" + n.cls]}; }));
  }
  var legendBox = document.getElementById("kg-legend");
  legend.forEach(function (group) {
    var head = el("label", "kg-kind");
    var kindBox = el("input"); kindBox.type = "checkbox"; kindBox.checked = true;
    head.appendChild(kindBox); head.appendChild(el("span", null, group.title));
    head.appendChild(el("span", "kg-count", group.count));
    legendBox.appendChild(head);
    var boxes = [];
    group.classes.forEach(function (c) {
      var row = el("label");
      var box = el("input"); box.type = "checkbox"; box.checked = true;
      var swatch = el("span", "kg-swatch"); swatch.style.background = c.colour;
      row.appendChild(box); row.appendChild(swatch); row.appendChild(el("span", null, c.title));
      row.appendChild(el("span", "kg-count", c.count));
      legendBox.appendChild(row);
      boxes.push(box);
      box.addEventListener("change", function () { hidden[group.kind + "/" + c.cls] = !box.checked; applyFilters(); });
    });
    kindBox.addEventListener("change", function () {
      group.classes.forEach(function (c, i) { boxes[i].checked = kindBox.checked; hidden[group.kind + "/" + c.cls] = !kindBox.checked; });
      applyFilters();
    });
  });
})();
</script>
</body>
</html>
"""
