// Fails on purpose: the page sends plan "Team" where the tracking plan says "team".
// The failure shows the closest event and the field that differs.
import { expect, test } from 'track-debugger/playwright'

test('choosing the Team plan tracks plan "team"', async ({ page, track }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Team' }).click()

  await expect(track).toHaveEvent(
    { event_name: 'plan_selected', properties: { plan: 'team' } },
    { timeout: 2_000 },
  )
})
