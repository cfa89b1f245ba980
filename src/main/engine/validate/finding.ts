/** Builds findings from the rule catalogue, so a rule's id and severity are written in one place only. */
import type { Finding, Severity } from '../../../shared/model'
import { RULES, type RuleId } from './rule-catalog'

const SEVERITY = new Map<string, Severity>(RULES.map((r) => [r.id, r.severity]))

export function finding(rule: RuleId, path: string, message: string, severity?: Severity): Finding {
  return { severity: severity ?? SEVERITY.get(rule) ?? 'error', path, rule, message }
}

/** RFC 6901 escaping of one reference token. */
export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1')
}

export function pointer(...keys: (string | number)[]): string {
  return keys.map((k) => `/${pointerToken(k)}`).join('')
}
