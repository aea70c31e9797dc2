import { describe, expect, it } from 'vitest'
import { compareAnswers, describe as describeValue, stringFormat } from '../src/drift/compare.js'
import { maskHeaders, maskValue, secretsOf } from '../src/drift/mask.js'
import { DriftReport } from '../src/drift/report.js'

const ok = (data: unknown) => ({ status: 200, json: { success: true, data, meta: [] } })

describe('compareAnswers', () => {
  it('names missing and extra fields, types and formats by path, values only when asked', () => {
    const upstream = ok({
      id: 99,
      urls: ['https://a.example'],
      active: true,
      cost: '10.50',
      date: '2026-01-02 10:00:00',
      staff: [{ name: 'A', rating: 5, extra: 1 }],
      only_upstream: null,
    })
    const mock = ok({
      id: 7,
      urls: ['https://b.example'],
      active: 1,
      cost: 10.5,
      date: '2026-01-02T10:00:00+03:00',
      staff: [{ name: 'B', rating: 4.5 }],
      only_mock: 'x',
    })
    expect(compareAnswers(upstream, mock, { values: false })).toEqual([
      { kind: 'missing', path: 'data.only_upstream', upstream: 'null', mock: '' },
      { kind: 'type', path: 'data.active', upstream: 'boolean', mock: 'integer' },
      { kind: 'type', path: 'data.cost', upstream: 'string: decimal text', mock: 'number' },
      {
        kind: 'format',
        path: 'data.date',
        upstream: 'string: date-time (space, no offset)',
        mock: 'string: date-time (T, +hh:mm)',
      },
      { kind: 'missing', path: 'data.staff[].extra', upstream: 'integer', mock: '' },
      { kind: 'extra', path: 'data.only_mock', upstream: '', mock: 'string' },
    ])
    // With values: the id the platform assigned is volatile, the URL and the name are not.
    expect(
      compareAnswers(upstream, mock, { values: true })
        .filter((difference) => difference.kind === 'value')
        .map((difference) => difference.path),
    ).toEqual(['data.urls[]', 'data.staff[].name', 'data.staff[].rating'])
  })

  it('compares an id by value when the request carried it', () => {
    const differences = compareAnswers(ok({ company_id: 5 }), ok({ company_id: 6 }), {
      values: true,
      sent: new Set(['6']),
    })
    expect(differences).toEqual([
      { kind: 'value', path: 'data.company_id', upstream: 'integer', mock: 'integer' },
    ])
  })

  it('stops at the status when one side failed, and says when a body is not JSON', () => {
    expect(
      compareAnswers({ status: 500, json: undefined, text: 'text/html, 20 bytes' }, ok({}), {
        values: true,
      }),
    ).toEqual([{ kind: 'status', path: '', upstream: '500', mock: '200' }])
    expect(
      compareAnswers({ status: 200, json: undefined, text: 'text/html, 20 bytes' }, ok({}), {
        values: false,
      }),
    ).toEqual([
      { kind: 'body', path: '', upstream: 'not JSON (text/html, 20 bytes)', mock: 'JSON' },
    ])
  })

  it('tells string formats apart', () => {
    expect(
      ['', 'x', '2026-01-02', '2026-01-02T10:00:00Z', '10:30', '42', '-1.5'].map(stringFormat),
    ).toEqual(['empty', 'text', 'date', 'date-time (T, Z)', 'time', 'integer text', 'decimal text'])
    expect(describeValue([1])).toBe('array')
  })
})

describe('masking', () => {
  it('keeps the credential schemes and nothing of the tokens', () => {
    const headers = { authorization: 'Bearer abcdef123, User 98765zyx', cookie: 'a=b', accept: 'x' }
    expect(maskHeaders(headers)).toEqual({
      authorization: 'Bearer ***, User ***',
      cookie: '***',
      accept: 'x',
    })
    expect(
      maskValue(
        { user_token: 'u-1', nested: [{ partner_token: 'p' }], note: 'sent abcdef123 here' },
        secretsOf(headers),
      ),
    ).toEqual({ user_token: '***', nested: [{ partner_token: '***' }], note: 'sent *** here' })
  })
})

describe('DriftReport', () => {
  const difference = (path: string) => ({
    kind: 'extra' as const,
    path,
    upstream: '',
    mock: 'integer',
  })
  const example = () => ({
    request: { method: 'GET', path: '/x', headers: {}, body: null },
    upstream: { status: 200, headers: {}, body: 'x'.repeat(500) },
    mock: { status: 200, body: null },
  })

  it('counts a difference seen again, and drops new ones past its count and byte bounds', () => {
    let time = 0
    const report = new DriftReport(
      { maxDriftEntries: 2, maxDriftBytes: 1_000_000 },
      () => new Date(Date.UTC(2026, 0, 1, 0, 0, time++)),
    )
    report.record('GET /x', [difference('a')], example)
    report.record('GET /x', [difference('a'), difference('b'), difference('c')], example)
    report.record('GET /x', [], example)
    const summary = report.summary()
    expect(summary).toMatchObject({ compared: 3, drifted: 2, dropped: 1 })
    expect(
      summary.entries.map(({ path, count, first_seen, last_seen }) => [
        path,
        count,
        first_seen,
        last_seen,
      ]),
    ).toEqual([
      ['a', 2, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z'],
      ['b', 1, '2026-01-01T00:00:01.000Z', '2026-01-01T00:00:01.000Z'],
    ])
    const small = new DriftReport({ maxDriftEntries: 100, maxDriftBytes: 1024 })
    small.record('GET /x', [difference('a'), difference('b'), difference('c')], example)
    expect(small.summary().entries.map((entry) => entry.path)).toEqual(['a'])
    expect(small.summary().dropped).toBe(2)
  })
})
