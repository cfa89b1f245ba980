/**
 * Checks an editor draft with the same parser and validator the capture
 * path uses, so a finding in the editor means what it means in the log.
 */
import type { DraftCheck } from '../../../shared/contract/send'
import type { CallType } from '../../../shared/model'
import { parseCall } from '../capture/parse-call'
import type { Validator } from '../validate/types'

export function checkDraft(callType: CallType, body: string, validator: Validator): DraftCheck {
  let syntaxError: DraftCheck['syntaxError'] = null
  if (body.trim() !== '') {
    try {
      JSON.parse(body)
    } catch (error) {
      const message = (error as Error).message
      const at = /position (\d+)/.exec(message)
      syntaxError = { message, offset: at ? Number(at[1]) : body.length }
    }
  }
  const parsed = parseCall(callType, Buffer.from(body, 'utf8'), Date.now(), validator)
  return {
    syntaxError,
    requestFindings: syntaxError ? [] : parsed.requestFindings,
    events: parsed.events.map((e) => ({ index: e.idx, findings: e.findings })),
  }
}
