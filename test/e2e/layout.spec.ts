/**
 * Every screen at the smallest window the app supports (800×600) and a
 * common laptop one (1440×900): nothing sticks out of the viewport, and
 * no popover or dialog opens off-screen. A screenshot of each is kept
 * with the test results.
 */
import type { Page } from '@playwright/test'
import { expect, openUi, postJson, test, trackEvent } from './fixtures'

const SIZES = [
  { width: 800, height: 600 },
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
]

/** Elements whose box leaves the viewport sideways (or the page scrolls sideways), described for the failure message. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: DocumentLike }).document
    const width = (globalThis as unknown as { innerWidth: number }).innerWidth
    const height = (globalThis as unknown as { innerHeight: number }).innerHeight
    const out: string[] = []
    if (doc.documentElement.scrollWidth > width)
      out.push(`page scrolls sideways (${doc.documentElement.scrollWidth} > ${width})`)
    const styleOf = (e: unknown): { overflowX: string; overflowY: string } =>
      (
        globalThis as unknown as { getComputedStyle(e: unknown): { overflowX: string; overflowY: string } }
      ).getComputedStyle(e)
    for (const el of doc.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      // The nearest box that clips it: a scroller lets the user reach what it clips, a hidden overflow does not.
      let clip: ElementLike | null = null
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = styleOf(p)
        if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
          clip = p
          break
        }
      }
      const describe = (): string =>
        `${el.tagName.toLowerCase()}.${String(el.className).split(' ').join('.')} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`
      if (!clip) {
        if (r.left < -1 || r.right > width + 1 || r.top < -1 || r.bottom > height + 1) out.push(describe())
        continue
      }
      const style = styleOf(clip)
      const c = clip.getBoundingClientRect()
      const cutX =
        (style.overflowX === 'hidden' || style.overflowX === 'clip') &&
        (r.left < c.left - 1 || r.right > c.right + 1)
      const cutY =
        (style.overflowY === 'hidden' || style.overflowY === 'clip') &&
        (r.top < c.top - 1 || r.bottom > c.bottom + 1)
      // Cut off by a box that is itself on screen: what is cut cannot be reached.
      if ((cutX || cutY) && c.right <= width + 1 && c.bottom <= height + 1)
        out.push(
          `${describe()} cut off by ${clip.tagName.toLowerCase()}.${String(clip.className).split(' ').join('.')}`,
        )
    }
    return out.slice(0, 10)

    interface ElementLike {
      tagName: string
      className: unknown
      parentElement: ElementLike | null
      getBoundingClientRect(): {
        left: number
        right: number
        top: number
        bottom: number
        width: number
        height: number
      }
    }
    interface DocumentLike {
      documentElement: { scrollWidth: number }
      querySelectorAll(s: string): Iterable<ElementLike>
    }
  })
}

/** A box (popover, dialog) is wholly inside the viewport. */
async function inside(page: Page, testIdOrRole: ReturnType<Page['getByTestId']>): Promise<void> {
  const box = await testIdOrRole.boundingBox()
  const size = page.viewportSize()
  expect(box).not.toBeNull()
  if (!box || !size) return
  expect(box.x, 'left edge').toBeGreaterThanOrEqual(0)
  expect(box.y, 'top edge').toBeGreaterThanOrEqual(0)
  expect(box.x + box.width, 'right edge').toBeLessThanOrEqual(size.width)
  expect(box.y + box.height, 'bottom edge').toBeLessThanOrEqual(size.height)
}

for (const size of SIZES) {
  test(`every screen fits ${size.width}×${size.height}`, async ({ page, server }) => {
    await page.setViewportSize(size)
    await postJson(`${server.captureUrl}/track`, [
      trackEvent('signed_up'),
      trackEvent('checkout_completed', { properties: { total: 'ten', note: 'x'.repeat(300) } }),
    ])
    await openUi(page, server)
    const shot = async (name: string): Promise<void> => {
      await page.screenshot({ path: test.info().outputPath(`${name}-${size.width}.png`) })
      expect(await overflow(page), `${name} at ${size.width}×${size.height}`).toEqual([])
    }

    await page.getByTestId('stream-row').first().click()
    await shot('stream')

    await page.getByTestId('setup-button').click()
    await inside(page, page.getByRole('dialog', { name: 'Send events to Track Debugger' }))
    await shot('setup-popover')
    await page.keyboard.press('Escape')

    await page.getByTestId('capture-mode-summary').click()
    await inside(page, page.getByRole('dialog', { name: 'Capture mode' }))
    await page.keyboard.press('Escape')

    await page.getByTestId('edit-resend').click()
    await inside(page, page.getByTestId('resend-dialog'))
    await shot('resend')
    await page.keyboard.press('Escape')

    for (const view of ['plan', 'sessions', 'compose', 'environments', 'setup', 'settings']) {
      await page.getByTestId(`view-${view}`).click()
      // Screens load their code the first time they open: the screenshot is of the screen, not its wait.
      await expect(page.getByTestId('screen-loading')).toHaveCount(0)
      await shot(view)
    }
  })
}
