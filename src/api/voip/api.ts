import { checkId } from '../../control/code-input.js'
import { assertValid } from '../../schemas/assert.js'
import { NotificationWaitBody, type VoipNotification } from '../../schemas/voip/control.js'
import { type StoredVoipIntegration, VoipIntegrationInput } from '../../schemas/voip/integration.js'
import type { Voip } from './voip.js'

export interface NotificationListFilter {
  location_id?: number
  /** Only those after this id (the last one seen). */
  after_id?: number
}

export interface NotificationWaitOptions extends NotificationListFilter {
  /** How many (default 1). */
  count?: number
  /** Rejects with WaitTimeoutError after this long (default 10000, at most 600000). */
  timeoutMs?: number
}

/** `mock.voip`: what the /__mock/voip routes do, from code. */
export interface VoipApi {
  /** Registers a CRM token with its routes (replacing one with that token). */
  register(integration: VoipIntegrationInput): Promise<StoredVoipIntegration>
  /** Every CRM token (telephony applications' among them), or those routed to a location. */
  integrations(filter?: { location_id?: number }): Promise<StoredVoipIntegration[]>
  notifications: {
    /** The incoming-call pop-ups the mock showed, oldest first. */
    list(filter?: NotificationListFilter): Promise<VoipNotification[]>
    /** Resolves with the first `count` matching ones once they are there; rejects on timeout. */
    waitFor(options?: NotificationWaitOptions): Promise<VoipNotification[]>
  }
}

const checkIntegration = assertValid(VoipIntegrationInput)
const checkWait = assertValid(NotificationWaitBody)

/**
 * The checks of `mock.voip`'s arguments, shared with connectAltegioMock so
 * both refuse the same input with the same TypeError.
 */
export const voipInput = {
  integration(integration: unknown): void {
    checkIntegration(integration, 'integration')
  },
  filter(filter: { location_id?: unknown; after_id?: unknown }): void {
    if (filter.location_id !== undefined) checkId(filter.location_id, 'location_id')
    if (filter.after_id !== undefined) checkWait({ after_id: filter.after_id }, 'filter')
  },
  /** The body of a wait, checked: the route's. */
  wait({ timeoutMs, ...filter }: NotificationWaitOptions): NotificationWaitBody {
    const body = { ...filter, ...(timeoutMs === undefined ? {} : { timeout_ms: timeoutMs }) }
    checkWait(body, 'options')
    return body
  },
}

export function voipApi(voip: Voip): VoipApi {
  return {
    async register(integration) {
      voipInput.integration(integration)
      const [stored] = await voip.register([integration])
      return stored as StoredVoipIntegration
    },
    async integrations(filter = {}) {
      voipInput.filter(filter)
      return voip.integrations(filter.location_id)
    },
    notifications: {
      async list(filter = {}) {
        voipInput.filter(filter)
        return voip.notifications.list(filter)
      },
      async waitFor(options = {}) {
        const { count = 1, timeout_ms = 10_000, ...filter } = voipInput.wait(options)
        return voip.notifications.waitFor(filter, count, timeout_ms)
      },
    },
  }
}
