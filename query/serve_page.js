// serve_page.js: the page of `unsearch serve`. The URL holds the whole
// state (q, the filters, offset, and show/label for an opened resolution),
// so a search can be bookmarked, shared and walked back with the browser's
// buttons. Text from the index only ever enters the page as text nodes.
"use strict";

const PAGE_SIZE = 10;
const FILTERS = ["session", "year", "kind", "verb"];
const FACET_TITLES = {
  session: "Período de sesiones", year: "Año", kind: "Tipo de párrafo", verb: "Verbo",
};
const KIND_NAMES = {
  header: "encabezado", title: "título", heading: "epígrafe", intro: "introducción",
  preambular: "preambular", operative: "dispositivo", article: "artículo",
  footer: "pie", paragraph: "párrafo", footnote: "nota", vote: "votación",
  decision: "decisión",
};

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

function state() {
  return new URLSearchParams(location.search);
}

// A URL of this page with some parameters changed (null removes one).
function link(changes) {
  const p = state();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === "") p.delete(k);
    else p.set(k, v);
  }
  return "?" + p.toString();
}

function go(url) {
  history.pushState(null, "", url);
  render();
}

// text with the byte ranges [start, end) of its UTF-8 form in <mark>, and
// the verb's range in italics.
function highlighted(cls, text, ranges) {
  const p = el("p", cls);
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  let at = 0;
  for (const [s, e] of ranges || []) {
    if (s < at || e > bytes.length) continue;
    p.append(dec.decode(bytes.subarray(at, s)));
    p.append(el("mark", null, dec.decode(bytes.subarray(s, e))));
    at = e;
  }
  p.append(dec.decode(bytes.subarray(at)));
  return p;
}

function heading(h, partial) {
  const d = el("div", "heading");
  if (h.symbol) d.append(el("span", "symbol", h.symbol));
  for (const part of [h.date, h.label && h.label + (h.kind ? " (" + (KIND_NAMES[h.kind] || h.kind) + ")" : "")]) {
    if (part) d.append(" · ", part);
  }
  if (partial) d.append(" · ", el("span", "partial", "coincidencia parcial"));
  return d;
}

async function api(path, params) {
  const r = await fetch(path + "?" + params.toString());
  const body = await r.json();
  if (!r.ok) throw Object.assign(new Error(body.error || r.statusText), { body, status: r.status });
  return body;
}

function clear() {
  for (const id of ["status", "filters", "facets", "results", "pages", "resolution"]) $(id).replaceChildren();
  $("resolution").hidden = true;
}

function showError(err, query) {
  const s = $("status");
  s.className = "error";
  const column = err.body && err.body.column > 0 ? err.body.column : 0;
  // The message is the command line's (English); the frame is Spanish.
  s.textContent = (column ? "Error de sintaxis en la columna " + column + ": " : "Error: ") + err.message;
  if (column && query) {
    const col = err.body.column - 1;
    s.append(el("br"), el("code", null, query), el("br"),
      el("code", null, "\u00a0".repeat(Array.from(new TextDecoder().decode(
        new TextEncoder().encode(query).subarray(0, col))).length) + "^"));
  }
}

function renderFilters(p) {
  const box = $("filters");
  for (const f of FILTERS) {
    const v = p.get(f);
    if (!v) continue;
    const a = el("a", "chip active", FACET_TITLES[f] + ": " + (f === "kind" ? KIND_NAMES[v] || v : v) + " ×");
    a.href = link({ [f]: null, offset: null });
    a.title = "Quitar el filtro";
    box.append(a);
  }
}

function renderFacets(facets, p) {
  const nav = $("facets");
  for (const f of facets) {
    if (!f.counts.length || p.get(f.facet)) continue;
    const row = el("div", "facet");
    row.dataset.facet = f.facet;
    row.append(el("h2", null, FACET_TITLES[f.facet] || f.facet));
    const counts = f.counts.slice().sort((a, b) => b.count - a.count).slice(0, 8);
    for (const c of counts) {
      const a = el("a", "chip", f.facet === "kind" ? KIND_NAMES[c.value] || c.value : String(c.value));
      a.append(el("span", "n", String(c.count)));
      a.href = link({ [f.facet]: String(c.value), offset: null, show: null, label: null });
      row.append(a);
    }
    nav.append(row);
  }
}

function renderHits(page, p) {
  const list = $("results");
  for (const h of page.hits) {
    const li = el("li", "hit");
    const a = el("a");
    a.href = link({ show: h.symbol, label: h.label });
    a.append(heading(h, h.partial));
    if (h.title) a.append(el("div", "title", h.title));
    a.append(highlighted("text", h.text, h.highlights));
    li.append(a);
    list.append(li);
  }
  const offset = page.offset, shown = page.hits.length;
  const s = $("status");
  s.className = "";
  if (!shown) {
    s.textContent = "Ninguna cláusula coincide.";
  } else {
    const total = page.total === null ? "" : " de " + page.total.toLocaleString("es");
    s.textContent = "Resultados " + (offset + 1) + "–" + (offset + shown) + total + ".";
  }
  if (page.did_you_mean) {
    const a = el("a", null, page.did_you_mean);
    a.href = link({ q: page.did_you_mean, offset: null });
    s.append(" ¿Quiso decir: ", a, "?");
  }
  const pager = $("pages");
  pager.className = "pager";
  if (offset > 0) {
    const prev = el("a", "prev", "← Anterior");
    prev.href = link({ offset: Math.max(0, offset - PAGE_SIZE) || null });
    pager.append(prev);
  } else {
    pager.append(el("span"));
  }
  if (shown === PAGE_SIZE && (page.total === null || offset + shown < page.total)) {
    const next = el("a", "next", "Siguiente →");
    next.href = link({ offset: offset + PAGE_SIZE });
    pager.append(next);
  }
}

async function renderResolution(p) {
  const art = $("resolution");
  const params = new URLSearchParams({ symbol: p.get("show") });
  const doc = await api("/api/show", params);
  art.hidden = false;
  const back = el("a", "back", "← Volver a los resultados");
  back.href = link({ show: null, label: null });
  art.append(back);
  art.append(el("h1", null, doc.title || doc.symbol));
  art.append(el("p", "meta", [doc.symbol, doc.date, doc.committee, doc.report].filter(Boolean).join(" · ")));
  let target = null;
  for (const c of doc.clauses) {
    const div = el("section", "clause");
    div.id = "c-" + c.label;
    div.append(el("span", "label", c.label + (c.kind && c.kind !== c.label.toLowerCase() ? " · " + (KIND_NAMES[c.kind] || c.kind) : "")));
    const text = el("p", "text");
    const bytes = new TextEncoder().encode(c.text), dec = new TextDecoder();
    if (c.verb) {
      text.append(dec.decode(bytes.subarray(0, c.verb[0])),
        el("em", "verb", dec.decode(bytes.subarray(c.verb[0], c.verb[1]))),
        dec.decode(bytes.subarray(c.verb[1])));
    } else {
      text.append(c.text);
    }
    div.append(text);
    if (c.label === p.get("label")) {
      div.classList.add("target");
      target = div;
    }
    art.append(div);
  }
  document.title = (doc.symbol || "") + " · unsearch";
  if (target) target.scrollIntoView({ block: "center" });
  else window.scrollTo(0, 0);
}

async function render() {
  const p = state();
  const q = p.get("q") || "";
  $("q").value = q;
  clear();
  try {
    if (p.get("show")) {
      await renderResolution(p);
      return;
    }
    document.title = (q ? q + " · " : "") + "unsearch";
    renderFilters(p);
    if (!q && !FILTERS.some((f) => p.get(f))) return;
    const params = new URLSearchParams({ q, n: String(PAGE_SIZE), offset: p.get("offset") || "0" });
    for (const f of FILTERS) if (p.get(f)) params.set(f, p.get(f));
    for (const f of ["session", "year", "kind"]) params.append("facet", f);
    const page = await api("/api/search", params);
    renderFacets(page.facets, p);
    renderHits(page, p);
    window.scrollTo(0, 0);
  } catch (err) {
    showError(err, q);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("q").value.trim();
    const p = new URLSearchParams();
    if (q) p.set("q", q);
    for (const f of FILTERS) if (state().get(f)) p.set(f, state().get(f));
    go("?" + p.toString());
  });
  // Links inside the page change the URL without a reload.
  document.body.addEventListener("click", (e) => {
    const a = e.target.closest("a");
    if (!a || !a.getAttribute("href").startsWith("?") || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    go(a.getAttribute("href"));
  });
  window.addEventListener("popstate", render);
  render();
});
