import { payloadJson } from '../deliveries/payload.js'
import { ENTITY_SCHEMAS } from '../schemas/entities/index.js'
import { EVENT_STATUSES, type EventStatus, type Resource, toResource } from '../schemas/event.js'
import { POSITIVE_ID } from '../schemas/ids.js'
import { compareAnswers, type Difference, jsonType } from './compare.js'

/** What a captured webhook is compared as: its resource, and the differences by path. */
export interface WebhookComparison {
  resource: Resource
  differences: Difference[]
}

/** A schema as JSON Schema, as far as finding the types allowed at a path needs. */
interface SchemaNode {
  type?: string | string[]
  properties?: Record<string, SchemaNode>
  items?: SchemaNode
  anyOf?: SchemaNode[]
  oneOf?: SchemaNode[]
  allOf?: SchemaNode[]
  const?: unknown
  enum?: unknown[]
}

/** The schema nodes at a path (`data.services[].cost`), through unions. */
function nodesAt(schema: SchemaNode, path: string[]): SchemaNode[] {
  const expand = (node: SchemaNode): SchemaNode[] => [
    node,
    ...[...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])].flatMap(expand),
  ]
  let nodes = expand(schema)
  for (const part of path) {
    const next: SchemaNode[] = []
    for (const node of nodes) {
      if (part === '[]') {
        if (node.items) next.push(...expand(node.items))
      } else if (node.properties?.[part]) next.push(...expand(node.properties[part]))
    }
    nodes = next
  }
  return nodes
}

/** The JSON types a schema allows at a path; undefined when it says nothing there. */
function typesAt(schema: SchemaNode, path: string[]): Set<string> | undefined {
  const types = new Set<string>()
  let said = false
  for (const node of nodesAt(schema, path)) {
    const listed = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type]
    for (const type of listed) {
      said = true
      types.add(type)
      if (type === 'number') types.add('integer')
    }
    for (const value of [...(node.const === undefined ? [] : [node.const]), ...(node.enum ?? [])]) {
      said = true
      types.add(jsonType(value))
    }
  }
  return said ? types : undefined
}

/** `data.services[].cost` as segments: data, services, [], cost. */
const segments = (path: string) =>
  path
    .replace(/\[\]/g, '.[]')
    .split('.')
    .filter((part) => part !== '')

/** The type a difference names for the capture: `string: date` is a string. */
const baseType = (described: string) => described.split(':')[0] as string

/**
 * How a webhook body as the platform sent it differs from what the mock
 * sends for the same event: fields the capture has and the mock's entity
 * lacks (missing), fields the mock sends and the capture lacks (extra), and
 * types or formats, by path. A field the entity schema declares (an optional
 * one this entity left out, a type it allows) is no drift. Only paths and
 * types are reported, never the capture's values.
 */
export function compareWebhook(capture: unknown, seed: number): WebhookComparison {
  const body = capture as Record<string, unknown>
  const named = body.resource as string
  const resource = toResource(named as Resource)
  const statusText = String(body.status ?? '')
  const status: EventStatus = (EVENT_STATUSES as readonly string[]).includes(statusText)
    ? (statusText as EventStatus)
    : 'update'
  const company = String(body.company_id ?? '')
  const locationId = POSITIVE_ID.test(company) ? Number(company) : 1
  const resourceText = String(body.resource_id ?? '')
  const resourceId = POSITIVE_ID.test(resourceText) ? Number(resourceText) : 1
  const ours = JSON.parse(
    payloadJson(seed, locationId, resource, status, { resource, resource_id: resourceId }),
  )
  const schema = ENTITY_SCHEMAS[resource] as SchemaNode
  const differences = compareAnswers(
    { status: 200, json: capture },
    { status: 200, json: ours },
    { values: false },
  ).filter((difference) => {
    const path = segments(difference.path)
    if (path[0] !== 'data') return true
    const allowed = typesAt(schema, path.slice(1))
    if (difference.kind === 'missing') return allowed === undefined
    if (difference.kind === 'type') return !allowed?.has(baseType(difference.upstream))
    return true
  })
  return { resource, differences }
}

export { webhookProblem } from './capture.js'
