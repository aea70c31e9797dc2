import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RequestJournal } from '../../control/request-journal.js'
import { errorReply } from '../../http/error-handler.js'
import { sendWarnings } from '../../http/warnings.js'
import { JSON_TYPE } from './guards.js'

// How every section's routes answer: each answer, errors and faults included,
// goes into the request journal with its conformance warnings.

/** Sends one answer of a route. */
export type SectionAnswer = (
  request: FastifyRequest,
  reply: FastifyReply,
  statusCode: number,
  body: unknown,
) => FastifyReply

/**
 * The answer of the hot routes (GET hooks_settings, the dictionaries): a
 * function their handlers call, with the section's error handler sending
 * through it too; onSend hooks cost as much as the work they ran
 * (docs/performance.md#get-hooks).
 */
export function directAnswers(app: FastifyInstance, requests: RequestJournal): SectionAnswer {
  const answer: SectionAnswer = (request, reply, statusCode, body) => {
    sendWarnings(request, reply)
    reply.code(statusCode)
    requests.add(request, reply)
    return reply.type(JSON_TYPE).send(body)
  }
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { statusCode, body } = errorReply(error, request)
    return answer(request, reply, statusCode, body)
  })
  return answer
}

/** The same journal and warnings for routes that answer as Fastify does (an onSend hook). */
export function journalAnswers(app: FastifyInstance, requests: RequestJournal): void {
  app.addHook('onSend', async (request, reply, payload) => {
    sendWarnings(request, reply)
    requests.add(request, reply)
    return payload
  })
}
