import type { FastifyRequest } from 'fastify'

/**
 * For routes that take no body (grant, uninstall, refund): a client that
 * sends `Content-Type: application/json` with an empty body sent nothing,
 * not an empty JSON document; without the type, Fastify parses no body.
 */
export async function noBody(request: FastifyRequest): Promise<void> {
  const { headers } = request
  const length = headers['content-length']
  const empty =
    headers['transfer-encoding'] === undefined && (length === undefined || length === '0')
  if (empty) delete headers['content-type']
}
