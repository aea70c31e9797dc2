import { describe, expect, it } from 'vitest'
import type { EntityContext } from '../src/deliveries/entities/context.js'
import { financesOperation } from '../src/deliveries/entities/finances-operation.js'
import {
  goodsOperationsConsumable,
  goodsOperationsMove,
  goodsOperationsReceipt,
  goodsOperationsSale,
  goodsOperationsStolen,
} from '../src/deliveries/entities/goods-operation.js'
import { record } from '../src/deliveries/entities/record.js'
import { LocationWorld } from '../src/deliveries/entities/world.js'
import { FinancesOperationEntity } from '../src/schemas/entities/finances-operation.js'
import { GoodsOperationEntity } from '../src/schemas/entities/goods-operation.js'
import type { EventStatus } from '../src/schemas/event.js'
import { lazyCheck } from '../src/schemas/validator.js'

const SEEDS = [1, 2, 3]
const STATUSES: EventStatus[] = ['create', 'update', 'delete']
const LOCATION = 1048213
/** Enough ids per seed that every branch (linked or not, each finance kind) shows up. */
const IDS = Array.from({ length: 40 }, (_, i) => 1_523_400_001 + i * 7_919)
const STAMP = /^2026-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[2-5]00$/
const STAMP_EXACT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/
const PLAIN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

type Build<T> = (context: EntityContext) => T
const build = <T>(
  builder: Build<T>,
  resource: string,
  world: LocationWorld,
  id: number,
  status: EventStatus,
) => builder({ world, id, status, draw: world.draw(resource, id) })
const recordEntity = (world: LocationWorld, id: number) =>
  build(record, 'record', world, id, 'create')
const without = <T extends object>(value: T, ...keys: string[]) =>
  Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)))

const GOODS = [
  ['goods_operations_sale', goodsOperationsSale, 1, 'Product sale', -1],
  ['goods_operations_receipt', goodsOperationsReceipt, 3, 'Product arrival', 1],
  ['goods_operations_consumable', goodsOperationsConsumable, 2, 'Consumables write-off', -1],
  ['goods_operations_stolen', goodsOperationsStolen, 4, 'Product write-off', -1],
  ['goods_operations_move', goodsOperationsMove, 0, 'Moving products', 0],
] as const

const checkGoods = lazyCheck(GoodsOperationEntity)
const checkFinance = lazyCheck(FinancesOperationEntity)

describe.each(GOODS)('%s', (resource, builder, typeId, type, sign) => {
  it.each(SEEDS)('seed %i: valid, consistent with the world, stable across statuses', (seed) => {
    const world = new LocationWorld(seed, LOCATION)
    for (const id of IDS) {
      const [created, updated, deleted] = STATUSES.map((status) =>
        build(builder, resource, world, id, status),
      )
      for (const entity of [created, updated, deleted]) {
        const valid = checkGoods(entity)
        expect(checkGoods.errors, JSON.stringify(entity)).toEqual([])
        expect(valid).toBe(true)
      }
      if (!created || !updated || !deleted) throw new Error('built nothing')
      // Same id and seed: the same entity but for when it last changed.
      expect(without(updated, 'last_change_date')).toEqual(without(created, 'last_change_date'))
      expect(without(deleted, 'last_change_date')).toEqual(without(created, 'last_change_date'))
      expect(created.last_change_date < updated.last_change_date).toBe(true)
      expect(updated.last_change_date < deleted.last_change_date).toBe(true)
      for (const stamp of [created.create_date, created.last_change_date, deleted.last_change_date])
        expect(stamp).toMatch(STAMP_EXACT)
      expect(created.create_date).toMatch(STAMP)
      expect(created.create_date.endsWith(`+0${world.tz}00`)).toBe(true)
      expect(created.create_date <= created.last_change_date).toBe(true)

      expect(created.id).toBe(id)
      expect([created.type_id, created.type]).toEqual([typeId, type])
      expect(created.good).toEqual({
        id: created.good.id,
        title: world.good(created.good.id).title,
      })
      expect(world.goodIds).toContain(created.good.id)
      expect(world.storageIds).toContain(created.storage.id)
      expect(created.storage).toEqual(world.storage(created.storage.id))
      if (sign !== 0) expect(Math.sign(created.amount)).toBe(sign)
      const units = created.unit.short_title === 'ml' ? 2 : 1
      expect(created.operation_unit_type).toBe(typeId === 2 ? 2 : 1)
      expect(units).toBe(created.operation_unit_type)
      const { cost_per_unit: price, amount, discount } = created
      expect(created.cost).toBeCloseTo((price * Math.abs(amount) * (100 - discount)) / 100, 2)
      if (!Array.isArray(created.master)) {
        const staff = world.staff(created.master.id)
        expect(world.staffIds).toContain(created.master.id)
        expect(created.master.title).toBe(`${staff.name} ${staff.surname}`)
      }
      if (!Array.isArray(created.client)) {
        const client = world.client(created.client.id)
        expect(world.clientIds).toContain(created.client.id)
        expect(created.client).toEqual({
          id: client.id,
          name: `${client.name} ${client.surname}`,
          phone: client.phone.slice(1),
        })
        expect(created.client.phone).toMatch(/^\d+$/)
      }
      expect(Array.isArray(created.supplier)).toBe(typeId !== 3)
      expect(Array.isArray(created.service)).toBe(typeId !== 2)
      if (typeId === 0)
        expect([created.master, created.client, created.record_id]).toEqual([[], [], 0])
      if (created.record_id !== 0) {
        // Sold or used in an appointment: that record's team member, client and service.
        const visit = recordEntity(world, created.record_id)
        expect(created.master).toEqual({ id: visit.staff_id, title: visit.staff.name })
        expect(Array.isArray(created.client) ? undefined : created.client.id).toBe(visit.client?.id)
        if (typeId === 2)
          expect(created.service).toEqual({
            id: visit.services[0]?.id,
            title: visit.services[0]?.title,
          })
      }
      expect([created.loyalty_abonement_id, created.loyalty_certificate_id]).toEqual([null, null])
    }
  })
})

describe('goods_operations_sale and _consumable', () => {
  it('link to appointments: every consumable, some sales', () => {
    const world = new LocationWorld(1, LOCATION)
    const linked = (builder: Build<GoodsOperationEntity>, resource: string) =>
      IDS.filter((id) => build(builder, resource, world, id, 'create').record_id !== 0).length
    expect(linked(goodsOperationsConsumable, 'goods_operations_consumable')).toBe(IDS.length)
    const sales = linked(goodsOperationsSale, 'goods_operations_sale')
    expect(sales).toBeGreaterThan(0)
    expect(sales).toBeLessThan(IDS.length)
  })
})

describe('goods_operations_move', () => {
  it.each(SEEDS)('seed %i: ids 2k+1 and 2k+2 are the two halves of one move', (seed) => {
    const world = new LocationWorld(seed, LOCATION)
    // The source half has the odd id.
    for (const first of IDS.map((id) => id | 1)) {
      const out = build(goodsOperationsMove, 'goods_operations_move', world, first, 'create')
      const into = build(goodsOperationsMove, 'goods_operations_move', world, first + 1, 'create')
      expect(out.amount).toBeLessThan(0)
      expect(into.amount).toBe(-out.amount)
      expect(into.storage.id).not.toBe(out.storage.id)
      expect(without(into, 'id', 'storage', 'amount')).toEqual(
        without(out, 'id', 'storage', 'amount'),
      )
    }
  })
})

describe('finances_operation', () => {
  it.each(SEEDS)('seed %i: valid, consistent with the world, stable across statuses', (seed) => {
    const world = new LocationWorld(seed, LOCATION)
    const kinds = new Set<string>()
    for (const id of IDS) {
      const [created, updated, deleted] = STATUSES.map((status) =>
        build(financesOperation, 'finances_operation', world, id, status),
      )
      for (const entity of [created, updated, deleted]) {
        const valid = checkFinance(entity)
        expect(checkFinance.errors, JSON.stringify(entity)).toEqual([])
        expect(valid).toBe(true)
      }
      if (!created || !updated || !deleted) throw new Error('built nothing')
      expect(without(updated, 'last_change_date')).toEqual(without(created, 'last_change_date'))
      expect(without(deleted, 'last_change_date')).toEqual(without(created, 'last_change_date'))
      expect(updated.last_change_date < deleted.last_change_date).toBe(true)
      expect(created.date).toMatch(STAMP_EXACT)
      expect(created.last_change_date).toMatch(STAMP_EXACT)
      expect(created.date.endsWith(`+0${world.tz}00`)).toBe(true)
      expect(created.date < created.last_change_date).toBe(true)
      expect(created.id).toBe(id)
      expect(created.amount !== 0).toBe(true)
      expect(created.account.is_cash).toBe(created.account.is_default)
      kinds.add(created.sold_item_type || (created.amount > 0 ? 'income' : 'expense'))
      if (!Array.isArray(created.master)) {
        const staff = world.staff(created.master.id)
        expect(created.master.title).toBe(`${staff.name} ${staff.surname}`)
      }
      if (!Array.isArray(created.client)) {
        const client = world.client(created.client.id)
        expect(created.client).toEqual({
          id: client.id,
          name: client.name,
          surname: client.surname,
          patronymic: '',
          phone: client.phone,
          email: client.email,
        })
        expect(created.client.phone.startsWith('+')).toBe(true)
      }
      if (Array.isArray(created.record)) {
        expect([created.record_id, created.visit_id]).toEqual([0, 0])
      } else {
        // The record agrees with the record webhook of that id.
        const visit = recordEntity(world, created.record_id)
        expect(created.record.date).toMatch(PLAIN)
        expect(created.record).toEqual({
          id: visit.id,
          date: visit.date,
          comment: '',
          deleted: false,
          prepaid: visit.prepaid,
          staff_id: visit.staff_id,
          visit_id: visit.visit_id,
          is_online: visit.online,
          paid_full: visit.paid_full,
          activity_id: 0,
          location_id: LOCATION,
          custom_color: '',
          clients_count: 1,
          attendance_status: visit.attendance,
        })
        expect(created.visit_id).toBe(visit.visit_id)
        expect(Array.isArray(created.client) ? 0 : created.client.id).toBe(visit.client?.id)
        if (created.sold_item_type === 'service') {
          expect(created.master).toEqual({ id: visit.staff_id, title: visit.staff.name })
          expect(created.amount).toBe(visit.services[0]?.cost)
          expect(created.document_id).toBe(visit.documents[0]?.id)
          expect([visit.attendance, visit.paid_full]).toEqual([1, 1])
        }
      }
      if (created.sold_item_type === 'goods_transaction') {
        const sale = build(
          goodsOperationsSale,
          'goods_operations_sale',
          world,
          created.sold_item_id,
          'create',
        )
        expect(created.expense).toEqual({ id: 7, type: 1, title: 'Product sales' })
        expect(created.amount).toBe(sale.cost)
        expect(created.document_id).toBe(sale.document_id)
        expect(created.master).toEqual(sale.master)
        expect(created.record_id).toBe(sale.record_id)
        expect(created.date).toBe(sale.create_date)
      }
      if (created.sold_item_type === 'service')
        expect(created.expense).toEqual({ id: 5, type: 1, title: 'Provision of services' })
      if (created.sold_item_type === '') expect(created.sold_item_id).toBe(0)
      if (created.amount < 0) {
        expect(created.expense.type).toBe(0)
        expect(Array.isArray(created.master)).toBe(!Array.isArray(created.supplier))
      }
    }
    expect([...kinds].sort()).toEqual(['expense', 'goods_transaction', 'income', 'service'])
  })
})
