/*
 * review.js: baseliner's review page (see src/report/review.h).
 *
 * Data arrives as scripts calling BL.put(name, value): data/session.js
 * first, then each pane's segments when its player asks for them. The
 * player fetches "https://review.invalid/<name>"; fetch is answered here
 * from the matching script, so the page needs no server and sends no
 * request anywhere.
 *
 * Every timeline entry has a wall time; a pane's replay time is that wall
 * time minus the pane's start (the cast header's start_ms), so one click
 * puts every pane at the same moment.
 */
"use strict";

const BL = {
  data: new Map(),
  waiting: new Map(),
  put(name, value) {
    this.data.set(name, value);
    const w = this.waiting.get(name);
    if (w) { this.waiting.delete(name); w.forEach((f) => f(value)); }
    if (name === "session.json") review(value);
  },
  load(name) {
    if (this.data.has(name)) return Promise.resolve(this.data.get(name));
    return new Promise((resolve, reject) => {
      if (!this.waiting.has(name)) {
        this.waiting.set(name, []);
        const s = document.createElement("script");
        s.src = "data/" + name.replace(/\.json$/, ".js");
        s.onerror = () => reject(new Error("cannot load " + s.src));
        document.head.appendChild(s);
      }
      this.waiting.get(name).push(resolve);
    });
  },
};
window.BL = BL;

const PREFIX = "https://review.invalid/";
const realFetch = window.fetch ? window.fetch.bind(window) : null;
window.fetch = function (url, opts) {
  const u = String(url && url.url ? url.url : url);
  if (u.startsWith(PREFIX)) {
    return BL.load(u.slice(PREFIX.length)).then((v) =>
      new Response(JSON.stringify(v), { headers: { "Content-Type": "application/json" } }));
  }
  if (u.startsWith("data:") || u.startsWith("blob:")) return realFetch(url, opts);
  return Promise.reject(new Error("the review page fetches nothing: " + u));
};

const $ = (id) => document.getElementById(id);
const el = (tag, attrs, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
};
const num = (v, d = 3) => (typeof v === "number" && isFinite(v) ? v.toFixed(d) : "-");
const clock = (s) => {
  if (typeof s !== "number" || !isFinite(s)) return "-";
  s = Math.max(0, Math.round(s));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), x = s % 60;
  return h + ":" + String(m).padStart(2, "0") + ":" + String(x).padStart(2, "0");
};

const state = { players: [], panes: [], speed: 1, entries: [], session: null };

/* Timeline entries from the scores and the events, on the work clock. */
function entries(S) {
  const out = [];
  for (const r of S.scores) {
    if (r.status === "queued" || r.status === "running") continue;
    const ok = r.status === "valid";
    let text = r.status + (ok ? "  normalized " + num(r.normalized) + "  raw " + num(r.raw, 4) : "");
    if (r.reason) text += "  " + r.reason;
    if (r.message != null && r.message !== "") text += "  " + (typeof r.message === "string" ? r.message : JSON.stringify(r.message));
    out.push({ kind: "scoring", what: "score " + r.id + (r.is_start ? " (start)" : r.is_final ? " (final)" : ""),
      text, elapsed: r.finished_elapsed ?? r.requested_elapsed, wall: r.finished_wall || r.requested_wall,
      cls: ok ? "ok" : "bad", score: r });
  }
  const skip = new Set(["score_requested", "score_started", "score_finished", "client_attached", "client_detached"]);
  for (const e of S.events) {
    if (skip.has(e.kind)) continue;
    const d = e.data || {};
    let kind = e.kind, what = e.kind.replace(/_/g, " "), text = "";
    if (e.kind === "command") { kind = "command"; what = "command"; text = (d.cmdline || "") + (d.exit_status != null ? "  [exit " + d.exit_status + "]" : ""); }
    else if (e.kind === "note") { kind = "note"; text = d.text || ""; }
    else if (e.kind === "checkpoint") { kind = "checkpoint"; text = [d.trigger, d.commit ? String(d.commit).slice(0, 10) : null, d.message].filter(Boolean).join("  "); }
    else if (e.kind.startsWith("clock_")) { kind = "clock"; text = [d.reason, d.by ? "by " + d.by : null, d.minutes != null ? d.minutes + " min" : null].filter(Boolean).join("  "); }
    else if (e.kind.startsWith("message")) { kind = "message"; text = d.text || ""; }
    else if (e.kind === "server_restarted") { kind = "restart"; text = d.reason || ""; }
    else if (e.kind.startsWith("session_")) { kind = "session"; text = d.reason || ""; }
    else if (e.kind.startsWith("pane_")) { kind = "pane"; text = d.pane != null ? "pane " + d.pane : ""; }
    else { kind = "other"; text = Object.keys(d).length ? JSON.stringify(d) : ""; }
    if (e.actor && e.actor !== "participant" && e.actor !== "server") text += "  (" + e.actor + ")";
    out.push({ kind, what, text, elapsed: e.elapsed, wall: e.wall, cls: "" });
  }
  out.sort((a, b) => (Date.parse(a.wall) || 0) - (Date.parse(b.wall) || 0) || (a.elapsed || 0) - (b.elapsed || 0));
  return out;
}

function facts(S) {
  const s = S.session, t = $("facts");
  const f = s.final || {};
  const sc = s.scoring || {};
  const hw = s.hardware || {};
  $("title").textContent = "Review: " + ((s.task && (s.task.title || s.task.id)) || "session") + " (" + s.id + ")";
  const rows = [
    ["task", (s.task ? s.task.id + " " + (s.task.version || "") : "-")],
    ["participant", s.participant || "-"],
    ["hardware", [hw.host, hw.gpu_model, hw.gpu_count != null ? hw.gpu_count + " GPU" : null].filter(Boolean).join(", ") || "-"],
    ["calibration", [sc.direction ? "direction " + sc.direction : null, "y_start " + num(sc.y_start, 4), "y_ref " + num(sc.y_ref, 4), s.calibration ? "(" + (typeof s.calibration === "string" ? s.calibration : JSON.stringify(s.calibration)) + ")" : null].filter(Boolean).join(", ")],
    ["limit", clock(s.limit_s) + "  (worked " + clock(s.elapsed_s) + ")"],
    ["start, end", (s.start || "-") + "  to  " + (s.end || "-")],
    ["end reason", s.end_reason || s.state || "-"],
    ["final score", f.normalized != null ? num(f.normalized) + " normalized, raw " + num(f.raw, 4) + " (score " + f.score_id + ")" : "-"],
    ["scorings", String(S.scores.length)],
  ];
  const v = S.verify;
  if (v) {
    const who = v.signer ? ", signed by " + v.signer.slice(0, 16) + "…" : ", unsigned";
    rows.push(["verify", v.ok ? "the record holds: " + v.linked + " of " + v.events + " events linked" + who
      : "BROKEN at event " + (v.broken_at ?? "?") + ": " + (v.problems || []).map((p) => p.problem || p.what || JSON.stringify(p)).slice(0, 3).join("; ")]);
  } else rows.push(["verify", "no tamper-evident record in this export"]);
  for (const [k, v] of rows) t.append(el("tr", {}, el("td", {}, k), el("td", {}, v)));
  if (!S.player) t.append(el("tr", {}, el("td", {}, "replay"), el("td", { class: "notice" }, "the terminal player was not built with this baseliner (npm was missing at build time)")));
}

/* Score over time, with the best so far, as SVG. */
function plot(S) {
  const W = 640, H = 260, L = 52, R = 28, T = 12, B = 34;
  const dir = (S.session.scoring && S.session.scoring.direction) || "lower";
  const pts = S.scores.filter((r) => r.status === "valid" && typeof r.normalized === "number" && isFinite(r.normalized))
    .map((r) => ({ x: r.finished_elapsed ?? r.requested_elapsed ?? 0, y: r.normalized, r }));
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("role", "img");
  const add = (tag, a, text) => { const e = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(a)) e.setAttribute(k, v); if (text != null) e.textContent = text; svg.append(e); return e; };
  const xmax = Math.max(60, S.session.elapsed_s || 0, ...pts.map((p) => p.x));
  const ys = pts.map((p) => p.y).concat([0, 1]);
  let ymin = Math.min(...ys), ymax = Math.max(...ys);
  const pad = (ymax - ymin) * 0.08 || 0.1; ymin -= pad; ymax += pad;
  const X = (x) => L + (x / xmax) * (W - L - R), Y = (y) => T + (1 - (y - ymin) / (ymax - ymin)) * (H - T - B);
  add("rect", { x: L, y: T, width: W - L - R, height: H - T - B, fill: "none", stroke: "#ccd" });
  for (const v of [0, 1]) {
    add("line", { x1: L, x2: W - R, y1: Y(v), y2: Y(v), stroke: v ? "#1b6e20" : "#999", "stroke-dasharray": "4 3" });
    add("text", { x: L - 4, y: Y(v) + 4, "text-anchor": "end", "font-size": 11 }, v ? "1 (ref)" : "0 (start)");
  }
  for (let i = 0; i <= 4; i++) {
    const x = (xmax * i) / 4;
    add("text", { x: X(x), y: H - B + 15, "text-anchor": "middle", "font-size": 11 }, clock(x));
  }
  add("text", { x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle", "font-size": 11, fill: "#556" }, "work time (h:mm:ss)");
  if (pts.length) {
    /* Normalized scores are higher-is-better whatever the raw direction. */
    let best = -Infinity, d = "";
    for (const p of pts) {
      const nb = Math.max(best, p.y);
      d += (d ? ` L${X(p.x)},${Y(best)} L${X(p.x)},${Y(nb)}` : `M${X(p.x)},${Y(nb)}`);
      best = nb;
    }
    d += ` L${X(xmax)},${Y(best)}`;
    add("path", { d, fill: "none", stroke: "#0550ae", "stroke-width": 2 });
    for (const p of pts) {
      const c = add("circle", { cx: X(p.x), cy: Y(p.y), r: 4, fill: "#0550ae", class: "pt" });
      c.append(document.createElementNS(ns, "title"));
      c.firstChild.textContent = `score ${p.r.id}: ${num(p.y)} at ${clock(p.x)}`;
      c.addEventListener("click", () => { const e = state.entries.find((x) => x.score === p.r); if (e) select(e); });
    }
  } else add("text", { x: W / 2, y: H / 2, "text-anchor": "middle", fill: "#667" }, "no valid scoring");
  void dir;
  $("plot").append(svg);
}

function showDiff(S, r) {
  const d = S.diffs[String(r.id)], pre = $("diff");
  pre.textContent = "";
  $("diff-title").textContent = "Code at score " + r.id + (d && d.from ? " against the scoring before it" : "");
  if (!d) { pre.textContent = "(no checkpoint for this scoring)"; return; }
  if (!d.from) { pre.textContent = "The starting code (commit " + d.to.slice(0, 10) + "): the first scoring has nothing before it."; return; }
  if (!d.patch) { pre.textContent = "(no change since the scoring before)"; return; }
  const kw = /\b(def|return|if|else|for|while|import|from|class|int|void|const|static|struct|float|double|unsigned|__global__|__device__|include)\b/g;
  for (const line of d.patch.split("\n")) {
    let cls = "";
    if (line.startsWith("+++") || line.startsWith("---") || line.startsWith("diff ")) cls = "file";
    else if (line.startsWith("@@")) cls = "hunk";
    else if (line.startsWith("+")) cls = "add";
    else if (line.startsWith("-")) cls = "del";
    const span = el("span", { class: cls });
    if (!cls || cls === "add" || cls === "del") {
      let last = 0, m;
      kw.lastIndex = 0;
      while ((m = kw.exec(line))) { span.append(line.slice(last, m.index), el("span", { class: "kw" }, m[0])); last = m.index + m[0].length; }
      span.append(line.slice(last));
    } else span.textContent = line;
    pre.append(span, "\n");
  }
  if (d.cut) pre.append(el("span", { class: "notice" }, "(diff cut at 256 KB)\n"));
}

function paneTime(p, wall) {
  const t = (Date.parse(wall) - p.start_ms) / 1000;
  return Math.min(Math.max(0, t), p.duration);
}

function makePlayers(S, at) {
  const box = $("panes");
  state.players.forEach((p) => { try { p.player.dispose(); } catch (e) { /* gone */ } });
  state.players = [];
  box.textContent = "";
  if (!S.player || !window.AsciinemaPlayer) return;
  for (const p of S.panes) {
    const host = el("div", { class: "player" });
    box.append(el("div", { class: "pane", id: "pane-" + p.id }, el("h3", {}, "pane " + p.id + " (" + p.cols + "x" + p.rows + ", " + clock(p.duration) + ")"), host));
    const opts = { speed: state.speed, fit: "width", controls: true, preload: false };
    if (at != null) opts.startAt = paneTime(p, at);
    const player = window.AsciinemaPlayer.create({ format: "segmented", url: PREFIX + "pane-" + p.id + "/index.json" }, host, opts);
    state.players.push({ pane: p, player });
  }
}

let currentLi = null;
function select(e) {
  if (currentLi) currentLi.classList.remove("current");
  currentLi = e.li; if (currentLi) { currentLi.classList.add("current"); currentLi.scrollIntoView({ block: "nearest" }); }
  state.selected = e;
  $("clock").textContent = "at " + clock(e.elapsed) + " work time, " + e.wall;
  if (e.score) showDiff(state.session, e.score);
  for (const { pane, player } of state.players) {
    Promise.resolve(player.seek(paneTime(pane, e.wall))).catch((err) =>
      console.error("pane " + pane.id + ": cannot seek: " + err));
  }
}

function review(S) {
  state.session = S;
  facts(S);
  plot(S);
  state.entries = entries(S);
  const kinds = [...new Set(state.entries.map((e) => e.kind))];
  const hidden = new Set(["pane"]);
  const list = $("timeline");
  const draw = () => {
    list.textContent = "";
    for (const e of state.entries) {
      if (hidden.has(e.kind)) continue;
      e.li = el("li", { class: e.cls + " kind-" + e.kind, "data-kind": e.kind, onclick: () => select(e) },
        el("span", { class: "t" }, clock(e.elapsed)), el("span", { class: "k" }, e.what), el("span", { class: "x" }, e.text));
      list.append(e.li);
    }
  };
  for (const k of kinds) {
    const cb = el("input", { type: "checkbox" }); cb.checked = !hidden.has(k);
    cb.addEventListener("change", () => { if (cb.checked) hidden.delete(k); else hidden.add(k); draw(); });
    $("filters").append(el("label", {}, cb, " " + k));
  }
  draw();
  makePlayers(S, null);
  $("play").addEventListener("click", () => state.players.forEach((p) => p.player.play()));
  $("pause").addEventListener("click", () => state.players.forEach((p) => p.player.pause()));
  $("speed").addEventListener("change", (ev) => {
    state.speed = Number(ev.target.value);
    makePlayers(S, state.selected ? state.selected.wall : null);
  });
  const first = state.entries.find((e) => e.score && !e.score.is_start) || state.entries.find((e) => e.score);
  if (first) showDiff(S, first.score);
  window.reviewReady = true;
}

/* For tests and scripts: where each pane's replay is, in its own seconds. */
window.reviewState = () => state.players.map(({ pane, player }) => ({ id: pane.id, time: player.getCurrentTime() }));
