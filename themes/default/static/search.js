// Playbook search: loads the sharded index (search/*.js) on demand with script tags, so it
// works on any static host and from disk. Splits and lowercases words exactly as
// src/search/words.rs does (split on non-alphabetic, non-numeric characters, then lowercase).
(function () {
  "use strict";
  var me = document.currentScript;
  var root = (me && me.getAttribute("data-root")) || "./";
  var STOP = "a an and are as at be but by for from has have if in into is it its of on or so than that the their them then there these they this to was were what when which who will with you your".split(" ");
  var store = { manifest: null, pages: {}, words: {} };
  var waiting = {};
  window.playbookSearch = {
    add: function (kind, key, data) {
      if (kind === "manifest") store.manifest = data; else store[kind][key] = data;
      (waiting[kind + key] || []).forEach(function (done) { done(); });
      delete waiting[kind + key];
    }
  };
  // Every caller waiting for a file is told when it arrives; the file is fetched once.
  function load(kind, key, file) {
    if (kind === "manifest" ? store.manifest : store[kind][key]) return Promise.resolve();
    return new Promise(function (resolve) {
      if (waiting[kind + key]) { waiting[kind + key].push(resolve); return; }
      waiting[kind + key] = [resolve];
      var s = document.createElement("script");
      s.src = root + "search/" + file;
      s.onerror = function () { (waiting[kind + key] || []).forEach(function (done) { done(); }); delete waiting[kind + key]; };
      document.head.appendChild(s);
    });
  }
  function tokens(text) {
    return text.split(/[^\p{Alphabetic}\p{N}]+/u).map(function (w) { return w.toLowerCase(); }).filter(function (w) {
      return Array.from(w).length >= 2 && STOP.indexOf(w) < 0;
    });
  }
  function hex(prefix) {
    return Array.from(new TextEncoder().encode(prefix), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  // The shards that may hold words starting with `word`: the one of the longest prefix of
  // the word, and (for a short word, if there are few) the longer prefixes under it.
  function shardsFor(word, prefixes) {
    var own = "", under = [];
    prefixes.forEach(function (p) {
      if (word.indexOf(p) === 0 && p.length > own.length) own = p;
      else if (p.indexOf(word) === 0) under.push(p);
    });
    var keys = under.length <= 6 ? under : [];
    if (own) keys.push(own);
    keys.partial = under.length > 6;
    return keys;
  }
  // Pages matching every word of the query (a word matches as a prefix), best first.
  async function search(query) {
    var words = tokens(query);
    if (!words.length) return { words: words, hits: [] };
    await load("manifest", "", "index.js");
    var m = store.manifest;
    var total = null;
    var partial = false;
    for (var i = 0; i < words.length; i++) {
      var scores = {}, keys = shardsFor(words[i], m.shards);
      partial = partial || keys.partial;
      for (var k = 0; k < keys.length; k++) {
        var key = hex(keys[k]);
        await load("words", key, "w-" + key + ".js");
        var shard = store.words[key] || {};
        for (var w in shard) {
          if (w.indexOf(words[i]) !== 0) continue;
          var bonus = w === words[i] ? 2 : 1, list = shard[w], page = 0;
          for (var j = 0; j < list.length; j += 2) {
            page += list[j];
            scores[page] = Math.max(scores[page] || 0, list[j + 1] * bonus);
          }
        }
      }
      if (total === null) total = scores;
      else for (var p in total) { if (scores[p] === undefined) delete total[p]; else total[p] += scores[p]; }
    }
    var hits = Object.keys(total).map(Number).sort(function (a, b) { return total[b] - total[a] || a - b; }).slice(0, 12);
    for (var h = 0; h < hits.length; h++) {
      var c = Math.floor(hits[h] / m.chunk);
      await load("pages", String(c), "p-" + c + ".js");
    }
    return { words: words, partial: partial, hits: hits.map(function (n) {
      var e = store.pages[Math.floor(n / m.chunk)][n % m.chunk];
      var url = root + e[0];
      if (location.protocol === "file:" && /\/$/.test(url)) url += "index.html";
      return { url: url, title: e[1], section: m.sections[e[2]], summary: e[3] };
    }) };
  }
  function mark(text, words) {
    var out = document.createDocumentFragment();
    var re = new RegExp("(" + words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "giu");
    text.split(re).forEach(function (part, i) {
      if (i % 2) { var m = document.createElement("mark"); m.textContent = part; out.appendChild(m); }
      else out.appendChild(document.createTextNode(part));
    });
    return out;
  }
  function setup() {
    var form = document.querySelector(".search"), input = form && form.querySelector("input"), list = form && form.querySelector("[role=listbox]");
    if (!input) return;
    form.hidden = false;
    var active = -1, seq = 0;
    function options() { return list.querySelectorAll("[role=option]"); }
    function select(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    async function run() {
      var mine = ++seq, q = input.value.trim();
      var result = q.length >= 2 ? await search(q) : { words: [], hits: [] };
      if (mine !== seq) return;
      list.textContent = ""; active = -1; input.removeAttribute("aria-activedescendant");
      result.hits.forEach(function (hit, i) {
        var li = document.createElement("li"), a = document.createElement("a");
        li.setAttribute("role", "option"); li.id = "search-hit-" + i;
        a.href = hit.url; a.tabIndex = -1;
        var t = document.createElement("span"); t.className = "hit-title"; t.appendChild(mark(hit.title, result.words));
        var s = document.createElement("span"); s.className = "hit-section"; s.textContent = hit.section;
        var p = document.createElement("span"); p.className = "hit-summary"; p.appendChild(mark(hit.summary, result.words));
        a.append(t, s, p); li.appendChild(a); list.appendChild(li);
      });
      if (q.length >= 2 && !result.hits.length) {
        var none = document.createElement("li"); none.className = "no-hits";
        none.textContent = result.partial ? "Keep typing: “" + q + "” starts too many words." : "No pages match “" + q + "”.";
        list.appendChild(none);
      }
      list.hidden = !list.children.length;
      input.setAttribute("aria-expanded", list.hidden ? "false" : "true");
    }
    var timer;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 60); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { select(active + 1); e.preventDefault(); }
      else if (e.key === "ArrowUp") { select(active - 1); e.preventDefault(); }
      else if (e.key === "Enter") {
        var opts = options(), pick = opts[active < 0 ? 0 : active];
        if (pick) { window.location.href = pick.querySelector("a").href; }
        e.preventDefault();
      } else if (e.key === "Escape") { input.value = ""; run(); input.blur(); }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    document.addEventListener("keydown", function (e) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
      if ((e.key === "/" && !typing) || (e.key === "k" && (e.ctrlKey || e.metaKey))) { input.focus(); input.select(); e.preventDefault(); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
