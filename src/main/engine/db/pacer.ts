/**
 * Pacing for long reads that share capture's thread: called between two
 * windows of work, it gives capture its turn once `stepMs` have gone by since
 * the last one. Without a `yieldToCapture` (the read-only MCP server has no
 * capture to wait for) it never pauses.
 */
export function pacer(
  yieldToCapture: (() => Promise<void>) | undefined,
  stepMs: number,
): () => Promise<void> {
  let started = performance.now()
  return async () => {
    if (!yieldToCapture || performance.now() - started < stepMs) return
    await yieldToCapture()
    started = performance.now()
  }
}
