import type { FastifyInstance } from 'fastify'
import { lazyCheck } from '../schemas/validator.js'

/** Fastify's route validation through the one validator, each schema compiled on first use. */
export function addLazyValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema }) => {
    const check = lazyCheck(schema as never)
    const validate = (data: unknown): boolean => {
      const valid = check(data)
      validate.errors = valid ? null : check.errors
      return valid
    }
    validate.errors = null as typeof check.errors | null
    return validate
  })
}
