/** Pretty-print JSON for display; anything else is shown as it came. */
export function formatJsonText(text: string): string {
  if (text.length > 500_000) return text
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}
