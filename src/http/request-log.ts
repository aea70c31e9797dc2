import { type FastifyBaseLogger, LogController } from 'fastify'

/** A test double's every request at info would drown its user's logs: debug. */
export class DebugRequestLog extends LogController {
  override incomingRequest(request: Parameters<LogController['incomingRequest']>[0]) {
    if (this.isLogDisabled(request)) return
    request.log.debug({ req: request }, 'incoming request')
  }
  override requestCompleted(
    error: Parameters<LogController['requestCompleted']>[0],
    request: Parameters<LogController['requestCompleted']>[1],
    reply: Parameters<LogController['requestCompleted']>[2],
  ) {
    if (this.isLogDisabled(request)) return
    reply.log.debug(
      { res: reply, err: error, responseTime: reply.elapsedTime },
      'request completed',
    )
  }
}

export function isLoggerInstance(logger: unknown): logger is FastifyBaseLogger {
  return (
    typeof logger === 'object' &&
    logger !== null &&
    typeof (logger as FastifyBaseLogger).child === 'function'
  )
}
