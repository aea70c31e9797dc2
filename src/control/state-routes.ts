import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MetaEnvelope, ok, SuccessEnvelope } from '../schemas/envelope.js'
import { answers } from '../schemas/responses.js'
import {
  SnapshotBody,
  SnapshotParams,
  SnapshotSummary,
  StateDocument,
} from '../schemas/snapshots.js'
import { Type } from '../schemas/typebox.js'
import type { MockControl } from './mock-control.js'
import { MAX_SNAPSHOT_BYTES, MAX_SNAPSHOTS } from './snapshots.js'

/** A state document PUT may be this large, whatever --body-limit says: 1,000 locations pass 1 MiB. */
export const MAX_STATE_DOCUMENT_BYTES = 64 * 1024 * 1024

const Imported = Type.Object({
  entries: Type.Record(Type.String(), Type.Integer(), {
    description: 'Entries by store collection, as the document gave them.',
  }),
})

const SnapshotList = MetaEnvelope(
  Type.Array(SnapshotSummary),
  Type.Object({
    count: Type.Integer(),
    bytes: Type.Integer({ description: 'Bytes the snapshots hold together.' }),
    max_count: Type.Integer({ description: 'The most snapshots kept at once.' }),
    max_bytes: Type.Integer({ description: 'The most bytes they hold together.' }),
  }),
)

/** Snapshots of the whole state, and the state as one document (export and import). */
export const stateRoutes: FastifyPluginAsyncTypebox<{ control: MockControl }> = async (
  app,
  { control },
) => {
  app.post(
    '/snapshots',
    {
      schema: {
        summary:
          'Keep the whole state under a name: settings, marketplace, every stored collection, location options, faults',
        description: `Kept in memory, at most ${MAX_SNAPSHOTS} snapshots and ${MAX_SNAPSHOT_BYTES} bytes together (409 past them); a name taken again is replaced.`,
        body: SnapshotBody,
        response: answers(201, SuccessEnvelope(SnapshotSummary)),
      },
    },
    async (request, reply) => reply.code(201).send(ok(control.takeSnapshot(request.body.name))),
  )

  app.get(
    '/snapshots',
    { schema: { summary: 'The snapshots, oldest first', response: answers(200, SnapshotList) } },
    async () => {
      const data = control.listSnapshots()
      return {
        success: true as const,
        data,
        meta: {
          count: data.length,
          bytes: control.snapshots.bytes,
          max_count: MAX_SNAPSHOTS,
          max_bytes: MAX_SNAPSHOT_BYTES,
        },
      }
    },
  )

  app.post(
    '/snapshots/:name/restore',
    {
      schema: {
        summary:
          'Bring a snapshot back, on disk too (one commit); pending deliveries and waits end as a reset ends them',
        params: SnapshotParams,
        response: answers(200, SuccessEnvelope(SnapshotSummary)),
      },
    },
    async (request) => ok(await control.restoreSnapshot(request.params.name)),
  )

  app.delete(
    '/snapshots/:name',
    {
      schema: {
        summary: 'Delete a snapshot',
        params: SnapshotParams,
        response: answers(200, SuccessEnvelope(SnapshotSummary)),
      },
    },
    async (request) => ok(control.deleteSnapshot(request.params.name)),
  )

  app.get(
    '/state',
    {
      schema: {
        summary: 'The stored state as one JSON document: the data file, versioned',
        description:
          'The document itself, not in the envelope, so that it is saved and given back as it is: to PUT /__mock/state, --initial-state or --data.',
        response: answers(200, StateDocument),
      },
    },
    async () => control.exportState(),
  )

  app.put(
    '/state',
    {
      bodyLimit: MAX_STATE_DOCUMENT_BYTES,
      schema: {
        summary:
          'Replace the state with a document, checked as the data file is at start; options, faults and journals reset',
        description:
          'A document the check refuses changes nothing and answers 422 with what is wrong.',
        // No schema of its own: the data file's check is the one check.
        body: Type.Unknown({ description: 'A document as GET /__mock/state answers it.' }),
        response: answers(200, SuccessEnvelope(Imported)),
      },
    },
    async (request) => ok(await control.importState(request.body)),
  )
}
