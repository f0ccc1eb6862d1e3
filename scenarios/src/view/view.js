// thespis view: draws the trace embedded in #trace-data as a sequence diagram. Lanes are columns
// (one per actor, grouped by node), time runs down. Only the events near the window are drawn
// (all of them for a small trace), so 100,000 events scroll. Every text from the trace goes in
// through textContent or an attribute, never as markup.
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("trace-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const F = 9;                 // numbers per event in D.ev
  const LANE_W = 120, AXIS_W = 104, TOP = 14, BOTTOM = 320;
  const DRAW_ALL_UP_TO = 5000; // events; a larger trace is drawn a window at a time
  const n = D.ev.length / F;
  const linkCount = D.links.length / 3;
  const str = (id) => (id < 0 ? "" : D.strs[id]);
  const ev = (i, f) => D.ev[i * F + f];
  const time = (i) => ev(i, 0), kindOf = (i) => D.kinds[ev(i, 1)];
  const actorOf = (i) => ev(i, 2), otherOf = (i) => ev(i, 3), typeOf = (i) => ev(i, 4);
  const isHl = (i) => (ev(i, 8) & 1) !== 0, isViolation = (i) => (ev(i, 8) & 2) !== 0;
  const indexOf = (i) => (D.idx ? D.idx[i] : i);
  const chainSize = (() => { let c = 0; for (let i = 0; i < n; ++i) if (isHl(i)) ++c; return c; })();
  const violations = [];
  for (let i = 0; i < n; ++i) if (isViolation(i)) violations.push(i);

  const $ = (id) => document.getElementById(id);
  const plot = $("plot"), axis = $("axis"), scroller = $("scroller");

  // ---- state: filters, zoom, layout --------------------------------------------------------
  const actorShown = new Array(D.actorNames.length).fill(true);
  const typeShown = new Map();
  for (let i = 0; i < n; ++i) if (typeOf(i) >= 0) typeShown.set(typeOf(i), true);
  const baseScale = (() => {
    const gaps = [];
    for (let i = 1; i < n; ++i) if (time(i) > time(i - 1)) gaps.push(time(i) - time(i - 1));
    gaps.sort((a, b) => a - b);
    return gaps.length ? 36 / gaps[gaps.length >> 1] : 0;  // a typical gap: two rows
  })();
  let zoom = 1;
  let laneX = new Float64Array(D.actorNames.length).fill(-1);
  let y = new Float64Array(n), height = 0, width = 0;
  let linksByEnd = null, maxLinkSpan = 0;
  let pinned = -1;

  function eventShown(i) {
    const a = actorOf(i), o = otherOf(i), t = typeOf(i);
    if (a >= 0 && !actorShown[a]) return false;
    if (o >= 0 && !actorShown[o] && kindOf(i) !== "create" && kindOf(i) !== "convention") return false;
    return t < 0 || typeShown.get(t) !== false;
  }

  function layoutLanes() {
    laneX.fill(-1);
    let x = 0;
    for (const a of D.lanes) if (actorShown[a]) { laneX[a] = x + LANE_W / 2; x += LANE_W; }
    width = Math.max(x, 300) + 20;
  }

  // Rows: one per event; a gap in virtual time adds space in proportion, up to a cap, so that
  // bursts stay readable and long idle stretches do not fill the screen.
  function layoutRows() {
    const step = Math.max(1.5, 16 * zoom), cap = 160 * zoom, scale = baseScale * zoom;
    let cur = TOP, prev = -1;
    for (let i = 0; i < n; ++i) {
      if (!eventShown(i)) { y[i] = cur; continue; }
      if (prev >= 0) {
        const dt = time(i) - time(prev);
        cur += dt > 0 ? Math.max(step, Math.min(dt * scale, cap)) : step;
      }
      y[i] = cur;
      prev = i;
    }
    height = cur + BOTTOM;
  }

  function indexLinks() {
    linksByEnd = [];
    maxLinkSpan = 0;
    for (let l = 0; l < linkCount; ++l) {
      const from = D.links[l * 3], to = D.links[l * 3 + 1];
      linksByEnd.push(l);
      if (from >= 0) maxLinkSpan = Math.max(maxLinkSpan, to - from);
    }
  }

  // ---- small DOM helpers -------------------------------------------------------------------
  function el(tag, attrs, parent) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function html(tag, cls, text, parent) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function fmtTime(ns) {
    const a = Math.abs(ns);
    if (a >= 1e9) return (ns / 1e9).toFixed(6).replace(/0{1,3}$/, "") + " s";
    if (a >= 1e6) return (ns / 1e6).toFixed(3) + " ms";
    if (a >= 1e3) return (ns / 1e3).toFixed(3) + " \u00b5s";
    return ns + " ns";
  }
  function firstAtOrBelow(limit) {  // first event with y >= limit
    let lo = 0, hi = n;
    while (lo < hi) { const m = (lo + hi) >> 1; if (y[m] < limit) lo = m + 1; else hi = m; }
    return lo;
  }

  // ---- lane heads and filters --------------------------------------------------------------
  const createdAs = new Map();  // actor -> the type its create event names
  for (let i = 0; i < n; ++i) {
    if (kindOf(i) === "create" && actorOf(i) >= 0 && ev(i, 6) >= 0) createdAs.set(actorOf(i), str(ev(i, 6)));
  }
  const actorInChain = new Set();
  for (let i = 0; i < n; ++i) if (isHl(i) && actorOf(i) >= 0) actorInChain.add(actorOf(i));

  function who(a) { return D.actorLabels[a] ? D.actorLabels[a] + " (" + D.actorNames[a] + ")" : D.actorNames[a]; }
  function nodeName(node) { return node < 0 ? "(unknown node)" : D.nodes[node]; }

  function buildHeads() {
    const heads = $("lane-heads");
    heads.textContent = "";
    $("corner").style.width = AXIS_W + "px";
    let group = null, groupNode = null, count = 0;
    for (const a of D.lanes) {
      if (!actorShown[a]) continue;
      const node = D.actorNodes[a];
      if (group === null || node !== groupNode) {
        if (group) group.style.width = count * LANE_W + "px";
        group = html("div", "node-head", undefined, heads);
        group.dataset.node = nodeName(node);
        html("div", "node-name", nodeName(node), group);
        html("div", "node-lanes", undefined, group);
        groupNode = node;
        count = 0;
      }
      const label = D.actorLabels[a];
      const head = html("div", "lane-head" + (actorInChain.has(a) ? " hl" : ""), label || D.actorNames[a],
                        group.lastChild);
      head.style.width = LANE_W + "px";
      head.dataset.actor = D.actorNames[a];
      head.dataset.node = nodeName(node);
      const sub = [label ? D.actorNames[a] : "", createdAs.get(a) || ""].filter((x) => x).join(" ");
      if (sub) html("small", "", sub, head);
      head.title = (label ? label + " = " : "") + D.actorNames[a] + " on " + nodeName(node);
      ++count;
    }
    if (group) group.style.width = count * LANE_W + "px";
  }

  function buildFilters() {
    const actors = $("actor-filter"), types = $("type-filter");
    for (const a of D.lanes) {
      const label = html("label", "", undefined, actors);
      const box = html("input", "", undefined, label);
      box.type = "checkbox"; box.checked = true; box.dataset.actor = D.actorNames[a];
      box.addEventListener("change", () => { actorShown[a] = box.checked; relayout(true); });
      label.appendChild(document.createTextNode(" " + (D.actorLabels[a] ? D.actorLabels[a] + " " : "") + D.actorNames[a] + " (" + nodeName(D.actorNodes[a]) + ")"));
    }
    const names = [...typeShown.keys()].sort((p, q) => (str(p) < str(q) ? -1 : 1));
    for (const t of names) {
      const label = html("label", "", undefined, types);
      const box = html("input", "", undefined, label);
      box.type = "checkbox"; box.checked = true; box.dataset.type = str(t);
      box.addEventListener("change", () => { typeShown.set(t, box.checked); relayout(true); });
      label.appendChild(document.createTextNode(" " + str(t)));
    }
  }

  // ---- drawing -----------------------------------------------------------------------------
  function drawBackground(g) {
    let x = 0, parity = 0, last = null;
    for (const a of D.lanes) {
      if (!actorShown[a]) continue;
      if (last !== null && D.actorNodes[a] !== last) parity ^= 1;
      last = D.actorNodes[a];
      el("rect", { class: "node-bg " + (parity ? "odd" : "even"), x: x, y: 0, width: LANE_W, height: height }, g);
      el("line", { class: "lane-line", "data-actor": D.actorNames[a], x1: laneX[a], x2: laneX[a], y1: 0, y2: height }, g);
      x += LANE_W;
    }
  }

  function bandX(node) {
    let lo = Infinity, hi = -Infinity;
    for (const a of D.lanes) {
      if (laneX[a] < 0 || (node >= 0 && D.actorNodes[a] !== node)) continue;
      lo = Math.min(lo, laneX[a] - LANE_W / 2); hi = Math.max(hi, laneX[a] + LANE_W / 2);
    }
    return lo === Infinity ? null : [lo, hi];
  }

  function drawBands(g, lo, hi) {
    for (let b = 0; b < D.bands.length; b += 4) {
      const start = D.bands[b], end = D.bands[b + 1], kind = D.bandKinds[D.bands[b + 2]], node = D.bands[b + 3];
      const y0 = y[start], y1 = end < 0 ? height : Math.max(y[end], y0 + 4);
      if (y1 < lo || y0 > hi) continue;
      const span = bandX(node);
      if (!span) continue;
      el("rect", { class: "band b-" + kind, "data-i": indexOf(start), x: span[0], y: y0, width: span[1] - span[0], height: y1 - y0 }, g);
      el("text", { class: "band-label", x: span[0] + 4, y: y0 + 12 }, g).textContent = str(ev(start, 6));
    }
  }

  function drawEvents(g, first, last) {
    for (let i = first; i < last; ++i) {
      if (!eventShown(i)) continue;
      const kind = kindOf(i), a = actorOf(i);
      const cls = "k-" + kind + (isHl(i) ? " hl" : "") + (isViolation(i) ? " violation" : "") + (i === pinned ? " selected" : "");
      if (a < 0) {  // a fault or a check: across the lanes
        el("line", { class: "rule " + cls, "data-i": indexOf(i), x1: 0, x2: width, y1: y[i], y2: y[i] }, g);
        const label = el("text", { class: "rule-label" + (isViolation(i) ? " violation" : ""), x: 4, y: y[i] - 3 }, g);
        label.textContent = (kind === "fault" ? "fault: " : "") + str(ev(i, 6));
        continue;
      }
      el("circle", { class: "ev " + cls, "data-i": indexOf(i), "data-kind": kind, cx: laneX[a], cy: y[i], r: isHl(i) ? 4.5 : 3.5 }, g);
    }
  }

  function arrowPath(x0, y0, x1, y1, self, kind) {
    if (kind === "timer") return `M${x0},${y0} C${x0 - 38},${y0} ${x1 - 38},${y1} ${x1},${y1}`;
    if (self) return `M${x0},${y0} C${x0 + 40},${y0} ${x1 + 40},${Math.max(y1, y0 + 8)} ${x1 + 3},${y1}`;
    return `M${x0},${y0} L${x1},${y1}`;
  }

  function drawLink(g, l) {
    const from = D.links[l * 3], to = D.links[l * 3 + 1], kind = D.linkKinds[D.links[l * 3 + 2]];
    if (!eventShown(to) || (from >= 0 && !eventShown(from))) return;
    const recipient = actorOf(to), sender = from >= 0 ? actorOf(from) : otherOf(to);
    if (recipient < 0 || laneX[recipient] < 0) return;
    let x1 = laneX[recipient], y1 = y[to];
    let x0 = sender >= 0 && laneX[sender] >= 0 ? laneX[sender] : x1 - 40, y0 = from >= 0 ? y[from] : y1 - 12;
    const self = sender === recipient && from >= 0;
    if (kind === "dropped" && !self) {  // it died on the way: the arrow stops short, at the drop
      x1 = x0 + (x1 - x0) * 0.62;
    }
    const hl = isHl(to) && (from < 0 || isHl(from));
    const cls = "arrow " + kind + (kind === "wakeup" ? " delivered" : "") + (from < 0 ? " orphan" : "") + (hl ? " hl" : "");
    const attrs = { class: cls, d: arrowPath(x0, y0, x1, y1, self, kind), "data-to": indexOf(to), "data-kind": kind };
    if (from >= 0) attrs["data-from"] = indexOf(from);
    if (kind !== "dropped" && kind !== "timer") attrs["marker-end"] = hl ? "url(#head-hl)" : "url(#head)";
    el("path", attrs, g);
    if (kind === "dropped" || kind === "corrupt" || kind === "dead_letter") {
      const s = 5;
      el("path", { class: "mark " + kind, d: `M${x1 - s},${y1 - s} L${x1 + s},${y1 + s} M${x1 - s},${y1 + s} L${x1 + s},${y1 - s}` }, g);
    } else if (kind === "duplicated") {
      el("text", { class: "mark-label", x: x1 + 6, y: y1 + 4 }, g).textContent = "\u00d72";
    }
  }

  function drawLinks(g, first, last) {
    // Links are in the order of their ends: those ending in the window, and those ending below
    // it whose start can still be above its bottom.
    const stop = Math.min(n, last + maxLinkSpan);
    let lo = 0, hi = linksByEnd.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (D.links[linksByEnd[m] * 3 + 1] < first) lo = m + 1; else hi = m; }
    for (let k = lo; k < linksByEnd.length; ++k) {
      const l = linksByEnd[k], from = D.links[l * 3], to = D.links[l * 3 + 1];
      if (to >= stop) break;
      if (to >= last && (from < 0 || from >= last)) continue;
      drawLink(g, l);
    }
    // Links ending above the window but starting in it are impossible (ends follow starts).
  }

  function drawAxis(lo, hi) {
    axis.textContent = "";
    axis.setAttribute("width", AXIS_W);
    axis.setAttribute("height", height);
    const t0 = Number(D.t0);
    if (t0 !== 0) el("text", { class: "axis-label", x: 4, y: 10 }, axis).textContent = "+ " + D.t0 + " ns";
    let lastLabel = -Infinity;
    for (let i = firstAtOrBelow(Math.max(lo, 0)); i < n && y[i] <= hi; ++i) {
      if (!eventShown(i) || y[i] - lastLabel < 48) continue;
      if (i > 0 && time(i) === time(i - 1) && y[i] - lastLabel < 200) continue;
      lastLabel = y[i];
      el("line", { class: "axis-tick", x1: AXIS_W - 8, x2: AXIS_W, y1: y[i], y2: y[i] }, axis);
      el("text", { class: "axis-label", x: 4, y: y[i] + 4, "data-time-ns": time(i) }, axis).textContent = fmtTime(time(i));
    }
  }

  function defs() {
    const d = el("defs", {}, plot);
    for (const [id, colour] of [["head", "#2f6fd6"], ["head-hl", "#e0582f"]]) {
      const m = el("marker", { id: id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, d);
      el("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }, m);
    }
  }

  let drawnFirst = -1, drawnLast = -1;
  function render(force) {
    const drawAll = n <= DRAW_ALL_UP_TO;
    const view = scroller.clientHeight || 800;
    const top = scroller.scrollTop - $("heads").offsetHeight;
    const lo = drawAll ? -Infinity : top - view, hi = drawAll ? Infinity : top + 2 * view;
    const first = drawAll ? 0 : firstAtOrBelow(lo), last = drawAll ? n : firstAtOrBelow(hi);
    if (!force && first === drawnFirst && last === drawnLast) return;
    drawnFirst = first; drawnLast = last;
    plot.textContent = "";
    plot.setAttribute("width", width);
    plot.setAttribute("height", height);
    plot.setAttribute("class", (chainSize > 0 ? "chain" : "") + ($("dim").checked ? "" : " undim"));
    plot.dataset.mode = drawAll ? "all" : "window";
    plot.dataset.first = first;
    plot.dataset.last = last;
    defs();
    drawBackground(el("g", { class: "background" }, plot));
    drawBands(el("g", { class: "bands" }, plot), lo, hi);
    drawLinks(el("g", { class: "links" }, plot), first, last);
    drawEvents(el("g", { class: "events" }, plot), first, last);
    drawAxis(drawAll ? 0 : lo, drawAll ? height : hi);
  }

  function relayout(lanes) {
    if (lanes) { layoutLanes(); buildHeads(); }
    layoutRows();
    render(true);
  }

  // ---- details -----------------------------------------------------------------------------
  function positionOfIndex(index) {
    if (!D.idx) return index;
    let lo = 0, hi = n;
    while (lo < hi) { const m = (lo + hi) >> 1; if (D.idx[m] < index) lo = m + 1; else hi = m; }
    return lo;
  }
  function linkEnds(i) {  // links touching event i, as [role, other event, kind]
    const out = [];
    for (let l = 0; l < linkCount; ++l) {
      const from = D.links[l * 3], to = D.links[l * 3 + 1], kind = D.linkKinds[D.links[l * 3 + 2]];
      if (to === i && from >= 0) out.push(["from", from, kind]);
      if (from === i) out.push(["to", to, kind]);
    }
    return out;
  }
  function showDetails(i, pin) {
    const body = $("details-body");
    body.textContent = "";
    if (pin) html("div", "pinned", "pinned (click elsewhere to release)", body);
    const dl = html("dl", "", undefined, body);
    const row = (k, v) => { if (v === "" || v === undefined) return; html("dt", "", k, dl); html("dd", "", String(v), dl); };
    row("event", "#" + indexOf(i));
    row("time", fmtTime(time(i)) + (Number(D.t0) ? " after the first event" : ""));
    row("kind", kindOf(i));
    if (actorOf(i) >= 0) row("actor", who(actorOf(i)) + " on " + nodeName(D.actorNodes[actorOf(i)]));
    if (otherOf(i) >= 0) row("other", who(otherOf(i)));
    row("type", str(typeOf(i)));
    row("message", str(ev(i, 5)));
    row("text", str(ev(i, 6)));
    row("level", str(ev(i, 7)));
    for (const [role, other, kind] of linkEnds(i)) row(role === "from" ? kind + " from" : kind + " to", "#" + indexOf(other) + " " + kindOf(other) + " at " + fmtTime(time(other)));
    if (isHl(i)) row("causal chain", "happens before the violation");
    if (isViolation(i)) row("violation", "this check failed");
  }
  function eventOfTarget(t) {
    if (!t || !t.getAttribute) return -1;
    const i = t.getAttribute("data-i") ?? t.getAttribute("data-to");
    return i === null ? -1 : positionOfIndex(Number(i));
  }

  // ---- interaction -------------------------------------------------------------------------
  function scrollToEvent(i) {
    scroller.scrollTop = Math.max(0, y[i] - scroller.clientHeight / 2 + $("heads").offsetHeight);
    render(false);
  }
  function setZoom(z, anchorY) {
    const viewTop = scroller.scrollTop - $("heads").offsetHeight;
    const offset = anchorY === undefined ? scroller.clientHeight / 2 : anchorY;
    const at = Math.min(n - 1, firstAtOrBelow(viewTop + offset));
    zoom = Math.min(16, Math.max(0.05, z));
    layoutRows();
    if (n > 0) scroller.scrollTop = Math.max(0, y[at] - offset + $("heads").offsetHeight);
    render(true);
  }
  function fit() {
    const want = Math.max(200, scroller.clientHeight - $("heads").offsetHeight - 20);
    let z = zoom;
    for (let k = 0; k < 40; ++k) { layoutRows(); if (height <= want || zoom <= 0.05) break; zoom = Math.max(0.05, zoom * 0.8); }
    z = zoom; setZoom(z);
  }

  function wire() {
    $("zoom-in").onclick = () => setZoom(zoom * 1.5);
    $("zoom-out").onclick = () => setZoom(zoom / 1.5);
    $("zoom-fit").onclick = fit;
    $("to-violation").onclick = () => { if (violations.length) { scrollToEvent(violations[0]); showDetails(violations[0], false); } };
    $("to-violation").disabled = violations.length === 0;
    $("dim").onchange = () => render(true);
    $("dim").disabled = chainSize === 0;
    $("filters-toggle").onclick = () => { $("filters").hidden = !$("filters").hidden; };
    let pending = false;
    scroller.addEventListener("scroll", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; render(false); });
    });
    scroller.addEventListener("wheel", (e) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      const rect = scroller.getBoundingClientRect();
      setZoom(zoom * (e.deltaY < 0 ? 1.25 : 0.8), e.clientY - rect.top);
    }, { passive: false });
    document.addEventListener("keydown", (e) => {
      if (e.target instanceof HTMLInputElement) return;
      if (e.key === "+" || e.key === "=") setZoom(zoom * 1.5);
      if (e.key === "-") setZoom(zoom / 1.5);
    });
    plot.addEventListener("mouseover", (e) => { const i = eventOfTarget(e.target); if (i >= 0 && pinned < 0) showDetails(i, false); });
    plot.addEventListener("click", (e) => {
      const i = eventOfTarget(e.target);
      pinned = i;
      if (i >= 0) showDetails(i, true);
      render(true);
    });
    window.addEventListener("resize", () => render(true));
  }

  function summary() {
    $("title").textContent = D.title || "thespis trace";
    const s = $("summary");
    const nodes = new Set(D.actorNodes).size;
    html("span", "", n + " events, " + D.actorNames.length + " actors on " + nodes + " node" + (nodes === 1 ? "" : "s") +
         (n ? ", " + fmtTime(time(n - 1)) + " from the first event to the last" : ""), s);
    if (violations.length) {
      const v = violations[0];
      html("span", "", " \u00b7 ", s);
      html("span", "violation-text", str(ev(v, 6)) + " at " + fmtTime(time(v)) + " (#" + indexOf(v) + ")", s);
    }
    if (chainSize) html("span", "", " \u00b7 causal chain: " + chainSize + " events highlighted", s);
    document.body.dataset.events = n;
    document.body.dataset.chain = chainSize;
  }

  summary();
  indexLinks();
  layoutLanes();
  buildHeads();
  buildFilters();
  wire();
  layoutRows();
  render(true);
  // A link can open the page at a place: #violation, or #event=N.
  const at = location.hash.match(/^#(?:violation|event=(\d+))$/);
  if (at && n > 0) {
    const i = at[1] === undefined ? violations[0] : Math.min(n - 1, positionOfIndex(Number(at[1])));
    if (i !== undefined) { scrollToEvent(i); showDetails(i, false); }
  }
})();
