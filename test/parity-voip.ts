import { expect } from 'vitest'
import { WaitTimeoutError } from '../src/deliveries/waiters.js'
import { V2 } from './helpers.js'
import { type Case, rejection } from './parity.js'

const TOKEN = 'parity-crm-token'

/** The VoIP section's side of AltegioMock, in the same parity suite. */
export function voipCases(same: Case): void {
  same('registers CRM tokens, lists them, lists and waits for notifications', async (mock) => {
    const integration = {
      crm_token: TOKEN,
      routes: [{ diversion: '13155550176', location_id: 61, staff_id: 3 }],
      enabled: true,
    }
    const stored = await mock.voip.register(integration)
    expect(stored).toEqual({ ...integration, application_id: null })
    const listed = await mock.voip.integrations()
    const here = await mock.voip.integrations({ location_id: 61 })
    const elsewhere = await mock.voip.integrations({ location_id: 62 })
    const waiting = mock.voip.notifications.waitFor({ location_id: 61, timeoutMs: 5000 })
    const sent = await fetch(`${mock.apiUrl}/voip/integration`, {
      method: 'POST',
      headers: { authorization: 'Bearer partner', accept: V2, 'content-type': 'application/json' },
      body: JSON.stringify({
        command: 'event',
        type: 'incoming',
        crm_token: TOKEN,
        phone: '+1 999 000 0000',
        diversion: '+1 315 555 0176',
      }),
    })
    expect(sent.status).toBe(202)
    const waited = await waiting
    const list = await mock.voip.notifications.list({ location_id: 61 })
    expect(list).toEqual(waited)
    const after = await mock.voip.notifications.list({ after_id: waited[0]?.id ?? 0 })
    const refused = {
      timeout: await rejection(
        mock.voip.notifications.waitFor({ location_id: 61, after_id: 1, timeoutMs: 20 }),
        WaitTimeoutError,
        'waited 20 ms for 1 notifications (location 61, after id 1); 0 arrived',
      ),
      input: await rejection(
        mock.voip.register({ crm_token: TOKEN, routes: [] }),
        TypeError,
        'integration.routes must be a list of 1 to 100 routes, got [].',
      ),
      filter: await rejection(
        mock.voip.notifications.list({ location_id: 0 }),
        TypeError,
        'location_id must be a positive integer, got 0.',
      ),
    }
    await mock.reset(61)
    const reset = {
      integrations: await mock.voip.integrations(),
      notifications: await mock.voip.notifications.list(),
    }
    return { stored, listed, here, elsewhere, waited, after, refused, reset }
  })
}
