/**
 * Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C)
 * can make one captured name read as another (`signup` + RLO + `di_resu`
 * shows as `signupuser_id`). Wherever captured text is shown, in the UI and
 * in reports, they appear as a visible code point instead.
 */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g

export function neutraliseBidi(text: string): string {
  return text.replace(BIDI, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`)
}
