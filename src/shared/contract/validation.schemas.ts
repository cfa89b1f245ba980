import { z } from 'zod'
import type { ValidationMethods } from './validation'
import { PLAN_FORMATS, VALIDATION_MODES } from './validation'

const empty = z.object({}).strict()

/** Plans are text the user pastes or loads; 4 MB is far beyond any real plan. */
const planInput = z
  .object({
    source: z.string().max(4 * 1024 * 1024),
    format: z.enum(PLAN_FORMATS as [string, ...string[]]).optional(),
  })
  .strict()

export const validationSchemas = {
  'plan.get': empty,
  'plan.check': planInput,
  'plan.save': planInput,
  'plan.clear': empty,
  'plan.coverage': empty,
  'plan.revalidate': empty,
  'validation.mode.get': empty,
  'validation.mode.set': z.object({ mode: z.enum(VALIDATION_MODES as [string, ...string[]]) }).strict(),
  'rules.list': empty,
} satisfies { [M in keyof ValidationMethods]: z.ZodType }
