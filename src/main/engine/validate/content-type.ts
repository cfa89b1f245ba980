/**
 * What the Content-Type header says about a Track call. The SDKs send
 * `application/json`; beacon-style senders post `text/plain` that is JSON
 * all the same, so it is read as JSON and only noted. Anything else is
 * still read as JSON (so nothing is lost) with a warning, since the real
 * API may not accept it.
 */
import type { Finding } from '../../../shared/model'
import { finding } from './finding'

export function contentTypeFindings(contentType: string | null | undefined): Finding[] {
  const raw = (contentType ?? '').trim()
  if (raw === '') {
    return [
      finding(
        'http.content-type',
        '',
        'No Content-Type header; the SDKs send application/json. The body was read as JSON.',
      ),
    ]
  }
  const media = (raw.split(';')[0] ?? '').trim().toLowerCase()
  if (media === 'application/json' || /^application\/[\w.+-]+\+json$/.test(media)) return []
  if (media === 'text/plain') {
    return [
      finding(
        'http.content-type',
        '',
        'Content-Type text/plain (a beacon-style sender); the body was read as JSON.',
        'info',
      ),
    ]
  }
  return [
    finding(
      'http.content-type',
      '',
      `Content-Type "${raw.slice(0, 100)}" is not JSON; the body was read as JSON anyway, but the real API may refuse it.`,
    ),
  ]
}
