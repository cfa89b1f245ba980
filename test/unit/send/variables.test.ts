import { describe, expect, it } from 'vitest'
import { UnknownVariableError, resolveVariables } from '../../../src/main/engine/send/variables'

describe('template variables', () => {
  it('fills environment variables and built-ins', () => {
    const at = new Date('2026-01-02T03:04:05.000Z')
    expect(resolveVariables('{"u":"{{user}}","t":"{{$now}}"}', { user: 'ada' }, () => at)).toBe(
      '{"u":"ada","t":"2026-01-02T03:04:05.000Z"}',
    )
  })

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'treats {{%s}} as an unknown variable, not as a member of Object',
    (name) => {
      expect(() => resolveVariables(`{"x":"{{${name}}}"}`, {})).toThrow(UnknownVariableError)
      expect(resolveVariables(`{"x":"{{${name}}}"}`, { [name]: 'own' })).toBe('{"x":"own"}')
    },
  )
})
