// Browser checks, run by tests/browser.rs: `node check.js SCENARIO SITE_DIR`.
// Opens the built site in Debian's chromium, from disk (file://) or, where hosting
// matters, served over HTTP by host() below, and does what a reader would; prints one
// line "ok SCENARIO" or throws with what went wrong.
const { chromium } = require("playwright-core");
const path = require("path");

const [scenario, site, extra] = process.argv.slice(2);
const url = (p) => "file://" + path.resolve(site, p);
function expect(cond, what) { if (!cond) throw new Error(what); }

// Serves the site over HTTP from `prefix`, as a static host does: a folder answers with its
// index.html, a missing address with 404.html. Resolves to the server and its origin.
async function host(prefix) {
  const fs = require("fs"), http = require("http");
  const server = http.createServer((req, res) => {
    let rel = "";
    try { rel = decodeURIComponent(req.url.split(/[?#]/)[0]); } catch (e) { /* answered with 404.html */ }
    let file = rel.startsWith(prefix) ? path.join(site, rel.slice(prefix.length)) : null;
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    const found = file && fs.existsSync(file) && fs.statSync(file).isFile();
    const type = /\.css$/.test(file || "") ? "text/css" : /\.js$/.test(file || "") ? "text/javascript" : "text/html";
    res.writeHead(found ? 200 : 404, { "Content-Type": found ? type : "text/html" });
    res.end(fs.readFileSync(found ? file : path.join(site, "404.html")));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, origin: "http://127.0.0.1:" + server.address().port };
}

// Does `action` (a click, a key) and waits for the page it opens to load, title,
// stylesheet and all, before anything is read from it.
async function navigates(page, action) {
  await Promise.all([page.waitForEvent("framenavigated"), action()]);
  await page.waitForLoadState("load");
}

// The page's background colour, and a wait for it to become `want`. A browser may hand a
// stored dark-mode pick to another document a moment later, so colours that depend on it
// are awaited (up to 5 s), not sampled once; a failure says what the page had.
const bg = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
async function becomes(page, want, what) {
  try {
    await page.waitForFunction((c) => getComputedStyle(document.body).backgroundColor === c, want, { timeout: 5000 });
  } catch (e) {
    const seen = await page.evaluate(() => ({
      bg: getComputedStyle(document.body).backgroundColor, page: location.pathname.split("/").slice(-2).join("/"),
      theme: document.documentElement.getAttribute("data-theme"), stored: localStorage.getItem("playbook-theme") }));
    throw new Error(what + ": the background is " + seen.bg + ", not " + want + " (" + JSON.stringify(seen) + ")");
  }
}

// What a person can read: every element under `selector` that holds text, its colour
// against the first opaque background behind it (its own or an ancestor's), by WCAG's
// contrast ratio. Resolves to the least ratio found and the text that has it.
async function legibility(page, selector) {
  return page.evaluate((selector) => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)]; return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    const behind = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const b = rgb(getComputedStyle(e).backgroundColor);
        if (b.length === 3 || (b.length > 3 && b[3] >= 0.5)) return b;
      }
      return [255, 255, 255];
    };
    let least = { ratio: Infinity, text: "(no text)" };
    for (const root of document.querySelectorAll(selector)) {
      for (const el of [root, ...root.querySelectorAll("*")]) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own || el.getBoundingClientRect().width === 0) continue;
        const r = ratio(rgb(getComputedStyle(el).color), behind(el));
        if (r < least.ratio) least = { ratio: r, text: el.textContent.trim().slice(0, 60), ink: getComputedStyle(el).color, under: behind(el).join(",") };
      }
    }
    return least;
  }, selector);
}

// The pixels of `clip` on the page as a person sees them: a screenshot, decoded in the
// page by a canvas. Resolves to { w, h, at(x, y) -> [r, g, b] }.
async function pixels(page, clip) {
  const png = await page.screenshot({ clip });
  const { w, h, data } = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = "data:image/png;base64," + b64;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width; c.height = img.height;
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    return { w: img.width, h: img.height, data: Array.from(g.getImageData(0, 0, img.width, img.height).data) };
  }, png.toString("base64"));
  return { w, h, at: (x, y) => data.slice((y * w + x) * 4, (y * w + x) * 4 + 3) };
}
// The mean brightness (0-255) of column x of `px`, over its middle half.
function column(px, x) {
  let sum = 0, n = 0;
  for (let y = Math.floor(px.h / 4); y < Math.floor(px.h * 3 / 4); y++, n++) sum += px.at(x, y).reduce((a, b) => a + b) / 3;
  return sum / n;
}

const scenarios = {
  // Typing shows results, arrows move, Enter opens the chosen page.
  async search(page) {
    await page.goto(url("index.html"));
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement.id) === "search-input", "/ does not focus the search box");
    await page.keyboard.type("build trus");
    await page.waitForSelector("#search-results [role=option]", { timeout: 5000 });
    const titles = await page.$$eval("#search-results .hit-title", (els) => els.map((e) => e.textContent));
    expect(titles[0] === "Build trust early", "first result is " + JSON.stringify(titles));
    const marks = await page.$$eval("#search-results [role=option]:first-child .hit-title mark", (els) => els.map((e) => e.textContent));
    expect(marks.join(" ") === "Build trus", "highlighted: " + JSON.stringify(marks));
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const selected = await page.$eval("[role=option][aria-selected=true] .hit-title", (e) => e.textContent);
    await navigates(page, () => page.keyboard.press("Enter"));
    expect(await page.title() === selected + " · Fixture Playbook", "Enter opened " + (await page.title()) + ", not " + selected);
    const hits = await page.$$eval("main mark.search-hit", (els) => els.map((e) => e.textContent.toLowerCase()));
    expect(hits.length > 0 && hits.every((h) => h.startsWith("build") || h.startsWith("trus")), "marked on the page: " + JSON.stringify(hits));
    await page.keyboard.press("Control+k");
    await page.keyboard.type("zzqx");
    await page.waitForSelector("#search-results .no-hits", { timeout: 5000 });
  },
  // Served by `playbook serve`: saving a file updates the open page by itself, keeping
  // the scroll position. `site` is the server's URL, `extra` the file to edit.
  async live(page) {
    const fs = require("fs");
    await page.setViewportSize({ width: 800, height: 400 });
    await page.goto(site + "tips/secure-executive-sponsorship/");
    await page.evaluate(() => window.scrollTo(0, 300));
    const before = await page.evaluate(() => window.scrollY);
    expect(before > 0, "the page does not scroll");
    fs.appendFileSync(extra, "\n\nA sentence added while the page was open.\n");
    await page.waitForFunction(() => document.body.innerText.includes("A sentence added while the page was open."), null, { timeout: 8000 });
    await page.waitForFunction((y) => window.scrollY === y, before, { timeout: 4000 });
    fs.appendFileSync(extra, "\n[[No such page]]\n");
    await page.waitForSelector("#playbook-errors", { timeout: 8000 });
    const overlay = await page.$eval("#playbook-errors", (e) => e.innerText);
    expect(overlay.includes("[[No such page]] matches no page"), "overlay says " + overlay);
    expect(overlay.includes("01-secure-executive-sponsorship.md:"), "overlay names the file: " + overlay);
    // What a person sees, in both schemes: every line of the overlay readable (4.5:1).
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      const seen = await legibility(page, "#playbook-errors");
      expect(seen.ratio >= 4.5, `${scheme}: overlay text "${seen.text}" is ${seen.ratio.toFixed(2)}:1 (${seen.ink} on ${seen.under})`);
    }
    await page.emulateMedia({ colorScheme: "light" });
    const text = fs.readFileSync(extra, "utf8").replace("\n[[No such page]]\n", "");
    fs.writeFileSync(extra, text);
    await page.waitForFunction(() => !document.getElementById("playbook-errors"), null, { timeout: 8000 });
  },
  // Opened from disk, links to folders open their index.html, not a file listing.
  async disk(page) {
    await page.goto(url("tips/build-trust/index.html"));
    await navigates(page, () => page.click(".breadcrumbs a >> text=Tips"));
    expect(await page.title() === "Tips · Fixture Playbook", "breadcrumb opened " + (await page.title()));
    await navigates(page, () => page.click(".listing a >> text=Measure what matters"));
    await navigates(page, () => page.click(".content a >> text=guides"));
    expect(await page.title() === "First guide · Fixture Playbook", "content link opened " + (await page.title()));
  },
  // A redirect page opened from disk lands on the page's index.html, not a file listing:
  // the page given after the site, then the title expected.
  async redirect(page) {
    await navigates(page, () => page.goto(url(process.argv[4])));
    await page.waitForLoadState("load");
    const title = await page.title();
    expect(title.startsWith(process.argv[5]), "the redirect opened " + title + " at " + page.url());
    expect(page.url().endsWith("/index.html"), "not a page: " + page.url());
  },
  // A glossary term shows its definition in a popover on hover and on keyboard focus; an
  // internal link previews its page's title and description.
  async popover(page) {
    await page.goto(url("tips/measure/index.html"));
    const term = page.locator(".content a.term").first();
    const pop = page.locator("#playbook-preview");
    expect(await term.getAttribute("title") === null, "the native tooltip is still on");
    expect(await pop.isHidden(), "the popover shows before anything happens");
    await term.hover();
    await pop.waitFor({ state: "visible", timeout: 3000 });
    let text = await pop.innerText();
    expect(text.includes("North Star") && text.includes("The shared goal both partners steer by."), "hover popover: " + text);
    expect(await pop.locator("a").evaluate((a) => a.href) === await term.evaluate((a) => a.href), "the popover links elsewhere");
    expect(await term.getAttribute("aria-describedby") === "playbook-preview", "the term is not described by the popover");
    await page.mouse.move(5, 5);
    await pop.waitFor({ state: "hidden", timeout: 3000 });
    await page.evaluate(() => document.activeElement.blur());
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      if (await term.evaluate((e) => e === document.activeElement)) break;
    }
    expect(await term.evaluate((e) => e === document.activeElement), "Tab never reaches the term");
    await pop.waitFor({ state: "visible", timeout: 3000 });
    await page.keyboard.press("Escape");
    await pop.waitFor({ state: "hidden", timeout: 3000 });
    const link = page.locator(".content a[data-preview]:not(.term)").first();
    await link.hover();
    await pop.waitFor({ state: "visible", timeout: 3000 });
    text = await pop.innerText();
    expect(text.includes("Secure executive sponsorship") && text.includes("Find a sponsor before you pick a partner."), "link preview: " + text);
  },
  // On a touch screen the first tap on a term shows its definition, the second opens it.
  async touch(page) {
    await page.goto(url("tips/measure/index.html"));
    const term = page.locator(".content a.term").first();
    const pop = page.locator("#playbook-preview");
    await term.tap();
    await pop.waitFor({ state: "visible", timeout: 3000 });
    expect((await pop.innerText()).includes("The shared goal both partners steer by."), "tap popover: " + (await pop.innerText()));
    expect(page.url().endsWith("tips/measure/index.html"), "the first tap navigated to " + page.url());
    await navigates(page, () => term.tap());
    expect(await page.title() === "North Star · Fixture Playbook", "the second tap opened " + (await page.title()));
  },
  // With scripts off (see the runner below), a glossary term shows its definition on keyboard focus (CSS) and
  // carries it in `title` for the mouse.
  async term(page) {
    await page.goto(url("tips/measure/index.html"));
    const term = page.locator(".content a.term").first();
    expect(await term.getAttribute("title") === "North Star\nThe shared goal both partners steer by.", "term title: " + await term.getAttribute("title"));
    const before = await term.evaluate((e) => getComputedStyle(e, "::after").content);
    expect(before === "none" || before === "normal", "tooltip shown before focus: " + before);
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      if (await term.evaluate((e) => e === document.activeElement)) break;
    }
    expect(await term.evaluate((e) => e === document.activeElement), "Tab never reaches the term");
    const after = await term.evaluate((e) => getComputedStyle(e, "::after").content);
    expect(after.includes("The shared goal both partners steer by."), "focused tooltip shows " + after);
  },
  // The dark-mode toggle overrides the system and is remembered on the next page, on a
  // reload and in another open tab. Served over HTTP, as a host serves it: Chromium keeps
  // `localStorage` of file:// pages per renderer process, so from disk a page opened in
  // another process does not see the pick (3 to 8 in 100 tries here, under load).
  async dark(page) {
    const { server, origin } = await host("/");
    try {
      await page.emulateMedia({ colorScheme: "light" });
      await page.goto(origin + "/index.html");
      const light = await bg(page);
      const other = await page.context().newPage();
      await other.goto(origin + "/glossary/");
      expect(await bg(other) === light, "the second tab starts " + (await bg(other)) + ", not " + light);
      await page.click(".theme-toggle");
      expect(await page.getAttribute(".theme-toggle", "aria-pressed") === "true", "the toggle is not pressed");
      const dark = await bg(page);
      expect(dark !== light, "the background stays " + light);
      await becomes(other, dark, "the other open tab");
      expect(await other.getAttribute(".theme-toggle", "aria-pressed") === "true", "the other tab's toggle is not pressed");
      await other.close();
      await navigates(page, () => page.click(".site-links a >> text=Tags"));
      await becomes(page, dark, "the next page");
      expect(await page.getAttribute(".theme-toggle", "aria-pressed") === "true", "the next page's toggle is not pressed");
      await page.click(".theme-toggle");
      expect(await bg(page) === light, "toggling back leaves " + (await bg(page)));
      await page.emulateMedia({ colorScheme: "dark" });
      await page.reload();
      await becomes(page, light, "after a reload, a remembered light choice gave way to the system");
    } finally {
      server.close();
    }
  },
  // Back to a page the browser kept in its back/forward cache (Playwright turns that cache
  // off; this scenario turns it on): the page shows the dark-mode pick made after it was
  // left, not the one it had.
  async back(page) {
    const { server, origin } = await host("/");
    try {
      await page.emulateMedia({ colorScheme: "light" });
      await page.goto(origin + "/index.html");
      await page.evaluate(() => { window.keptByTheBrowser = true; });
      await navigates(page, () => page.click(".site-links a >> text=Tags"));
      await page.click(".theme-toggle");
      const dark = await bg(page);
      await page.goBack({ waitUntil: "commit" });
      await page.waitForFunction(() => document.readyState === "complete");
      expect(await page.evaluate(() => window.keptByTheBrowser === true), "the browser loaded the page afresh, so nothing came from its cache");
      await becomes(page, dark, "the page brought back");
      expect(await page.getAttribute(".theme-toggle", "aria-pressed") === "true", "the page brought back has its toggle up");
    } finally {
      server.close();
    }
  },
  // The sidebar marks the current page and opens its section; other sections open and
  // close in place.
  async sidebar(page) {
    await page.goto(url("tips/build-trust/index.html"));
    const current = await page.$$eval(".sidebar [aria-current=page]", (els) => els.map((e) => e.textContent));
    expect(JSON.stringify(current) === JSON.stringify(["Build trust early"]), "current: " + JSON.stringify(current));
    const tips = page.locator(".sidebar li.section", { has: page.locator(".nav-row > a >> text=Tips") });
    expect(await tips.locator("> .nav-row > .nav-toggle").getAttribute("aria-expanded") === "true", "the page's section is closed");
    const roles = page.locator(".sidebar li.section", { has: page.locator(".nav-row > a >> text=Roles") }).first();
    const toggle = roles.locator("> .nav-row > .nav-toggle");
    expect(await roles.locator("> ul").isHidden(), "another section starts open");
    await toggle.click();
    expect(await roles.locator("> ul").isVisible(), "the toggle does not open the section");
    expect(await toggle.getAttribute("aria-expanded") === "true", "aria-expanded not updated");
    await toggle.click();
    expect(await roles.locator("> ul").isHidden(), "the toggle does not close the section");
  },
  // On a phone the sections hide behind the menu button; on a desktop there is no button.
  async phone(page) {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(url("tips/build-trust/index.html"));
    expect(await page.isVisible(".menu-toggle"), "no menu button at phone width");
    expect(await page.isHidden(".sidebar"), "the sidebar shows at phone width");
    await page.click(".menu-toggle");
    expect(await page.isVisible(".sidebar [aria-current=page]"), "the menu does not show the sections");
    expect(await page.getAttribute(".menu-toggle", "aria-expanded") === "true", "aria-expanded not updated");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 390, "the page scrolls sideways: " + width + "px");
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(await page.isHidden(".menu-toggle"), "a menu button on a desktop");
    expect(await page.isVisible(".sidebar"), "no sidebar on a desktop");
    expect(await page.isVisible(".page > .toc"), "no table of contents on a desktop");
    const toc = await page.$eval(".page > .toc", (e) => e.getBoundingClientRect().left);
    const text = await page.$eval(".page > .content", (e) => e.getBoundingClientRect().right);
    expect(toc > text, "the contents are not on the right: " + toc + " <= " + text);
  },
  // A long site's sidebar on a desktop, from disk: every page of a 40-page section is in
  // it (the whole tree comes from nav.js), the current page is marked and in view, the
  // sidebar stays in view as the page scrolls and scrolls on its own, a closed section
  // opens in place with its pages, and its links open their pages. With scripts off, the
  // page's own window of its section and a link to the rest.
  async longnav(page) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(url("long/page-35/index.html"));
    expect((await page.getAttribute("#search-input", "placeholder")).includes("/"), "no shortcut hint on a desktop");
    expect(await page.isVisible("#search-input") && await page.isHidden(".search-toggle"), "a desktop's search box hides behind a button");
    const names = await page.$$eval("#sidebar a", (as) => as.map((a) => a.textContent));
    const missing = [];
    for (let n = 1; n <= 40; n++) if (!names.includes("Page " + String(n).padStart(2, "0"))) missing.push(n);
    expect(missing.length === 0, "pages missing from the sidebar: " + missing.join(", "));
    expect((await page.$$eval("#sidebar [aria-current=page]", (e) => e.map((x) => x.textContent))).join() === "Page 35", "the current page is not marked");
    const view = () => page.evaluate(() => {
      const side = document.getElementById("sidebar"), s = side.getBoundingClientRect();
      const c = side.querySelector("[aria-current=page]").getBoundingClientRect();
      return { side: [s.top, s.bottom], current: [c.top, c.bottom], scrolls: side.scrollHeight > side.clientHeight + 10, y: scrollY };
    });
    let v = await view();
    expect(v.scrolls, "the sidebar does not scroll on its own");
    const shown = (v) => v.current[0] >= v.side[0] && v.current[1] <= Math.min(v.side[1], 900);
    expect(shown(v), "the current page is out of view in the sidebar: " + JSON.stringify(v));
    // Half way down (at the very end the footer comes up under it, as it should).
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    v = await view();
    expect(v.y > 500, "the page is too short to scroll: " + v.y);
    expect(v.side[0] >= 0 && v.side[0] < 80 && shown(v), "the sidebar scrolled away with the page: " + JSON.stringify(v));
    // A closed section opens with its pages, and they open.
    const tips = page.locator("#sidebar li.section", { has: page.locator(".nav-row > a >> text=Tips") }).first();
    expect(await tips.getAttribute("class") === "section closed", "another section starts open");
    await tips.locator("> .nav-row > .nav-toggle").click();
    const inside = await tips.locator("> ul a").allTextContents();
    expect(inside.includes("Build trust early"), "the opened section lists " + JSON.stringify(inside));
    await navigates(page, () => tips.locator("> ul a >> text=Build trust early").click());
    expect(await page.title() === "Build trust early · Fixture Playbook", "the sidebar link opened " + (await page.title()));
    // Scripts off: the window the page carries, and a way to the rest.
    const off = await page.context().browser().newContext({ javaScriptEnabled: false, viewport: { width: 1440, height: 900 } });
    const plain = await off.newPage();
    await plain.goto(url("long/page-35/index.html"));
    const window = await plain.$$eval("#sidebar li li a", (as) => as.map((a) => a.textContent));
    expect(window.filter((t) => /^Page /.test(t)).length <= 12 && window.includes("Page 35") && window.some((t) => /earlier pages/.test(t)), "without scripts: " + JSON.stringify(window));
    await off.close();
  },

  // A phone (390x844, touch): the header is one row, search opens from a button and has
  // no keyboard hint, the menu opens the sections over the page; wide tables, code and
  // diagrams scroll inside their own box, never cut off, with a shadow at the edge that
  // has more.
  async phonebar(page) {
    const phone = await page.context().browser().newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const p = await phone.newPage();
    const errors = [];
    p.on("pageerror", (e) => errors.push(e.message));
    await p.goto(url("wide/index.html"));
    const header = await p.evaluate(() => {
      const h = document.querySelector(".site-header").getBoundingClientRect();
      const rows = [...document.querySelectorAll(".site-header > *")].filter((e) => e.getBoundingClientRect().height > 0)
        .map((e) => Math.round(e.getBoundingClientRect().top));
      return { height: h.height, rows: new Set(rows).size };
    });
    expect(header.height <= 56 && header.rows === 1, "the header takes " + header.height + "px in " + header.rows + " rows");
    expect(await p.isHidden("#search-input"), "the search box shows before it is asked for");
    expect(!(await p.getAttribute("#search-input", "placeholder")).includes("/"), "a keyboard hint on a touch screen");
    await p.tap(".search-toggle");
    expect(await p.isVisible("#search-input"), "the search button does not open the box");
    expect(await p.evaluate(() => document.activeElement.id) === "search-input", "the box is not focused");
    await p.keyboard.type("trust");
    await p.waitForSelector("#search-results [role=option]", { timeout: 5000 });
    const results = await p.$eval("#search-results", (e) => e.getBoundingClientRect());
    expect(results.left >= 0 && results.right <= 390, "results are cut off: " + JSON.stringify(results));
    await p.keyboard.press("Escape");
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 390, "the page scrolls sideways: " + width + "px");
    for (const sel of ["table", "pre", "figure.diagram"]) {
      const box = await p.$eval(".content " + sel, (e) => ({ left: e.getBoundingClientRect().left, right: e.getBoundingClientRect().right,
        scrolls: e.scrollWidth > e.clientWidth + 2, overflow: getComputedStyle(e).overflowX }));
      expect(box.left >= 0 && box.right <= 390, sel + " is cut off: " + JSON.stringify(box));
      expect(box.scrolls && /auto|scroll/.test(box.overflow), sel + " does not scroll in its own box: " + JSON.stringify(box));
    }
    // The shadow, as pixels: the code block's line runs past its right edge through
    // spaces only, so its edges differ by the hint alone; scrolled to the end, they swap.
    await p.$eval("pre", (e) => e.scrollIntoView({ block: "center" }));
    const edges = async () => {
      const r = await p.$eval("pre", (e) => { const b = e.getBoundingClientRect(); return { x: b.x, y: b.y, width: b.width, height: b.height }; });
      const px = await pixels(p, r);
      return { left: column(px, 2), right: column(px, px.w - 3) };
    };
    const start = await edges();
    expect(start.left - start.right > 12, "no shadow at the right edge of a code block with more to the right: " + JSON.stringify(start));
    await p.$eval("pre", (e) => { e.scrollLeft = e.scrollWidth; });
    const end = await edges();
    expect(end.right - end.left > 12, "no shadow at the left edge once scrolled to the end: " + JSON.stringify(end));
    // A page's contents, above its text on a phone, start folded and open on a tap.
    await p.goto(url("tips/build-trust/index.html"));
    const folded = await p.$eval(".toc", (e) => e.getBoundingClientRect().height);
    expect(folded < 60 && await p.isHidden(".toc ol"), "the page's contents take " + folded + "px of the phone's screen");
    await p.tap(".toc summary");
    expect(await p.isVisible(".toc ol a"), "a tap does not open the page's contents");
    // The menu: the sections over the page, with the site's links.
    await p.tap(".menu-toggle");
    const panel = await p.$eval("#sidebar", (e) => ({ top: e.getBoundingClientRect().top, position: getComputedStyle(e).position }));
    expect(panel.position === "fixed" && panel.top < 60, "the menu does not open below the header: " + JSON.stringify(panel));
    expect(await p.isVisible("#sidebar .sidebar-links a >> text=Glossary"), "the menu has no link to the glossary");
    expect(errors.length === 0, "script errors: " + errors.join("; "));
    await phone.close();
  },

  // Listings in both colour schemes: the contents of the home page and a section as a
  // person reads them (every text 4.5:1 on what is behind it), sub-section cards with
  // counts, pages numbered only where they are read in order.
  async listings(page) {
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const p of ["index.html", "roles/index.html", "tips/index.html"]) {
        await page.goto(url(p));
        const seen = await legibility(page, "main");
        expect(seen.ratio >= 4.5, `${scheme} ${p}: "${seen.text}" is ${seen.ratio.toFixed(2)}:1 (${seen.ink} on ${seen.under})`);
      }
    }
    await page.goto(url("tips/index.html"));
    const numbers = await page.$$eval(".contents .entry-page", (els) => els.map((e) => getComputedStyle(e, "::before").content));
    expect(numbers.length === 3 && numbers.every((c) => c === "counter(entry)"), "tips are not numbered: " + numbers.join());
    await page.goto(url("index.html"));
    const home = await page.$$eval(".contents .entry-page", (els) => els.map((e) => getComputedStyle(e, "::before").content));
    expect(home.every((c) => c === "none" || c === "normal"), "a lone page is numbered on the home page: " + home.join());
    const card = await page.$eval(".contents .entry-section", (e) => ({ border: getComputedStyle(e).borderTopStyle, count: e.querySelector(".count").textContent }));
    expect(card.border === "solid" && /^\d+ pages?$/.test(card.count), "a section is not a card with a count: " + JSON.stringify(card));
  },

  // Hosted as GitHub Pages or S3 host a site: from a sub-path (or the domain's root), a
  // missing address answered with the site's 404.html. The page is styled, and its links
  // lead into the site, however deep the missing address is and whatever it names.
  async notfound(page) {
    for (const prefix of ["/deep/prefix/", "/"]) {
      const { server, origin } = await host(prefix);
      try {
        for (const missing of ["tips/no-such-tip/", "no-such-page", "tips/gone/deeper/still/", "tags/nothing/x.html", "tips/a%20b/c%ZZ/", "a%ZZb"]) {
          const response = await page.goto(origin + prefix + missing);
          expect(response.status() === 404, missing + " answered " + response.status());
          const styled = await page.evaluate(() => {
            const link = document.querySelector("link[rel=stylesheet]");
            return link.sheet !== null && link.sheet.cssRules.length > 0;
          });
          expect(styled, prefix + missing + ": the stylesheet did not load");
          const home = await page.$eval("a.site-title", (a) => a.href);
          expect(home === origin + prefix, prefix + missing + ": the home link goes to " + home);
          const tags = await page.$eval(".not-found a[href$='tags/']", (a) => a.href);
          expect(tags === origin + prefix + "tags/", prefix + missing + ": the tags link goes to " + tags);
        }
        await navigates(page, () => page.click("a.site-title"));
        expect(await page.title() === "Fixture Playbook", "the home link opened " + (await page.title()));
        // An address with `//` in it (`https://site//evil.example/x`) must not make another
        // host the page's base, from which its stylesheet and script would then load.
        const away = [];
        const elsewhere = (u) => !u.href.startsWith(origin + "/");
        const stop = (route) => { away.push(route.request().url()); return route.abort(); };
        await page.route(elsewhere, stop);
        for (const missing of ["/evil.example/tips/x", "/evil.example/x", "//evil.example/"]) {
          await page.goto(origin + prefix + missing);
          const base = await page.evaluate(() => document.baseURI);
          expect(base.startsWith(origin + "/"), prefix + missing + ": the base is " + base);
        }
        await page.unroute(elsewhere, stop);
        expect(away.length === 0, "requests left the site: " + away.join(", "));
      } finally {
        server.close();
      }
    }
  },
  // The code_and_math fixture: formulas are laid out by the shipped STIX Math font, and a
  // keyword's colour differs between light and dark mode.
  async math(page) {
    await page.goto(url("formulas/index.html"));
    await page.evaluate(() => document.fonts.ready);
    const fonts = await page.evaluate(() => [...document.fonts].map((f) => f.family + " " + f.status));
    expect(fonts.includes("STIX Math loaded"), "the math font did not load: " + fonts.join(", "));
    const height = await page.evaluate(() => document.querySelector("math[display=block]").getBoundingClientRect().height);
    expect(height > 30, "a display formula is " + height + "px high");
    const colours = [];
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url("code/index.html"));
      colours.push(await page.evaluate(() => getComputedStyle(document.querySelector(".hl-keyword")).color));
    }
    expect(colours[0] !== colours[1], "keywords have one colour in both schemes: " + colours[0]);
  },

  // Every label of every diagram on the page given, as a reader sees it in light and dark
  // mode: its colour against the shape drawn under its centre (or the page), by WCAG's
  // contrast ratio. Dark mode must reach 4.5:1; light mode keeps Mermaid's own colours,
  // some of them pale (white on a light purple Gantt bar is 3:1), so there only no label
  // may be near invisible.
  async diagrams(page) {
    const least = { light: 2.2, dark: 4.5 };
    const bad = [];
    let labels = 0;
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url(extra));
      const found = await page.evaluate(() => {
        const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
          .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
        const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)]; return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
        const page = rgb(getComputedStyle(document.body).backgroundColor);
        const out = [];
        for (const label of document.querySelectorAll("figure.diagram svg text, figure.diagram svg tspan, figure.diagram svg foreignObject span")) {
          if (!label.textContent.trim() || label.querySelector("tspan, span")) continue;
          const box = label.getBoundingClientRect();
          if (box.width === 0) continue;
          label.scrollIntoView({ block: "center" });
          const r = label.getBoundingClientRect();
          const style = getComputedStyle(label);
          const ink = rgb(label instanceof SVGElement ? style.fill : style.color);
          let under = page;
          for (const el of document.elementsFromPoint(r.x + r.width / 2, r.y + r.height / 2)) {
            if (el === label || label.contains(el) || el.contains(label)) continue;
            const s = getComputedStyle(el);
            if (el instanceof SVGGeometryElement && !(el instanceof SVGTextContentElement)) {
              const fill = rgb(s.fill);
              if (s.fill === "none" || fill.length < 3 || (fill.length > 3 && fill[3] < 0.5) || Number(s.fillOpacity) < 0.5 || Number(s.opacity) < 0.5) continue;
              under = fill; break;
            }
            const back = rgb(s.backgroundColor);
            if (back.length === 3 || (back.length > 3 && back[3] >= 0.5)) { under = back; break; }
            if (el.tagName === "svg") break;
          }
          out.push({ text: label.textContent.trim().slice(0, 30), ratio: ratio(ink.slice(0, 3), under.slice(0, 3)), ink, under });
        }
        return out;
      });
      labels += found.length;
      for (const f of found) {
        if (f.ratio < least[scheme]) bad.push(`${scheme}: "${f.text}" ${f.ratio.toFixed(1)}:1 (${f.ink} on ${f.under})`);
      }
    }
    expect(labels >= 20, "only " + labels + " diagram labels found");
    // Printed, even by a reader who picked dark mode, the page and its diagrams are light.
    await page.emulateMedia({ media: "print", colorScheme: "dark" });
    await page.goto(url(extra));
    await page.evaluate(() => document.documentElement.setAttribute("data-theme", "dark"));
    const colours = () => page.evaluate(() => [getComputedStyle(document.body).backgroundColor,
      ...[...document.querySelectorAll("figure.diagram svg text")].map((t) => getComputedStyle(t).fill)].join(" "));
    const printed = await colours();
    await page.emulateMedia({ media: "screen", colorScheme: "light" });
    await page.evaluate(() => document.documentElement.setAttribute("data-theme", "light"));
    expect(printed === await colours(), "printed in other colours than light mode's: " + printed.slice(0, 200));
    expect(bad.length === 0, "diagram labels hard to read:\n" + bad.join("\n"));
  },

  // The print page from disk as a PDF, read back with poppler's pdftotext: every chapter's
  // title, in order; no internal address printed after a link; the URL of the external
  // link given after the site printed after it.
  async print(page) {
    const fs = require("fs"), os = require("os"), { execFileSync } = require("child_process");
    await page.goto(url("print/index.html"));
    const titles = await page.$$eval("section.chapter > h1", (hs) => hs.map((h) => h.textContent));
    expect(titles.length > 5, "only " + titles.length + " chapters");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "playbook-print-"));
    try {
      const pdf = path.join(dir, "book.pdf");
      await page.pdf({ path: pdf, format: "A4" });
      const fold = (t) => t.replace(/\s+/g, " ").trim();
      const text = fold(execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }));
      let at = 0;
      for (const title of titles) {
        const found = text.indexOf(fold(title), at);
        expect(found >= 0, "the PDF lacks \"" + fold(title) + "\" after character " + at);
        at = found + 1;
      }
      expect(!/\(\.\.?\//.test(text), "an internal address is printed: " + (text.match(/.{40}\(\.\.?\/.{20}/) || [""])[0]);
      expect(text.includes("(" + extra + ")"), "the external link's URL " + extra + " is not printed");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },

  // axe-core on the pages given after the site (relative paths), in light and dark mode:
  // no serious or critical violations.
  async axe(page) {
    const source = require("fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
    const found = [];
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const p of process.argv.slice(4)) {
        await page.goto(url(p));
        await page.addScriptTag({ content: source });
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
        for (const v of result.violations) {
          if (v.impact !== "serious" && v.impact !== "critical") continue;
          found.push(`${p} (${scheme}): ${v.id} (${v.impact}): ${v.help}: ` + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
        }
      }
    }
    expect(found.length === 0, "accessibility violations:\n" + found.join("\n"));
  },
};

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    ignoreDefaultArgs: scenario === "back" ? ["--disable-back-forward-cache"] : [],
  });
  try {
    // `term` reads the page as a reader with scripts off does.
    const context = await browser.newContext({ javaScriptEnabled: scenario !== "term", hasTouch: scenario === "touch" });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await scenarios[scenario](page);
    expect(errors.length === 0, "script errors: " + errors.join("; "));
    console.log("ok " + scenario);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
