// Passes: the page's tracking matches what the plan asks for.
import { between, expect, test } from 'track-debugger/playwright'

test('signing up on the Pro plan tracks the visit, the plan and the signup, in order', async ({
  page,
  track,
}) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Pro' }).click()
  await page.getByRole('button', { name: 'Sign up' }).click()

  await expect(track).toHaveEventsInOrder([
    { event_name: 'page_visit', properties: { page_path: '/' } },
    { event_name: 'plan_selected', properties: { plan: 'pro' } },
    { event_name: 'signed_up' },
  ])
  await expect(track).toHaveEvent({
    event_name: 'signed_up',
    user_id: 'user_ada',
    properties: { plan: 'pro', seats: between(1, 50), email: expect.stringMatching(/@example\.com$/) },
    context: { source: 'product', device_id: expect.any(String) },
  })
  await expect(track).toHaveEventTimes({ event_name: 'signed_up' }, 1)
  await expect(track).not.toHaveEvent({ event_name: 'signup_failed' })
  await expect(track).toHaveNoInvalidEvents()
})

test('the signup comes from the same device as the visit', async ({ page, track }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Sign up' }).click()

  // For checks of your own: wait for one event, or read the test's events.
  const signup = await track.waitForEvent({ event_name: 'signed_up' })
  const [visit] = await track.events({ eventName: 'page_visit' })
  const deviceOf = (e: typeof signup | undefined) =>
    (e?.event as { context?: { device_id?: string } } | undefined)?.context?.device_id
  expect(deviceOf(signup)).toMatch(/^d_/)
  expect(deviceOf(signup)).toBe(deviceOf(visit))
})
