import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import { RULE } from '../schemas/typebox.js'

// ajv-formats is CommonJS; under NodeNext its default import is the module.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

/**
 * One Ajv for every route, compiling each schema on its first use. Fastify
 * compiles every route's schemas before it listens: with allErrors and
 * verbose on, that was the largest part of the mock's start-up (~150 ms of
 * ~800 ms in a CPU profile), paid for routes a test may never call.
 */
export function addLazyValidation(app: FastifyInstance): void {
  const ajv = new Ajv({
    // Report every bad field at once; never coerce "1" or true into 1 or
    // fill defaults, so what was sent is what is judged.
    allErrors: true,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    // Errors carry their schema, whose x-rule says what to send instead.
    verbose: true,
    addUsedSchema: false,
  })
  addFormats(ajv)
  ajv.addKeyword({ keyword: RULE, schemaType: 'string' })

  app.setValidatorCompiler(({ schema }) => {
    let compiled: ValidateFunction | undefined
    const validate = (data: unknown): boolean => {
      compiled ??= ajv.compile(schema)
      const valid = compiled(data) as boolean
      validate.errors = compiled.errors
      return valid
    }
    validate.errors = null as ValidateFunction['errors']
    return validate
  })
}
