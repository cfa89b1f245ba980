/* global window, document, MutationObserver, requestAnimationFrame */
// Benchmark part 3: Chromium (Playwright) on the headless UI over a big log. Measures time to
// first rows (the median of five first visits), long tasks (PerformanceObserver 'longtask')
// while scrolling and while following live capture, and the renderer's JS heap along the way.
import { chromium } from '@playwright/test'
import { existsSync } from 'node:fs'
import { percentile } from './report.mjs'

const CHROMIUM =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

const FIRST_ROWS_PAINTED = 'track-debugger-bench: first rows painted'
const VIEWPORT = { width: 1440, height: 900 }

/** Five first visits, each in a browser context of its own: one load moves by ±200 ms here. */
const FIRST_VISITS = 5

/** Timing hooks every page gets before its scripts run. */
function instrument(FIRST_ROWS_PAINTED) {
  // First rows as the page sees them: the first stream row in the DOM, then the frame that paints it.
  // The page says so on its console, which Playwright hears without running anything in the page:
  // waiting with waitForSelector would evaluate Playwright's injected script (about 70 ms of the
  // page's main thread on this machine) in the middle of the load being timed.
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-testid="stream-row"]')) return
    observer.disconnect()
    window.__firstRowsInDom = performance.now()
    requestAnimationFrame(() =>
      setTimeout(() => {
        window.__firstRowsPainted = performance.now()
        console.debug(FIRST_ROWS_PAINTED)
      }),
    )
  }).observe(document, { childList: true, subtree: true })
  window.__longTasks = []
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration)
  }).observe({ type: 'longtask', buffered: true })
}

async function newPage(context) {
  const page = await context.newPage()
  await page.addInitScript(instrument, FIRST_ROWS_PAINTED)
  return page
}

export async function startUi(url) {
  const browser = await chromium.launch({
    ...(CHROMIUM ? { executablePath: CHROMIUM } : {}),
    // --expose-gc: heap figures are taken after a full collection, so they show what is held.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
    ],
  })
  return { browser, url, close: () => browser.close() }
}

/** Opens the UI and waits until its first rows are painted; the page's own timings of that. */
async function openFirstRows(page, url) {
  const painted = page.waitForEvent('console', {
    predicate: (message) => message.text() === FIRST_ROWS_PAINTED,
    timeout: 30_000,
  })
  // Awaited below; a failed navigation throws first, and this wait must not then fail unheard.
  painted.catch(() => undefined)
  await page.goto(url)
  await painted
  return page.evaluate(() => ({ painted: window.__firstRowsPainted, inDom: window.__firstRowsInDom }))
}

const median = (values) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  )

/**
 * First visits: each in a new browser context (no HTTP or code cache shared with the others), in
 * a browser that is already running, as when someone opens the UI's address in theirs.
 */
async function firstVisits(browser, url) {
  const visits = []
  for (let i = 0; i < FIRST_VISITS; i++) {
    const context = await browser.newContext({ viewport: VIEWPORT })
    try {
      visits.push(await openFirstRows(await newPage(context), url))
    } finally {
      await context.close()
    }
  }
  return {
    firstRowsMs: median(visits.map((v) => v.painted)),
    inDomMs: median(visits.map((v) => v.inDom)),
    firstRowsEachMs: visits.map((v) => Math.round(v.painted)),
  }
}

const heapMb = (page) =>
  page.evaluate(() => {
    window.gc?.()
    return Math.round((performance.memory?.usedJSHeapSize ?? 0) / 1e5) / 10
  })

async function takeLongTasks(page) {
  const tasks = await page.evaluate(() => window.__longTasks.splice(0))
  return { count: tasks.length, max: Math.max(0, ...tasks), total: tasks.reduce((a, b) => a + b, 0) }
}

export async function measureUi(ui, { captureUrl, headers, body, load }) {
  const { firstRowsMs, inDomMs, firstRowsEachMs } = await firstVisits(ui.browser, ui.url)
  // A reading session on a page of its own: scrolling, then following live capture.
  const page = await newPage(await ui.browser.newContext({ viewport: VIEWPORT }))
  await openFirstRows(page, ui.url)
  await page.waitForTimeout(500)
  await page.evaluate(() => window.gc?.())
  const start = await heapMb(page)
  await takeLongTasks(page)

  // Scroll down like a reader flicking through: wheel steps over the stream, pages load on the way.
  const box = await page.getByTestId('stream-table').boundingBox()
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  for (let i = 0; i < 240; i++) {
    await page.mouse.wheel(0, 1200)
    await page.waitForTimeout(25)
  }
  await page.waitForTimeout(500)
  const scrolledRows = await page.evaluate(() => {
    const el = document.querySelector('.stream-scroll')
    return el ? Math.round(el.scrollTop / 26) : 0
  })
  const scroll = await takeLongTasks(page)
  const afterScroll = await heapMb(page)

  // Back to the top, then follow live capture at full speed.
  await page.keyboard.press('Home')
  await page.evaluate(() => document.querySelector('.stream-scroll')?.scrollTo({ top: 0 }))
  await page.waitForTimeout(500)
  await takeLongTasks(page)
  const seconds = 5
  const run = await new Promise((resolve, reject) =>
    load === undefined
      ? reject(new Error('no load function'))
      : resolve(load(`${captureUrl}/track`, seconds, { headers, body })),
  )
  await page.waitForTimeout(1000)
  const live = { ...(await takeLongTasks(page)), rate: run.requests.average, seconds }
  const afterLive = await heapMb(page)
  const rowsHeld = await page.locator('.stream-table').getAttribute('aria-rowcount')
  return {
    firstRowsMs,
    inDomMs,
    firstRowsEachMs,
    scrolledRows,
    scroll,
    live,
    heap: { start, afterScroll, afterLive },
    rowsHeld,
  }
}
