// Browser checks, run by tests/browser.rs: `node check.js SCENARIO SITE_DIR`.
// Opens the built site from disk (file://) in Debian's chromium and does what a reader
// would; prints one line "ok SCENARIO" or throws with what went wrong.
const { chromium } = require("playwright-core");
const path = require("path");

const [scenario, site, extra] = process.argv.slice(2);
const url = (p) => "file://" + path.resolve(site, p);
function expect(cond, what) { if (!cond) throw new Error(what); }

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
    await Promise.all([page.waitForEvent("framenavigated"), page.keyboard.press("Enter")]);
    expect(await page.title() === selected + " · Fixture Playbook", "Enter opened " + (await page.title()) + ", not " + selected);
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
    const text = fs.readFileSync(extra, "utf8").replace("\n[[No such page]]\n", "");
    fs.writeFileSync(extra, text);
    await page.waitForFunction(() => !document.getElementById("playbook-errors"), null, { timeout: 8000 });
  },
  // Opened from disk, links to folders open their index.html, not a file listing.
  async disk(page) {
    await page.goto(url("tips/build-trust/index.html"));
    await Promise.all([page.waitForEvent("framenavigated"), page.click(".breadcrumbs a >> text=Tips")]);
    expect(await page.title() === "Tips · Fixture Playbook", "breadcrumb opened " + (await page.title()));
    await Promise.all([page.waitForEvent("framenavigated"), page.click(".listing a >> text=Measure what matters")]);
    await Promise.all([page.waitForEvent("framenavigated"), page.click(".content a >> text=guides")]);
    expect(await page.title() === "First guide · Fixture Playbook", "content link opened " + (await page.title()));
  },
  // A glossary term shows its definition on keyboard focus, not only on hover.
  async term(page) {
    await page.goto(url("tips/measure/index.html"));
    const term = page.locator(".content a.term").first();
    expect(await term.getAttribute("title") === "The shared goal both partners steer by.", "term title");
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
};

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await scenarios[scenario](page);
    expect(errors.length === 0, "script errors: " + errors.join("; "));
    console.log("ok " + scenario);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
