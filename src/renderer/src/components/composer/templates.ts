/**
 * Starting points for composed calls, shaped as the official SDKs send them
 * (TRACK-API.md), with the common user properties and placeholders that
 * the engine resolves at send time.
 */
import type { SendCallType } from '../../../../shared/contract/send'

export const TEMPLATES: Record<SendCallType, string> = {
  track: `[
  {
    "event_name": "signed_up",
    "properties": {
      "email": "ada@example.com",
      "name": "Ada Lovelace",
      "first_name": "Ada",
      "last_name": "Lovelace"
    },
    "user_id": "{{user_id}}",
    "context": {
      "group_id": "acct_9",
      "device_id": "d_{{$uuid}}",
      "session_id": "session_k3j9x2a1b7q",
      "source": "product"
    },
    "timestamp": "{{$now}}"
  }
]`,
  identify: `[
  {
    "user_id": "{{user_id}}",
    "traits": {
      "user_email": "ada@example.com",
      "user_name": "Ada Lovelace",
      "email": "ada@example.com",
      "name": "Ada Lovelace",
      "first_name": "Ada",
      "last_name": "Lovelace"
    },
    "timestamp": "{{$now}}"
  }
]`,
  group: `[
  {
    "group_id": "acct_9",
    "user_id": "{{user_id}}",
    "traits": {
      "group_type": "Account",
      "account_domain": "example.com",
      "account_name": "Example Inc."
    },
    "timestamp": "{{$now}}"
  }
]`,
}

export const TEMPLATE_LABELS: Record<SendCallType, string> = {
  track: 'Track event',
  identify: 'Identify user',
  group: 'Group (account)',
}
