/** A number kept in localStorage (layout sizes); storage failures fall back to the default. */
export function loadNumber(key: string, fallback: number): number {
  try {
    const value = Number(localStorage.getItem(key))
    return Number.isFinite(value) && value > 0 ? value : fallback
  } catch {
    return fallback
  }
}

export function saveNumber(key: string, value: number): void {
  try {
    localStorage.setItem(key, String(Math.round(value)))
  } catch {
    // Not persisted; the value still applies to this window.
  }
}
