import type { ReactNode } from 'react'
import { CONDITION_OPS, JSON_TYPES, type ConditionOp } from '../../../../shared/contract/sessions'
import {
  defaultValue,
  emptyCondition,
  emptyDraft,
  type DraftCondition,
  type DraftExpectation,
} from './expectation-draft'

const OP_LABEL: Record<ConditionOp, string> = {
  equals: 'equals',
  matches: 'matches regex',
  type: 'is of type',
  present: 'is',
  range: 'is a number in',
}

/** Edits a checklist: each expectation's event, count, order and property conditions. */
export function ExpectationEditor({
  drafts,
  onChange,
}: {
  drafts: DraftExpectation[]
  onChange: (drafts: DraftExpectation[]) => void
}): ReactNode {
  const patch = (key: number, p: Partial<DraftExpectation>): void =>
    onChange(drafts.map((d) => (d.key === key ? { ...d, ...p } : d)))
  const patchCondition = (d: DraftExpectation, key: number, p: Partial<DraftCondition>): void =>
    patch(d.key, { conditions: d.conditions.map((c) => (c.key === key ? { ...c, ...p } : c)) })

  return (
    <div className="expectation-editor" data-testid="expectation-editor">
      {drafts.length === 0 && (
        <p className="muted">No expectations: the session will record, and you can add a checklist later.</p>
      )}
      {drafts.map((d, i) => (
        <fieldset className="expectation-draft" key={d.key} data-testid="expectation-draft">
          <legend>Expectation {i + 1}</legend>
          <div className="draft-row">
            <select
              className="select"
              aria-label="Call type"
              value={d.callType}
              onChange={(e) => patch(d.key, { callType: e.target.value as DraftExpectation['callType'] })}
            >
              <option value="track">track</option>
              <option value="identify">identify</option>
              <option value="group">group</option>
            </select>
            <input
              className="input draft-name"
              placeholder={
                d.callType === 'track'
                  ? 'event name, e.g. signed_up'
                  : d.callType === 'group'
                    ? 'group id (any if empty)'
                    : 'any identify call'
              }
              aria-label="Event name"
              value={d.eventName}
              onChange={(e) => patch(d.key, { eventName: e.target.value })}
              data-testid="draft-event-name"
            />
            <select
              className="select"
              aria-label="Count"
              value={d.countMode}
              onChange={(e) => patch(d.key, { countMode: e.target.value as DraftExpectation['countMode'] })}
            >
              <option value="atLeast">at least</option>
              <option value="exactly">exactly</option>
            </select>
            <input
              className="input draft-count"
              type="number"
              min={0}
              aria-label="How many times"
              value={d.n}
              onChange={(e) => patch(d.key, { n: e.target.value })}
            />
            <span className="draft-times">×</span>
            <label
              className="draft-ordered"
              title="Its first event must come after the previous ordered expectation's"
            >
              <input
                type="checkbox"
                checked={d.ordered}
                onChange={(e) => patch(d.key, { ordered: e.target.checked })}
              />
              in order
            </label>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={() => onChange(drafts.filter((x) => x.key !== d.key))}
              aria-label={`Remove expectation ${i + 1}`}
            >
              Remove
            </button>
          </div>
          {d.conditions.map((c) => (
            <div className="draft-row draft-condition" key={c.key} data-testid="draft-condition">
              <span className="draft-where">where</span>
              <input
                className="input draft-path"
                aria-label="Property path"
                placeholder="properties.plan"
                value={c.path}
                onChange={(e) => patchCondition(d, c.key, { path: e.target.value })}
                data-testid="condition-path"
              />
              <select
                className="select"
                aria-label="Operator"
                value={c.op}
                onChange={(e) => {
                  const op = e.target.value as ConditionOp
                  patchCondition(d, c.key, { op, value: defaultValue(op) })
                }}
                data-testid="condition-op"
              >
                {CONDITION_OPS.map((op) => (
                  <option key={op} value={op}>
                    {OP_LABEL[op]}
                  </option>
                ))}
              </select>
              {c.op === 'type' ? (
                <select
                  className="select"
                  aria-label="Type"
                  value={c.value}
                  onChange={(e) => patchCondition(d, c.key, { value: e.target.value })}
                >
                  {JSON_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              ) : c.op === 'present' ? (
                <select
                  className="select"
                  aria-label="Presence"
                  value={c.value}
                  onChange={(e) => patchCondition(d, c.key, { value: e.target.value })}
                >
                  <option value="present">present</option>
                  <option value="absent">absent</option>
                </select>
              ) : (
                <input
                  className="input draft-value"
                  aria-label="Value"
                  placeholder={
                    c.op === 'matches'
                      ? '^(pro|team)$'
                      : c.op === 'range'
                        ? '1..10  (or 1.. or ..10)'
                        : 'pro  (or JSON: 3, true, null)'
                  }
                  value={c.value}
                  onChange={(e) => patchCondition(d, c.key, { value: e.target.value })}
                  data-testid="condition-value"
                />
              )}
              <button
                type="button"
                className="btn btn-ghost btn-small btn-icon"
                aria-label="Remove condition"
                title="Remove condition"
                onClick={() => patch(d.key, { conditions: d.conditions.filter((x) => x.key !== c.key) })}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            className="link-button draft-add-condition"
            onClick={() => patch(d.key, { conditions: [...d.conditions, emptyCondition()] })}
            data-testid="add-condition"
          >
            + property condition
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onChange([...drafts, emptyDraft()])}
        data-testid="add-expectation"
      >
        Add expectation
      </button>
    </div>
  )
}
