import type { FinancesOperationEntity } from '../../schemas/entities/finances-operation.js'
import type { RecordEntity } from '../../schemas/entities/record.js'
import { changeTimes, type EntityContext } from './context.js'
import { goodsOperationsSale, masterOf, recordOf, stampMs, supplierOf } from './goods-operation.js'
import { DAY, HOUR, stampTime, YEAR_START } from './time.js'
import type { LocationWorld } from './world.js'

type Entity = FinancesOperationEntity

/** The location's two money places (the world has none): the default cash desk and a bank account. */
function accountOf(world: LocationWorld, cash: boolean): Entity['account'] {
  const id = world.draw('finance-account', cash ? 1 : 2).id()
  return cash
    ? { id, title: 'Main cash desk', is_cash: true, is_default: true }
    : { id, title: 'Bank account', is_cash: false, is_default: false }
}

/** A client as finance operations name them: the client entity's name, surname, phone, email. */
function clientOf(world: LocationWorld, clientId: number): Entity['client'] {
  const client = world.client(clientId)
  return {
    id: clientId,
    name: client.name,
    surname: client.surname,
    patronymic: '',
    phone: client.phone,
    email: client.email,
  }
}

/** The compact appointment of a finance operation: the record webhook's values for that id. */
function shortRecord(visit: RecordEntity): Entity['record'] {
  return {
    id: visit.id,
    date: visit.date,
    comment: visit.comment,
    deleted: visit.deleted,
    prepaid: visit.prepaid,
    staff_id: visit.staff_id,
    visit_id: visit.visit_id,
    is_online: visit.online,
    paid_full: visit.paid_full,
    activity_id: visit.activity_id,
    location_id: visit.company_id,
    custom_color: visit.custom_color,
    clients_count: visit.clients_count,
    attendance_status: visit.attendance,
  }
}

/** Expense items a location adds itself; the platform's own items have small fixed ids. */
const EXPENSES = [
  { title: 'Rent', supplier: 2 },
  { title: 'Purchase of materials', supplier: 0 },
  { title: 'Salaries', supplier: -1 },
] as const

/**
 * One finance transaction: most pay for an appointment's service or a
 * product sale (then record, client, team member and document are those of
 * that record or goods_operations_sale), the rest are other income or an expense.
 */
export function financesOperation(context: EntityContext): Entity {
  const { world, id, status, draw } = context
  const tz = world.tz
  const roll = draw.int(1, 100)
  const kind = roll <= 55 ? 'service' : roll <= 70 ? 'goods' : roll <= 80 ? 'income' : 'expense'
  const linkedId = draw.id()
  const documentId = draw.id()
  const soldLineId = draw.id()
  const day = YEAR_START + draw.int(0, 364) * DAY - tz * HOUR
  let paidAt = day + draw.int(9 * 60, 20 * 60) * 60_000
  const cash = draw.chance(0.6)
  const staffId = draw.pick(world.staffIds)
  const clientId = draw.pick(world.clientIds)
  const hasClient = draw.chance(0.5)
  const item = draw.int(0, EXPENSES.length - 1)
  const sum = draw.int(10, 300) * 10
  const lag = draw.int(1, 59) * 1000

  let fields: Pick<
    Entity,
    | 'document_id'
    | 'expense'
    | 'amount'
    | 'master'
    | 'supplier'
    | 'client'
    | 'record'
    | 'record_id'
    | 'visit_id'
    | 'sold_item_id'
    | 'sold_item_type'
  >
  const unlinked = { record: [], record_id: 0, visit_id: 0, sold_item_id: 0, sold_item_type: '' }
  if (kind === 'service') {
    // A visit the client came to (record attendance 1), paid at its end to its document.
    let visit = recordOf(world, linkedId)
    for (let tries = 0; visit.attendance !== 1 && tries < 30; tries++)
      visit = recordOf(world, draw.id())
    paidAt = stampMs(visit.datetime) + visit.seance_length * 1000
    fields = {
      document_id: visit.documents[0]?.id ?? documentId,
      expense: { id: 5, type: 1, title: 'Provision of services' },
      amount: visit.services[0]?.cost ?? sum,
      master: masterOf(world, visit.staff_id),
      supplier: [],
      client: visit.client ? clientOf(world, visit.client.id) : [],
      record: shortRecord(visit),
      record_id: visit.id,
      visit_id: visit.visit_id,
      sold_item_id: soldLineId,
      sold_item_type: 'service',
    }
  } else if (kind === 'goods') {
    // Paid for the goods_operations_sale of that id, when it was sold.
    const sale = goodsOperationsSale({
      world,
      id: linkedId,
      status: 'create',
      draw: world.draw('goods_operations_sale', linkedId),
    })
    const visit = sale.record_id === 0 ? undefined : recordOf(world, sale.record_id)
    paidAt = stampMs(sale.create_date)
    fields = {
      document_id: sale.document_id,
      expense: { id: 7, type: 1, title: 'Product sales' },
      amount: sale.cost,
      master: sale.master,
      supplier: [],
      client: Array.isArray(sale.client) ? [] : clientOf(world, sale.client.id),
      record: visit ? shortRecord(visit) : [],
      record_id: sale.record_id,
      visit_id: visit ? visit.visit_id : 0,
      sold_item_id: sale.id,
      sold_item_type: 'goods_transaction',
    }
  } else if (kind === 'income') {
    fields = {
      document_id: documentId,
      expense: { id: 8, type: 1, title: 'Other income' },
      amount: sum,
      master: [],
      supplier: [],
      client: hasClient ? clientOf(world, clientId) : [],
      ...unlinked,
    }
  } else {
    const expense = EXPENSES[item] as (typeof EXPENSES)[number]
    fields = {
      document_id: documentId,
      expense: {
        id: world.draw('expense-item', item).int(1000, 99_999),
        type: 0,
        title: expense.title,
      },
      amount: -sum * 10,
      master: expense.supplier < 0 ? masterOf(world, staffId) : [],
      supplier: expense.supplier < 0 ? [] : supplierOf(world, expense.supplier),
      client: [],
      ...unlinked,
    }
  }
  const { changedAt } = changeTimes(draw, paidAt + lag, status)
  return {
    id,
    document_id: fields.document_id,
    expense: fields.expense,
    date: stampTime(paidAt, tz),
    amount: fields.amount,
    comment: '',
    master: fields.master,
    supplier: fields.supplier,
    account: accountOf(world, kind === 'expense' ? !cash : cash),
    client: fields.client,
    record: fields.record,
    record_id: fields.record_id,
    visit_id: fields.visit_id,
    sold_item_id: fields.sold_item_id,
    sold_item_type: fields.sold_item_type,
    last_change_date: stampTime(changedAt, tz),
  }
}
