import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorAnswers } from '../schemas/responses.js'
import { TimelineEntry, TimelineQuery } from '../schemas/timeline.js'
import type { MockControl } from './mock-control.js'

/** The live timeline as server-sent events, for the dashboard and `altegio-hooks-mock tail`. */
export const timelineRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control: { timeline } },
) => {
  app.get(
    '/events/stream',
    {
      schema: {
        summary: 'The live timeline: requests, triggers, deliveries, attempts, transitions (SSE)',
        description:
          "Server-sent events: first the backlog the journals still hold (`event: entry`, no id), then `event: ready` (its id the stream's seq), then each new entry as `event: entry` with its seq as id. A reconnect's Last-Event-ID (or `after`) resumes where it left off while the stream still keeps that seq (it keeps the last 2000 entries or 4 MiB, while someone listens and a minute after), else the backlog comes again: entry ids are stable, so a reader replaces what it has. A client that leaves 1000 entries or 2 MiB unsent is dropped.",
        querystring: TimelineQuery,
        response: {
          200: {
            description: 'A text/event-stream of timeline entries.',
            content: { 'text/event-stream': { schema: TimelineEntry } },
          },
          ...errorAnswers,
        },
      },
    },
    async (request, reply) => {
      const { location_id, failed, after } = request.query
      const last = request.headers['last-event-id']
      const from =
        after ?? (typeof last === 'string' && /^[0-9]{1,15}$/.test(last) ? last : undefined)
      reply.hijack()
      timeline.open(
        reply.raw,
        {
          location_id: location_id === undefined ? undefined : Number(location_id),
          failed: failed === 'true',
        },
        from === undefined ? undefined : Number(from),
      )
    },
  )
}
