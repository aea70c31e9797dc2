import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MetaEnvelope } from '../schemas/envelope.js'
import { answers, errorAnswers } from '../schemas/responses.js'
import { TimelineEntry, TimelineListQuery, TimelineQuery } from '../schemas/timeline.js'
import { Type } from '../schemas/typebox.js'
import type { MockControl } from './mock-control.js'
import type { ClientFilter } from './timeline.js'

/** Both routes' query as the timeline's filter. */
const filterOf = (query: { location_id?: string; failed?: string }): ClientFilter => ({
  location_id: query.location_id === undefined ? undefined : Number(query.location_id),
  failed: query.failed === 'true',
})

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
          "Server-sent events: first the backlog the journals still hold (`event: entry`, no id), then `event: ready`, then each new entry as `event: entry`; SSE ids are `<stream>.<seq>` (the stream is new with each start of the mock). A reconnect's Last-Event-ID (or `after`: that id, or a bare seq) resumes where it left off while the same stream still keeps that seq (it keeps the last 2000 entries or 4 MiB, while someone listens and a minute after), else the backlog comes again: entry ids are stable, so a reader replaces what it has. A client that leaves 1000 entries or 2 MiB unsent is dropped.",
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
      const { after } = request.query
      const last = request.headers['last-event-id']
      reply.hijack()
      timeline.open(
        reply.raw,
        filterOf(request.query),
        after ?? (typeof last === 'string' ? last : undefined),
      )
    },
  )

  app.get(
    '/timeline',
    {
      schema: {
        summary:
          'The timeline as the stream sends it first: requests, triggers, deliveries, attempts, transitions',
        description:
          'What GET /__mock/events/stream sends a new client before `ready`, as one list, oldest first: the newest 500 entries the journals and the history of triggers and transitions hold (about 1 MiB at most). For a test that asks what happened after the fact; `mock.timeline()` in code.',
        querystring: TimelineListQuery,
        response: answers(
          200,
          MetaEnvelope(Type.Array(TimelineEntry), Type.Object({ count: Type.Integer() })),
        ),
      },
    },
    async (request) => {
      const data = timeline.entries(filterOf(request.query))
      return { success: true as const, data, meta: { count: data.length } }
    },
  )
}
