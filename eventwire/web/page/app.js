/* eventwire workbench: map, timeline, filters, table and event view over the JSON API.
   Every value from the API is hostile: it reaches the page only through textContent, DOM nodes and
   attribute setters, never innerHTML. The view's state lives in the URL, so every view can be shared. */
"use strict";

const TYPE_COLOURS = {
  "Battles": "#c62828", "Explosions/Remote violence": "#ef6c00", "Violence against civilians": "#6a1b9a",
  "Protests": "#1565c0", "Riots": "#00838f", "Strategic developments": "#558b2f",
};
const OTHER_COLOUR = "#757575";
const FILTERS = ["event_type", "sub_event_type", "actor", "country", "since", "until", "status", "text"];
const PAGE = 100;

const state = { sort: "-event_date", cursors: [null], pageIndex: 0, event: null, article: null, mention: null };
let map, cluster, countryLayer, countryShapes = null, facets = null, isoNumeric = {};
let loadSeq = 0;
let outlinesReady = Promise.resolve();

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function colour(type) { return TYPE_COLOURS[type] || OTHER_COLOUR; }
function radius(fatalities) { return 4 + Math.min(14, Math.sqrt(fatalities || 0) * 2); }

/* -- the URL is the state ------------------------------------------------------------------- */
function readUrl() {
  const q = new URLSearchParams(location.search);
  for (const name of FILTERS) {
    const input = document.querySelector(`#filters [name="${name}"]`);
    if (input) input.value = q.get(name) || "";
  }
  state.sort = q.get("sort") || "-event_date";
  state.event = q.get("event");
  state.article = q.get("article");
  state.mention = q.get("mention");
}

function filterParams() {
  const q = new URLSearchParams();
  for (const name of FILTERS) {
    const input = document.querySelector(`#filters [name="${name}"]`);
    if (input && input.value.trim()) q.set(name, input.value.trim());
  }
  return q;
}

function writeUrl(push) {
  const q = filterParams();
  if (state.sort !== "-event_date") q.set("sort", state.sort);
  if (state.event) q.set("event", state.event);
  if (state.article) q.set("article", state.article);
  if (state.mention) q.set("mention", state.mention);
  const url = location.pathname + (q.toString() ? "?" + q : "");
  if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
}

async function api(path, params) {
  const url = path + (params && params.toString() ? "?" + params : "");
  const response = await fetch(url, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? body.detail
      : Array.isArray(body.detail) ? body.detail.map((d) => `${(d.loc || []).slice(-1)}: ${d.msg}`).join("; ")
      : response.statusText;
    throw new Error(detail);
  }
  return body;
}

function say(text) { document.getElementById("status-line").textContent = text; }

/* -- filters ------------------------------------------------------------------------------- */
async function loadFacets() {
  facets = await api("/api/facets");
  isoNumeric = facets.iso_numeric || {};
  const types = [...new Set(facets.types.map((t) => t.event_type))];
  const typeSelect = document.getElementById("f-type");
  for (const t of types) typeSelect.append(el("option", { value: t }, t));
  fillSubTypes();
  const list = document.getElementById("countries");
  for (const c of facets.countries) list.append(el("option", { value: c.country || c.iso3 }, `${c.iso3} · ${c.n}`));
  const legend = document.getElementById("legend");
  for (const t of types) legend.append(el("span", {}, el("i", { style: `background:${colour(t)}` }), t));
  legend.append(el("span", { class: "country-note" }, "shaded countries: events placed only in a country"));
}

function fillSubTypes() {
  const type = document.getElementById("f-type").value;
  const select = document.getElementById("f-sub");
  const keep = new URLSearchParams(location.search).get("sub_event_type") || select.value;
  select.replaceChildren(el("option", { value: "" }, "any"));
  for (const t of facets ? facets.types : []) {
    if (t.sub_event_type && (!type || t.event_type === type)) {
      select.append(el("option", { value: t.sub_event_type }, t.sub_event_type));
    }
  }
  select.value = [...select.options].some((o) => o.value === keep) ? keep : "";
}

/* -- map ----------------------------------------------------------------------------------- */
function initMap() {
  map = L.map("map", { worldCopyJump: true, preferCanvas: true, minZoom: 1, maxZoom: 14 }).setView([20, 20], 2);
  map.attributionControl.addAttribution("Country outlines: Natural Earth (world-atlas)");
  map.createPane("base").style.zIndex = 200;  // outlines, under the shaded countries, under the markers
  map.createPane("countries").style.zIndex = 350;
  cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 40 });
  map.addLayer(cluster);
}

async function loadOutlines() {
  const topo = await fetch("/assets/vendor/countries-110m.json").then((r) => r.json());
  countryShapes = topojson.feature(topo, topo.objects.countries);
  countryShapes.features = countryShapes.features.filter((f) => f.id !== "010");  // Antarctica
  for (const f of countryShapes.features) unwrap(f.geometry);
  L.geoJSON(countryShapes, {
    style: { color: "#9e9e9e", weight: 0.6, fillColor: "#ffffff", fillOpacity: 1 }, interactive: false,
    pane: "base",
  }).addTo(map);
}

/* Rings that cross the antimeridian (Russia, Fiji) jump from 180 to -180: continue them past 180
   instead, so that no line is drawn across the whole map. */
function unwrap(geometry) {
  if (!geometry) return;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) {
        const step = ring[i][0] - ring[i - 1][0];
        if (step > 180) ring[i][0] -= 360;
        else if (step < -180) ring[i][0] += 360;
      }
    }
  }
}

function tooltip(row) {
  const [id, , , type, fatalities, level, iso3, date] = row;
  return el("div", {}, el("b", {}, type || "event"), el("br"), `${date || "undated"} · ${iso3 || ""}`,
    el("br"), `killed ${fatalities ?? 0}${level === "region" ? " · placed in a region" : ""}`);
}

function drawPoints(data) {
  cluster.clearLayers();
  if (countryLayer) { map.removeLayer(countryLayer); countryLayer = null; }
  const markers = [];
  const byCountry = {};
  for (const row of data.rows) {
    const [id, lat, lon, type, fatalities, level, iso3] = row;
    if (level === "country" || lat === null) {
      if (iso3) (byCountry[iso3] = byCountry[iso3] || []).push(row);
      continue;
    }
    const marker = L.circleMarker([lat, lon], {
      radius: radius(fatalities), color: level === "region" ? "#333" : "#fff", weight: 1,
      dashArray: level === "region" ? "2 2" : null, fillColor: colour(type), fillOpacity: 0.85,
    });
    marker.eventId = id;
    marker.bindTooltip(tooltip(row));
    marker.on("click", () => openEvent(id, true));
    markers.push(marker);
  }
  cluster.addLayers(markers);
  if (markers.length && !state.fitted) {
    state.fitted = true;
    map.fitBounds(L.latLngBounds(markers.map((m) => m.getLatLng())).pad(0.3), { maxZoom: 7, animate: false });
  }
  if (countryShapes && Object.keys(byCountry).length) {
    const numeric = {};
    for (const [iso3, rows] of Object.entries(byCountry)) if (isoNumeric[iso3]) numeric[isoNumeric[iso3]] = rows;
    const most = Math.max(...Object.values(byCountry).map((r) => r.length));
    countryLayer = L.geoJSON(
      { type: "FeatureCollection", features: countryShapes.features.filter((f) => numeric[f.id]) }, {
        pane: "countries",
        style: (f) => ({ color: "#6a1b9a", weight: 1, fillColor: "#8e24aa",
          fillOpacity: 0.15 + 0.45 * numeric[f.id].length / most }),
        onEachFeature: (f, layer) => {
          const rows = numeric[f.id];
          layer.bindTooltip(el("div", {}, el("b", {}, (f.properties && f.properties.name) || ""), el("br"),
            `${rows.length} event${rows.length === 1 ? "" : "s"} placed in the country only`));
          layer.on("click", () => openEvent(rows[0][0], true));
        },
      }).addTo(map);
  }
  document.getElementById("map").dataset.markers = String(markers.length);
  document.getElementById("map").dataset.countries = String(Object.keys(byCountry).length);
}

/* -- timeline ------------------------------------------------------------------------------ */
let timelineBins = [];

function binKey(day, unit) {
  if (unit === "day") return day;
  if (unit === "month") return day.slice(0, 7) + "-01";
  const d = new Date(day + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function binEnd(start, unit) {
  const d = new Date(start + "T00:00:00Z");
  if (unit === "day") return start;
  if (unit === "week") d.setUTCDate(d.getUTCDate() + 6);
  else { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}

function drawTimeline(days) {
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  if (!days.length) { timelineBins = []; return; }
  const span = (Date.parse(days[days.length - 1].day) - Date.parse(days[0].day)) / 864e5;
  const unit = span > 730 ? "month" : span > 120 ? "week" : "day";
  const bins = new Map();
  for (const d of days) {
    const key = binKey(d.day, unit);
    bins.set(key, (bins.get(key) || 0) + d.events);
  }
  timelineBins = [];  // every period from the first to the last, empty ones too
  const last = binKey(days[days.length - 1].day, unit);
  for (let start = binKey(days[0].day, unit); start <= last;) {
    const end = binEnd(start, unit);
    timelineBins.push({ start, end, n: bins.get(start) || 0 });
    const next = new Date(end + "T00:00:00Z");
    next.setUTCDate(next.getUTCDate() + 1);
    start = next.toISOString().slice(0, 10);
  }
  const width = svg.clientWidth || 600, height = 90, bottom = 14;
  const most = Math.max(...timelineBins.map((b) => b.n));
  const w = width / timelineBins.length;
  const since = document.getElementById("f-since").value, until = document.getElementById("f-until").value;
  timelineBins.forEach((b, i) => {
    const h = b.n ? Math.max(1, (height - bottom - 4) * b.n / most) : 0;
    const inside = (!since || b.end >= since) && (!until || b.start <= until) && (since || until);
    const bar = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    bar.setAttribute("class", inside ? "bar in" : "bar");
    bar.setAttribute("x", i * w + 0.5); bar.setAttribute("width", Math.max(1, w - 1));
    bar.setAttribute("y", height - bottom - h); bar.setAttribute("height", h);
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = `${b.start}${unit === "day" ? "" : " – " + b.end}: ${b.n} events`;
    bar.append(title);
    svg.append(bar);
  });
  for (const i of [0, Math.floor(timelineBins.length / 2), timelineBins.length - 1]) {
    const label = document.createElementNS("http://www.w3.org/2000/svg", "text");
    label.setAttribute("x", Math.min(width - 60, i * w)); label.setAttribute("y", height - 2);
    label.textContent = timelineBins[i].start;
    svg.append(label);
  }
  document.getElementById("timeline-label").textContent = `Events per ${unit} (drag to choose dates)`;
  document.getElementById("clear-brush").hidden = !(since || until);
}

function initBrush() {
  const svg = document.getElementById("timeline");
  let start = null, box = null;
  const at = (event) => {
    const r = svg.getBoundingClientRect();
    return Math.max(0, Math.min(r.width, event.clientX - r.left));
  };
  svg.addEventListener("mousedown", (event) => {
    if (!timelineBins.length) return;
    start = at(event);
    box = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    box.setAttribute("class", "brush"); box.setAttribute("y", 0); box.setAttribute("height", 76);
    box.setAttribute("x", start); box.setAttribute("width", 0);
    svg.append(box);
    event.preventDefault();
  });
  window.addEventListener("mousemove", (event) => {
    if (start === null) return;
    const x = at(event);
    box.setAttribute("x", Math.min(start, x)); box.setAttribute("width", Math.abs(x - start));
  });
  window.addEventListener("mouseup", (event) => {
    if (start === null) return;
    const x = at(event), width = svg.getBoundingClientRect().width;
    const [a, b] = [Math.min(start, x), Math.max(start, x)];
    start = null;
    const n = timelineBins.length;
    const first = timelineBins[Math.min(n - 1, Math.floor(a / width * n))];
    const last = timelineBins[Math.min(n - 1, Math.floor(b / width * n))];
    if (b - a < 3) { box.remove(); return; }
    document.getElementById("f-since").value = first.start;
    document.getElementById("f-until").value = last.end;
    apply(true);
  });
  document.getElementById("clear-brush").addEventListener("click", () => {
    document.getElementById("f-since").value = "";
    document.getElementById("f-until").value = "";
    apply(true);
  });
}

/* -- table --------------------------------------------------------------------------------- */
function drawTable(data) {
  const body = document.querySelector("#events tbody");
  const rows = data.events.map((e) => {
    const tr = el("tr", { "data-id": e.id, onclick: () => openEvent(e.id, true) },
      el("td", {}, e.event_date || ""),
      el("td", {}, el("span", { style: `color:${colour(e.event_type)}` }, "● "), e.event_type || "", el("br"),
        el("small", {}, e.sub_event_type || "")),
      el("td", {}, e.actor1 || "", e.actor2 ? el("small", {}, " → " + e.actor2) : null),
      el("td", {}, e.location || "", el("br"), el("small", {}, e.admin1 || "")),
      el("td", {}, e.country || ""),
      el("td", { class: "n" }, e.fatalities ?? ""),
      el("td", { class: "n" }, e.num_articles ?? ""),
      el("td", {}, e.status || ""));
    if (e.id === state.event) tr.classList.add("selected");
    return tr;
  });
  body.replaceChildren(...rows);
  for (const th of document.querySelectorAll("#events th")) {
    th.classList.remove("sorted-asc", "sorted-desc");
    if (state.sort.replace("-", "") === th.dataset.sort) {
      th.classList.add(state.sort.startsWith("-") ? "sorted-desc" : "sorted-asc");
    }
  }
  state.cursors[state.pageIndex + 1] = data.next_cursor;
  document.getElementById("next").disabled = !data.next_cursor;
  document.getElementById("prev").disabled = state.pageIndex === 0;
  const first = state.pageIndex * PAGE + 1;
  document.getElementById("page-label").textContent = data.events.length
    ? `${first}–${first + data.events.length - 1}${data.total !== null ? " of " + data.total : ""}` : "no events";
}

async function loadTable() {
  const q = filterParams();
  q.set("sort", state.sort);
  q.set("limit", PAGE);
  q.set("total", "true");
  const cursor = state.cursors[state.pageIndex];
  if (cursor) q.set("cursor", cursor);
  drawTable(await api("/api/events", q));
}

/* -- event and article view ---------------------------------------------------------------- */
function fields(pairs) {
  const dl = el("dl", { class: "fields" });
  for (const [name, value] of pairs) {
    if (value === null || value === undefined || value === "") continue;
    dl.append(el("dt", {}, name), el("dd", {}, value));
  }
  return dl;
}

async function openEvent(id, push) {
  state.event = id;
  state.mention = null;
  state.article = null;
  writeUrl(push);
  await showEvent();
}

async function showEvent() {
  const detail = document.getElementById("detail");
  const view = document.getElementById("event-view");
  document.querySelectorAll("#events tbody tr").forEach((tr) => tr.classList.toggle("selected", tr.dataset.id === state.event));
  if (!state.event) { detail.hidden = true; return; }
  let e;
  try {
    e = await api("/api/events/" + encodeURIComponent(state.event));
  } catch (err) {
    view.replaceChildren(el("p", {}, "Cannot show this event: " + err.message));
    detail.hidden = false;
    return;
  }
  detail.hidden = false;
  const mentions = el("ul", { class: "plain" }, ...e.mentions.map((m) => el("li", {},
    el("a", { href: "#", "data-mention": m.id, onclick: (ev) => { ev.preventDefault(); openArticle(m.article_id, m.id, true); } },
      m.article_title || m.article_id), " ", el("small", {}, [m.article_source, m.article_published].filter(Boolean).join(" · ")),
    el("br"), el("small", {}, m.evidence_text || ""))));
  view.replaceChildren(
    el("h2", {}, `${e.event_type || "Event"}${e.sub_event_type ? " · " + e.sub_event_type : ""}`),
    fields([["date", `${e.event_date || "undated"} (precision ${e.time_precision ?? "?"})`], ["status", e.status],
      ["actor 1", e.actor1], ["actor 2", e.actor2], ["place", [e.location, e.admin1, e.country].filter(Boolean).join(", ")],
      ["geo precision", e.geo_precision], ["killed", e.fatalities], ["injured", e.injured],
      ["PLOVER", e.plover_type], ["articles", e.num_articles], ["sources", (e.sources || []).join("; ")],
      ["id", e.id]]),
    el("h3", {}, `${e.mentions.length} mention${e.mentions.length === 1 ? "" : "s"}`), mentions);
  const first = e.mentions[0];
  const wanted = state.article ? { article_id: state.article, id: state.mention } : first;
  if (wanted) await openArticle(wanted.article_id, wanted.id || (first && first.id), false);
}

const SPAN_ORDER = ["evidence", "statement", "trigger"];

function spansOf(article, mentionId) {
  const spans = [];
  const event = article.events.find((e) => e.mention_id === mentionId) || article.events[0];
  if (event) {
    if (event.evidence && event.evidence.start !== null) spans.push([event.evidence.start, event.evidence.end, "evidence"]);
    if (event.trigger && event.trigger.start !== null) spans.push([event.trigger.start, event.trigger.end, "trigger"]);
    for (const [name, src] of Object.entries(event.provenance || {})) {
      if (src && Number.isInteger(src.start) && Number.isInteger(src.end) && name !== "eventivity") {
        spans.push([src.start, src.end, name.replace(/[^a-z0-9_]/gi, "")]);
      }
    }
  }
  for (const s of article.statements || []) spans.push([s.start, s.end, "statement"]);
  return spans.filter(([a, b]) => Number.isInteger(a) && Number.isInteger(b) && b > a);
}

/* The text as text nodes and <mark>s: offsets are Python code points, so slice by code point. */
function highlighted(text, spans) {
  const chars = Array.from(text || "");
  const cuts = new Set([0, chars.length]);
  for (const [a, b] of spans) { cuts.add(Math.max(0, Math.min(a, chars.length))); cuts.add(Math.max(0, Math.min(b, chars.length))); }
  const points = [...cuts].sort((x, y) => x - y);
  const out = el("div", { class: "article-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = chars.slice(a, b).join("");
    const covering = spans.filter(([s, e]) => s <= a && e >= b).map(([, , name]) => name)
      .sort((x, y) => SPAN_ORDER.indexOf(x) - SPAN_ORDER.indexOf(y));
    if (!covering.length) { out.append(document.createTextNode(piece)); continue; }
    let node = document.createTextNode(piece);
    for (const name of covering) {
      const mark = el("mark", { class: "hl-" + name, title: name });
      mark.append(node);
      node = mark;
    }
    out.append(node);
  }
  return out;
}

async function openArticle(articleId, mentionId, push) {
  state.article = articleId;
  state.mention = mentionId;
  writeUrl(push);
  const view = document.getElementById("article-view");
  let a;
  try {
    a = await api("/api/articles/" + encodeURIComponent(articleId));
  } catch (err) {
    view.replaceChildren(el("p", {}, "Cannot show this article: " + err.message));
    return;
  }
  const spans = spansOf(a, mentionId);
  const names = [...new Set(spans.map((s) => s[2]))];
  const statements = el("ul", { class: "plain" }, ...(a.statements || []).map((s) => el("li", {},
    el("b", {}, s.speaker || "unnamed"), s.speaker_role ? ` (${s.speaker_role})` : "", ` ${s.cue || "said"}: `,
    el("q", {}, s.quote || ""))));
  view.replaceChildren(
    el("h3", {}, a.title || a.id),
    el("p", {}, el("small", {}, [a.source, a.published, a.url].filter(Boolean).join(" · "))),
    el("div", { class: "keys" }, "Highlighted: ", ...names.map((n) => el("span", {}, el("mark", { class: "hl-" + n }, n)))),
    highlighted(a.text, spans),
    el("h3", {}, `${(a.statements || []).length} statements`), statements);
}

/* -- loading ------------------------------------------------------------------------------- */
async function refresh() {
  const seq = ++loadSeq;
  const q = filterParams();
  const undated = new URLSearchParams(q);
  undated.delete("since");
  undated.delete("until");
  say("loading…");
  try {
    const [pts, days] = await Promise.all([api("/api/points", q), api("/api/timeline", undated), loadTable()]);
    await outlinesReady;
    if (seq !== loadSeq) return;
    drawPoints(pts);
    drawTimeline(days.days);
    const shown = pts.rows.length < pts.total ? ` (the newest ${pts.rows.length} on the map)` : "";
    say(`${pts.total} events${shown}`);
    document.body.dataset.ready = "1";
  } catch (err) {
    say("Cannot load: " + err.message);
    document.body.dataset.ready = "error";
  }
}

function apply(push) {
  state.cursors = [null];
  state.pageIndex = 0;
  writeUrl(push);
  return refresh();
}

async function main() {
  readUrl();
  initMap();
  initBrush();
  outlinesReady = loadOutlines().catch(() => say("country outlines missing: run make setup"));
  await loadFacets().catch((err) => say("Cannot load: " + err.message));
  readUrl();
  fillSubTypes();
  document.getElementById("f-type").addEventListener("change", fillSubTypes);
  document.getElementById("filters").addEventListener("submit", (event) => { event.preventDefault(); apply(true); });
  document.getElementById("reset").addEventListener("click", () => {
    for (const name of FILTERS) document.querySelector(`#filters [name="${name}"]`).value = "";
    fillSubTypes();
    apply(true);
  });
  for (const th of document.querySelectorAll("#events th")) {
    th.addEventListener("click", () => {
      const column = th.dataset.sort;
      state.sort = state.sort === "-" + column ? column : "-" + column;
      state.cursors = [null];
      state.pageIndex = 0;
      writeUrl(true);
      loadTable().catch((err) => say(err.message));
    });
  }
  document.getElementById("next").addEventListener("click", () => { state.pageIndex++; loadTable().catch((err) => say(err.message)); });
  document.getElementById("prev").addEventListener("click", () => { state.pageIndex = Math.max(0, state.pageIndex - 1); loadTable().catch((err) => say(err.message)); });
  document.getElementById("close-detail").addEventListener("click", () => {
    state.event = state.article = state.mention = null;
    writeUrl(true);
    showEvent();
  });
  for (const a of document.querySelectorAll("#exports a[data-format]")) {
    a.addEventListener("click", () => {
      const q = filterParams();
      location.href = "/api/events." + a.dataset.format + (q.toString() ? "?" + q : "");
    });
  }
  window.addEventListener("popstate", () => { readUrl(); fillSubTypes(); state.cursors = [null]; state.pageIndex = 0; refresh(); showEvent(); });
  await refresh();
  if (state.event) await showEvent();
}

main();
