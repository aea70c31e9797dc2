import { describe, expect, it } from 'vitest'
import {
  registrationUrl,
  SAMPLE_OWNER,
  toStoredApplication,
} from '../src/api/marketplace/applications.js'
import { installUrls, removeUrls } from '../src/api/marketplace/installer.js'
import { encodeUserData, signPayment, signUserData } from '../src/api/marketplace/signing.js'
import { type Action, PENDING_TTL_MS, transition } from '../src/api/marketplace/state-machine.js'
import type { InstallationStatus } from '../src/schemas/marketplace/installation.js'
import { allFlags } from './helpers.js'
import { APPLICATION } from './marketplace-helpers.js'

// The support article's sample (docs/marketplace-contract.md, section 1).
const KB_TOKEN = '2t6u73mrh85btb8wgyfj'
const KB_USER_DATA =
  'eyJ1c2VyX2lkIjoxMjMsIm5hbWUiOiLQkNC90LTRgNC10Lkg0JjQstCw0L3QvtCyIiwiZW1haWwiOiJhbmRyZXlAZXhhbXBsZS5jb20iLCJwaG9uZSI6Ijc5OTkwMDA5OTAwIn0='

describe('signatures', () => {
  it('encodes user_data byte for byte as the support article’s sample', () => {
    expect(encodeUserData(SAMPLE_OWNER)).toBe(KB_USER_DATA)
  })

  it('signs the decoded JSON by default (the article’s PHP), the base64 text as the setting', () => {
    expect(signUserData(KB_USER_DATA, KB_TOKEN, 'decoded_json')).toBe(
      '4c4e4694660399173ce165d761e59dd8da341cf0bb04673db21f28bb4153e950',
    )
    expect(signUserData(KB_USER_DATA, KB_TOKEN, 'base64')).toBe(
      '0938758a579ffcc12ccbbff2dc49aa28560fbf062c4fddd87f5592065d342831',
    )
  })

  it('signs a payment callback as the Hub MCP’s test does', () => {
    expect(signPayment('owned-partner-token', 55, 100, 5)).toBe(
      '35d3e8d3afb94abaadc84b2261f992a01a7e7b84504ea2df4985afa8e85c6a1a',
    )
  })

  it('gives the registration URL salon_id, and user_data with its sign when enabled', () => {
    const title = () => 'Nova Beauty'
    const plain = toStoredApplication(APPLICATION)
    expect(registrationUrl(plain, 55, undefined, title)).toBe(
      'https://partner.example/altegio/register?salon_id=55',
    )
    const withData = toStoredApplication({
      ...APPLICATION,
      partner_token: KB_TOKEN,
      registration_redirect_url: 'https://partner.example/register?app=7',
      is_personal_data_access_needed: true,
      user_data_shape: 'support_article',
    })
    const url = new URL(registrationUrl(withData, 55, undefined, title) ?? '')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app: '7',
      salon_id: '55',
      user_data: KB_USER_DATA,
      user_data_sign: '4c4e4694660399173ce165d761e59dd8da341cf0bb04673db21f28bb4153e950',
    })
  })
})

describe('the state machine', () => {
  const at = (status: InstallationStatus, action: Action, pendingForMs: number | null = 0) =>
    transition({ locationId: 55, applicationId: 7, status, pendingForMs }, action)
  const allowed = (status: InstallationStatus, action: Action) => {
    const result = at(status, action)
    return result.ok ? result.to : null
  }

  it('allows exactly the documented transitions (and renewing a grant, paying while active)', () => {
    const statuses: InstallationStatus[] = ['uninstalled', 'pending', 'active', 'freezed']
    const actions: Action[] = ['grant', 'activate', 'freeze', 'pay', 'uninstall']
    const table = Object.fromEntries(
      statuses.map((status) => [status, actions.map((action) => allowed(status, action))]),
    )
    expect(table).toEqual({
      uninstalled: ['pending', null, null, null, null],
      pending: ['pending', 'active', null, null, 'uninstalled'],
      active: [null, null, 'freezed', 'active', 'uninstalled'],
      freezed: [null, null, null, 'active', 'uninstalled'],
    })
  })

  it('refuses with what to do instead', () => {
    expect(at('active', 'activate')).toEqual({
      ok: false,
      reason:
        'application 7 is already active at location 55: the partner callback activates a pending installation once (read GET /marketplace/salon/55/application/7 first).',
    })
    expect(at('uninstalled', 'activate')).toEqual({
      ok: false,
      reason:
        'application 7 is not installed at location 55: the owner grants access first (POST /api/v1/company/55/marketplace/applications/7/grant_access, or POST /__mock/locations/55/applications/7/grant).',
    })
    expect(at('freezed', 'grant')).toEqual({
      ok: false,
      reason:
        'application 7 is already frozen at location 55: uninstall it first (POST /marketplace/salon/55/application/7/uninstall).',
    })
    expect(at('pending', 'freeze')).toEqual({
      ok: false,
      reason: 'application 7 is pending at location 55: only an active installation freezes.',
    })
  })

  it('activates a pending installation for 12 hours after the grant, not a millisecond more', () => {
    expect(at('pending', 'activate', PENDING_TTL_MS)).toEqual({ ok: true, to: 'active' })
    expect(at('pending', 'activate', PENDING_TTL_MS + 1)).toEqual({
      ok: false,
      reason:
        'the pending installation of application 7 at location 55 was granted 12 hours ago: the partner callback must come within 12 hours of the grant; the owner grants access again (POST /api/v1/company/55/marketplace/applications/7/grant_access).',
    })
  })
})

describe('installing URLs into a location', () => {
  const other = { url: 'https://other.example/h', active: 1, ...allFlags(0), record: 1 }

  it('adds the URLs with the application’s flags, keeps other URLs’ own, replaces its own in place', () => {
    const app = (url: string) => ({ url, active: 1, ...allFlags(0), client: 1, record: 1 })
    const result = installUrls(
      { url_settings: [{ ...other, url: 'https://a.example/h', record: 0 }, other] },
      ['https://a.example/h', 'https://b.example/h'],
      ['client', 'record'],
    )
    expect(result).toEqual({
      settings: {
        url_settings: [app('https://a.example/h'), other, app('https://b.example/h')],
      },
    })
  })

  it('refuses to take a location past 10 URLs, and removes what it installed', () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ ...other, url: `https://o${i}.example/` }))
    expect(
      installUrls({ url_settings: nine }, ['https://a.example/', 'https://b.example/'], []),
    ).toEqual({
      refused:
        'the location would have 11 webhook URLs with these (it has 9); a location keeps at most 10: send fewer, or remove some of its URLs first.',
    })
    expect(removeUrls({ url_settings: [other] }, ['https://other.example/h'])).toBeUndefined()
    expect(removeUrls({ url_settings: nine }, ['https://o0.example/'])?.url_settings).toHaveLength(
      8,
    )
  })
})
