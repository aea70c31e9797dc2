import { expect } from 'vitest'
import { MarketplaceRefusal } from '../src/api/marketplace/marketplace.js'
import { PARTNER, STORED_APPLICATION, TARIFF } from './marketplace-helpers.js'
import { type Case, rejection } from './parity.js'

/** The refusal `promise` rejects with: a MarketplaceRefusal, its kind, field and text. */
async function refusal(
  promise: Promise<unknown>,
  kind: MarketplaceRefusal['kind'],
  message: string,
) {
  const refused = await promise.catch((error: unknown) => error)
  expect(refused).toBeInstanceOf(MarketplaceRefusal)
  const { field, message: said } = refused as MarketplaceRefusal
  expect({ kind: (refused as MarketplaceRefusal).kind, message: said }).toEqual({ kind, message })
  return { kind, field, message }
}

/** The marketplace's side of AltegioMock, in the same parity suite. */
export function marketplaceCases(same: Case): void {
  same('registers, grants, reads and drives the marketplace lifecycle', async (mock, receiver) => {
    const application = {
      application_id: 7,
      partner_token: PARTNER,
      callback_url: `${receiver.url}/lifecycle`,
      registration_redirect_url: `${receiver.url}/register`,
      tariffs: [TARIFF],
    }
    const stored = await mock.marketplace.register(application)
    expect(stored).toEqual({ ...STORED_APPLICATION, ...application })
    expect(await mock.marketplace.applications()).toEqual([stored])
    expect(await mock.marketplace.installation(55, 7)).toBeUndefined()

    const granted = await mock.marketplace.grant(55, 7)
    expect(granted.redirect_url).toBe(`${receiver.url}/register?salon_id=55`)
    expect(granted.installation.status).toBe('pending')
    expect(await mock.marketplace.installation(55, 7)).toEqual(granted.installation)
    const user = { user_id: 5, name: 'Ann', email: 'ann@example.com', phone: '35799000000' }
    const withUser = await mock.marketplace.grant(56, 7, { user })

    const pending = await refusal(
      mock.marketplace.trigger(55, 7, 'freeze'),
      'transition',
      'application 7 is pending at location 55: only an active installation freezes.',
    )
    // The integration activates it, as app.alteg.io's partner callback.
    const activated = await fetch(`${mock.url}/marketplace/partner/callback`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${PARTNER}`,
        accept: 'application/vnd.api.v2+json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        salon_id: 55,
        application_id: 7,
        api_key: 'the-key',
        webhook_urls: [`${receiver.url}/webhooks`],
      }),
    })
    expect(activated.status).toBe(201)
    const frozen = await mock.marketplace.trigger(55, 7, 'freeze')
    expect(frozen.installation.status).toBe('freezed')
    const paid = await mock.marketplace.trigger(55, 7, { event: 'payment', amount: 700 })
    expect(paid.installation.status).toBe('active')
    const uninstalled = await mock.marketplace.trigger(55, 7, 'uninstall')
    expect(uninstalled.installation).toEqual(await mock.marketplace.installation(55, 7))
    const callbacks = await mock.deliveries.waitFor({ resource: 'application', count: 3 })
    expect(callbacks.map(({ id, status, url, state }) => ({ id, status, url, state }))).toEqual(
      [frozen, paid, uninstalled].map(({ delivery_id }, i) => ({
        id: delivery_id,
        status: ['freeze', 'payment', 'uninstall'][i],
        url: application.callback_url,
        state: 'delivered',
      })),
    )

    const refused = {
      pending,
      application: await refusal(
        mock.marketplace.grant(55, 8),
        'application',
        'application 8 is not registered with the mock: register it first (POST /__mock/applications, --applications, or mock.marketplace.register()).',
      ),
      installation: await refusal(
        mock.marketplace.trigger(57, 7, 'freeze'),
        'installation',
        'application 7 is not installed at location 57: the owner grants access first (POST /api/v1/company/57/marketplace/applications/7/grant_access, or POST /__mock/locations/57/applications/7/grant).',
      ),
      user: await rejection(
        mock.marketplace.grant(55, 7, { user: { ...user, user_id: 0 } }),
        TypeError,
        'user.user_id must be a positive integer up to 999999999999999, the user id, got 0.',
      ),
      event: await rejection(
        mock.marketplace.trigger(55, 7, { event: 'pay' } as never),
        TypeError,
        'event.event must be one of uninstall, freeze, payment, got "pay".',
      ),
      application_input: await rejection(
        mock.marketplace.register({ application_id: 8 } as never),
        TypeError,
        'application must be an application such as {"application_id": 7, "partner_token": "...", "callback_url": "https://..."}, got {"application_id":8}.',
      ),
      ids: await rejection(
        mock.marketplace.installation(55, 0),
        TypeError,
        'applicationId must be a positive integer, got 0.',
      ),
    }

    await mock.marketplace.unregister(7)
    await mock.marketplace.unregister(7) // already gone: no error, as locally
    expect(await mock.marketplace.applications()).toEqual([])
    expect(await mock.marketplace.installation(56, 7)).toBeUndefined()
    return { stored, granted, withUser, frozen, paid, uninstalled, callbacks, refused }
  })
}
