// The page's tracking client: the browser SDK's `init(apiKey, source, options)` and
// `track(name, properties)`, sending what the SDK sends (see the Track wire-format notes):
// its built-in default host when no `apiEndpoint` is given, a `GET /subscriptionStatus`
// at start, an automatic `page_visit`, and each event as a one-element JSON array with
// `x-api-key`, one call after another in the order tracked (what is tracked before the status
// check answers waits for it). The page never names the debugger: the Playwright fixture
// captures it.
const DEFAULT_ENDPOINT = 'https://azure.dev.app.thrivestack.ai/api'

let config = null

function randomId(prefix) {
  return `${prefix}${Math.random().toString(36).slice(2, 12)}`
}

/** Calls go out one after another, in the order they were tracked, as the SDK sends them. */
let queue = Promise.resolve()
/** Whether the workspace's subscription is active: asked once at init, before anything is sent. */
let active = Promise.resolve(false)

function enqueue(task) {
  const run = queue.then(task, task)
  queue = run.catch(() => {})
  return run
}

function send(path, body) {
  return enqueue(async () => {
    if (!(await active)) return undefined
    return fetch(`${config.apiEndpoint}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': config.apiKey },
      body: JSON.stringify(body),
      keepalive: true,
    })
  })
}

export async function init(apiKey, source, options = {}) {
  config = {
    apiKey,
    source,
    apiEndpoint: (options.apiEndpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, ''),
    deviceId: randomId('d_'),
    sessionId: randomId('session_'),
    userId: '',
  }
  active = enqueue(async () => {
    const status = await fetch(`${config.apiEndpoint}/subscriptionStatus`, {
      headers: { 'x-api-key': apiKey },
    }).then((r) => r.json())
    return status.status === 'active'
  })
  // Queued now, so it goes out first whatever the user does while the status is asked.
  await track('page_visit', {
    page_title: document.title,
    page_url: location.href,
    page_path: location.pathname,
    page_referrer: document.referrer || null,
    language: navigator.language,
  })
}

export function identify(userId) {
  config.userId = userId
}

export function track(eventName, properties = {}) {
  if (!config) throw new Error('tracker: call init() first')
  return send('/track', [
    {
      event_name: eventName,
      properties,
      user_id: config.userId,
      context: { device_id: config.deviceId, session_id: config.sessionId, source: config.source },
      timestamp: new Date().toISOString(),
    },
  ])
}
