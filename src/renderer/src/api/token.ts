/**
 * The headless UI's per-run token arrives once in the address bar
 * (`/?token=…`, printed by the CLI). It is moved to sessionStorage at once and
 * removed from the URL so it does not linger in history, bookmarks or
 * screenshots, yet survives a reload of the same tab.
 */
const STORAGE_KEY = 'track-debugger-token'

export function takeToken(): string | null {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    try {
      sessionStorage.setItem(STORAGE_KEY, fromUrl)
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    url.searchParams.delete('token')
    history.replaceState(history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY)
  } catch {
    // Nothing to forget when storage is unavailable.
  }
}
