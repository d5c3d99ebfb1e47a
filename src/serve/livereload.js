// Playbook live reload (added by `playbook serve` only; built sites never carry it).
(function () {
  "use strict";
  var key = "playbook-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, +saved); });
  }
  function overlay(problems) {
    var box = document.getElementById("playbook-errors");
    if (!problems) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "playbook-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#1f1f24;color:#f5f5f7;border-left:6px solid #ff5f56;border-radius:8px;padding:1rem 1.2rem;" +
        "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 10px 30px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var head = document.createElement("strong");
    head.textContent = "The site did not build. You are seeing the last good version.";
    box.appendChild(head);
    problems.forEach(function (d) {
      var p = document.createElement("pre");
      // Its own colours, not the theme's `pre` panel (near-white in light mode).
      p.style.cssText = "white-space:pre-wrap;margin:.8rem 0 0;padding:0;border:0;border-radius:0;" +
        "background:transparent;color:inherit;font:inherit";
      p.textContent = d.path + (d.line ? ":" + d.line + ":" + d.column : "") + ": " + d.severity + ": " + d.message +
        (d.help ? "\n  help: " + d.help : "");
      box.appendChild(p);
    });
  }
  // The generation of the build this page came from; a newer one means reload.
  var me = document.currentScript;
  var born = me ? me.getAttribute("data-generation") : null;
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  var events = null;
  function connect() {
    events = new EventSource("/__playbook/events");
    events.addEventListener("generation", function (e) { if (born !== null && e.data !== born) reload(); });
    events.addEventListener("reload", reload);
    events.addEventListener("css", function (e) {
      born = e.data;
      document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
        var url = new URL(link.href);
        url.searchParams.set("v", Date.now());
        var fresh = link.cloneNode();
        fresh.href = url.href;
        fresh.onload = function () { link.remove(); };
        link.after(fresh);
      });
    });
    events.addEventListener("errors", function (e) { overlay(JSON.parse(e.data)); });
    events.addEventListener("ok", function () { overlay(null); });
  }
  // A browser allows few open connections to one server; a hidden tab lets go of its
  // stream and catches up (by generation) when it is shown again.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && events) { events.close(); events = null; }
    else if (!document.hidden && !events) connect();
  });
  if (!document.hidden) connect();
})();
