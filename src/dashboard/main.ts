// The dashboard at /__mock/dashboard: the live timeline (GET /__mock/events/stream),
// a location's state, and buttons that call the same /__mock routes a test does.
// Preact + htm: components and state without hand-written DOM plumbing, no build step of their own.
import htm from 'htm'
import { h, render } from 'preact'
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { FAULT_ROUTES, MAX_ENTRIES, RESOURCES, STATUSES } from './constants.js'
import './dashboard.css'

const html = htm.bind(h)
/** The control prefix: the page is served at {prefix}/dashboard. */
const BASE = location.pathname.replace(/\/dashboard\/?$/, '')

interface Entry {
  id: string
  seq: number | null
  time: string
  location_id: number | null
  kind: 'request' | 'trigger' | 'delivery' | 'attempt' | 'transition'
  failed: boolean
  summary: string
  cause: string | null
  effects: string[]
  data: Record<string, unknown>
  /** The entry's JSON in lower case, for the text search. */
  text: string
}

interface Filters {
  location: string
  resource: string
  failed: boolean
  q: string
}

interface Fault {
  id: number
  location_id: number | null
  method: string | null
  route: string
  kind: string
  times: number | null
  status: number | null
  message: string | null
  fired: number
  active: boolean
}

interface Installation {
  application_id: number
  status: string
  payments: { id: number; amount?: number; [key: string]: unknown }[]
  webhook_urls: string[]
}

interface LocationState {
  settings: { url_settings: Record<string, string | number>[] } | null
  installations: Installation[]
  faults: Fault[]
  error: string | null
}

function readFilters(): Filters {
  const query = new URLSearchParams(location.search)
  return {
    location: query.get('location') ?? '',
    resource: query.get('resource') ?? '',
    failed: query.get('failed') === '1',
    q: query.get('q') ?? '',
  }
}

function writeFilters(filters: Filters): void {
  const query = new URLSearchParams()
  if (filters.location) query.set('location', filters.location)
  if (filters.resource) query.set('resource', filters.resource)
  if (filters.failed) query.set('failed', '1')
  if (filters.q) query.set('q', filters.q)
  const search = query.size > 0 ? `?${query}` : ''
  history.replaceState(null, '', `${location.pathname}${search}`)
}

/** The resources an entry is about: a trigger's events, a delivery's or attempt's resource. */
function resourcesOf(entry: Entry): string[] {
  if (entry.kind === 'delivery' || entry.kind === 'attempt') return [String(entry.data.resource)]
  if (entry.kind === 'trigger') {
    return ((entry.data.events as { resource: string }[]) ?? []).map((e) => e.resource)
  }
  return []
}

function matches(entry: Entry, filters: Filters): boolean {
  if (filters.location && String(entry.location_id) !== filters.location) return false
  if (filters.failed && !entry.failed) return false
  if (filters.resource && !resourcesOf(entry).includes(filters.resource)) return false
  if (filters.q && !entry.text.includes(filters.q.toLowerCase())) return false
  return true
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const answer = (await response.json()) as {
    success: boolean
    data: unknown
    meta?: { message?: string; errors?: Record<string, string[]> }
  }
  if (!response.ok) {
    const errors = Object.entries(answer.meta?.errors ?? {})
      .map(([field, texts]) => `${field}: ${texts.join(' ')}`)
      .join('; ')
    throw new Error(`${method} ${path}: ${response.status} ${answer.meta?.message ?? ''} ${errors}`)
  }
  return answer.data
}

/** The live stream: entries by id (a resent entry replaces its copy), newest last. */
function useTimeline() {
  const entries = useRef(new Map<string, Entry>())
  const [version, setVersion] = useState(0)
  const [status, setStatus] = useState<'connecting' | 'live' | 'reconnecting'>('connecting')
  useEffect(() => {
    const source = new EventSource(`${BASE}/events/stream`)
    let pending = false
    const bump = () => {
      if (pending) return
      pending = true
      requestAnimationFrame(() => {
        pending = false
        setVersion((v) => v + 1)
      })
    }
    source.addEventListener('entry', (event) => {
      const text = (event as MessageEvent<string>).data
      const entry = JSON.parse(text) as Entry
      entry.text = text.toLowerCase()
      const kept = entries.current
      kept.delete(entry.id)
      kept.set(entry.id, entry)
      if (kept.size > MAX_ENTRIES) kept.delete(kept.keys().next().value as string)
      bump()
    })
    source.addEventListener('ready', () => setStatus('live'))
    source.addEventListener('error', () => setStatus('reconnecting'))
    return () => source.close()
  }, [])
  return { entries: entries.current, version, status }
}

function useLocationState(locationId: string, version: number) {
  const [state, setState] = useState<LocationState | null>(null)
  const [tick, setTick] = useState(0)
  const refresh = useCallback(() => setTick((t) => t + 1), [])
  useEffect(() => {
    if (!locationId) {
      setState(null)
      return
    }
    let gone = false
    const timer = setTimeout(async () => {
      try {
        const settings = (await call('GET', `/locations/${locationId}/settings`).catch(
          () => null,
        )) as LocationState['settings']
        const applications = (await call('GET', '/applications')) as { application_id: number }[]
        const installations: Installation[] = []
        for (const { application_id } of applications) {
          const one = await call(
            'GET',
            `/locations/${locationId}/applications/${application_id}`,
          ).catch(() => null)
          if (one) installations.push(one as Installation)
        }
        const faults = ((await call('GET', '/faults')) as Fault[]).filter(
          (f) => f.location_id === null || String(f.location_id) === locationId,
        )
        if (!gone) setState({ settings, installations, faults, error: null })
      } catch (error) {
        if (!gone) setState((s) => ({ ...(s ?? emptyState), error: String(error) }))
      }
    }, 150)
    return () => {
      gone = true
      clearTimeout(timer)
    }
  }, [locationId, version, tick])
  return { state, refresh }
}

const emptyState: LocationState = { settings: null, installations: [], faults: [], error: null }

/** JSON as nested disclosure widgets: objects and arrays fold, the first level open. */
function Json({ value, depth = 0 }: { value: unknown; depth?: number }): unknown {
  if (value === null || typeof value !== 'object') {
    return html`<span class=${`json-${value === null ? 'null' : typeof value}`}
      >${JSON.stringify(value)}</span
    >`
  }
  const items = Array.isArray(value)
    ? value.map((v, n) => [String(n), v] as const)
    : Object.entries(value as Record<string, unknown>)
  if (items.length === 0) return html`<span>${Array.isArray(value) ? '[]' : '{}'}</span>`
  const label = Array.isArray(value) ? `[${items.length}]` : `{${items.length}}`
  return html`<details class="json" open=${depth < 1}>
    <summary>${label}</summary>
    <ul>
      ${items.map(
        ([key, v]) =>
          html`<li key=${key}><span class="json-key">${key}:</span> <${Json} value=${v}
            depth=${depth + 1} /></li>`,
      )}
    </ul>
  </details>`
}

function Link({ id, onGo }: { id: string; onGo: (id: string) => void }) {
  return html`<button type="button" class="link" onClick=${() => onGo(id)}
    aria-label=${`Go to ${id}`}>${id}</button>`
}

function EntryRow({
  entry,
  effects,
  faults,
  onGo,
  onRedeliver,
}: {
  entry: Entry
  effects: string[]
  faults: Map<number, Fault>
  onGo: (id: string) => void
  onRedeliver: (deliveryId: number) => void
}) {
  const deliveryId = entry.kind === 'delivery' ? Number(entry.data.id) : null
  const faultId = entry.kind === 'request' ? (entry.data.fault_id as number | null) : null
  const fault = faultId === null ? undefined : faults.get(faultId)
  const label = entry.kind === 'delivery' ? 'Payload and delivery' : 'Details'
  return html`<li id=${`entry-${entry.id}`} tabindex="-1"
    class=${`entry kind-${entry.kind}${entry.failed ? ' failed' : ''}`} data-id=${entry.id}>
    <div class="line">
      <time datetime=${entry.time}>${entry.time.slice(11, 23)}</time>
      <span class="loc">loc ${entry.location_id ?? '-'}</span>
      <span class="kind">${entry.kind}</span>
      ${entry.failed ? html`<span class="badge">failed</span>` : null}
      <span class="summary">${entry.summary}</span>
      ${
        deliveryId === null
          ? null
          : html`<button type="button" onClick=${() => onRedeliver(deliveryId)}
              aria-label=${`Redeliver delivery ${deliveryId}`}>Redeliver</button>`
      }
    </div>
    ${
      faultId === null
        ? null
        : html`<div class="why">
            Answered by fault ${faultId}${
              fault
                ? `: ${fault.kind}${fault.status ? ` ${fault.status}` : ''}${fault.message ? ` "${fault.message}"` : ''}, fired ${fault.fired}${fault.times ? ` of ${fault.times}` : ''} times`
                : ''
            }
          </div>`
    }
    ${
      entry.cause || effects.length > 0
        ? html`<div class="links">
            ${entry.cause ? html`<span>cause <${Link} id=${entry.cause} onGo=${onGo} /></span>` : null}
            ${
              effects.length > 0
                ? html`<span>effects ${effects.map((e) => html`<${Link} key=${e} id=${e} onGo=${onGo} /> `)}</span>`
                : null
            }
          </div>`
        : null
    }
    <details class="data">
      <summary>${label}</summary>
      <${Json} value=${entry.data} />
    </details>
  </li>`
}

function SettingsTable({ settings }: { settings: LocationState['settings'] }) {
  const rows = settings?.url_settings ?? []
  if (rows.length === 0) return html`<p>No settings saved for this location.</p>`
  const columns = Object.keys(rows[0] as object).filter((k) => k !== 'url')
  return html`<div class="scroll">
    <table class="flags">
      <caption>Per-URL flags (URL x resource)</caption>
      <thead>
        <tr>
          <th scope="col">URL</th>
          ${columns.map((c) => html`<th scope="col" key=${c}><span>${c}</span></th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr key=${row.url}>
            <th scope="row">${row.url}</th>
            ${columns.map(
              (c) => html`<td key=${c} class=${row[c] ? 'on' : 'off'}
                title=${`${row.url}: ${c} ${row[c] ? 'on' : 'off'}`}>${row[c] ? '●' : '·'}</td>`,
            )}
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`
}

function Actions({
  locationId,
  onDone,
}: {
  locationId: string
  onDone: (message: string) => void
}) {
  const [resource, setResource] = useState<string>('record')
  const [status, setStatus] = useState<string>('create')
  const [resourceId, setResourceId] = useState('1')
  const [faultStatus, setFaultStatus] = useState('500')
  const [faultTimes, setFaultTimes] = useState('1')
  const [faultRoute, setFaultRoute] = useState<string>('hooks_settings')
  const run = async (what: () => Promise<string>) => {
    try {
      onDone(await what())
    } catch (error) {
      onDone(String((error as Error).message))
    }
  }
  const trigger = (event: Event) => {
    event.preventDefault()
    void run(async () => {
      const result = (await call('POST', `/locations/${locationId}/events`, {
        resource,
        status,
        resource_id: Number(resourceId),
      })) as { delivery_ids: number[]; events: { skipped: string | null }[] }
      const skipped = result.events[0]?.skipped
      return skipped
        ? `Event skipped: ${skipped}`
        : `Triggered: deliveries ${result.delivery_ids.join(', ')}`
    })
  }
  const addFault = (event: Event) => {
    event.preventDefault()
    void run(async () => {
      const fault = (await call('POST', '/faults', {
        location_id: Number(locationId),
        kind: 'status',
        status: Number(faultStatus),
        route: faultRoute,
        ...(faultTimes ? { times: Number(faultTimes) } : {}),
      })) as Fault
      return `Fault ${fault.id} added`
    })
  }
  const reset = () =>
    run(async () => {
      await call('DELETE', `/locations/${locationId}`)
      return `Location ${locationId} reset`
    })
  return html`<section aria-labelledby="actions-h">
    <h2 id="actions-h">Actions</h2>
    <form onSubmit=${trigger} class="row">
      <label>Resource
        <select value=${resource} onChange=${(e: Event) => setResource((e.target as HTMLSelectElement).value)}>
          ${RESOURCES.map((r) => html`<option key=${r} value=${r}>${r}</option>`)}
        </select>
      </label>
      <label>Status
        <select value=${status} onChange=${(e: Event) => setStatus((e.target as HTMLSelectElement).value)}>
          ${STATUSES.map((s) => html`<option key=${s} value=${s}>${s}</option>`)}
        </select>
      </label>
      <label>Resource id
        <input type="number" min="1" required value=${resourceId}
          onInput=${(e: Event) => setResourceId((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Trigger event</button>
    </form>
    <form onSubmit=${addFault} class="row">
      <label>Fault status
        <input type="number" min="100" max="599" required value=${faultStatus}
          onInput=${(e: Event) => setFaultStatus((e.target as HTMLInputElement).value)} />
      </label>
      <label>Times
        <input type="number" min="1" value=${faultTimes} placeholder="until removed"
          onInput=${(e: Event) => setFaultTimes((e.target as HTMLInputElement).value)} />
      </label>
      <label>Routes
        <select value=${faultRoute} onChange=${(e: Event) => setFaultRoute((e.target as HTMLSelectElement).value)}>
          ${FAULT_ROUTES.map((r) => html`<option key=${r} value=${r}>${r}</option>`)}
        </select>
      </label>
      <button type="submit">Add fault</button>
    </form>
    <div class="row">
      <button type="button" class="danger" onClick=${reset}>Reset location ${locationId}</button>
    </div>
  </section>`
}

function StatePanel({
  locationId,
  state,
  onRemoveFault,
}: {
  locationId: string
  state: LocationState | null
  onRemoveFault: (id: number) => void
}) {
  if (!state) return html`<p>Loading location ${locationId}...</p>`
  return html`<section aria-labelledby="state-h">
    <h2 id="state-h">Location ${locationId}</h2>
    ${state.error ? html`<p role="alert">${state.error}</p>` : null}
    <h3>Settings</h3>
    <${SettingsTable} settings=${state.settings} />
    <h3>Installations</h3>
    ${
      state.installations.length === 0
        ? html`<p>No installations.</p>`
        : html`<ul class="plain">
            ${state.installations.map(
              (i) => html`<li key=${i.application_id}>
                Application ${i.application_id}: <strong>${i.status}</strong>,
                ${i.payments.length} payment${i.payments.length === 1 ? '' : 's'}
                ${i.webhook_urls.length > 0 ? `, URLs ${i.webhook_urls.join(', ')}` : ''}
                ${i.payments.length > 0 ? html`<details><summary>Payments</summary><${Json} value=${i.payments} /></details>` : null}
              </li>`,
            )}
          </ul>`
    }
    <h3>Faults</h3>
    ${
      state.faults.length === 0
        ? html`<p>No faults.</p>`
        : html`<ul class="plain faults">
            ${state.faults.map(
              (f) => html`<li key=${f.id}>
                Fault ${f.id}: ${f.kind}${f.status ? ` ${f.status}` : ''} on ${f.route}${f.method ? ` ${f.method}` : ''}${
                  f.location_id === null ? ' (every location)' : ''
                }, fired ${f.fired}${f.times ? ` of ${f.times}` : ''} times${f.active ? '' : ' (spent)'}
                <button type="button" onClick=${() => onRemoveFault(f.id)}
                  aria-label=${`Remove fault ${f.id}`}>Remove</button>
              </li>`,
            )}
          </ul>`
    }
  </section>`
}

function App() {
  const [filters, setFilters] = useState<Filters>(readFilters)
  const [message, setMessage] = useState('')
  const { entries, version, status } = useTimeline()
  const { state, refresh } = useLocationState(filters.location, version)
  useEffect(() => writeFilters(filters), [filters])
  const set = (change: Partial<Filters>) => setFilters((f) => ({ ...f, ...change }))

  const { shown, effects, locations } = useMemo(() => {
    const all = [...entries.values()]
    const effects = new Map<string, string[]>()
    const locations = new Set<number>()
    for (const entry of all) {
      if (entry.location_id !== null) locations.add(entry.location_id)
      const links = new Set(entry.effects)
      for (const effect of links) effects.set(entry.id, [...(effects.get(entry.id) ?? []), effect])
      if (entry.cause) {
        const known = effects.get(entry.cause) ?? []
        if (!known.includes(entry.id)) effects.set(entry.cause, [...known, entry.id])
      }
    }
    const shown = all.filter((entry) => matches(entry, filters)).reverse()
    return { shown, effects, locations: [...locations].sort((a, b) => a - b) }
  }, [version, filters])

  const faults = new Map((state?.faults ?? []).map((f) => [f.id, f]))
  const go = (id: string) => {
    const target = document.getElementById(`entry-${id}`)
    if (!target) {
      setMessage(`${id} is not shown: the filters hide it, or the page no longer keeps it.`)
      return
    }
    target.scrollIntoView({ block: 'center' })
    target.focus()
  }
  const done = (text: string) => {
    setMessage(text)
    refresh()
  }
  const redeliver = async (id: number) => {
    try {
      const { delivery_id } = (await call('POST', `/deliveries/${id}/redeliver`, {})) as {
        delivery_id: number
      }
      done(`Delivery ${id} redelivered as delivery ${delivery_id}`)
    } catch (error) {
      done(String((error as Error).message))
    }
  }
  const removeFault = async (id: number) => {
    try {
      await call('DELETE', `/faults/${id}`)
      done(`Fault ${id} removed`)
    } catch (error) {
      done(String((error as Error).message))
    }
  }

  return html`<header>
      <h1>altegio-hooks-mock</h1>
      <span class=${`status ${status}`} role="status">${status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting...' : 'Reconnecting...'}</span>
      <form class="filters" role="search" onSubmit=${(e: Event) => e.preventDefault()}>
        <label>Location
          <input type="number" min="1" list="locations" value=${filters.location} placeholder="all"
            onInput=${(e: Event) => set({ location: (e.target as HTMLInputElement).value })} />
          <datalist id="locations">${locations.map((l) => html`<option key=${l} value=${l} />`)}</datalist>
        </label>
        <label>Resource
          <select value=${filters.resource} onChange=${(e: Event) => set({ resource: (e.target as HTMLSelectElement).value })}>
            <option value="">all</option>
            ${[...RESOURCES, 'application'].map((r) => html`<option key=${r} value=${r}>${r}</option>`)}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked=${filters.failed}
            onChange=${(e: Event) => set({ failed: (e.target as HTMLInputElement).checked })} />
          Failed only
        </label>
        <label>Search
          <input type="search" value=${filters.q} placeholder="text in payloads"
            onInput=${(e: Event) => set({ q: (e.target as HTMLInputElement).value })} />
        </label>
      </form>
    </header>
    <main>
      <section class="timeline" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline <small>${shown.length} of ${entries.size}</small></h2>
        ${shown.length === 0 ? html`<p>Nothing yet${entries.size > 0 ? ' that the filters show' : ''}.</p>` : null}
        <ol class="entries">
          ${shown.map(
            (entry) =>
              html`<${EntryRow} key=${entry.id} entry=${entry} effects=${effects.get(entry.id) ?? []}
                faults=${faults} onGo=${go} onRedeliver=${redeliver} />`,
          )}
        </ol>
      </section>
      <aside>
        <p class="message" role="status" aria-live="polite">${message}</p>
        ${
          filters.location
            ? html`<${Actions} locationId=${filters.location} onDone=${done} />
                <${StatePanel} locationId=${filters.location} state=${state} onRemoveFault=${removeFault} />`
            : html`<p>Pick a location to see its state and act on it.</p>`
        }
      </aside>
    </main>`
}

render(html`<${App} />`, document.getElementById('app') as HTMLElement)
