// Playbook's default theme script: search first, then the theme (dark mode, the phone
// menu, collapsible sections, previews). One file, so a page makes one request for it.
//
// Search: loads the sharded index (search/*.js) on demand with script tags, so it
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
    // Each word cut to its first 24 characters, as the index keeps them (LONGEST_WORD).
    return text.split(/[^\p{Alphabetic}\p{N}]+/u).map(function (w) { return Array.from(w).slice(0, 24).join("").toLowerCase(); }).filter(function (w) {
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
      url += "?highlight=" + encodeURIComponent(words.join(" "));
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
  // Opened from a result, a page marks the words searched for (whole words starting with
  // them, as search matches) and scrolls to the first.
  function highlight() {
    var q = new URLSearchParams(location.search).get("highlight"), words = q ? tokens(q) : [];
    var scope = document.querySelector("main");
    if (!words.length || !scope) return;
    var re = new RegExp("((?<![\\p{L}\\p{N}])(?:" + words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")[\\p{L}\\p{N}]*)", "giu");
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, { acceptNode: function (n) {
      re.lastIndex = 0;
      return n.parentNode.closest("script, style, mark, nav, .heading-anchor") || !re.test(n.data) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    } });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (n) {
      var out = document.createDocumentFragment();
      n.data.split(re).forEach(function (part, i) {
        if (i % 2) { var m = document.createElement("mark"); m.className = "search-hit"; m.textContent = part; out.appendChild(m); }
        else if (part) out.appendChild(document.createTextNode(part));
      });
      n.parentNode.replaceChild(out, n);
    });
    var first = scope.querySelector(".content mark.search-hit");
    if (first && !location.hash) first.scrollIntoView({ block: "center" });
  }
  function setup() {
    highlight();
    var form = document.querySelector(".search"), input = form && form.querySelector("input"), list = form && form.querySelector("[role=listbox]");
    if (!input) return;
    form.hidden = false;
    // The shortcut is offered only where there is a keyboard to press it.
    if (matchMedia("(hover: hover) and (pointer: fine)").matches) input.placeholder = "Search ( / )";
    // Phones: the box hides behind a button in the header's one row.
    var html = document.documentElement, toggle = document.querySelector(".search-toggle");
    function open(on) {
      html.classList.toggle("search-open", on);
      if (toggle) toggle.setAttribute("aria-expanded", String(on));
      if (on) { input.focus(); input.select(); }
    }
    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () { open(true); });
      form.addEventListener("focusout", function () {
        setTimeout(function () { if (!form.contains(document.activeElement)) open(false); }, 150);
      });
    }
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
      if ((e.key === "/" && !typing) || (e.key === "k" && (e.ctrlKey || e.metaKey))) { open(true); e.preventDefault(); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();

// Playbook theme: dark-mode toggle, the phone menu, collapsible sections, and previews of
// glossary terms and internal links. Without scripts the page still works: the sidebar
// shows, every section is open, and `title` carries each preview.
(function () {
  "use strict";
  var root = document.documentElement;

  // Dark mode follows the system until the reader picks one; the pick is remembered
  // (the inline script in <head> applies it before the page is drawn).
  var system = window.matchMedia("(prefers-color-scheme: dark)");
  function dark() { var t = root.getAttribute("data-theme"); return t ? t === "dark" : system.matches; }
  function paint() {
    root.toggleAttribute("data-dark", dark());
    document.querySelectorAll(".theme-toggle").forEach(function (b) { b.setAttribute("aria-pressed", String(dark())); });
  }
  system.addEventListener("change", paint);
  // A pick made in another tab applies here too; so does one made after this page was
  // left, when Back brings it out of the browser's back/forward cache (Chromium sends the
  // storage event then; pageshow covers a browser that does not).
  function follow(t) { if (t === "dark" || t === "light") { root.setAttribute("data-theme", t); paint(); } }
  window.addEventListener("storage", function (e) { if (e.key === "playbook-theme") follow(e.newValue); });
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) try { follow(localStorage.getItem("playbook-theme")); } catch (err) { /* private mode */ }
  });

  function setup() {
    paint();
    document.querySelectorAll(".theme-toggle").forEach(function (b) {
      b.addEventListener("click", function () {
        var pick = dark() ? "light" : "dark";
        root.setAttribute("data-theme", pick);
        try { localStorage.setItem("playbook-theme", pick); } catch (e) { /* private mode: this page only */ }
        paint();
      });
    });

    // Phones: the sections hide behind the menu button.
    var menu = document.querySelector(".menu-toggle");
    if (menu) menu.addEventListener("click", function () {
      var open = root.classList.toggle("nav-open");
      menu.setAttribute("aria-expanded", String(open));
      if (open) { var a = document.querySelector(".sidebar a"); if (a) a.focus(); }
    });

    navigation();
    // Above the text (narrower screens), the page's contents start folded.
    if (matchMedia("(max-width: 76rem)").matches) document.querySelectorAll(".toc details").forEach(function (d) { d.open = false; });
    scrollers();
    window.addEventListener("resize", scrollers);

    previews();
  }

  // A table, code block or diagram wider than the column scrolls in its own box: the
  // keyboard can reach it to scroll it too.
  function scrollers() {
    document.querySelectorAll("main table, main pre, main .diagram").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0; else box.removeAttribute("tabindex");
    });
  }

  // The sidebar: the whole tree from nav.js (shared by every page, so a page's own HTML
  // keeps only a window of it), the branch of the current page open, the others built
  // when opened; it scrolls on its own to show the current page. Without nav.js the
  // window the page carries stays.
  function navigation() {
    var side = document.getElementById("sidebar"), box = side && side.querySelector(".nav-tree");
    var tree = window.playbookNav, me = document.querySelector("script[data-root]");
    if (box && Array.isArray(tree)) {
      var base = (me && me.getAttribute("data-root")) || "./", here = side.getAttribute("data-page");
      var disk = location.protocol === "file:";
      var href = function (url) { var h = base + url; return disk && /\/$/.test(h) ? h + "index.html" : h; };
      // The sections holding the current page, outermost first.
      var path = [];
      (function find(items) {
        return items.some(function (item) {
          if (item[1] === here) return true;
          if (item[2] && find(item[2])) { path.push(item); return true; }
          return false;
        });
      })(tree);
      var list = function (items) {
        var ul = document.createElement("ul");
        items.forEach(function (item) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = href(item[1]); a.textContent = item[0];
          if (item[1] === here) a.setAttribute("aria-current", "page");
          if (!item[2]) { li.appendChild(a); ul.appendChild(li); return; }
          var open = item[1] === here || path.indexOf(item) >= 0, row = document.createElement("div"), b = document.createElement("button");
          li.className = "section " + (open ? "open" : "closed");
          row.className = "nav-row"; b.className = "nav-toggle"; b.type = "button";
          b.setAttribute("aria-expanded", String(open)); b.setAttribute("aria-label", item[0] + ": pages");
          row.append(a, b); li.appendChild(row);
          li.playbookItems = item[2];
          if (open) li.appendChild(list(item[2]));
          ul.appendChild(li);
        });
        return ul;
      };
      box.replaceChildren(list(tree));
    }
    if (!side) return;
    // Sections open and close in place; a closed one's pages are built on first opening.
    side.addEventListener("click", function (e) {
      var b = e.target.closest(".nav-toggle");
      if (!b) return;
      var li = b.closest("li"), open = li.classList.toggle("closed") === false;
      if (open && !li.querySelector("ul") && li.playbookItems) li.appendChild(list(li.playbookItems));
      li.classList.toggle("open", open);
      b.setAttribute("aria-expanded", String(open));
    });
    var current = side.querySelector("[aria-current=page]");
    if (current) {
      var top = current.getBoundingClientRect().top - side.getBoundingClientRect().top;
      if (top > side.clientHeight * 0.8) side.scrollTop = top - side.clientHeight / 3;
    }
  }

  // Previews: a glossary term shows its definition, an internal link its page's title and
  // description, in a popover on hover, keyboard focus or a first tap; a second tap opens
  // the link. The text comes from the link's `title` ("Title\nDescription"), which is
  // moved aside so the browser's own tooltip does not show as well.
  function previews() {
    var links = Array.prototype.filter.call(document.querySelectorAll("a.term[title], main .content a[title]"), function (a) {
      return a.classList.contains("term") || (a.protocol === location.protocol && a.host === location.host && a.getAttribute("href").charAt(0) !== "#");
    });
    if (!links.length) return;
    var pop = document.createElement("div"), owner = null, timer = 0, touched = false;
    pop.className = "popover"; pop.id = "playbook-preview"; pop.setAttribute("role", "tooltip"); pop.hidden = true;
    document.body.appendChild(pop);
    links.forEach(function (a) { a.setAttribute("data-preview", a.getAttribute("title")); a.removeAttribute("title"); });

    function show(a) {
      clearTimeout(timer);
      if (owner === a) return;
      hide();
      var lines = a.getAttribute("data-preview").split("\n"), title = document.createElement("strong");
      title.textContent = lines[0];
      pop.appendChild(title);
      if (lines.length > 1) { var p = document.createElement("p"); p.textContent = lines.slice(1).join(" "); pop.appendChild(p); }
      var go = document.createElement("a");
      go.href = a.href; go.tabIndex = -1;
      go.textContent = a.classList.contains("term") ? "Read the definition →" : "Open the page →";
      pop.appendChild(go);
      owner = a; pop.hidden = false;
      a.setAttribute("aria-describedby", pop.id);
      place(a);
    }
    function hide() {
      clearTimeout(timer);
      if (owner) owner.removeAttribute("aria-describedby");
      owner = null; pop.hidden = true; pop.textContent = "";
    }
    function later(f) { clearTimeout(timer); timer = setTimeout(f, 150); }
    function place(a) {
      var r = a.getClientRects()[0] || a.getBoundingClientRect(), h = pop.offsetHeight, w = pop.offsetWidth;
      var top = r.bottom + 6 + h > window.innerHeight && r.top > h + 6 ? r.top - h - 6 : r.bottom + 6;
      var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - w - 8));
      pop.style.top = top + window.scrollY + "px"; pop.style.left = left + window.scrollX + "px";
    }
    function target(e) { var a = e.target.closest && e.target.closest("a[data-preview]"); return a && links.indexOf(a) >= 0 ? a : null; }

    document.addEventListener("pointerdown", function (e) { touched = e.pointerType === "touch"; }, true);
    document.addEventListener("keydown", function () { touched = false; }, true);
    document.addEventListener("mouseover", function (e) {
      var a = target(e);
      if (a && !touched) later(function () { show(a); });
      else if (pop.contains(e.target)) clearTimeout(timer);
    });
    document.addEventListener("mouseout", function (e) {
      if ((target(e) || pop.contains(e.target)) && !touched) later(hide);
    });
    // A tap focuses the link before its click: the click decides (below).
    document.addEventListener("focusin", function (e) { var a = target(e); if (a && !touched) show(a); else if (!a && !pop.contains(e.target)) hide(); });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && owner) hide(); });
    document.addEventListener("click", function (e) {
      var a = target(e);
      if (a && touched && owner !== a) { e.preventDefault(); show(a); }
      else if (!a && !pop.contains(e.target)) hide();
    });
    window.addEventListener("resize", hide);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
