import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ClockReading as Reading } from '../clock/clock-control.js'
import { validationFailed } from '../http/errors.js'
import { ClockBody as Body, type ClockBody, ClockReading } from '../schemas/clock.js'
import { ok, SuccessEnvelope } from '../schemas/envelope.js'
import { answers } from '../schemas/responses.js'
import type { MockControl } from './mock-control.js'

const ONE_OF = 'give exactly one of now, advance_ms, advance, mode'

/** What a clock body asks for, done; a body with none or several of its fields is refused. */
export function moveClock(control: MockControl, body: ClockBody): Promise<Reading> {
  const given = Object.keys(body) as (keyof ClockBody)[]
  if (given.length !== 1) {
    const fields = given.length === 0 ? ['now'] : given
    throw validationFailed(
      Object.fromEntries(
        fields.map((field) => [
          field,
          [
            given.length === 0
              ? `${ONE_OF}: e.g. {"now": "2026-01-01T00:00:00Z"}.`
              : `${ONE_OF}, not ${given.join(' and ')} together.`,
          ],
        ]),
      ),
    )
  }
  const { clock } = control
  if (body.now !== undefined) return clock.set(Date.parse(body.now))
  if (body.advance_ms !== undefined) return clock.advance(body.advance_ms)
  if (body.advance !== undefined) return clock.advance(body.advance)
  return body.mode === 'real' ? clock.real() : clock.stop()
}

/** GET and POST /__mock/clock: the mock's one clock, per process. */
export const clockRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control },
) => {
  app.get(
    '/clock',
    {
      schema: {
        summary: "The mock's clock: its time and whether it runs (real) or stands (manual)",
        response: answers(200, SuccessEnvelope(ClockReading)),
      },
    },
    async () => ok(control.clock.get()),
  )

  app.post(
    '/clock',
    {
      schema: {
        summary:
          'Set and stop the clock ({"now"}), advance a stopped one ({"advance_ms"} or {"advance": "P31D"}: what falls due happens first), or run it again ({"mode": "real"})',
        body: Body,
        response: answers(200, SuccessEnvelope(ClockReading)),
      },
    },
    async (request) => ok(await moveClock(control, request.body)),
  )
}
