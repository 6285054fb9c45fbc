// stance-map's web page: draws a map embedded as JSON, offline, with no library.
// Every piece of text from the map is set with textContent or setAttribute, never as markup.
// The sampling and number formatting follow the app's rules exactly (src/model/sample.rs,
// src/model/strength.rs); the DOM follows tests/browser/CONTRACT.md, which the browser tests read.
"use strict";
(function () {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const RINGS = [[0.25, "0.25"], [0.5, "0.5"], [0.75, "0.75"], [1.0, "1"]];
  const BAND = { Low: 0.25, Medium: 0.12, High: 0.05 };
  const ROLE_HEADING = { Supports: "Supporting evidence", Qualifies: "Qualifying evidence",
    Contradicts: "Counter-evidence" };
  const DIMENSION = { Political: "political/diplomatic", Economic: "economic/trade",
    Energy: "energy", Security: "security/military", Cultural: "cultural/historical",
    Humanitarian: "humanitarian", Territorial: "territorial/Kosovo" };
  const ZERO_STRENGTH = 0.005;
  const DIMMED = 0.3;
  const MAX_JOIN_YEARS = 1.0;
  const PLAY_YEARS_PER_S = 2.0;

  const map = JSON.parse(document.getElementById("map-data").textContent);
  const extra = JSON.parse(document.getElementById("page-data").textContent);
  // The class's summary (`#class-data`), only on a page exported with a class of readings.
  const classEl = document.getElementById("class-data");
  const classData = classEl ? JSON.parse(classEl.textContent) : null;

  // ---- Text ------------------------------------------------------------------------------
  // The app's `display_safe`: invisible and direction-changing characters become visible
  // markers such as {U+202E}, so hidden text cannot reorder or hide what a reader sees.
  const HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFFA0\uFEFF\uFFF9-\uFFFB\uFDD0-\uFDEF\uFFFE\uFFFF]|\uDB40[\uDC01\uDC20-\uDC7F]|\uD82F[\uDCA0-\uDCA3]|\uD834[\uDD73-\uDD7A]/g;
  function safe(text) {
    return String(text == null ? "" : text)
      .replace(/\r\n?/g, "\n")
      .replace(HIDDEN, (c) => "{U+" + c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0") + "}");
  }
  function safeLine(text) { return safe(text).replace(/[\n\t]/g, " "); }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    if (attrs) for (const k of Object.keys(attrs)) node.setAttribute(k, attrs[k]);
    if (text != null) node.textContent = text;
    return node;
  }
  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    if (attrs) for (const k of Object.keys(attrs)) node.setAttribute(k, String(attrs[k]));
    return node;
  }
  function r2(x) { return Math.round(x * 100) / 100; }

  // `format_strength_signed`: sign always, two decimals, a real minus sign. Rust rounds an
  // exact tie (0.125) to even; JavaScript's toFixed rounds it up, so ties are done here.
  function fixed2(a) {
    const eighths = a * 8;
    if (Number.isInteger(eighths) && Math.abs(eighths % 2) === 1 && !Number.isInteger(a * 4)) {
      let n = Math.floor(a * 100);
      if (n % 2 !== 0) n += 1;
      return (n / 100).toFixed(2);
    }
    return a.toFixed(2);
  }
  function formatSigned(s) { return s < 0 ? "\u2212" + fixed2(-s) : "+" + fixed2(s); }

  // ---- Dates -----------------------------------------------------------------------------
  function parseDate(text) {
    const [y, m] = String(text).split("-");
    return { year: parseInt(y, 10), month: m === undefined ? null : parseInt(m, 10) };
  }
  function yearF64(d) {
    const offset = d.month == null ? 0 : (Math.min(Math.max(d.month, 1), 12) - 1) / 12;
    return d.year + offset;
  }
  function dateWords(d) {
    return d.month == null ? String(d.year) : MONTHS[Math.min(Math.max(d.month, 1), 12) - 1] + " " + d.year;
  }
  function monthWords(y) {
    const nudged = y + 1e-9;
    const year = Math.floor(nudged);
    const month = Math.min(Math.floor((nudged - year) * 12), 11);
    return MONTHS[month] + " " + year;
  }

  // ---- The model, prepared once ----------------------------------------------------------
  const powers = map.powers.map((p) => {
    const track = p.track.map((k) => {
      const date = parseDate(k.date);
      return Object.assign({}, k, { dateObj: date, y: yearF64(date),
        interpolation: k.interpolation || "Linear", confidence: k.confidence || "Medium",
        evidence: k.evidence || [], unjudged: !!k.unjudged });
    });
    const years = new Float64Array(track.map((k) => k.y));
    const rad = (p.bearing_deg * Math.PI) / 180;
    return { id: p.id, name: p.name, color: /^#[0-9a-fA-F]{6}$/.test(p.color) ? p.color : "#444444",
      bearing: p.bearing_deg, ux: Math.sin(rad), uy: Math.cos(rad), track, years };
  });
  const powerById = new Map(powers.map((p) => [p.id, p]));
  // Per power id: the class's samples `[year, n, median, q1, q3, min, max]` (`[year, 0]`
  // where no reading gives a value), by date, and the power's agreement.
  const classByPower = new Map();
  if (classData) {
    for (const c of classData.powers || []) {
      if (!powerById.has(c.id)) continue;
      const samples = (c.samples || []).filter((s) => Array.isArray(s) && Number.isFinite(s[0]));
      classByPower.set(c.id, { alpha: c.alpha, words: c.words, samples, years: new Float64Array(samples.map((s) => s[0])) });
    }
  }
  // The class's spread of a power at a date, read linearly between the embedded samples (flat
  // before the first and after the last); null where a neighbouring sample has no value.
  function classAt(id, y) {
    const c = classByPower.get(id);
    if (!c || !c.samples.length) return null;
    const ys = c.years, ss = c.samples;
    let a = 0, b = ys.length;
    while (a < b) { const m = (a + b) >> 1; if (ys[m] <= y) a = m + 1; else b = m; }
    const pick = (s) => (s[1] > 0 ? { n: s[1], median: s[2], q1: s[3], q3: s[4], min: s[5], max: s[6] } : null);
    if (a === 0) return pick(ss[0]);
    if (a === ys.length || ys[a - 1] === y) return pick(ss[a - 1]);
    const s0 = ss[a - 1], s1 = ss[a];
    if (!(s0[1] > 0 && s1[1] > 0)) return null;
    const f = (y - s0[0]) / (s1[0] - s0[0]);
    const mix = (i) => s0[i] + (s1[i] - s0[i]) * f;
    return { n: f < 0.5 ? s0[1] : s1[1], median: mix(2), q1: mix(3), q3: mix(4), min: mix(5), max: mix(6) };
  }
  // The class's headline: each power's own agreement (pooling all powers would count the
  // differences between powers as agreement); with more than 4 powers the lowest and highest.
  function classLine() {
    const n = classData.readings;
    const figures = [];
    for (const c of classData.powers || []) {
      const p = powerById.get(c.id);
      if (p && typeof c.alpha === "number" && Number.isFinite(c.alpha)) figures.push([safeLine(p.name), c.alpha]);
    }
    const figure = (f) => {
      const text = Math.abs(f[1]).toFixed(2);
      return f[0] + " " + (f[1] < 0 && text !== "0.00" ? "\u2212" : "") + text;
    };
    let listed;
    if (figures.length > 4) {
      let lo = figures[0], hi = figures[0];
      for (const f of figures) { if (f[1] < lo[1]) lo = f; if (f[1] > hi[1]) hi = f; }
      listed = "lowest " + figure(lo) + ", highest " + figure(hi);
    } else {
      listed = figures.map(figure).join(", ");
    }
    const agreement = figures.length === 0
      ? "agreement cannot be measured (too few values)"
      : "agreement (\u03b1) by power: " + listed + " \u2014 0.800 reliable, 0.667 tentative";
    return "Class of " + n + " reading" + (n === 1 ? "" : "s") + " \u00b7 " + agreement;
  }
  const sources = new Map((map.sources || []).map((s) => [s.id, s]));
  const events = (map.events || []).map((e) => Object.assign({}, e, { dateObj: parseDate(e.date), y: yearF64(parseDate(e.date)) }));
  const story = (map.story || []).map((s) => Object.assign({}, s, { dateObj: parseDate(s.date), y: yearF64(parseDate(s.date)) }));
  const indicators = (map.indicators || []).map((ind) => {
    const points = (ind.points || []).map((pt) => Object.assign({}, pt, { dateObj: parseDate(pt.date), y: yearF64(parseDate(pt.date)) }));
    return Object.assign({}, ind, { points });
  });

  let lo = Infinity, hi = -Infinity;
  for (const p of powers) for (const k of p.track) { lo = Math.min(lo, k.y); hi = Math.max(hi, k.y); }
  for (const e of events) { lo = Math.min(lo, e.y); hi = Math.max(hi, e.y); }
  const hasSpan = lo <= hi;
  if (!hasSpan) { lo = extra.defaultDate; hi = extra.defaultDate; }
  const stops = Array.from(new Set(powers.flatMap((p) => p.track.map((k) => k.y)).concat(events.map((e) => e.y)))).sort((a, b) => a - b);

  // `bracket`: where a date falls in a track, by binary search.
  function bracket(p, y) {
    const years = p.years;
    if (years.length === 0) return { kind: "empty" };
    let a = 0, b = years.length; // first keyframe strictly after y
    while (a < b) { const m = (a + b) >> 1; if (years[m] <= y) a = m + 1; else b = m; }
    if (a === 0) return { kind: "before" };
    const before = a - 1;
    if (years[before] === y) return { kind: "on", i: before };
    if (a === years.length) return { kind: "after", i: before };
    return { kind: "between", i: before };
  }
  // `sample_track`.
  function sample(p, y) {
    const br = bracket(p, y), t = p.track;
    switch (br.kind) {
      case "empty": return null;
      case "before": return t[0].strength;
      case "on": case "after": return t[br.i].strength;
      default: {
        const a = t[br.i], b = t[br.i + 1];
        if (a.interpolation === "Hold") return a.strength;
        const f = Math.min(Math.max((y - a.y) / (b.y - a.y), 0), 1);
        return a.strength + (b.strength - a.strength) * f;
      }
    }
  }
  // `judged_sample`: null where the value rests on a keyframe still to be judged.
  function judged(p, y) {
    const br = bracket(p, y), t = p.track;
    let ok;
    switch (br.kind) {
      case "empty": ok = false; break;
      case "before": ok = !t[0].unjudged; break;
      case "on": case "after": ok = !t[br.i].unjudged; break;
      default: ok = !t[br.i].unjudged && (t[br.i].interpolation === "Hold" || !t[br.i + 1].unjudged);
    }
    return ok ? sample(p, y) : null;
  }
  // `band_half_width_at`.
  function bandAt(p, y) {
    const br = bracket(p, y), t = p.track, w = (k) => BAND[k.confidence] || BAND.Medium;
    switch (br.kind) {
      case "empty": return null;
      case "before": return w(t[0]);
      case "on": case "after": return w(t[br.i]);
      default: {
        const a = t[br.i], b = t[br.i + 1];
        if (a.interpolation === "Hold") return w(a);
        const f = Math.min(Math.max((y - a.y) / (b.y - a.y), 0), 1);
        return w(a) + (w(b) - w(a)) * f;
      }
    }
  }
  // The keyframe a value rests on: the one on or before the date (else the first).
  function restingKeyframe(p, y) {
    const br = bracket(p, y);
    if (br.kind === "empty") return null;
    return br.kind === "before" ? p.track[0] : p.track[br.i];
  }
  function keyframeOn(p, y) {
    const br = bracket(p, y);
    return br.kind === "on" ? p.track[br.i] : null;
  }
  function isContested(k) { return !!k && k.evidence.some((e) => e.role === "Contradicts"); }
  function isUnsupported(k) { return !!k && !k.evidence.some((e) => (e.role || "Supports") === "Supports"); }

  // `StanceMap::date_label`.
  function dateLabel(y) {
    const yearOnly = (d) => d.month == null && yearF64(d) === y;
    const onYearOnly = powers.some((p) => { const br = bracket(p, y); return br.kind === "on" && yearOnly(p.track[br.i].dateObj); });
    if (onYearOnly || events.some((e) => yearOnly(e.dateObj)) || story.some((s) => yearOnly(s.dateObj))) {
      return String(Math.trunc(y));
    }
    return Number.isFinite(y) ? monthWords(y) : "\u2014";
  }
  function citation(ev) {
    const s = sources.get(ev.source);
    if (!s) return "unknown source \u201c" + safeLine(ev.source) + "\u201d";
    const year = s.year == null ? "n.d." : String(s.year);
    const loc = safeLine(ev.locator || "").trim();
    return loc ? safeLine(s.author) + ", " + year + ", " + loc : safeLine(s.author) + ", " + year;
  }
  function isWebAddress(url) { return /^https?:\/\/[^\s]+$/i.test(String(url || "").trim()); }

  // ---- State -----------------------------------------------------------------------------
  const view = map.view || null;
  const state = {
    date: Math.min(Math.max(view ? view.date : extra.defaultDate, lo), hi),
    power: view && view.power && powerById.has(view.power) ? view.power : null,
    step: view && view.step != null && view.step >= 1 && view.step <= story.length ? view.step - 1 : 0,
    stepActive: !!(view && view.step != null && view.step >= 1 && view.step <= story.length),
    shownIndicators: new Set(view ? (view.indicators || []) : indicators.map((i) => i.id)),
    playing: false,
  };

  // ---- Layout ----------------------------------------------------------------------------
  const body = document.body;
  const header = el("header", { class: "page-header" });
  header.appendChild(el("h1", { id: "title" }, safeLine(map.title)));
  const sub = [safeLine(map.subject)];
  if (map.analyst) sub.push("reading by " + safeLine(map.analyst));
  header.appendChild(el("p", { class: "subtitle" }, sub.join(" \u00b7 ")));
  if (map.description) {
    const about = el("details", { class: "description" });
    about.appendChild(el("summary", null, "About this map"));
    about.appendChild(el("p", null, safe(map.description)));
    header.appendChild(about);
  }
  header.appendChild(el("p", { class: "note" }, extra.judgementNote));
  body.appendChild(header);

  const main = el("main", { class: "layout" });
  body.appendChild(main);

  // Compass panel, with the time controls.
  const compassPanel = el("section", { class: "panel compass-panel", "aria-label": "Compass" });
  const controls = el("div", { class: "controls", role: "group", "aria-label": "Time" });
  const playBtn = el("button", { id: "play", type: "button", "aria-label": "Play", title: "Play through time (Space when the slider has focus)" }, "\u25b6");
  const prevBtn = el("button", { id: "prev-keyframe", type: "button", "aria-label": "Previous keyframe", title: "Go to the previous keyframe or event" }, "\u25c0 Keyframe");
  const nextBtn = el("button", { id: "next-keyframe", type: "button", "aria-label": "Next keyframe", title: "Go to the next keyframe or event" }, "Keyframe \u25b6");
  const slider = el("input", { id: "date", type: "range", min: String(lo), max: String(hi), step: "any", "aria-label": "Date", title: "The date the compass shows" });
  slider.value = String(state.date);
  const dateLabelEl = el("output", { id: "date-label", for: "date", "aria-live": "off" });
  controls.append(playBtn, prevBtn, slider, nextBtn, dateLabelEl);
  compassPanel.appendChild(controls);

  const W = 700, H = 500, CX = 350, CY = 248, R = 185;
  const compass = svgEl("svg", { id: "compass", viewBox: "0 0 " + W + " " + H, role: "group", "aria-label": "Compass" });
  const compassTitle = svgEl("title");
  compass.appendChild(compassTitle);
  const ringsG = svgEl("g", { class: "rings" });
  for (const [f, label] of RINGS) {
    ringsG.appendChild(svgEl("circle", { cx: CX, cy: CY, r: f * R, fill: "none", stroke: "#c8c8c8", "stroke-width": 1 }));
    const t = svgEl("text", { x: r2(CX - f * R * Math.SQRT1_2 + 4), y: r2(CY - f * R * Math.SQRT1_2 + 4), class: "ring-label" });
    t.textContent = label;
    ringsG.appendChild(t);
  }
  compass.appendChild(ringsG);
  // Spokes and names: drawn once.
  const namesG = svgEl("g", { class: "names" });
  for (const p of powers) {
    namesG.appendChild(svgEl("line", { x1: CX, y1: CY, x2: r2(CX + p.ux * R), y2: r2(CY - p.uy * R), stroke: p.color, "stroke-opacity": 0.35, "stroke-width": 1.5, class: "spoke", "data-power": p.id }));
    const nx = CX + p.ux * (R + 16), ny = CY - p.uy * (R + 16);
    const anchor = p.ux > 0.3 ? "start" : p.ux < -0.3 ? "end" : "middle";
    const t = svgEl("text", { x: r2(nx), y: r2(ny + (p.uy < -0.3 ? 12 : p.uy > 0.3 ? 0 : 5)), "text-anchor": anchor, fill: p.color, class: "name" });
    t.textContent = safeLine(p.name);
    namesG.appendChild(t);
  }
  compass.appendChild(namesG);
  const trailG = svgEl("g", { class: "trail" });
  const arrowsG = svgEl("g", { class: "arrows" });
  const tiltG = svgEl("g", { class: "net-tilt-arrow" });
  const measuredG = svgEl("g", { class: "measured" });
  const classG = svgEl("g", { class: "class-fans" });
  compass.append(classG, trailG, arrowsG, tiltG);
  compass.appendChild(svgEl("circle", { cx: CX, cy: CY, r: 9, fill: "#ffffff", stroke: "#000000", "stroke-width": 1.8 }));
  const subjectName = svgEl("text", { x: CX, y: CY + 28, "text-anchor": "middle", class: "subject" });
  subjectName.textContent = safeLine(map.subject);
  compass.append(subjectName, measuredG);
  compassPanel.appendChild(compass);
  const netTilt = el("p", { id: "net-tilt" });
  compassPanel.appendChild(netTilt);
  const legend = el("ul", { id: "legend", "aria-label": "Legend" });
  for (const line of extra.legend) legend.appendChild(el("li", null, line));
  legend.appendChild(el("li", null, "\u26a0 by a value: no quote supports it"));
  if (indicators.length) legend.appendChild(el("li", null, "diamond: the latest measured value (hollow and dashed when uncertain); dotted steps on the timeline"));
  if (classData) {
    legend.appendChild(el("li", { class: "class-summary" }, classLine()));
    legend.appendChild(el("li", null, "class fan: the middle half of the readings (darker), lowest to highest (fainter), the class\u2019s median as a bar across it; on the timeline the same as bands, the median dashed"));
  }
  compassPanel.appendChild(legend);
  main.appendChild(compassPanel);

  // Evidence.
  const evidence = el("section", { id: "evidence", class: "panel", role: "region", "aria-live": "polite", "aria-label": "Evidence" });
  main.appendChild(evidence);

  // Story.
  const storyEl = el("section", { id: "story", class: "panel", "aria-label": "Story" });
  const storyHead = el("div", { class: "story-head" });
  storyHead.appendChild(el("h2", null, "Story"));
  const stepCounter = el("p", { id: "step-counter" });
  storyHead.appendChild(stepCounter);
  storyEl.appendChild(storyHead);
  const stepTitle = el("h3", { id: "step-title" });
  const stepCaption = el("p", { id: "step-caption" });
  const stepQuotes = el("div", { class: "step-quotes" });
  const storyNav = el("div", { class: "story-nav", role: "group", "aria-label": "Story steps" });
  const storyPrev = el("button", { id: "story-prev", type: "button", "aria-label": "Previous step", title: "Previous step (Left arrow or Page Up)" }, "\u2190 Previous");
  const storyNext = el("button", { id: "story-next", type: "button", "aria-label": "Next step", title: "Next step (Right arrow or Page Down)" }, "Next \u2192");
  const fullBtn = el("button", { id: "fullscreen", type: "button", "aria-label": "Full screen", title: "Present the story full screen, in large type (Esc leaves)" }, "Full screen");
  storyNav.append(storyPrev, storyNext, fullBtn);
  storyEl.append(stepTitle, stepCaption, stepQuotes, storyNav);
  main.appendChild(storyEl);

  // Timeline.
  const timelinePanel = el("section", { class: "panel timeline-panel", "aria-label": "Timeline" });
  timelinePanel.appendChild(el("h2", null, "Timeline"));
  timelinePanel.appendChild(el("p", { class: "note" }, "Solid lines: the analyst\u2019s judged values, in a pale band for the analyst\u2019s confidence (wide = low" + (classData ? "; the selected power\u2019s only, while the class is shown" : "") + "); dots: keyframes (click one, or press Enter on it, for its evidence; from the keyboard, Tab to the keyframes, then Left/Right move along a power and Up/Down between powers); dashed upright lines: events (point at one for its title, click it to go there)" + (indicators.length ? "; dotted steps: measured indicators, with gaps where nothing was measured" : "") + (classData ? "; shaded bands: the class of readings (the middle half darker, lowest to highest fainter), its median dashed." : ".")));
  const TW = 1000, TH = 340, PL = 44, PR = 12, PT = 14, PB = 30;
  const timeline = svgEl("svg", { id: "timeline", viewBox: "0 0 " + TW + " " + TH, role: "group", "aria-label": "Timeline of every power", "aria-keyshortcuts": "ArrowLeft ArrowRight ArrowUp ArrowDown Home End Enter" });
  const timelineScroll = el("div", { class: "timeline-scroll" });
  timelineScroll.appendChild(timeline);
  timelinePanel.appendChild(timelineScroll);
  const eventNote = el("p", { id: "event-note", "aria-live": "polite" });
  timelinePanel.appendChild(eventNote);
  const indicatorBox = el("fieldset", { class: "indicator-choice" });
  timelinePanel.appendChild(indicatorBox);
  main.appendChild(timelinePanel);

  // Bibliography.
  const bibPanel = el("section", { class: "panel bib-panel", "aria-label": "Bibliography" });
  bibPanel.appendChild(el("h2", null, "Bibliography"));
  const bib = el("ol", { id: "bibliography" });
  for (const s of map.sources || []) {
    const li = el("li", { id: "source-" + s.id });
    li.appendChild(document.createTextNode(safe(s.entry)));
    if (s.url) {
      li.appendChild(document.createTextNode(" "));
      if (isWebAddress(s.url)) {
        const a = el("a", { href: s.url.trim(), rel: "noopener noreferrer" }, safeLine(s.url.trim()));
        li.appendChild(a);
      } else {
        li.appendChild(el("span", { class: "url" }, safeLine(s.url)));
      }
      if (s.accessed) li.appendChild(document.createTextNode(" (accessed " + safeLine(s.accessed) + ")"));
    }
    bib.appendChild(li);
  }
  bibPanel.appendChild(bib);
  main.appendChild(bibPanel);
  body.appendChild(el("footer", null, "Made with stance-map. This page works offline and loads nothing from the internet."));

  // ---- Timeline, drawn once -------------------------------------------------------------
  // The time axis reaches every measurement too (a series may start before the judged span),
  // so nothing is drawn outside the plot.
  let tlo = lo, thi = hi;
  for (const ind of indicators) for (const pt of ind.points) {
    tlo = Math.min(tlo, pt.y);
    thi = Math.max(thi, pt.dateObj.month == null ? pt.y + 1 : pt.y);
  }
  const span = thi - tlo || 1;
  const tx = (y) => PL + ((y - tlo) / span) * (TW - PL - PR);
  const ty = (v) => PT + ((1 - v) / 2) * (TH - PT - PB);
  const axes = svgEl("g", { class: "axes" });
  for (const v of [-1, -0.5, 0, 0.5, 1]) {
    axes.appendChild(svgEl("line", { x1: PL, x2: TW - PR, y1: r2(ty(v)), y2: r2(ty(v)), stroke: v === 0 ? "#999" : "#e2e2e2", "stroke-width": 1 }));
    const t = svgEl("text", { x: PL - 6, y: r2(ty(v) + 4), "text-anchor": "end", class: "axis" });
    t.textContent = v === 0 ? "0" : formatSigned(v).replace(".00", "").replace(/0$/, "");
    axes.appendChild(t);
  }
  const firstYear = Math.ceil(tlo), lastYear = Math.floor(thi);
  const every = Math.max(1, Math.ceil((lastYear - firstYear + 1) / 12));
  for (let yr = firstYear; yr <= lastYear; yr += every) {
    axes.appendChild(svgEl("line", { x1: r2(tx(yr)), x2: r2(tx(yr)), y1: PT, y2: TH - PB, stroke: "#eeeeee", "stroke-width": 1 }));
    const t = svgEl("text", { x: r2(tx(yr)), y: TH - PB + 18, "text-anchor": "middle", class: "axis" });
    t.textContent = String(yr);
    axes.appendChild(t);
  }
  timeline.appendChild(axes);
  const eventsG = svgEl("g", { class: "events" });
  for (const e of events) {
    const g = svgEl("g", { class: "event", "data-date": e.date, tabindex: "0", role: "button", "aria-label": "Event, " + dateWords(e.dateObj) + ": " + safeLine(e.title) });
    const title = svgEl("title");
    title.textContent = dateWords(e.dateObj) + ": " + safeLine(e.title);
    g.appendChild(title);
    g.appendChild(svgEl("line", { x1: r2(tx(e.y)), x2: r2(tx(e.y)), y1: PT, y2: TH - PB, stroke: "#8a8a8a", "stroke-width": 1, "stroke-dasharray": "3 3" }));
    g.appendChild(svgEl("path", { d: "M" + r2(tx(e.y)) + " " + (TH - PB) + "l-5 8h10z", fill: "#8a8a8a" }));
    // A wide invisible line, so the event is easy to point at and click.
    g.appendChild(svgEl("line", { x1: r2(tx(e.y)), x2: r2(tx(e.y)), y1: PT, y2: TH - PB + 8, stroke: "transparent", "stroke-width": 8 }));
    eventsG.appendChild(g);
  }
  timeline.appendChild(eventsG);

  // Indicators: dotted steps per run, nothing across a gap (src/model/indicator_path.rs).
  const indicatorGroups = new Map();
  function toScale(ind, value) {
    const s = ind.high - ind.low;
    if (!(Number.isFinite(s) && s > 0)) return 0;
    const t = ((value - ind.low) / s) * 2 - 1;
    return ind.closer === "Lower" ? -t : t;
  }
  function drawnValue(ind, value) {
    const v = toScale(ind, value);
    return Number.isFinite(v) ? Math.min(Math.max(v, -1), 1) : 0;
  }
  const indicatorsG = svgEl("g", { class: "indicators" });
  for (const ind of indicators) {
    const p = powerById.get(ind.power);
    const color = p ? p.color : "#444444";
    const g = svgEl("g", { class: "indicator", "data-indicator": ind.id });
    const title = svgEl("title");
    title.textContent = "Measured: " + safeLine(ind.name) + " (" + safeLine(ind.unit) + "), " + (ind.closer === "Lower" ? "lower is closer" : "higher is closer");
    g.appendChild(title);
    const pts = ind.points;
    let start = 0;
    for (let i = 1; i <= pts.length; i++) {
      const joined = i < pts.length && pts[i].y - pts[i - 1].y <= MAX_JOIN_YEARS + 1e-9;
      if (joined) continue;
      let d = "";
      for (let j = start; j < i; j++) {
        const v = drawnValue(ind, pts[j].value);
        const s = pts[j].y;
        let e = pts[j].dateObj.month == null ? s + 1 : s;
        if (j + 1 < i) e = Math.min(e, pts[j + 1].y);
        d += (d ? "L" : "M") + r2(tx(s)) + " " + r2(ty(v));
        if (e > s) d += "L" + r2(tx(e)) + " " + r2(ty(v));
      }
      if (d) g.appendChild(svgEl("path", { d, fill: "none", stroke: color, "stroke-width": 2, "stroke-dasharray": "2 4", "stroke-linecap": "round" }));
      for (let j = start; j < i; j++) {
        const pt = pts[j];
        const mid = pt.dateObj.month == null ? pt.y + 0.5 : pt.y;
        const c = svgEl("circle", { cx: r2(tx(mid)), cy: r2(ty(drawnValue(ind, pt.value))), r: 3, fill: pt.uncertain ? "#ffffff" : color, stroke: color, "stroke-width": 1.5, class: pt.uncertain ? "point uncertain" : "point" });
        const pt_title = svgEl("title");
        const src = sources.get(pt.source);
        pt_title.textContent = safeLine(ind.name) + ", " + dateWords(pt.dateObj) + ": " + pt.value + " " + safeLine(ind.unit) + (pt.uncertain ? " \u26a0 uncertain" : "") + " (measured; " + (src ? safeLine(src.author + ", " + (src.year == null ? "n.d." : src.year)) : "unknown source") + ")";
        c.appendChild(pt_title);
        g.appendChild(c);
      }
      start = i;
    }
    indicatorGroups.set(ind.id, g);
    indicatorsG.appendChild(g);
  }
  timeline.appendChild(indicatorsG);

  // The class's bands: per power, lowest to highest faintly, the middle half darker and the
  // median dashed, through the embedded samples; broken where no reading gives a value.
  const classBandsG = svgEl("g", { class: "class-bands" });
  for (const p of powers) {
    const c = classByPower.get(p.id);
    if (!c) continue;
    const g = svgEl("g", { class: "class-band", "data-power": p.id });
    const title = svgEl("title");
    title.textContent = "The class\u2019s readings of " + safeLine(p.name) + (c.alpha == null ? "" : ", agreement \u03b1 = " + c.alpha.toFixed(2) + " (" + c.words + ")");
    g.appendChild(title);
    const runs = [];
    let run = [];
    for (const sm of c.samples) {
      if (sm[1] > 0) run.push(sm); else if (run.length) { runs.push(run); run = []; }
    }
    if (run.length) runs.push(run);
    runs.forEach((r, i) => {
      // Flat beyond the first and last samples, as the judged lines are.
      const pts = r.slice();
      if (i === 0 && c.samples[0][1] > 0 && pts[0][0] > tlo) pts.unshift([tlo].concat(pts[0].slice(1)));
      if (i === runs.length - 1 && c.samples[c.samples.length - 1][1] > 0 && pts[pts.length - 1][0] < thi) pts.push([thi].concat(pts[pts.length - 1].slice(1)));
      const area = (lo_i, hi_i) => pts.map((q, j) => (j ? "L" : "M") + r2(tx(q[0])) + " " + r2(ty(q[hi_i]))).join("") + pts.slice().reverse().map((q) => "L" + r2(tx(q[0])) + " " + r2(ty(q[lo_i]))).join("") + "Z";
      g.appendChild(svgEl("path", { class: "class-range", d: area(5, 6), fill: p.color, "fill-opacity": 0.08, stroke: "none" }));
      g.appendChild(svgEl("path", { class: "class-iqr", d: area(3, 4), fill: p.color, "fill-opacity": 0.22, stroke: "none" }));
      g.appendChild(svgEl("path", { class: "class-median", d: pts.map((q, j) => (j ? "L" : "M") + r2(tx(q[0])) + " " + r2(ty(q[2]))).join(""), fill: "none", stroke: p.color, "stroke-width": 1.6, "stroke-dasharray": "6 4" }));
    });
    classBandsG.appendChild(g);
  }
  timeline.appendChild(classBandsG);

  // The analyst's confidence bands around the judged lines, as the app draws them
  // (src/model/band.rs): value ± the confidence's half-width, following the line exactly
  // (held values as steps, flat beyond the ends), clamped to −1…+1 with a vertex where an edge
  // meets ±1; broken where the line is, at keyframes not yet judged. Where a power's keyframes
  // crowd too closely to mark each, or a class is shown, only the selected power's band is
  // drawn, as the app does on a crowded timeline (a dozen overlapping bands are a wash).
  const BAND_OPACITY = 0.13;
  const within = (v) => v >= -1 && v <= 1;
  const clampUnit = (v) => Math.min(Math.max(v, -1), 1);
  function bandPath(run) {
    const xs = [], los = [], his = [];
    const push = (x, l, h) => { xs.push(x); los.push(clampUnit(l)); his.push(clampUnit(h)); };
    let prev = null;
    for (const q of run) {
      const l = q.v - q.w, h = q.v + q.w;
      if (prev && q.x > prev[0] && !(within(prev[1]) && within(prev[2]) && within(l) && within(h))) {
        const cuts = [];
        for (const [from, to, limit] of [[prev[1], l, -1], [prev[1], l, 1], [prev[2], h, -1], [prev[2], h, 1]]) {
          if ((from - limit) * (to - limit) < 0) cuts.push((limit - from) / (to - from));
        }
        cuts.sort((a, b) => a - b);
        for (const c of cuts) push(prev[0] + (q.x - prev[0]) * c, prev[1] + (l - prev[1]) * c, prev[2] + (h - prev[2]) * c);
      }
      push(q.x, l, h);
      prev = [q.x, l, h];
    }
    let d = "";
    for (let i = 0; i < xs.length; i++) d += (i ? "L" : "M") + r2(tx(xs[i])) + " " + r2(ty(his[i]));
    for (let i = xs.length - 1; i >= 0; i--) d += "L" + r2(tx(xs[i])) + " " + r2(ty(los[i]));
    return d + "Z";
  }
  function bandRuns(p) {
    const t = p.track, runs = [];
    const w = (k) => BAND[k.confidence] || BAND.Medium;
    let run = [];
    const flush = () => { if (run.length >= 2) runs.push(run); run = []; };
    if (t.length && !t[0].unjudged && tlo < t[0].y) run.push({ x: tlo, v: t[0].strength, w: w(t[0]) });
    for (let i = 0; i < t.length; i++) {
      const k = t[i];
      if (k.unjudged) { flush(); continue; }
      run.push({ x: k.y, v: k.strength, w: w(k) });
      const next = t[i + 1];
      if (!next) { if (thi > k.y) run.push({ x: thi, v: k.strength, w: w(k) }); break; }
      if (k.interpolation === "Hold") run.push({ x: next.y, v: k.strength, w: w(k) });
      else if (next.unjudged) flush();
    }
    flush();
    return runs;
  }
  const confidenceBandsG = svgEl("g", { class: "confidence-bands" });
  const crowdedBands = new Map();
  for (const p of powers) {
    const runs = bandRuns(p);
    if (!runs.length) continue;
    const d = runs.map(bandPath).join("");
    const band = svgEl("path", { class: "confidence-band", "data-power": p.id, d, fill: p.color, "fill-opacity": BAND_OPACITY, stroke: "none" });
    const crowded = !!classData || p.track.length * 8 > TW - PL - PR;
    if (crowded) crowdedBands.set(p.id, band);
    confidenceBandsG.appendChild(band);
  }
  timeline.insertBefore(confidenceBandsG, classBandsG);
  function applyBands() {
    for (const [id, band] of crowdedBands) {
      if (state.power === id) band.removeAttribute("display"); else band.setAttribute("display", "none");
    }
  }

  // Judged lines with the app's sampling rule: linear or held between keyframes, flat outside,
  // broken where the value rests on a keyframe not yet judged.
  const linesG = svgEl("g", { class: "lines" });
  const keyframesG = svgEl("g", { class: "keyframes" });
  // Keyframe dots shrink on a crowded timeline, so the lines still show between them.
  const mostKeyframes = Math.max(1, ...powers.map((p) => p.track.length));
  const dotR = Math.min(4.5, Math.max(1.5, (TW - PL - PR) / mostKeyframes / 2));
  // The keyframe dots per power (same order as `powers` and their tracks), for the keyboard.
  const keyframeEls = [];
  for (const p of powers) {
    const t = p.track;
    const dots = [];
    keyframeEls.push(dots);
    let d = "";
    let pen = false;
    const point = (y, v) => { d += (pen ? "L" : "M") + r2(tx(y)) + " " + r2(ty(v)); pen = true; };
    if (t.length) {
      if (!t[0].unjudged) point(tlo, t[0].strength);
      for (let i = 0; i < t.length; i++) {
        const k = t[i];
        if (k.unjudged) { pen = false; continue; }
        point(k.y, k.strength);
        const next = t[i + 1];
        if (!next) { point(thi, k.strength); break; }
        if (k.interpolation === "Hold") { point(next.y, k.strength); pen = false; }
        else if (next.unjudged) pen = false;
      }
    }
    linesG.appendChild(svgEl("path", { class: "line", "data-power": p.id, d, fill: "none", stroke: p.color, "stroke-width": 2.2, "stroke-linejoin": "round" }));
    for (const k of t) {
      const conf = k.unjudged ? "not yet judged" : k.confidence.toLowerCase() + " confidence";
      const value = k.unjudged ? "not yet judged" : formatSigned(k.strength);
      const label = safeLine(p.name) + ", " + dateWords(k.dateObj) + ": " + value + (k.unjudged ? "" : ", " + conf) + (isContested(k) ? ", contested" : "") + (isUnsupported(k) ? ", no supporting quote" : "");
      const c = svgEl("circle", { class: "keyframe" + (isContested(k) ? " contested" : "") + (isUnsupported(k) ? " unsupported" : ""), "data-power": p.id, "data-date": k.date, cx: r2(tx(k.y)), cy: r2(ty(k.unjudged ? 0 : k.strength)), r: dotR, fill: k.unjudged ? "#ffffff" : p.color, stroke: isContested(k) ? "#b44600" : "#ffffff", "stroke-width": 1.5, tabindex: "-1", role: "button", "aria-label": label });
      dots.push(c);
      const title = svgEl("title");
      title.textContent = label;
      c.appendChild(title);
      keyframesG.appendChild(c);
    }
  }
  timeline.append(linesG, keyframesG);

  // The keyframes are ONE Tab stop (a roving tabindex): Tab enters the timeline at the selected
  // power's keyframe on or before the date (else the first power's), the arrow keys move
  // between keyframes (Left/Right along a power, Up/Down to the neighbouring power's keyframe
  // nearest in date, Home/End to a power's first/last), and Enter or Space reads one.
  let rovingStop = null;
  function setRovingStop(c) {
    if (!c || c === rovingStop) return;
    if (rovingStop) rovingStop.setAttribute("tabindex", "-1");
    c.setAttribute("tabindex", "0");
    rovingStop = c;
  }
  function nearestIndex(p, y) {
    const br = bracket(p, y);
    if (br.kind === "empty") return -1;
    if (br.kind === "before") return 0;
    if (br.kind === "between" && p.track[br.i + 1].y - y < y - p.track[br.i].y) return br.i + 1;
    return br.i;
  }
  function rovingHome() {
    if (keyframesG.contains(document.activeElement)) return;
    const order = state.power ? [powers.findIndex((p) => p.id === state.power)] : [];
    for (let i = 0; i < powers.length; i++) order.push(i);
    for (const pi of order) {
      if (pi < 0) continue;
      const br = bracket(powers[pi], state.date);
      if (br.kind === "empty") continue;
      setRovingStop(keyframeEls[pi][br.kind === "before" ? 0 : br.i]);
      return;
    }
  }
  function place(c) {
    const pi = powers.indexOf(powerById.get(c.getAttribute("data-power")));
    return { pi, ki: keyframeEls[pi] ? keyframeEls[pi].indexOf(c) : -1 };
  }
  keyframesG.addEventListener("focusin", (e) => { if (e.target.classList.contains("keyframe")) setRovingStop(e.target); });
  keyframesG.addEventListener("keydown", (e) => {
    const c = e.target;
    if (!c.classList || !c.classList.contains("keyframe")) return;
    const { pi, ki } = place(c);
    if (pi < 0 || ki < 0) return;
    let to = null;
    if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      to = keyframeEls[pi][ki + (e.key === "ArrowRight" ? 1 : -1)] || c;
    } else if (e.key === "Home" || e.key === "End") {
      const dots = keyframeEls[pi];
      to = e.key === "Home" ? dots[0] : dots[dots.length - 1];
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      const step = e.key === "ArrowDown" ? 1 : -1;
      const y = powers[pi].track[ki].y;
      to = c;
      for (let q = pi + step; q >= 0 && q < powers.length; q += step) {
        const j = nearestIndex(powers[q], y);
        if (j >= 0) { to = keyframeEls[q][j]; break; }
      }
    } else {
      return;
    }
    // Handled here: the page's story keys (Left/Right) must not also step the story.
    e.preventDefault();
    e.stopPropagation();
    setRovingStop(to);
    to.focus();
  });
  const cursor = svgEl("line", { class: "cursor", y1: PT, y2: TH - PB, stroke: "#000000", "stroke-width": 1.5 });
  timeline.appendChild(cursor);

  // Which indicators are shown.
  if (indicators.length) {
    indicatorBox.appendChild(el("legend", null, "Measured indicators (measurements, not judgements)"));
    for (const ind of indicators) {
      const label = el("label");
      const box = el("input", { type: "checkbox", "data-indicator": ind.id, "aria-label": "Show " + safeLine(ind.name), title: "Show or hide this measured series" });
      box.checked = state.shownIndicators.has(ind.id);
      box.addEventListener("change", () => {
        if (box.checked) state.shownIndicators.add(ind.id); else state.shownIndicators.delete(ind.id);
        applyIndicators();
        draw();
      });
      label.append(box, document.createTextNode(" " + safeLine(ind.name)));
      indicatorBox.appendChild(label);
    }
    indicatorBox.appendChild(el("p", { class: "note" }, extra.measuredNote));
  } else {
    indicatorBox.hidden = true;
  }
  function applyIndicators() {
    for (const [id, g] of indicatorGroups) {
      if (state.shownIndicators.has(id)) g.removeAttribute("display"); else g.setAttribute("display", "none");
    }
  }

  // ---- Compass, redrawn on each date -----------------------------------------------------
  function focusOf() {
    if (!state.stepActive || !story[state.step]) return null;
    const f = story[state.step].focus || [];
    return f.length ? new Set(f) : null;
  }
  function arrowLabel(p, value, k) {
    return arrowLabelOwn(p, value, k) + classWords(p);
  }
  function classWords(p) {
    const c = classData ? classAt(p.id, state.date) : null;
    return c ? ", class median " + formatSigned(c.median) : "";
  }
  function arrowLabelOwn(p, value, k) {
    if (value == null) return safeLine(p.name) + ", not yet judged";
    const way = Math.abs(value) < ZERO_STRENGTH ? "neutral" : value > 0 ? "toward" : "away";
    let s = safeLine(p.name) + ", " + formatSigned(value) + ", " + way + ", " + (k ? k.confidence.toLowerCase() : "no") + " confidence";
    const on = keyframeOn(p, state.date);
    if (isContested(on)) s += ", contested";
    if (k && isUnsupported(k)) s += ", no supporting quote";
    return s;
  }
  function drawCompassInner() {
    const y = state.date;
    const focus = focusOf();
    arrowsG.textContent = "";
    classG.textContent = "";
    if (classData) {
      for (const p of powers) {
        const c = classAt(p.id, y);
        if (!c) continue;
        const g = svgEl("g", { class: "class-fan", "data-power": p.id, "data-median": formatSigned(c.median) });
        if (focus && !focus.has(p.id)) g.setAttribute("opacity", String(DIMMED));
        const px = p.uy, py = p.ux; // page direction across the spoke
        const strip = (a, b, half) => {
          const ax = CX + p.ux * a * R, ay = CY - p.uy * a * R, bx = CX + p.ux * b * R, by = CY - p.uy * b * R;
          return [[ax + px * half, ay + py * half], [bx + px * half, by + py * half], [bx - px * half, by - py * half], [ax - px * half, ay - py * half]].map((q) => r2(q[0]) + "," + r2(q[1])).join(" ");
        };
        g.appendChild(svgEl("polygon", { class: "class-range", points: strip(c.min, c.max, 11), fill: p.color, "fill-opacity": 0.1, stroke: p.color, "stroke-opacity": 0.35, "stroke-width": 1, "stroke-dasharray": "3 3" }));
        g.appendChild(svgEl("polygon", { class: "class-iqr", points: strip(c.q1, c.q3, 15), fill: p.color, "fill-opacity": 0.28, stroke: p.color, "stroke-opacity": 0.6, "stroke-width": 1 }));
        const mx = CX + p.ux * c.median * R, my = CY - p.uy * c.median * R;
        g.appendChild(svgEl("line", { class: "class-median", x1: r2(mx + px * 19), y1: r2(my + py * 19), x2: r2(mx - px * 19), y2: r2(my - py * 19), stroke: "#ffffff", "stroke-width": 6 }));
        g.appendChild(svgEl("line", { class: "class-median", x1: r2(mx + px * 18), y1: r2(my + py * 18), x2: r2(mx - px * 18), y2: r2(my - py * 18), stroke: p.color, "stroke-width": 3 }));
        classG.appendChild(g);
      }
    }
    let sx = 0, sy = 0;
    for (const p of powers) {
      const value = judged(p, y);
      const k = restingKeyframe(p, y);
      const v = value == null ? 0 : value;
      sx += p.ux * v; sy += p.uy * v;
      const g = svgEl("g", { class: "arrow" + (state.power === p.id ? " selected" : ""), "data-power": p.id, "data-value": value == null ? "" : formatSigned(value), role: "button", tabindex: "0", "aria-label": arrowLabel(p, value, k) });
      if (focus && !focus.has(p.id)) g.setAttribute("opacity", String(DIMMED));
      const title = svgEl("title");
      title.textContent = arrowLabel(p, value, k);
      g.appendChild(title);
      // A wide invisible line so the whole spoke can be clicked.
      g.appendChild(svgEl("line", { x1: CX, y1: CY, x2: r2(CX + p.ux * R), y2: r2(CY - p.uy * R), stroke: "transparent", "stroke-width": 16 }));
      const dir = value != null && value < 0 ? -1 : 1;
      const ax = p.ux * dir, ay = -p.uy * dir; // page direction of the arrow
      const band = bandAt(p, y);
      if (value != null && band != null) {
        const a = v - band, b = v + band;
        g.appendChild(svgEl("line", { x1: r2(CX + p.ux * a * R), y1: r2(CY - p.uy * a * R), x2: r2(CX + p.ux * b * R), y2: r2(CY - p.uy * b * R), stroke: p.color, "stroke-opacity": 0.25, "stroke-width": 14, class: "band" }));
      }
      let labelX, labelY;
      if (value == null || Math.abs(v) < ZERO_STRENGTH) {
        const cx = CX + p.ux * 17, cy = CY - p.uy * 17;
        g.appendChild(svgEl("circle", { cx: r2(cx), cy: r2(cy), r: 5, fill: "none", stroke: p.color, "stroke-width": 2 }));
        // "not yet judged" is long: out along the spoke, where no other power's words are.
        const out = value == null ? 0.55 * R : 14;
        labelX = cx + p.ux * out; labelY = cy - p.uy * out;
      } else {
        const len = Math.abs(v) * R;
        const tipX = CX + ax * len, tipY = CY + ay * len;
        const head = Math.min(14, len * 0.5), half = head * 0.55;
        const baseX = tipX - ax * head, baseY = tipY - ay * head;
        const px = -ay, py = ax;
        const shaft = { x1: CX, y1: CY, x2: r2(baseX), y2: r2(baseY), stroke: p.color, "stroke-width": 4, class: "shaft" };
        if (v < 0) { shaft["stroke-dasharray"] = "10 6"; shaft["stroke-linecap"] = "butt"; }
        g.appendChild(svgEl("line", shaft));
        const pts = [tipX, tipY, baseX + px * half, baseY + py * half, baseX - px * half, baseY - py * half].map(r2);
        g.appendChild(svgEl("polygon", { points: pts[0] + "," + pts[1] + " " + pts[2] + "," + pts[3] + " " + pts[4] + "," + pts[5], fill: v > 0 ? p.color : "#ffffff", stroke: p.color, "stroke-width": v > 0 ? 0 : 2.5, "stroke-linejoin": "round" }));
        labelX = tipX + ax * 10 + px * 12; labelY = tipY + ay * 10 + py * 12;
      }
      const text = svgEl("text", { x: r2(labelX), y: r2(labelY + 5), "text-anchor": "middle", fill: p.color, class: "value" });
      let words = value == null ? "not yet judged" : Math.abs(v) < ZERO_STRENGTH ? "0.00" : formatSigned(v);
      if (value != null && isUnsupported(k)) words += " \u26a0";
      text.textContent = words;
      g.appendChild(text);
      if (value != null && isContested(keyframeOn(p, y))) {
        const mx = labelX + 30 * (labelX >= CX ? 1 : -1), my = labelY;
        const m = svgEl("g", { class: "contested" });
        m.appendChild(svgEl("circle", { cx: r2(mx), cy: r2(my), r: 8, fill: "#ffffff", stroke: "#b44600", "stroke-width": 2 }));
        const t = svgEl("text", { x: r2(mx), y: r2(my + 4.5), "text-anchor": "middle", fill: "#b44600", class: "mark" });
        t.textContent = "\u2260";
        m.appendChild(t);
        g.appendChild(m);
      }
      arrowsG.appendChild(g);
    }
    // Net tilt: the mean of the arrows, and its fading trail (as the slides draw it).
    tiltG.textContent = "";
    trailG.textContent = "";
    if (powers.length) {
      const n = powers.length;
      const tipAt = (yy) => {
        let x = 0, z = 0;
        for (const p of powers) { const s = judged(p, yy); const w = s == null ? 0 : s; x += p.ux * w; z += p.uy * w; }
        return [CX + (x / n) * R, CY - (z / n) * R];
      };
      const samples = Math.max(1, Math.ceil(extra.trailYears * 12));
      let newer = tipAt(y);
      for (let i = 0; i < samples; i++) {
        const older = tipAt(y - ((i + 1) * extra.trailYears) / samples);
        if (Math.hypot(older[0] - newer[0], older[1] - newer[1]) > 0.01) {
          trailG.appendChild(svgEl("line", { x1: r2(older[0]), y1: r2(older[1]), x2: r2(newer[0]), y2: r2(newer[1]), stroke: "#000000", "stroke-width": 2, "stroke-opacity": r2(0.7 * (1 - (i + 0.5) / samples)) }));
        }
        newer = older;
      }
      const mx = sx / n, my = sy / n;
      const ex = CX + mx * R, ey = CY - my * R;
      const len = Math.hypot(ex - CX, ey - CY);
      if (len < 24) {
        tiltG.appendChild(svgEl("circle", { cx: r2(ex), cy: r2(ey), r: 12, fill: "none", stroke: "#000000", "stroke-width": 2 }));
      } else {
        const dx = (ex - CX) / len, dy = (ey - CY) / len, px = -dy, py = dx, head = 16, half = 10, w = 4;
        const bx = ex - dx * head, by = ey - dy * head;
        const pts = [[CX + px * w, CY + py * w], [bx + px * w, by + py * w], [bx + px * half, by + py * half], [ex, ey], [bx - px * half, by - py * half], [bx - px * w, by - py * w], [CX - px * w, CY - py * w]];
        const attr = pts.map((q) => r2(q[0]) + "," + r2(q[1])).join(" ");
        tiltG.appendChild(svgEl("polygon", { points: attr, fill: "none", stroke: "#ffffff", "stroke-width": 5 }));
        tiltG.appendChild(svgEl("polygon", { points: attr, fill: "none", stroke: "#000000", "stroke-width": 2 }));
      }
      const mag = Math.hypot(mx, my);
      let strongest = null, best = -Infinity;
      for (const p of powers) { const dot = p.ux * mx + p.uy * my; if (dot > best) { best = dot; strongest = p; } }
      const anyJudged = powers.some((p) => judged(p, y) != null);
      netTilt.textContent = !anyJudged
        ? "Net tilt: not yet judged (no power has a judged value at this date)."
        : mag < ZERO_STRENGTH || !strongest
        ? "Net tilt: balanced (the arrows cancel out)."
        : "Net tilt: toward " + safeLine(strongest.name) + ", length " + fixed2(mag) + " (the mean of all arrows; 1 is the outer ring).";
    }
    // Measured values on the compass: the latest within two years.
    measuredG.textContent = "";
    for (const ind of indicators) {
      if (!state.shownIndicators.has(ind.id)) continue;
      const p = powerById.get(ind.power);
      if (!p) continue;
      let a = 0, b = ind.points.length;
      while (a < b) { const m = (a + b) >> 1; if (ind.points[m].y <= y + 1e-9) a = m + 1; else b = m; }
      const pt = ind.points[a - 1];
      if (!pt || y - pt.y > 2) continue;
      const v = drawnValue(ind, pt.value);
      const mxp = CX + p.ux * v * R, myp = CY - p.uy * v * R, s = 7;
      measuredG.appendChild(svgEl("polygon", { class: "indicator-mark", "data-indicator": ind.id, points: [mxp, myp - s, mxp + s, myp, mxp, myp + s, mxp - s, myp].map(r2).join(" "), fill: pt.uncertain ? "#ffffff" : p.color, stroke: p.color, "stroke-width": 2, "stroke-dasharray": pt.uncertain ? "3 2" : "none" }));
    }
    compassTitle.textContent = "Compass at " + dateLabel(y);
    compass.setAttribute("aria-label", "Compass at " + dateLabel(y));
  }

  // ---- Evidence ------------------------------------------------------------------------
  let evidenceKey = null;
  function quoteBlock(ev) {
    const role = ev.role || "Supports";
    const q = el("blockquote", { class: "quote", "data-role": role.toLowerCase() });
    q.appendChild(el("p", null, "\u201c" + safe(ev.quote) + "\u201d"));
    const foot = el("footer");
    const s = sources.get(ev.source);
    const cite = el("cite", { title: s ? safeLine(s.entry) : "This source is not in the bibliography." }, citation(ev));
    if (s) {
      const a = el("a", { href: "#source-" + s.id, class: "cite-link" });
      a.appendChild(cite);
      foot.appendChild(a);
    } else {
      foot.appendChild(cite);
    }
    foot.appendChild(document.createTextNode(" \u00b7 " + role.toLowerCase() + " \u00b7 " + (DIMENSION[ev.dimension] || safeLine(ev.dimension))));
    q.appendChild(foot);
    return q;
  }
  function fillEvidence(force) {
    const p = state.power ? powerById.get(state.power) : null;
    const y = state.date;
    const k = p ? restingKeyframe(p, y) : null;
    const value = p ? judged(p, y) : null;
    const csKey = p && classData ? classAt(p.id, y) : null;
    const key = p ? p.id + "|" + (k ? k.y : "") + "|" + (value == null ? "" : formatSigned(value)) + "|" + (csKey ? formatSigned(csKey.median) + csKey.n : "") : "";
    if (!force && key === evidenceKey) return;
    evidenceKey = key;
    evidence.textContent = "";
    if (!p) {
      evidence.appendChild(el("h2", null, "Evidence"));
      evidence.appendChild(el("p", { class: "hint" }, "Click a power\u2019s arrow or a keyframe on the timeline (or press Enter on it) to read the evidence behind its value."));
      return;
    }
    evidence.appendChild(el("h2", null, safeLine(p.name) + ", " + dateLabel(y)));
    evidence.appendChild(el("p", { class: "value" }, value == null ? "Value: not yet judged" : "Value: " + formatSigned(value) + " (the analyst\u2019s judgement, not a measurement)"));
    const cs = classData ? classAt(p.id, y) : null;
    if (cs) {
      evidence.appendChild(el("p", { class: "class-value" }, "Class: median " + formatSigned(cs.median) + ", middle half " + formatSigned(cs.q1) + " to " + formatSigned(cs.q3) + ", lowest " + formatSigned(cs.min) + ", highest " + formatSigned(cs.max) + " (" + cs.n + " of " + classData.readings + " readings)"));
    }
    if (!k) { evidence.appendChild(el("p", null, "No keyframes.")); return; }
    const from = keyframeOn(p, y) ? "Keyframe of " + dateWords(k.dateObj) : "From the keyframe of " + dateWords(k.dateObj) + (k.interpolation === "Hold" ? " (held until the next)" : "");
    evidence.appendChild(el("p", { class: "from" }, from));
    evidence.appendChild(el("p", { class: "confidence" }, "Confidence: " + (k.unjudged ? "not yet judged" : k.confidence.toLowerCase())));
    const reasoning = el("p", { class: "reasoning" });
    reasoning.appendChild(el("strong", null, "Analyst\u2019s judgement: "));
    reasoning.appendChild(document.createTextNode(k.reasoning ? safe(k.reasoning) : "(no reasoning written)"));
    evidence.appendChild(reasoning);
    if (isContested(k)) evidence.appendChild(el("p", { class: "warning" }, "\u2260 Contested: evidence points against this value."));
    if (isUnsupported(k)) evidence.appendChild(el("p", { class: "warning" }, "\u26a0 No quote supports this value."));
    for (const role of ["Supports", "Qualifies", "Contradicts"]) {
      const quotes = k.evidence.filter((e) => (e.role || "Supports") === role);
      if (!quotes.length) continue;
      evidence.appendChild(el("h3", null, ROLE_HEADING[role]));
      for (const ev of quotes) evidence.appendChild(quoteBlock(ev));
    }
  }

  // ---- Story -----------------------------------------------------------------------------
  function showStep() {
    if (!story.length) {
      stepCounter.textContent = "No story steps";
      stepTitle.textContent = "";
      stepCaption.textContent = "This map has no story.";
      storyPrev.disabled = true; storyNext.disabled = true;
      return;
    }
    const s = story[state.step];
    stepCounter.textContent = "Step " + (state.step + 1) + " of " + story.length;
    stepTitle.textContent = safeLine(s.title);
    stepCaption.textContent = safe(s.caption);
    stepQuotes.textContent = "";
    for (const q of s.quotes || []) stepQuotes.appendChild(quoteBlock(q));
    storyPrev.disabled = state.step === 0;
    storyNext.disabled = state.step === story.length - 1;
  }
  function goStep(i) {
    if (!story.length) return;
    state.step = Math.min(Math.max(i, 0), story.length - 1);
    state.stepActive = true;
    showStep();
    setDate(story[state.step].y);
    const ids = story[state.step].indicators || [];
    if (ids.length) { for (const id of ids) state.shownIndicators.add(id); syncIndicatorBoxes(); applyIndicators(); draw(); }
  }
  function syncIndicatorBoxes() {
    for (const box of indicatorBox.querySelectorAll("input[type=checkbox]")) box.checked = state.shownIndicators.has(box.getAttribute("data-indicator"));
  }

  // ---- Drawing ---------------------------------------------------------------------------
  function draw() {
    const t0 = performance.now();
    const y = state.date;
    dateLabelEl.textContent = dateLabel(y);
    const x = r2(tx(y));
    cursor.setAttribute("x1", x); cursor.setAttribute("x2", x);
    drawCompass();
    applyBands();
    rovingHome();
    fillEvidence(false);
    api.lastDrawMs = performance.now() - t0;
  }
  function setDate(y) {
    const v = Number(y);
    if (!Number.isFinite(v)) return;
    state.date = Math.min(Math.max(v, lo), hi);
    slider.value = String(state.date);
    draw();
  }
  function selectPower(id, y) {
    state.power = id;
    if (y != null) setDate(y); else draw();
    fillEvidence(true);
  }

  // ---- Events ----------------------------------------------------------------------------
  slider.addEventListener("input", () => { state.date = Number(slider.value); draw(); });
  prevBtn.addEventListener("click", () => { const s = [...stops].reverse().find((v) => v < state.date - 1e-6); if (s != null) setDate(s); });
  nextBtn.addEventListener("click", () => { const s = stops.find((v) => v > state.date + 1e-6); if (s != null) setDate(s); });
  let last = 0;
  function tick(now) {
    if (!state.playing) return;
    const dt = Math.min((now - last) / 1000, 0.25);
    last = now;
    const y = state.date + dt * PLAY_YEARS_PER_S;
    setDate(y);
    if (y >= hi) { setPlaying(false); return; }
    requestAnimationFrame(tick);
  }
  function setPlaying(on) {
    state.playing = on;
    playBtn.setAttribute("aria-label", on ? "Pause" : "Play");
    playBtn.textContent = on ? "\u275a\u275a" : "\u25b6";
    playBtn.setAttribute("title", on ? "Pause" : "Play through time");
    if (on) {
      if (state.date >= hi - 1e-9) setDate(lo);
      last = performance.now();
      requestAnimationFrame(tick);
    }
  }
  playBtn.addEventListener("click", () => setPlaying(!state.playing));
  function activate(target) {
    const arrow = target.closest && target.closest("g.arrow");
    if (arrow) { selectPower(arrow.getAttribute("data-power"), null); return true; }
    const ev = target.closest && target.closest("g.event");
    if (ev) {
      const i = [...eventsG.children].indexOf(ev);
      const e = events[i];
      if (e) {
        setDate(e.y);
        eventNote.textContent = "";
        eventNote.appendChild(el("strong", null, dateWords(e.dateObj) + ": " + safeLine(e.title)));
        if (e.note) eventNote.appendChild(document.createTextNode(" \u2014 " + safe(e.note)));
        return true;
      }
    }
    if (target.classList && target.classList.contains("keyframe")) {
      const p = powerById.get(target.getAttribute("data-power"));
      const k = p && p.track.find((kk) => kk.date === target.getAttribute("data-date"));
      if (k) { selectPower(p.id, k.y); return true; }
    }
    return false;
  }
  for (const svg of [compass, timeline]) {
    svg.addEventListener("click", (e) => { activate(e.target); });
    svg.addEventListener("keydown", (e) => {
      if ((e.key === "Enter" || e.key === " ") && activate(e.target)) e.preventDefault();
    });
  }
  // Focus survives a redraw of the arrows: the focused arrow is found again by its power.
  let focusedArrow = null;
  arrowsG.addEventListener("focusin", (e) => { const a = e.target.closest("g.arrow"); focusedArrow = a ? a.getAttribute("data-power") : null; });
  function drawCompass() {
    const had = focusedArrow && arrowsG.contains(document.activeElement) ? focusedArrow : null;
    drawCompassInner();
    if (had) {
      for (const a of arrowsG.children) if (a.getAttribute("data-power") === had) a.focus();
    }
  }
  storyPrev.addEventListener("click", () => goStep(state.step - 1));
  storyNext.addEventListener("click", () => goStep(state.step + 1));
  function presenting() { return !!document.fullscreenElement || body.classList.contains("presenting"); }
  fullBtn.addEventListener("click", () => {
    if (presenting()) {
      body.classList.remove("presenting");
      if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(() => {});
      return;
    }
    body.classList.add("presenting");
    if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => {});
    }
  });
  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement) body.classList.remove("presenting");
    fullBtn.setAttribute("aria-label", presenting() ? "Leave full screen" : "Full screen");
  });
  document.addEventListener("keydown", (e) => {
    const tag = e.target && e.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (e.key === "Escape" && body.classList.contains("presenting")) { body.classList.remove("presenting"); return; }
    if (!story.length) return;
    if (e.key === "ArrowRight" || e.key === "PageDown") { goStep(state.step + 1); e.preventDefault(); }
    else if (e.key === "ArrowLeft" || e.key === "PageUp") { goStep(state.step - 1); e.preventDefault(); }
  });

  // ---- For the browser tests only --------------------------------------------------------
  const api = {
    valueAt(id, y) { const p = powerById.get(id); return p ? judged(p, Number(y)) : null; },
    date() { return state.date; },
    setDate(y) { setDate(y); },
    ready: false,
    lastDrawMs: 0,
  };
  window.stanceMap = api;

  applyIndicators();
  showStep();
  draw();
  fillEvidence(true);
  api.ready = true;
})();
