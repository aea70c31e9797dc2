import { expect } from 'vitest'
import { fullBody } from './helpers.js'
import { type Case, record, rejection } from './parity.js'
import { startReceiver } from './receiver.js'

/** Snapshots, the state document and redelivery, in the same parity suite. */
export function stateCases(same: Case): void {
  same('takes, lists, restores and removes snapshots, and refuses bad names', async (mock) => {
    await mock.seed(41, fullBody(['https://a.example/h'], { record: 1 }))
    await mock.setOptions(41, { reorder: 2 })
    await mock.faults.add({ status: 503, location_id: 41 })
    const taken = await mock.snapshots.take('seeded')
    await mock.reset()
    await mock.seed(42, fullBody(['https://b.example/h']))
    const restored = await mock.snapshots.restore('seeded')
    expect(restored).toEqual(taken)
    const after = {
      settings: await mock.settings(41),
      other: await mock.settings(42),
      faults: await mock.faults.list(),
    }
    expect(after.other.url_settings).toEqual([])
    const list = await mock.snapshots.list()
    const removed = await mock.snapshots.remove('seeded')
    const refused = {
      badName: await rejection(
        mock.snapshots.take('a b'),
        TypeError,
        'name must be 1 to 64 letters, digits, ".", "_" or "-", e.g. "seeded" (a snapshot\'s name), got "a b".',
      ),
      unknown: await rejection(
        mock.snapshots.restore('seeded'),
        TypeError,
        'No snapshot "seeded": none was taken (a restart forgets them: they are kept in memory). Take one with POST /__mock/snapshots {"name": "seeded"}.',
      ),
    }
    return { taken, restored, after, list, removed, refused, empty: await mock.snapshots.list() }
  })

  same('exports the state as a document and imports one, refusing a bad one', async (mock) => {
    await mock.seed(43, fullBody(['https://a.example/h'], { client: 1 }))
    const exported = await mock.state.export()
    expect(Object.keys(exported)).toEqual(['version', 'locations'])
    await mock.reset()
    const imported = await mock.state.import(exported)
    expect(await mock.state.export()).toEqual(exported)
    const refused = await rejection(
      mock.state.import({ version: 2, locations: {} }),
      TypeError,
      'The state document cannot be used: its "version" is 2, and this mock reads version 1 (GET /__mock/state writes it). Nothing was changed: send a document as GET /__mock/state answers it.',
    )
    return { exported, imported, refused, settings: await mock.settings(43) }
  })

  same(
    'redelivers a failed delivery elsewhere, and every failed one again',
    async (mock, receiver) => {
      const gone = await startReceiver(() => 410)
      await mock.seed(44, fullBody([gone.url], { record: 1 }))
      const { delivery_ids } = await mock.trigger(44, [record(1), record(2)])
      const failed = await mock.deliveries.waitFor({ delivery_ids })
      const one = await mock.deliveries.redeliver(1, { url: receiver.url })
      const [redelivered] = await mock.deliveries.waitFor({ delivery_ids: [one.delivery_id] })
      expect(redelivered).toMatchObject({ redelivery_of: 1, state: 'delivered', url: receiver.url })
      const all = await mock.deliveries.redeliverMatching({ location_id: 44 })
      const again = await mock.deliveries.waitFor({ delivery_ids: all.delivery_ids })
      const refused = {
        unknown: await rejection(
          mock.deliveries.redeliver(99),
          TypeError,
          'No delivery 99: the mock has made deliveries 1 to 5. Redeliver an id that GET /__mock/deliveries lists.',
        ),
        badUrl: await rejection(
          mock.deliveries.redeliver(1, { url: 'ftp://x.example' }),
          TypeError,
          'options.url must be an absolute http:// or https:// URL, e.g. "https://example.com/altegio", got "ftp://x.example".',
        ),
        badFilter: await rejection(
          mock.deliveries.redeliverMatching({ state: 'sending' } as never),
          TypeError,
          'filter.state must be failed or delivered, got "sending".',
        ),
      }
      // The failing receiver is a new one in each run: its URL is left out of the comparison.
      const transcript = JSON.stringify({ failed, one, redelivered, all, again, refused })
      return JSON.parse(transcript.replaceAll(gone.url, '<failing receiver>'))
    },
  )
}
