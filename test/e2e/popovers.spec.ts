import { expect, openUi, postJson, test, trackEvent } from './fixtures'

// Every popover closes the same way: Escape, or a press outside it; the trigger says whether it is open.
const popovers = [
  { name: 'setup', trigger: 'setup-button', dialog: 'Send events to Track Debugger' },
  { name: 'capture mode', trigger: 'capture-mode-summary', dialog: 'Capture mode' },
  { name: 'rule filter', trigger: 'rule-filter', dialog: 'Filter by rule' },
  { name: 'copy as', trigger: 'copy-as-menu', dialog: 'Copy as' },
  { name: 'export', trigger: 'export-view', dialog: 'Export what the stream shows' },
]

for (const p of popovers) {
  test(`the ${p.name} popover closes on Escape and on a press outside`, async ({ page, server }) => {
    await postJson(`${server.captureUrl}/track`, [trackEvent('signed_up')])
    await openUi(page, server)
    await page.getByTestId('stream-row').first().click()
    const trigger = page.getByTestId(p.trigger)
    const dialog = page.getByRole('dialog', { name: p.dialog })

    await trigger.click()
    await expect(dialog).toBeVisible()
    await expect(trigger).toHaveAttribute('aria-expanded', 'true')
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await expect(trigger).toHaveAttribute('aria-expanded', 'false')

    await trigger.click()
    await expect(dialog).toBeVisible()
    await page.getByTestId('stream-table').click({ position: { x: 5, y: 5 } })
    await expect(dialog).toBeHidden()
  })
}
