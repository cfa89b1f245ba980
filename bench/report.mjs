// Plain-text tables and PASS/MISS lines for the benchmark's output, and the percentile its figures use.

/** The value at fraction `p` of `sorted` (ascending), nearest rank below: p = 0.5 of five values is the third. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
}

export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ')
  console.log(line(headers))
  console.log(line(widths.map((w) => '-'.repeat(w))))
  for (const r of rows) console.log(line(r))
}

/** A row of part 1's table from a `drive()` result. */
export function row(label, d) {
  return [
    label,
    Math.round(d.run.requests.average).toLocaleString('en-US'),
    d.run.latency.p50.toFixed(1),
    d.run.latency.p99.toFixed(1),
    d.cpuUsPerRequest === null ? '—' : d.cpuUsPerRequest.toFixed(0),
    d.rss === null ? '—' : `${(d.rss / 1048576).toFixed(0)} MB`,
    d.ok.toLocaleString('en-US'),
    String(d.non2xx),
  ]
}

export function verdict(label, value, pass, target) {
  console.log(`${pass ? 'PASS' : 'MISS'}  ${label}: ${value}  (target ${target})`)
}

export function ratioRow(label, ratio, target, op) {
  verdict(label, ratio.toFixed(2), op === '≥' ? ratio >= target : ratio <= target, `${op} ${target}`)
}
