import { type VoipApi, voipInput } from '../api/voip/api.js'
import { VoipRefusal } from '../api/voip/voip.js'
import { WaitEndedError, WaitTimeoutError } from '../deliveries/waiters.js'
import type { VoipNotification } from '../schemas/voip/control.js'
import type { StoredVoipIntegration } from '../schemas/voip/integration.js'
import type { MockHttp, Refused } from './http.js'

/** The error the local API throws for what the /__mock/voip routes refused. */
function refusal(http: MockHttp, reply: Refused): Error {
  // A bound of the mock: the local register throws VoipRefusal with the same errors.
  if (reply.status === 422 && reply.errors?.crm_token) return new VoipRefusal(reply.errors)
  if (reply.status === 408) {
    const reason = reply.message.replace(/^Timed out: /, '').replace(/\. GET \/__mock\/.*$/, '')
    return new WaitTimeoutError(reason)
  }
  if (reply.status === 409) {
    return new WaitEndedError(reply.message.replace(/^Wait ended: /, '').replace(/\.$/, ''))
  }
  return http.error(reply)
}

const query = (filter: object) => {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined) params.set(key, String(value))
  }
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

/** `mock.voip` over the VoIP section's /__mock routes. */
export function remoteVoip(http: MockHttp): VoipApi {
  const data = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const reply = await http.request(method, path, body)
    if (reply.ok) return reply.data as T
    throw refusal(http, reply)
  }
  return {
    async register(integration) {
      voipInput.integration(integration)
      return data<StoredVoipIntegration>('POST', '/voip/integrations', integration)
    },
    async integrations(filter = {}) {
      voipInput.filter(filter)
      return data<StoredVoipIntegration[]>('GET', `/voip/integrations${query(filter)}`)
    },
    notifications: {
      async list(filter = {}) {
        voipInput.filter(filter)
        return data<VoipNotification[]>('GET', `/voip/notifications${query(filter)}`)
      },
      async waitFor(options = {}) {
        const body = voipInput.wait(options)
        try {
          return await data<VoipNotification[]>('POST', '/voip/notifications/wait', body)
        } catch (error) {
          if (http.closed) throw new WaitEndedError('the connection to the mock was closed')
          throw error
        }
      },
    },
  }
}
