import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Action } from '../api/marketplace/state-machine.js'
import { type DeliveryRecord, toDelivery } from '../deliveries/delivery-journal.js'
import type { DeliveryObserver } from '../deliveries/dispatcher.js'
import { maskCredentials } from '../deliveries/filter.js'
import type { Delivery, TriggerResult } from '../schemas/delivery.js'
import type { TriggerEvent } from '../schemas/event.js'
import type { StoredInstallation } from '../schemas/marketplace/installation.js'
import type { RequestEntry } from '../schemas/request-entry.js'
import type { TimelineEntry } from '../schemas/timeline.js'
import type { RequestJournal } from './request-journal.js'

export interface TimelineBounds {
  /** Entries kept for a reconnect to resume from... */
  maxEntries: number
  /** ...and their bytes as sent. */
  maxBytes: number
  /** Entries a client may leave unsent before it is dropped... */
  maxUnsentEntries: number
  /** ...and their bytes. */
  maxUnsentBytes: number
  /** How long recording goes on after the last client left, so that a reconnect resumes. */
  lingerMs: number
  /** A comment this often keeps proxies from closing an idle stream, and finds dead clients. */
  heartbeatMs: number
}

export const TIMELINE_BOUNDS: TimelineBounds = {
  maxEntries: 2000,
  maxBytes: 4 * 1024 * 1024,
  maxUnsentEntries: 1000,
  maxUnsentBytes: 2 * 1024 * 1024,
  lingerMs: 60_000,
  heartbeatMs: 15_000,
}

export interface ClientFilter {
  location_id?: number | undefined
  failed?: boolean | undefined
}

/** What the journals hold, read for a new client's backlog. */
export interface TimelineSources {
  requests: RequestJournal
  deliveries: { list(filter: { location_id?: number }): Delivery[] }
}

interface Kept {
  seq: number
  location_id: number | null
  failed: boolean
  text: string
}

interface Client {
  response: ServerResponse
  filter: ClientFilter
  /** Entries written since the socket last drained. */
  unsent: number
  /** Chunks not yet written: they go out together (FLUSH_MS, FLUSH_BYTES). */
  batch: string[]
  batchBytes: number
  /** Set while the batch waits for its write. */
  flush: NodeJS.Timeout | undefined
}

/** Dropped slow clients, and what they left unsent, since the start. */
export interface TimelineDrops {
  clients: number
  unsent_entries: number
  unsent_bytes: number
}

const MAX_BACKLOG = 500
/** Triggers and transitions kept for the backlog, listened to or not: they are rare, the API's hot path makes none. */
export const HISTORY_BOUNDS = { maxEntries: 500, maxBytes: 1024 * 1024 }
/** A client's entries go out at most this long after they happened... */
const FLUSH_MS = 50
/** ...or as soon as this many bytes wait: a write per turn cost the reader a wake-up per API request. */
const FLUSH_BYTES = 64 * 1024

const answerOf = (a: { status_code: number | null; error: string | null }) =>
  a.status_code !== null ? `HTTP ${a.status_code}` : (a.error ?? 'no answer')

/** A run of plain requests that each repeated the first, shown as one entry (Timeline#request). */
interface Run {
  first: RequestEntry
  last: number
  count: number
}

function requestEntry(entry: RequestEntry, seq: number | null, run?: Run): TimelineEntry {
  const status = entry.status_code === null ? 'no answer' : String(entry.status_code)
  const fault = entry.fault_id === null ? '' : ` (fault ${entry.fault_id})`
  const warnings = entry.warnings.length === 0 ? '' : `, ${entry.warnings.length} warning(s)`
  const repeated = run !== undefined && run.count > 1 ? run : undefined
  // A run's requests have no fault and no warning: its detail is how many, and since when.
  const detail = repeated
    ? `, ${repeated.count} times in ${Date.parse(entry.time) - Date.parse(repeated.first.time)} ms (requests ${repeated.first.id} to ${entry.id})`
    : `${fault}${warnings}, ${entry.duration_ms} ms`
  return {
    id: `request:${entry.id}`,
    seq,
    time: entry.time,
    location_id: entry.location_id,
    kind: 'request',
    failed: entry.status_code === null || entry.status_code >= 400,
    summary: `${entry.method} ${entry.path} -> ${status}${detail}`,
    cause: null,
    effects: [],
    data: entry,
    ...(repeated && {
      repeats: {
        count: repeated.count,
        first_id: repeated.first.id,
        first_time: repeated.first.time,
      },
    }),
  }
}

function deliveryEntry(delivery: Delivery, seq: number | null, cause: string | null) {
  return {
    id: `delivery:${delivery.id}`,
    seq,
    time: delivery.created_at,
    location_id: delivery.location_id,
    kind: 'delivery',
    failed: false,
    summary: `delivery ${delivery.id}: ${delivery.resource} ${delivery.status} ${delivery.resource_id} to ${delivery.url}${delivery.redelivery_of ? ` (redelivery of ${delivery.redelivery_of})` : ''}`,
    // A redelivery's cause is the delivery it sends again.
    cause: delivery.redelivery_of ? `delivery:${delivery.redelivery_of}` : cause,
    effects: [],
    data: delivery,
  } satisfies TimelineEntry
}

function attemptEntry(
  delivery: Omit<Delivery, 'payload' | 'attempts'> & { attempts: Delivery['attempts'] },
  index: number,
  seq: number | null,
  nextRetryAt: Date | null,
): TimelineEntry {
  const attempt = delivery.attempts[index] as Delivery['attempts'][number]
  const last = index === delivery.attempts.length - 1
  const state = last ? delivery.state : 'retrying'
  const ok = attempt.status_code !== null && attempt.status_code >= 200 && attempt.status_code < 300
  const next = nextRetryAt ? `, retry at ${nextRetryAt.toISOString()}` : ''
  const url = maskCredentials(delivery.url)
  return {
    id: `attempt:${delivery.id}.${attempt.attempt}`,
    seq,
    time: attempt.started_at,
    location_id: delivery.location_id,
    kind: 'attempt',
    failed: !ok,
    summary: `attempt ${attempt.attempt} of delivery ${delivery.id} (${delivery.resource} ${delivery.status}) to ${url}: ${answerOf(attempt)}, ${attempt.duration_ms} ms, ${state}${next}`,
    cause: `delivery:${delivery.id}`,
    effects: [],
    data: {
      delivery_id: delivery.id,
      url,
      resource: delivery.resource,
      status: delivery.status,
      ...attempt,
      state,
      next_retry_at: nextRetryAt?.toISOString() ?? null,
    },
  }
}

/**
 * The live timeline behind GET /__mock/events/stream: requests, triggers,
 * deliveries, attempts and marketplace transitions as server-sent events.
 * It records only while a client listens (and a short while after, so a
 * reconnect resumes): with none, the request journal's one null check is all
 * the API's hot path pays. Bounded everywhere: the kept entries by count and
 * bytes, each client by what it has left unsent (a slow client is dropped).
 */
export class Timeline implements DeliveryObserver {
  readonly #bounds: TimelineBounds
  readonly #sources: TimelineSources
  readonly #now: () => Date
  readonly #kept: Kept[] = []
  #keptBytes = 0
  /** The last seq given out. */
  #seq = 0
  /** The first seq a resume can start after, minus one: entries before it were not all recorded. */
  #from = 0
  #recording = false
  readonly #clients = new Set<Client>()
  #linger: NodeJS.Timeout | undefined
  #heartbeat: NodeJS.Timeout | undefined
  /** While a trigger runs: its deliveries, held so that the trigger's entry comes first. */
  #collecting: TimelineEntry[] | null = null
  /** Plain requests that repeat the first of them, held for one entry (#request). */
  #run: Run | null = null
  #runTimer: NodeJS.Timeout | undefined
  /** A transition's callback, made in the same turn, names it as its cause. */
  #cause: TimelineEntry | null = null
  /** Triggers and transitions: the journals do not keep them, so the backlog reads them here. */
  readonly #history: { entry: TimelineEntry; bytes: number }[] = []
  #historyBytes = 0
  /** Triggers and transitions since the start: their entries' ids. */
  #triggers = 0
  #transitions = 0
  readonly #drops: TimelineDrops = { clients: 0, unsent_entries: 0, unsent_bytes: 0 }
  /** This process's stream: SSE ids are <stream>.<seq>, so a resume never crosses a restart. */
  readonly stream = randomBytes(4).toString('hex')

  constructor(sources: TimelineSources, now: () => Date, bounds: TimelineBounds = TIMELINE_BOUNDS) {
    this.#sources = sources
    this.#now = now
    this.#bounds = bounds
  }

  get clients(): number {
    return this.#clients.size
  }

  get recording(): boolean {
    return this.#recording
  }

  get drops(): TimelineDrops {
    return { ...this.#drops }
  }

  /**
   * Adds a client: what it missed since `after` when the kept entries still
   * hold it, else the backlog from the journals; then every new entry.
   */
  open(response: ServerResponse, filter: ClientFilter, lastId: string | undefined): void {
    const after = this.#seqOf(lastId)
    // Its ready event covers every request made before it.
    this.#endRun()
    this.#start()
    const client: Client = {
      response,
      filter,
      unsent: 0,
      batch: [],
      batchBytes: 0,
      flush: undefined,
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    })
    response.on('drain', () => {
      client.unsent = 0
    })
    response.on('close', () => this.#leave(client))
    // A reconnect a second later gets the rest without a gap; the retry field says when.
    response.write('retry: 1000\n\n')
    const resumed = after !== undefined && after >= this.#from && after <= this.#seq
    if (resumed) {
      for (const kept of this.#kept) {
        if (kept.seq > after) this.#write(client, kept)
      }
    } else {
      for (const text of this.#backlog(filter))
        this.#send(client, `event: entry\ndata: ${text}\n\n`)
    }
    this.#send(
      client,
      `id: ${this.stream}.${this.#seq}\nevent: ready\ndata: ${JSON.stringify({ seq: this.#seq, resumed })}\n\n`,
    )
    if (!response.destroyed) this.#clients.add(client)
  }

  /** What a new client's backlog holds now, oldest first (GET /__mock/timeline, `mock.timeline()`). */
  entries(filter: ClientFilter): TimelineEntry[] {
    return this.#backlog(filter).map((text) => JSON.parse(text) as TimelineEntry)
  }

  /** The seq a Last-Event-ID (or `after`) names: <stream>.<seq> of this stream, or a bare seq. */
  #seqOf(lastId: string | undefined): number | undefined {
    const match = lastId === undefined ? null : /^(?:([0-9a-f]{8})\.)?([0-9]{1,15})$/.exec(lastId)
    if (!match || (match[1] !== undefined && match[1] !== this.stream)) return undefined
    return Number(match[2])
  }

  /** Ends every stream (the mock is closing). */
  close(): void {
    for (const client of this.#clients) client.response.end()
    this.#clients.clear()
    this.#stop()
  }

  /**
   * Runs a trigger; its entry, then its deliveries', go out once their ids
   * are known. Kept in the history whether or not anyone listens.
   */
  trigger(locationId: number, events: TriggerEvent[], run: () => TriggerResult): TriggerResult {
    const time = this.#now().toISOString()
    const recording = this.#recording
    const held: TimelineEntry[] = []
    if (recording) this.#collecting = held
    let result: TriggerResult
    try {
      result = run()
    } finally {
      this.#collecting = null
    }
    this.#triggers += 1
    const id = `trigger:${this.#triggers}`
    const ids = result.delivery_ids
    const skipped = result.events.flatMap((e) => (e.skipped === null ? [] : [e.skipped]))
    const what = events
      .map((e) => `${e.resource} ${e.status ?? 'update'} ${e.resource_id}`)
      .join(', ')
    const outcome = [
      ...(ids.length > 0 ? [`deliveries ${ids.join(', ')}`] : []),
      ...(skipped.length > 0 ? [`skipped: ${skipped.join('; ')}`] : []),
    ].join('; ')
    const entry: TimelineEntry = {
      id,
      seq: null,
      time,
      location_id: locationId,
      kind: 'trigger',
      failed: ids.length === 0,
      summary: `trigger ${what}: ${outcome}`,
      cause: null,
      effects: ids.map((d) => `delivery:${d}`),
      data: { events, result },
    }
    this.#remember(entry)
    if (recording) {
      this.#publish(entry)
      for (const delivery of held) this.#publish({ ...delivery, cause: id })
    }
    return result
  }

  created(record: DeliveryRecord): void {
    // A transition's callback: the history's transition names it as its effect.
    const cause = this.#cause
    if (cause !== null) {
      cause.effects.push(`delivery:${record.id}`)
      this.#historyBytes += 16
    }
    if (!this.#recording) return
    const entry = deliveryEntry(toDelivery(record), null, cause?.id ?? null)
    if (this.#collecting) this.#collecting.push(entry)
    else this.#publish(entry)
  }

  attempted(record: DeliveryRecord, nextRetryAt: Date | null): void {
    if (!this.#recording || record.attempts.length === 0) return
    this.#publish(attemptEntry(record, record.attempts.length - 1, null, nextRetryAt))
  }

  /** An installation's transition, kept in the history whether or not anyone listens. */
  transition(
    action: Action,
    from: StoredInstallation['status'],
    next: StoredInstallation,
    source: string,
  ): void {
    const { location_id, application_id, status } = next
    this.#transitions += 1
    const entry: TimelineEntry = {
      id: `transition:${this.#transitions}`,
      seq: null,
      time: this.#now().toISOString(),
      location_id,
      kind: 'transition',
      failed: false,
      summary: `marketplace: ${action} application ${application_id}: ${from} -> ${status} (${source})`,
      cause: null,
      effects: [],
      data: { action, application_id, status_from: from, status_to: status, source },
    }
    this.#remember(entry)
    // Serialized now, before its callback adds itself to `effects`: live, the callback names it as its cause.
    if (this.#recording) this.#publish(entry)
    this.#cause = entry
    queueMicrotask(() => {
      this.#cause = null
    })
  }

  /** Keeps a trigger or transition for later backlogs, within HISTORY_BOUNDS. */
  #remember(entry: TimelineEntry): void {
    const bytes = JSON.stringify(entry).length
    this.#history.push({ entry, bytes })
    this.#historyBytes += bytes
    while (
      this.#history.length > HISTORY_BOUNDS.maxEntries ||
      (this.#historyBytes > HISTORY_BOUNDS.maxBytes && this.#history.length > 1)
    ) {
      const oldest = this.#history.shift() as { bytes: number }
      this.#historyBytes -= oldest.bytes
    }
  }

  /** Forgets a location's triggers and transitions (a reset), or all of them. */
  reset(locationId?: number): void {
    if (locationId === undefined) {
      this.#history.length = 0
      this.#historyBytes = 0
      return
    }
    for (let n = this.#history.length - 1; n >= 0; n--) {
      const kept = this.#history[n] as { entry: TimelineEntry; bytes: number }
      if (kept.entry.location_id !== locationId) continue
      this.#history.splice(n, 1)
      this.#historyBytes -= kept.bytes
    }
  }

  /**
   * A request's entry. A plain one (below 400, no warning, fault or body)
   * starts a run that the same request answered alike extends, for FLUSH_MS
   * at most: the run goes out as one entry with its count. A test suite's
   * polling loop, or a load test, is then one line a poll, not thousands,
   * and costs the API a comparison per request, not an entry.
   */
  #request = (id: number): void => {
    const requests = this.#sources.requests
    const run = this.#run
    if (run !== null && requests.repeats(run.last, id)) {
      run.last = id
      run.count += 1
      return
    }
    this.#endRun()
    const entry = requests.get(id)
    if (entry === undefined) return
    if (!requests.plain(id)) {
      this.#publish(requestEntry(entry, null))
      return
    }
    this.#run = { first: entry, last: id, count: 1 }
    this.#runTimer = setTimeout(() => this.#endRun(), FLUSH_MS)
  }

  /** Publishes the run held so far, if any. */
  #endRun(): void {
    const run = this.#run
    if (run === null) return
    this.#run = null
    clearTimeout(this.#runTimer)
    this.#runTimer = undefined
    const last = run.count === 1 ? run.first : this.#sources.requests.get(run.last)
    // A reset of the journal forgot the run's requests: nothing to show.
    if (last !== undefined) this.#publish(requestEntry(last, null, run))
  }

  /** The journals' entries, oldest first, the newest MAX_BACKLOG of them within the client's bound. */
  #backlog(filter: ClientFilter): string[] {
    const location = filter.location_id
    // Triggers and transitions first: one made in the same millisecond as its deliveries sorts before them.
    const entries: TimelineEntry[] = []
    const causes = new Map<string, string>()
    for (const { entry } of this.#history) {
      for (const effect of entry.effects) causes.set(effect, entry.id)
      if (location === undefined || entry.location_id === location) entries.push(entry)
    }
    for (const request of this.#sources.requests.list(
      location === undefined ? {} : { location_id: location },
    ))
      entries.push(requestEntry(request, null))
    for (const delivery of this.#sources.deliveries.list(
      location === undefined ? {} : { location_id: location },
    )) {
      entries.push(deliveryEntry(delivery, null, causes.get(`delivery:${delivery.id}`) ?? null))
      delivery.attempts.forEach((_, n) => {
        entries.push(attemptEntry(delivery, n, null, null))
      })
    }
    entries.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
    const texts: string[] = []
    let bytes = 0
    for (let n = entries.length - 1; n >= 0 && texts.length < MAX_BACKLOG; n--) {
      const entry = entries[n] as TimelineEntry
      if (filter.failed && !entry.failed) continue
      const text = JSON.stringify(entry)
      bytes += text.length
      if (bytes > this.#bounds.maxUnsentBytes / 2) break
      texts.push(text)
    }
    return texts.reverse()
  }

  #publish(entry: TimelineEntry): void {
    // What came after a held run goes out after it.
    if (this.#run !== null) this.#endRun()
    this.#seq += 1
    const kept: Kept = {
      seq: this.#seq,
      location_id: entry.location_id,
      failed: entry.failed,
      text: JSON.stringify({ ...entry, seq: this.#seq }),
    }
    this.#kept.push(kept)
    this.#keptBytes += kept.text.length
    const { maxEntries, maxBytes } = this.#bounds
    while (this.#kept.length > maxEntries || this.#keptBytes > maxBytes) {
      const oldest = this.#kept.shift() as Kept
      this.#keptBytes -= oldest.text.length
      this.#from = oldest.seq
    }
    for (const client of this.#clients) this.#write(client, kept)
  }

  #write(client: Client, kept: Kept): void {
    const { location_id, failed } = client.filter
    if (location_id !== undefined && kept.location_id !== location_id) return
    if (failed && !kept.failed) return
    this.#send(client, `id: ${this.stream}.${kept.seq}\nevent: entry\ndata: ${kept.text}\n\n`)
  }

  /**
   * Queues a chunk for the client's next write, or drops the client once it
   * has left too much unsent. Chunks go out together, within FLUSH_MS.
   */
  #send(client: Client, chunk: string): void {
    const { response } = client
    if (response.destroyed) return
    client.batch.push(chunk)
    client.batchBytes += chunk.length
    const unsent = client.unsent + client.batch.length
    const bytes = response.writableLength + client.batchBytes
    const { maxUnsentEntries, maxUnsentBytes } = this.#bounds
    if (unsent > maxUnsentEntries || bytes > maxUnsentBytes) {
      this.#drops.clients += 1
      this.#drops.unsent_entries += unsent
      this.#drops.unsent_bytes += bytes
      this.#clients.delete(client)
      clearTimeout(client.flush)
      client.batch = []
      client.batchBytes = 0
      response.destroy()
      return
    }
    if (client.batchBytes >= FLUSH_BYTES) this.#flush(client)
    else client.flush ??= setTimeout(() => this.#flush(client), FLUSH_MS)
  }

  #flush(client: Client): void {
    const { response, batch } = client
    clearTimeout(client.flush)
    client.flush = undefined
    client.batch = []
    client.batchBytes = 0
    if (response.destroyed || batch.length === 0) return
    if (!response.write(batch.join(''))) client.unsent += batch.length
  }

  #leave(client: Client): void {
    clearTimeout(client.flush)
    this.#clients.delete(client)
    if (this.#clients.size > 0) return
    clearInterval(this.#heartbeat)
    this.#heartbeat = undefined
    clearTimeout(this.#linger)
    this.#linger = setTimeout(() => this.#stop(), this.#bounds.lingerMs)
    this.#linger.unref()
  }

  #start(): void {
    clearTimeout(this.#linger)
    this.#linger = undefined
    if (!this.#heartbeat) {
      this.#heartbeat = setInterval(() => {
        for (const client of this.#clients) this.#send(client, ': heartbeat\n\n')
      }, this.#bounds.heartbeatMs)
      this.#heartbeat.unref()
    }
    if (this.#recording) return
    this.#recording = true
    // Nothing from before now is kept: a resume from an older seq gets the backlog instead.
    this.#seq += 1
    this.#from = this.#seq
    this.#sources.requests.watcher = this.#request
  }

  #stop(): void {
    this.#endRun()
    clearTimeout(this.#linger)
    clearInterval(this.#heartbeat)
    this.#heartbeat = undefined
    this.#recording = false
    this.#sources.requests.watcher = null
    this.#kept.length = 0
    this.#keptBytes = 0
  }
}
