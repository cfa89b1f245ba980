import * as tracker from './tracker.js'

let plan = null
const seats = () => Number(document.querySelector('#seats').value)

for (const button of document.querySelectorAll('[data-plan]')) {
  button.addEventListener('click', () => {
    plan = button.dataset.plan
    for (const b of document.querySelectorAll('[data-plan]'))
      b.setAttribute('aria-pressed', String(b === button))
    tracker.track('plan_selected', { plan, seats: seats() })
  })
}

document.querySelector('#signup').addEventListener('click', async () => {
  const email = document.querySelector('#email').value
  tracker.identify(`user_${email.split('@')[0]}`)
  await tracker.track('signed_up', { plan, seats: seats(), email })
  document.querySelector('#done').textContent = 'Welcome aboard!'
})

document.querySelector('#checkout').addEventListener('click', async () => {
  await tracker.track('checkout_start', { plan, seats: seats() })
  document.querySelector('#done').textContent = 'Redirecting to payment…'
})

await tracker.init('pk_example_key', 'product')
document.body.dataset.ready = 'true'
