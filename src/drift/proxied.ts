import type { FastifyRequest } from 'fastify'

/** Requests answered with the upstream's answer: what the mock checks of its own answers does not apply. */
export const proxied = new WeakSet<FastifyRequest>()
