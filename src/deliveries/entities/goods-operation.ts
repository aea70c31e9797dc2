import type { GoodsOperationEntity } from '../../schemas/entities/goods-operation.js'
import type { RecordEntity } from '../../schemas/entities/record.js'
import { changeTimes, type EntityContext } from './context.js'
import { record } from './record.js'
import { DAY, HOUR, stampTime, YEAR_START } from './time.js'
import type { LocationWorld } from './world.js'

type Master = GoodsOperationEntity['master']
type Client = GoodsOperationEntity['client']

/** Money as the platform writes it: at most two decimals, an integer when whole. */
export const money = (value: number) => Math.round(value * 100) / 100

/** "…T10:30:00+0400" back to UTC milliseconds (Date.parse wants a colon in the offset). */
export const stampMs = (stamp: string) => Date.parse(stamp.replace(/(\d{2})(\d{2})$/, '$1:$2'))

/** An appointment of the location: the record webhook's entity for that id. */
export function recordOf(world: LocationWorld, recordId: number): RecordEntity {
  const draw = world.draw('record', recordId)
  return record({ world, id: recordId, status: 'create', draw })
}

const SUPPLIERS = ['Beauty Wholesale LLC', 'ProHair Distribution', 'Mall Property Management']

/** A supplier of the location (the world has none): its id drawn once per location. */
export function supplierOf(world: LocationWorld, index: number): { id: number; title: string } {
  return { id: world.draw('supplier', index).id(), title: SUPPLIERS[index] as string }
}

/** The location's units (the world has none): pieces sell, millilitres go into services. */
function unitOf(world: LocationWorld, millilitres: boolean): GoodsOperationEntity['unit'] {
  const id = world.draw('goods-unit', millilitres ? 2 : 1).int(100_000, 999_999)
  return millilitres
    ? { id, title: 'Milliliter', short_title: 'ml' }
    : { id, title: 'Piece', short_title: 'pcs.' }
}

/** A team member as goods webhooks name them: title is the full name. */
export function masterOf(world: LocationWorld, staffId: number): { id: number; title: string } {
  const staff = world.staff(staffId)
  return { id: staffId, title: `${staff.name} ${staff.surname}` }
}

/** A client as goods webhooks name them: one name field and the phone without "+". */
function clientOf(world: LocationWorld, clientId: number): Client {
  const client = world.client(clientId)
  return {
    id: clientId,
    name: `${client.name} ${client.surname}`,
    phone: client.phone.replace('+', ''),
  }
}

type Kind = 'sale' | 'receipt' | 'consumable' | 'stolen' | 'move'

/** type_id and label per operation (FRONTANGEL, Altegio docs); the consumable label is a guess. */
const OPERATIONS: Record<Kind, { typeId: number; type: string }> = {
  sale: { typeId: 1, type: 'Product sale' },
  consumable: { typeId: 2, type: 'Consumables write-off' },
  receipt: { typeId: 3, type: 'Product arrival' },
  stolen: { typeId: 4, type: 'Product write-off' },
  move: { typeId: 0, type: 'Moving products' },
}

const REASONS = ['Damaged packaging', 'Expired', 'Lost', '']

/**
 * One goods transaction of the kind. A move is two transactions of one
 * document: ids 2k+1 (out of the source storage) and 2k+2 (into the other),
 * drawn from the pair's first id so both halves agree.
 */
function goodsOperation(kind: Kind) {
  return (context: EntityContext): GoodsOperationEntity => {
    const { world, id, status } = context
    const tz = world.tz
    const incoming = kind === 'move' && id % 2 === 0
    const draw =
      kind === 'move' ? world.draw('goods_operations_move', incoming ? id - 1 : id) : context.draw
    const documentId = draw.id()
    const good = world.good(draw.pick(world.goodIds))
    const storageIndex = draw.int(0, world.storageIds.length - 1)
    const pieces = draw.int(1, 5)
    const millilitres = draw.int(1, 12) * 5
    const received = draw.int(6, 24)
    const day = YEAR_START + draw.int(0, 364) * DAY - tz * HOUR
    let createdAt = day + draw.int(9 * 60, 20 * 60) * 60_000 + draw.int(0, 59) * 1000
    const staffId = draw.pick(world.staffIds)
    const clientId = draw.pick(world.clientIds)
    const hasMaster = draw.chance(kind === 'sale' ? 0.9 : 0.5)
    const hasClient = draw.chance(0.8)
    const linked = kind === 'consumable' || (kind === 'sale' && draw.chance(0.3))
    const recordId = draw.id()
    const discount = draw.pick([0, 0, 0, 10])
    const supplier = supplierOf(world, draw.int(0, 1))
    const invoice = draw.chance(0.6) ? `Invoice ${draw.int(1000, 9999)}` : ''
    const reason = draw.pick(REASONS)
    const lag = draw.int(5, 600) * 1000

    let master: Master = hasMaster ? masterOf(world, staffId) : []
    let client: Client = kind === 'sale' && hasClient ? clientOf(world, clientId) : []
    let service: GoodsOperationEntity['service'] = []
    if (linked) {
      // Sold or used in an appointment: its team member, client and time.
      const visit = recordOf(world, recordId)
      const booked = visit.services[0]
      master = masterOf(world, visit.staff_id)
      client = visit.client ? clientOf(world, visit.client.id) : []
      createdAt = stampMs(visit.datetime) + (kind === 'sale' ? visit.seance_length * 1000 : 0)
      if (kind === 'consumable' && booked) service = { id: booked.id, title: booked.title }
    }
    if (kind === 'move') master = []
    const { changedAt } = changeTimes(draw, createdAt + lag, status)

    const consumable = kind === 'consumable'
    const quantity = consumable ? millilitres : kind === 'receipt' ? received : pieces
    const amount = kind === 'receipt' || incoming ? quantity : -quantity
    // Sales at the list price; the rest at cost, consumables per millilitre of a 500 ml pack.
    const costPerUnit =
      kind === 'sale' ? good.cost : consumable ? money(good.actualCost / 500) : good.actualCost
    const percent = kind === 'sale' ? discount : 0
    const storageId = world.storageIds[
      (storageIndex + (incoming ? 1 : 0)) % world.storageIds.length
    ] as number
    return {
      id,
      document_id: documentId,
      type_id: OPERATIONS[kind].typeId,
      type: OPERATIONS[kind].type,
      good: { id: good.id, title: good.title },
      storage: world.storage(storageId),
      unit: unitOf(world, consumable),
      operation_unit_type: consumable ? 2 : 1,
      amount,
      create_date: stampTime(createdAt, tz),
      cost_per_unit: costPerUnit,
      cost: money((costPerUnit * quantity * (100 - percent)) / 100),
      discount: percent,
      comment: kind === 'receipt' ? invoice : kind === 'stolen' ? reason : '',
      master,
      supplier: kind === 'receipt' ? supplier : [],
      record_id: linked ? recordId : 0,
      service,
      client,
      last_change_date: stampTime(changedAt, tz),
      loyalty_abonement_id: null,
      loyalty_certificate_id: null,
    }
  }
}

export const goodsOperationsSale = goodsOperation('sale')
export const goodsOperationsReceipt = goodsOperation('receipt')
export const goodsOperationsConsumable = goodsOperation('consumable')
export const goodsOperationsStolen = goodsOperation('stolen')
export const goodsOperationsMove = goodsOperation('move')
