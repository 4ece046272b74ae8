// Answers a job's question on the dashboard in headless Chromium, as a person would, after a page of
// another site tried the same and failed.
// usage: node answer.cjs URL JOB REQUEST
// Prints one JSON line: what the forged attempts got, what the page said after the click.
const { chromium } = require(process.env.PLAYWRIGHT_CORE);

const [url, job, request] = process.argv.slice(2);

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const out = { errors: [] };
    // another site's page: a form POST (no preflight) and a fetch with the JSON the page sends
    const evil = await browser.newPage();
    await evil.setContent('<form id="f" method="POST" enctype="text/plain" action="' + url + 'answer">'
      + '<input name=\'{"job":"' + job + '","request":"' + request + '","decision":"allow","x":"\' value=\'"}\'></form>');
    const formStatus = evil.waitForResponse(r => r.url().endsWith('/answer'), { timeout: 10000 }).then(r => r.status()).catch(e => String(e));
    await evil.evaluate(() => document.getElementById('f').submit());
    out.forgedForm = await formStatus;
    const evil2 = await browser.newPage();
    await evil2.goto('data:text/html,<p>elsewhere</p>');
    out.forgedFetch = await evil2.evaluate(async ([u, j, r]) => {
      try {
        const res = await fetch(u + 'answer', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Bg-Csrf': 'guess' },
          body: JSON.stringify({ job: j, request: r, decision: 'allow' }) });
        return 'status ' + res.status;
      } catch (e) {
        return 'blocked';
      }
    }, [url, job, request]);

    const page = await browser.newPage();
    page.on('pageerror', e => out.errors.push(String(e)));
    page.on('console', m => { if (m.type() === 'error') out.errors.push(m.text()); });
    await page.goto(url);
    const box = 'div.request[data-request="' + request + '"]';
    await page.waitForSelector(box + ' button[data-decision="allow"]', { timeout: 20000 });
    out.question = await page.textContent(box + ' .question');
    const answered = page.waitForResponse(r => r.url().endsWith('/answer'), { timeout: 10000 });
    await page.click(box + ' button[data-decision="allow"]');
    const r = await answered;
    out.status = r.status();
    out.said = (await r.json()).said;
    await page.waitForSelector(box, { state: 'detached', timeout: 20000 });
    out.gone = true;
    console.log(JSON.stringify(out));
  } finally {
    await browser.close();
  }
})().catch(e => { console.log(JSON.stringify({ failed: String(e && e.stack || e) })); process.exit(1); });
