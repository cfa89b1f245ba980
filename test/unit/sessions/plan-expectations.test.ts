/** A checklist from the tracking plan: track events by name, `$identify` / `$group` as identify / group calls. */
import { describe, expect, it } from 'vitest'
import type { PlanRow } from '../../../src/shared/contract/validation'
import { planExpectations } from '../../../src/main/engine/sessions/plan-expectations'

const row = (event: string, property: string | null, required = true): PlanRow => ({
  event,
  property,
  types: ['string'],
  required,
  allowed: [],
})

describe('plan expectations', () => {
  it('expects identify and group calls carrying the required traits', () => {
    const out = planExpectations([
      row('signed_up', 'plan'),
      row('$identify', 'user_email'),
      row('$identify', 'nickname', false),
      row('$group', 'group_name'),
    ])
    expect(out).toEqual([
      expect.objectContaining({
        callType: 'track',
        eventName: 'signed_up',
        conditions: [
          { path: 'properties.plan', op: 'present' },
          { path: 'properties.plan', op: 'type', value: 'string' },
        ],
      }),
      expect.objectContaining({
        callType: 'identify',
        eventName: null,
        conditions: [
          { path: 'traits.user_email', op: 'present' },
          { path: 'traits.user_email', op: 'type', value: 'string' },
        ],
      }),
      expect.objectContaining({
        callType: 'group',
        eventName: null,
        conditions: [
          { path: 'traits.group_name', op: 'present' },
          { path: 'traits.group_name', op: 'type', value: 'string' },
        ],
      }),
    ])
    expect(planExpectations([row('$group', 'group_name'), row('a', null)], ['$group'])).toHaveLength(1)
  })
})
