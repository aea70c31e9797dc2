import type { FastifyRequest } from 'fastify'

/** Requests answered with the upstream's answer: what the mock checks of its own answers does not apply. */
export const proxied = new WeakSet<FastifyRequest>()

/** The mock's own answers to proxied requests: their bodies are journaled with credentials masked. */
export const shadows = new WeakSet<FastifyRequest>()
