// page.test.js BIN_DIR INDEX SHOT_DIR: the page of `unsearch serve` in
// Debian's headless Chromium (/usr/bin/chromium, or $CHROMIUM), as a
// person uses it on a phone: type a query, click a facet, open a hit's
// resolution, go back, make a syntax error. Screenshots of each step go to
// SHOT_DIR for a person to look at. Prints PASS/FAIL lines and closes with
// "N passed, N failed"; exits 1 on any failure.
"use strict";

const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const [binDir, index, shotDir] = process.argv.slice(2);
let passed = 0, failed = 0;

function check(name, ok, why) {
  if (ok) {
    passed++;
    console.log("PASS browser:" + name);
  } else {
    failed++;
    console.log("FAIL browser:" + name + ": " + (why || "assertion failed"));
  }
}

// The server on a port the kernel picks; resolves with its URL.
function startServer() {
  const server = spawn(path.join(binDir, "unsearch"),
    ["serve", "-i", index, "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("the server did not start")), 10000);
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/^serving .* on (http:\/\/\S+)\/$/m);
      if (m) {
        clearTimeout(timer);
        resolve({ server, url: m[1] });
      }
    });
    server.on("exit", (code) => reject(new Error("the server exited with " + code)));
  });
}

async function main() {
  fs.mkdirSync(shotDir, { recursive: true });
  const { server, url } = await startServer();
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    // root in CI: Chromium's sandbox needs an unprivileged user.
    args: ["--no-sandbox", "--lang=es-ES", "--font-render-hinting=none"],
  });
  const problems = [];
  try {
    const page = await browser.newPage();
    // Errors the page did not expect: script errors, CSP refusals, and
    // failed requests but the 400 of the syntax error and the favicon.
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    page.on("response", (r) => {
      const u = new URL(r.url());
      if (r.status() >= 400 && u.pathname !== "/favicon.ico" &&
          !(r.status() === 400 && u.searchParams.get("q") === "paz AND (guerra"))
        problems.push(r.status() + " " + r.url());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
    // A phone: 390 CSS pixels wide, as an iPhone 12 to 15.
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const shot = (name) => page.screenshot({ path: path.join(shotDir, name + ".png") });
    const noOverflow = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

    await page.goto(url + "/", { waitUntil: "networkidle0" });
    check("spanish", await page.evaluate(() => document.documentElement.lang === "es" &&
      document.querySelector("button[type=submit]").textContent === "Buscar"));

    // 1. Type a query and press Enter.
    await page.type("#q", "creación de capacidad");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".hit");
    check("query-in-url", new URL(page.url()).searchParams.get("q") === "creación de capacidad", page.url());
    const marks = await page.$$eval(".hit mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
    check("highlights", marks.length > 0 && marks.every((m) => /creaci|capacidad/.test(m)), JSON.stringify(marks));
    const status = await page.$eval("#status", (s) => s.textContent);
    check("status-spanish", /^Resultados 1–\d+ de \d+\./.test(status), status);
    check("phone-no-overflow-results", await noOverflow());
    await shot("1-results");

    // 2. Click a facet: the kind "preambular".
    const chip = await page.$("[data-facet=kind] a.chip");
    check("facet-present", chip !== null);
    const chipText = chip ? await chip.evaluate((c) => c.firstChild.textContent) : "";
    await Promise.all([page.waitForFunction(() => new URL(location.href).searchParams.get("kind") !== null), chip.click()]);
    await page.waitForSelector("#filters .chip.active");
    await page.waitForSelector(".hit");
    const kind = new URL(page.url()).searchParams.get("kind");
    const headings = await page.$$eval(".hit .heading", (hs) => hs.map((h) => h.textContent));
    check("facet-filters", headings.length > 0 && headings.every((h) => h.includes("(" + chipText + ")")),
      kind + " " + JSON.stringify(headings));
    const counts = await page.$eval("#status", (s) => s.textContent);
    check("facet-count", counts.includes("de"), counts);
    await shot("2-facet");

    // Pages: the next ten, then back to the first.
    const firstPage = await page.$$eval(".hit .heading", (hs) => hs.map((h) => h.textContent));
    await Promise.all([page.waitForFunction(() => new URL(location.href).searchParams.get("offset") === "10"),
      page.click("#pages a.next")]);
    await page.waitForFunction(() => /^Resultados 11–/.test(document.getElementById("status").textContent));
    const secondPage = await page.$$eval(".hit .heading", (hs) => hs.map((h) => h.textContent));
    check("next-page", secondPage.length > 0 && !secondPage.some((h) => firstPage.includes(h)),
      JSON.stringify(secondPage.slice(0, 2)));
    await page.click("#pages a.prev");
    await page.waitForFunction(() => /^Resultados 1–/.test(document.getElementById("status").textContent));
    check("previous-page", new URL(page.url()).searchParams.get("offset") === null);

    // 3. Open the second hit: its resolution, the clause highlighted and in view.
    const hits = await page.$$(".hit a");
    const target = hits[hits.length > 1 ? 1 : 0];
    const label = await target.evaluate((a) => new URL(a.href).searchParams.get("label"));
    await target.click();
    await page.waitForSelector("#resolution .clause.target");
    const t = await page.$eval("#resolution .clause.target", (c) => {
      const r = c.getBoundingClientRect();
      return { id: c.id, top: r.top, bottom: r.bottom, h: window.innerHeight,
               bg: getComputedStyle(c).backgroundColor, n: document.querySelectorAll(".clause.target").length };
    });
    check("opens-clause", t.id === "c-" + label && t.n === 1, JSON.stringify(t) + " " + label);
    check("clause-in-view", t.top >= 0 && t.top < t.h && t.bottom > 0, JSON.stringify(t));
    check("clause-highlighted", t.bg !== "rgba(0, 0, 0, 0)", t.bg);
    check("phone-no-overflow-resolution", await noOverflow());
    await shot("3-resolution");

    // 4. Back to the filtered results, from the browser's own button.
    await page.goBack();
    await page.waitForSelector(".hit");
    check("back", new URL(page.url()).searchParams.get("kind") === kind && !(await page.$("#resolution:not([hidden])")));

    // 5. A syntax error: the CLI's message and a caret under the column.
    await page.$eval("#q", (q) => { q.value = ""; });
    await page.type("#q", "paz AND (guerra");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#status.error");
    const err = await page.$eval("#status", (s) => s.textContent);
    check("syntax-error", /paréntesis|\(|unbalanced|expected/.test(err) && err.includes("^"), err);
    await shot("4-error");

    // 6. The same results on a desktop width.
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(url + "/?q=seguridad&session=74", { waitUntil: "networkidle0" });
    await page.waitForSelector(".hit");
    check("url-state-restored", (await page.$eval("#q", (q) => q.value)) === "seguridad" &&
      (await page.$("#filters .chip.active")) !== null);
    await shot("5-desktop");
    check("no-console-errors", problems.length === 0, problems.join(" | "));
  } finally {
    await browser.close();
    server.kill("SIGTERM");
  }
}

main().catch((e) => {
  check("run", false, e && e.stack || String(e));
}).finally(() => {
  console.log(passed + " passed, " + failed + " failed");
  process.exitCode = failed ? 1 : 0;
});
