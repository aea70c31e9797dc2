import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { entityFor } from '../src/deliveries/entities/index.js'
import { webhookEntitiesDoc } from '../src/schemas/entities/docs.js'
import { ENTITY_SCHEMAS } from '../src/schemas/entities/index.js'
import { EVENT_STATUSES, RESOURCE_FLAGS, RESOURCES, type Resource } from '../src/schemas/event.js'
import { lazyCheck } from '../src/schemas/validator.js'
import { fullBody, testMock } from './helpers.js'
import { startReceiver } from './receiver.js'

const SEEDS = [1, 2, 3]
const LOCATION = 4242
const DOC = new URL('../docs/webhook-entities.md', import.meta.url)
const checks = Object.fromEntries(
  RESOURCES.map((resource) => [resource, lazyCheck(ENTITY_SCHEMAS[resource])]),
) as Record<Resource, ReturnType<typeof lazyCheck>>

const generate = (
  seed: number,
  resource: Resource,
  status: (typeof EVENT_STATUSES)[number],
  id = 1001,
) =>
  entityFor(seed, { locationId: LOCATION, resource, resourceId: id, status }) as Record<
    string,
    unknown
  >

/** The fields each table of the docs lists, by path ("", ".staff", ".services[]") per resource. */
async function documentedKeys(): Promise<Map<Resource, Map<string, string[]>>> {
  const text = await readFile(DOC, 'utf8')
  const byResource = new Map<Resource, Map<string, string[]>>()
  for (const section of text.split(/^## /m).slice(1)) {
    const heading = section.slice(0, section.indexOf('\n'))
    const resources = [...heading.matchAll(/`([a-z_]+)`/g)].map((m) => m[1] as Resource)
    const tables = new Map<string, string[]>()
    for (const part of section.split(/^#### /m).slice(1)) {
      const path = /^`([^`]+)`/.exec(part)?.[1] ?? ''
      const fields = [...part.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] as string)
      tables.set(path.slice(path.search(/\.|$/)), fields)
    }
    for (const resource of resources) byResource.set(resource, tables)
  }
  return byResource
}

/** Every object in a generated entity, by the same paths as the docs' tables. */
function objectKeys(value: unknown, path = '', out = new Map<string, Set<string>>()) {
  if (Array.isArray(value)) {
    for (const item of value) objectKeys(item, `${path}[]`, out)
  } else if (value !== null && typeof value === 'object') {
    const keys = out.get(path) ?? new Set<string>()
    for (const [key, child] of Object.entries(value)) {
      keys.add(key)
      objectKeys(child, `${path}.${key}`, out)
    }
    out.set(path, keys)
  }
  return out
}

describe('generated webhook entities', () => {
  it('has a schema for every resource', () => {
    expect(Object.keys(ENTITY_SCHEMAS)).toEqual(RESOURCES)
  })

  it('validates every resource x create/update/delete x 3 seeds against its schema', () => {
    const failures: string[] = []
    for (const seed of SEEDS) {
      for (const resource of RESOURCES) {
        for (const status of EVENT_STATUSES) {
          for (const id of [1001, 77, 123456789]) {
            const data = generate(seed, resource, status, id)
            const check = checks[resource]
            if (!check(data))
              failures.push(
                `${resource} ${status} seed ${seed} id ${id}: ${JSON.stringify(check.errors.slice(0, 3))}`,
              )
          }
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('has the key set the docs list, at every level', async () => {
    const documented = await documentedKeys()
    for (const resource of RESOURCES) {
      const tables = documented.get(resource)
      expect(tables, `docs section of ${resource}`).toBeDefined()
      for (const seed of SEEDS) {
        for (const [path, keys] of objectKeys(generate(seed, resource, 'update'))) {
          // An object-valued open map (custom_fields set) has no table; generated ones are [].
          expect([...keys], `${resource}${path}`).toEqual(tables?.get(path))
        }
      }
    }
  })

  it('gives the same entity for the same id in every event, but for what the status changes', () => {
    const changing = new Set(['last_change_date', 'deleted', 'status', 'is_deleted', 'active'])
    for (const resource of RESOURCES) {
      const [create, update, remove] = EVENT_STATUSES.map((status) => generate(7, resource, status))
      const differ = (a: Record<string, unknown>, b: Record<string, unknown>) =>
        Object.keys(a).filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]))
      expect(
        differ(create as never, update as never).filter((k) => !changing.has(k)),
        resource,
      ).toEqual([])
      expect(
        differ(update as never, remove as never).filter((k) => !changing.has(k)),
        resource,
      ).toEqual([])
    }
    expect(generate(7, 'record', 'delete').deleted).toBe(true)
    expect(generate(7, 'record', 'update').deleted).toBe(false)
    expect(generate(8, 'record', 'update')).not.toEqual(generate(7, 'record', 'update'))
  })

  it('agrees across resources: a record names the team member, client and service their own events show', () => {
    for (const seed of SEEDS) {
      const record = generate(seed, 'record', 'create') as {
        staff_id: number
        staff: {
          id: number
          name: string
          specialization: string
          avatar: string
          avatar_big: string
        }
        client: { id: number; name: string; surname: string; phone: string; email: string }
        services: { id: number; title: string; first_cost: number }[]
        company_id: number
        datetime: string
        documents: { record_id: number; visit_id: number; company_id: number; user_id: number }[]
        visit_id: number
        id: number
        created_user_id: number
      }
      expect(record.staff.id).toBe(record.staff_id)
      expect(record.documents[0]).toMatchObject({
        record_id: record.id,
        visit_id: record.visit_id,
        company_id: LOCATION,
        user_id: record.created_user_id,
      })
      const staff = generate(seed, 'staff', 'update', record.staff_id)
      expect(staff).toMatchObject({
        id: record.staff_id,
        company_id: LOCATION,
        name: record.staff.name,
        specialization: record.staff.specialization,
        avatar: record.staff.avatar,
        avatar_big: record.staff.avatar_big,
      })
      const client = generate(seed, 'client', 'update', record.client.id)
      expect(client).toMatchObject({
        id: record.client.id,
        name: record.client.name,
        surname: record.client.surname,
        phone: record.client.phone,
        email: record.client.email,
      })
      const [line] = record.services
      const service = generate(seed, 'service', 'update', line?.id)
      expect(service).toMatchObject({
        id: line?.id,
        title: line?.title,
        price_min: line?.first_cost,
      })
      const company = generate(seed, 'company', 'update', LOCATION)
      const offset = company.timezone as number
      expect(record.datetime.endsWith(`+${String(offset).padStart(2, '0')}:00`)).toBe(true)
    }
  })

  it('is documented in docs/webhook-entities.md as the schemas say (npm run docs:entities)', async () => {
    expect(await readFile(DOC, 'utf8')).toBe(webhookEntitiesDoc(ENTITY_SCHEMAS))
  })

  it('sends them for real: each of the 15 resources reaches a receiver and validates', async () => {
    const mock = await testMock({ seed: 3 })
    const receiver = await startReceiver()
    const flags = Object.fromEntries(
      Object.values(RESOURCE_FLAGS).map((flag) => [flag, 1 as const]),
    )
    await mock.seed(LOCATION, fullBody([receiver.url], flags))
    await mock.trigger(
      LOCATION,
      RESOURCES.map((resource, i) => ({
        resource,
        status: 'create' as const,
        resource_id: 500 + i,
      })),
    )
    await mock.deliveries.waitFor({ location_id: LOCATION, count: RESOURCES.length })
    const bodies = receiver.received.map((r) => r.body as { resource: Resource; data: unknown })
    expect(bodies.map((b) => b.resource).sort()).toEqual([...RESOURCES].sort())
    for (const body of bodies) expect(checks[body.resource](body.data), body.resource).toBe(true)
  })
})
