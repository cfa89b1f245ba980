/**
 * The one gate between app content and the operating system's URL handler.
 *
 * Threat model: the UI shows captured payloads, which are attacker-controlled
 * text (any page with the SDK can post to the capture endpoint). A link that
 * reaches `shell.openExternal` is handed to the OS, and schemes such as
 * `file:`, `smb:`, `ms-msdt:` or app-registered custom protocols can open
 * local files or run programs. So only plain web URLs (`http:`/`https:` with
 * a host) ever leave the app, and what is opened is the parsed, normalised
 * URL, never the raw string that was checked.
 *
 * Electron is passed in rather than imported so this stays a pure module that
 * unit tests load under plain Node.
 */

/** The slice of Electron's `shell` this module needs. */
export interface ExternalOpener {
  openExternal(url: string): Promise<void>
}

const WEB_PROTOCOLS = new Set(['http:', 'https:'])

/** Parse `url` and return it normalised if it is safe to give to the OS browser, else null. */
export function toSafeExternalUrl(url: unknown): string | null {
  if (typeof url !== 'string') return null
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (!WEB_PROTOCOLS.has(parsed.protocol) || parsed.hostname === '') return null
  // `https://trusted.example@evil.example/` reads as the first host but opens
  // the second: nothing this app links to needs credentials in the URL.
  if (parsed.username !== '' || parsed.password !== '') return null
  return parsed.href
}

/** True for `http:`/`https:` URLs with a host and no embedded credentials. */
export function isSafeExternalUrl(url: string): boolean {
  return toSafeExternalUrl(url) !== null
}

/**
 * Open `url` in the user's browser if it passes `isSafeExternalUrl`.
 * Resolves to whether it was opened; never rejects, so callers in event
 * handlers can fire and forget.
 */
export async function openExternalSafely(url: string, shell: ExternalOpener): Promise<boolean> {
  const safe = toSafeExternalUrl(url)
  if (safe === null) {
    console.warn(
      `[track-debugger] refused to open a non-web link: ${JSON.stringify(String(url).slice(0, 200))}`,
    )
    return false
  }
  try {
    await shell.openExternal(safe)
    return true
  } catch (error) {
    console.warn(`[track-debugger] could not open ${safe}:`, error)
    return false
  }
}
