// Fails on purpose: the page names the event "checkout_start", not "checkout_started".
// The failure says no such event came and names the similar one that did.
import { expect, test } from 'track-debugger/playwright'

test('checking out tracks checkout_started', async ({ page, track }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Pro' }).click()
  await page.getByRole('button', { name: 'Checkout' }).click()

  await expect(track).toHaveEvent({ event_name: 'checkout_started' }, { timeout: 2_000 })
})
