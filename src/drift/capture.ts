import { RESOURCE_ALIASES, RESOURCES } from '../schemas/event.js'

/** Why a body cannot be compared as a webhook, or undefined when it can. */
export function webhookProblem(capture: unknown): string | undefined {
  if (capture === null || typeof capture !== 'object' || Array.isArray(capture)) {
    return 'must be a webhook body as the platform POSTs it: {"company_id", "resource", "resource_id", "status", "data"}'
  }
  const resource = (capture as { resource?: unknown }).resource
  const names = [...RESOURCES, ...Object.keys(RESOURCE_ALIASES)]
  if (typeof resource !== 'string' || !names.includes(resource)) {
    return `resource must be one of ${RESOURCES.join(', ')}, got ${JSON.stringify(resource) ?? 'nothing'}`
  }
  return undefined
}
