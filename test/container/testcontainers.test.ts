import { getContainerRuntimeClient } from 'testcontainers'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  AltegioMockContainer,
  MOCK_PORT,
  type StartedAltegioMockContainer,
} from '../../src/testcontainers.js'
import { expectedSettings, fullBody, HEADERS } from '../helpers.js'
import { startReceiver } from '../receiver.js'

const IMAGE = inject('image')
type ExtraHosts = Parameters<AltegioMockContainer['withExtraHosts']>[0]

/**
 * The name under which the mock in a container reaches this process, which
 * must listen on 0.0.0.0 for it. podman puts host.containers.internal in
 * every container's /etc/hosts; Docker Desktop has host.docker.internal, and
 * Docker Engine on Linux only with host-gateway, which podman 4 refuses.
 */
async function hostFromContainer(): Promise<{ name: string; extraHosts: ExtraHosts }> {
  const { dockerode } = (await getContainerRuntimeClient()).container
  const { Components = [] } = await dockerode.version()
  return Components.some((component) => component.Name === 'Podman Engine')
    ? { name: 'host.containers.internal', extraHosts: [] }
    : {
        name: 'host.docker.internal',
        extraHosts: [{ host: 'host.docker.internal', ipAddress: 'host-gateway' }],
      }
}

const started: StartedAltegioMockContainer[] = []
const track = (container: StartedAltegioMockContainer) => {
  started.push(container)
  return container
}
afterAll(async () => {
  await Promise.all(started.map((container) => container.stop()))
})

describe('AltegioMockContainer', () => {
  let host: { name: string; extraHosts: ExtraHosts }
  beforeAll(async () => {
    host = await hostFromContainer()
  })

  it('starts healthy with the settings of withSettings, delivers to this process, and resets', async () => {
    const receiver = await startReceiver(() => 200, 0, '0.0.0.0')
    const hookUrl = `http://${host.name}:${receiver.port}/hooks`
    const body = fullBody([hookUrl], { record: 1 })
    const container = track(
      await new AltegioMockContainer(IMAGE)
        .withExtraHosts(host.extraHosts)
        .withSettings(7, body)
        .withEnvironment({ DELIVERY_RETRIES: '0' })
        .start(),
    )

    const url = `http://${container.getHost()}:${container.getMappedPort(MOCK_PORT)}`
    expect([container.getUrl(), container.getApiUrl()]).toEqual([url, `${url}/api/v1`])
    const health = await fetch(`${url}/__mock/health`)
    expect(await health.json()).toEqual({
      success: true,
      data: { status: 'ok', locations: 1, data_file: ':memory:' },
      meta: [],
    })

    const mock = container.client()
    expect(await mock.settings(7)).toEqual(expectedSettings(body, 7))
    const get = await fetch(`${container.getApiUrl()}/hooks_settings/7`, { headers: HEADERS })
    expect(await get.json()).toEqual({
      success: true,
      data: expectedSettings(body, 7),
      meta: [],
    })

    const event = { resource: 'record', status: 'create', resource_id: 456 } as const
    expect(await mock.trigger(7, event)).toEqual({
      delivery_ids: [1],
      events: [{ ...event, delivery_ids: [1], skipped: null, skipped_urls: [] }],
    })
    const delivered = await mock.deliveries.waitFor({ location_id: 7 })
    expect(delivered).toEqual([
      {
        id: 1,
        location_id: 7,
        url: hookUrl,
        ...event,
        self_caused: false,
        duplicate_of: null,
        redelivery_of: null,
        payload: expect.objectContaining({ ...event, company_id: 7 }),
        state: 'delivered',
        attempts: [
          {
            attempt: 1,
            started_at: expect.any(String),
            duration_ms: expect.any(Number),
            status_code: 200,
            error: null,
          },
        ],
        created_at: expect.any(String),
        finished_at: expect.any(String),
      },
    ])
    expect(receiver.received).toEqual([
      {
        path: '/hooks',
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
        body: delivered[0]?.payload,
      },
    ])

    await mock.reset()
    expect(await mock.settings(7)).toEqual(expectedSettings({ urls: [], active: 0 }, 7))
    expect(await mock.deliveries.list()).toEqual([])
  })

  it('answers with the faults of withFaults from the first request, until a reset', async () => {
    const container = track(
      await new AltegioMockContainer(IMAGE)
        .withFaults([{ location_id: 9, status: 503, times: 1 }])
        .start(),
    )
    const get = () =>
      fetch(`${container.getApiUrl()}/hooks_settings/9`, { headers: HEADERS }).then(async (res) => [
        res.status,
        await res.json(),
      ])
    expect(await get()).toEqual([
      503,
      { success: false, data: null, meta: { message: 'Service Unavailable.' } },
    ])
    expect(await get()).toEqual([
      200,
      { success: true, data: expectedSettings({ urls: [], active: 0 }, 9), meta: [] },
    ])

    const mock = container.client()
    expect(await mock.faults.list()).toEqual([
      {
        id: 1,
        location_id: 9,
        method: null,
        route: 'hooks_settings',
        kind: 'status',
        times: 1,
        probability: 1,
        status: 503,
        message: null,
        headers: {},
        delay_ms: 0,
        fired: 1,
        active: false,
        created_at: expect.any(String),
      },
    ])
    await mock.reset()
    expect(await mock.faults.list()).toEqual([])
  })

  it('starts from the document of withInitialState, and a reset returns to it', async () => {
    const document = {
      version: 1,
      locations: { '9': { urls: ['https://nine.example/hooks'], active: 1, record: 1 } },
    }
    const container = track(
      await new AltegioMockContainer(IMAGE).withInitialState(document).start(),
    )
    const mock = container.client()
    const nine = expectedSettings(fullBody(['https://nine.example/hooks'], { record: 1 }), 9)
    expect(await mock.settings(9)).toEqual(nine)
    await mock.seed(9, fullBody(['https://changed.example/hooks']))
    await mock.reset()
    expect(await mock.settings(9)).toEqual(nine)
    await mock.close()
  })

  it('refuses settings and faults the mock would refuse, before a container starts', () => {
    const container = new AltegioMockContainer(IMAGE)
    expect(() =>
      container.withSettings(7, { urls: ['ftp://example.com/hooks'], active: 1 }),
    ).toThrow(
      new TypeError(
        'settings.urls.0 must be an absolute http:// or https:// URL, e.g. "https://example.com/altegio", got "ftp://example.com/hooks".',
      ),
    )
    expect(() => container.withSettings(0, fullBody())).toThrow(
      new TypeError('locationId must be a positive integer, got 0.'),
    )
    expect(() => container.withFaults([{ status: 503 }, { status: 200 }])).toThrow(
      new TypeError('fault 1.status must be an HTTP error status from 400 to 599, got 200.'),
    )
  })
})
