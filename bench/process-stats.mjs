// CPU time and resident memory of a server under test, read from /proc (Linux). CPU time is the
// stable figure on a shared, noisy machine: requests per second move with whatever else runs,
// the CPU a server spends per request much less. Elsewhere the figures are null and print as "—".
import { readFileSync } from 'node:fs'

/** Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ). */
const TICK_US = 10_000

/** User + system CPU time the process has used so far, in µs; null when it cannot be read. */
export function cpuMicros(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces) in parentheses: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * TICK_US
  } catch {
    return null
  }
}

/** Resident set size in bytes; null when it cannot be read. */
export function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : null
  } catch {
    return null
  }
}
