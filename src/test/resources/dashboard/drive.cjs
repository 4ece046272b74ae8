// Drives the dashboard in Debian's headless Chromium with playwright-core, as a person would look at it.
// usage: node drive.cjs URL job|plan SCREENSHOT
// Prints one line per step: "READY", then a JSON line with what the page showed. The test reads them.
const { chromium } = require(process.env.PLAYWRIGHT_CORE);

const [url, mode, screenshot] = process.argv.slice(2);

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors = [];
    page.on('pageerror', e => errors.push(String(e)));
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(url);
    await page.waitForSelector('body[data-documents]', { timeout: 15000 });
    // a reload would lose this: the page must change by itself
    await page.evaluate(() => { window.__sameDocument = 'yes'; });
    const out = { errors };
    if (mode === 'job') {
      out.watching = await page.textContent('#watching');
      out.empty = await page.$eval('#empty', e => e.hidden ? '' : e.innerText);
      console.log('READY');
      const states = [];
      const seen = async () => page.$$eval('tr[data-job]', rows => rows.map(r => r.dataset.job + '=' + r.dataset.jobState));
      const deadline = Date.now() + 60000;
      while (Date.now() < deadline) {
        const now = await seen();
        if (now.length && states[states.length - 1] !== now[0]) states.push(now[0]);
        if (now.length && now[0].endsWith('=succeeded')) break;
        await page.waitForTimeout(100);
      }
      out.states = states;
      // an ended job's details open on a click
      await page.click('tr[data-job]');
      await page.waitForSelector('tr[data-detail] pre.summary', { timeout: 10000 });
      out.detail = await page.$$eval('tr[data-detail]', rows => rows.map(r => r.innerText).join('\n'));
      out.link = await page.textContent('#link');
    } else {
      await page.waitForSelector('svg[data-plan] g.task[data-state="running"]', { timeout: 60000 });
      out.boxes = await page.$$eval('svg[data-plan] g.task', gs => gs.map(g => g.dataset.task + '=' + g.dataset.state));
      out.arrows = await page.$$eval('svg[data-plan] path.arrow', ps => ps.map(p => p.dataset.from + '->' + p.dataset.to));
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    out.sameDocument = await page.evaluate(() => window.__sameDocument === 'yes');
    console.log(JSON.stringify(out));
  } finally {
    await browser.close();
  }
})().catch(e => { console.log(JSON.stringify({ failed: String(e && e.stack || e) })); process.exit(1); });
