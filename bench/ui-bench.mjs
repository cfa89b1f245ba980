/* global window, document, MutationObserver, requestAnimationFrame */
// Benchmark part 3: Chromium (Playwright) on the headless UI over a big log. Measures time to
// first rows, long tasks (PerformanceObserver 'longtask') while scrolling and while following
// live capture, and the renderer's JS heap along the way.
import { chromium } from '@playwright/test'
import { existsSync } from 'node:fs'

const CHROMIUM =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

const FIRST_ROWS_PAINTED = 'track-debugger-bench: first rows painted'

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
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.addInitScript((FIRST_ROWS_PAINTED) => {
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
  }, FIRST_ROWS_PAINTED)
  return { browser, page, url, close: () => browser.close() }
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
  const { page } = ui
  const painted = page.waitForEvent('console', {
    predicate: (message) => message.text() === FIRST_ROWS_PAINTED,
    timeout: 30_000,
  })
  await page.goto(ui.url)
  await painted
  const { firstRowsMs, inDomMs } = await page.evaluate(() => ({
    firstRowsMs: window.__firstRowsPainted,
    inDomMs: window.__firstRowsInDom,
  }))
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
    scrolledRows,
    scroll,
    live,
    heap: { start, afterScroll, afterLive },
    rowsHeld,
  }
}
