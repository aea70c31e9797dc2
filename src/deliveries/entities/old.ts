import type { EventStatus, Resource } from '../../schemas/event.js'

/** FNV-1a: a stable 32-bit hash of the event's identity. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** mulberry32: a small, fast PRNG; the same seed gives the same entity. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FIRST = [
  'Anna',
  'Maria',
  'Elena',
  'Olga',
  'Irina',
  'Sofia',
  'Daria',
  'Alex',
  'Ivan',
  'Nikolai',
]
const LAST = [
  'Ivanova',
  'Petrova',
  'Smirnova',
  'Kuznetsova',
  'Popova',
  'Sokolova',
  'Novak',
  'Horvat',
]
const SERVICES = [
  'Haircut',
  'Manicure',
  'Pedicure',
  'Colouring',
  'Massage',
  'Facial',
  'Brow shaping',
]
const GOODS = [
  'Shampoo 250 ml',
  'Hair mask',
  'Nail polish',
  'Hand cream',
  'Face serum',
  'Conditioner',
]
const CATEGORIES = ['Hair', 'Nails', 'Body', 'Face']
const POSITIONS = ['Stylist', 'Nail artist', 'Massage therapist', 'Cosmetologist']

/** Draws values for one entity. */
class Draw {
  readonly #next: () => number
  constructor(seed: number) {
    this.#next = random(seed)
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1))
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T
  }
  id(): number {
    return this.int(100_000, 9_999_999)
  }
  phone(): string {
    return `+7${this.int(900, 999)}${String(this.int(0, 9_999_999)).padStart(7, '0')}`
  }
  /** A moment in 2026, at a quarter hour between 9:00 and 20:45. */
  moment(): Date {
    const day = Date.UTC(2026, 0, 1) + this.int(0, 364) * 86_400_000
    return new Date(day + this.int(9 * 4, 20 * 4 + 3) * 15 * 60_000)
  }
}

/** "2026-03-14 10:30:00", as the API writes dates. */
const plain = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ')
/** "2026-03-14T10:30:00+00:00" */
const iso = (date: Date) => `${date.toISOString().slice(0, 19)}+00:00`
const day = (date: Date) => date.toISOString().slice(0, 10)

function person(draw: Draw, id: number) {
  const name = draw.pick(FIRST)
  const surname = draw.pick(LAST)
  return { id, name, surname, display_name: `${name} ${surname}`, phone: draw.phone() }
}

function staff(draw: Draw, id: number, companyId: number) {
  const p = person(draw, id)
  return {
    id,
    company_id: companyId,
    name: p.display_name,
    specialization: draw.pick(POSITIONS),
    position: { id: draw.int(1, 20), title: draw.pick(POSITIONS) },
    avatar: `https://assets.alteg.io/masters/origin/${id}.jpg`,
    rating: draw.int(3, 5),
    votes_count: draw.int(0, 300),
    fired: 0,
    hidden: 0,
    status: 0,
  }
}

function service(draw: Draw, id: number) {
  const price = draw.int(10, 120) * 100
  return {
    id,
    title: draw.pick(SERVICES),
    category_id: draw.int(1, 50),
    price_min: price,
    price_max: price + draw.int(0, 5) * 100,
    duration: draw.int(2, 8) * 900,
    active: 1,
  }
}

function good(draw: Draw, id: number, companyId: number) {
  return {
    good_id: id,
    id,
    title: draw.pick(GOODS),
    value: draw.pick(GOODS),
    company_id: companyId,
    article: `ART-${draw.int(1000, 9999)}`,
    barcode: String(draw.int(100_000_000, 999_999_999)),
    cost: draw.int(5, 90) * 10,
    actual_cost: draw.int(2, 40) * 10,
    unit_short_title: 'pcs',
    category: draw.pick(CATEGORIES),
  }
}

type Builder = (draw: Draw, id: number, companyId: number, status: EventStatus) => unknown

function record(draw: Draw, id: number, companyId: number, status: EventStatus) {
  const when = draw.moment()
  const created = new Date(when.getTime() - draw.int(1, 30) * 86_400_000)
  const staffId = draw.id()
  const svc = service(draw, draw.id())
  const client = person(draw, draw.id())
  const length = svc.duration
  const attendance = status === 'delete' ? 0 : draw.pick([0, 0, 1, 2, -1])
  return {
    id,
    company_id: companyId,
    staff_id: staffId,
    services: [
      {
        id: svc.id,
        title: svc.title,
        cost: svc.price_min,
        first_cost: svc.price_max,
        discount: 0,
        amount: 1,
      },
    ],
    staff: staff(draw, staffId, companyId),
    client: { ...client, email: `${client.name.toLowerCase()}.${client.id}@example.com` },
    clients_count: 1,
    date: plain(when),
    datetime: iso(when),
    create_date: iso(created),
    comment: '',
    online: draw.pick([true, false]),
    visit_attendance: attendance,
    attendance,
    confirmed: 1,
    seance_length: length,
    length,
    visit_id: draw.id(),
    deleted: status === 'delete',
    paid_full: attendance === 1 ? 1 : 0,
    prepaid: false,
    last_change_date: iso(new Date(created.getTime() + 3_600_000)),
    record_labels: [],
    custom_fields: [],
    documents: [
      {
        id: draw.id(),
        type_id: 7,
        storage_id: 0,
        user_id: draw.id(),
        company_id: companyId,
        number: id,
        comment: '',
        date_created: plain(created),
        category_id: 0,
        visit_id: 0,
        record_id: id,
        type_title: 'Visit',
      },
    ],
  }
}

function goodsOperation(typeId: number, type: string): Builder {
  return (draw, id, companyId) => {
    const g = good(draw, draw.id(), companyId)
    const amount = draw.int(1, 5)
    return {
      id,
      document_id: draw.id(),
      type_id: typeId,
      type,
      company_id: companyId,
      good: { id: g.id, title: g.title },
      storage: { id: draw.id(), title: 'Main storage' },
      amount: typeId === 1 ? -amount : amount,
      cost_per_unit: g.cost,
      cost: g.cost * amount,
      discount: 0,
      create_date: iso(draw.moment()),
      deleted: false,
    }
  }
}

const BUILDERS: Record<Exclude<Resource, 'schedule'>, Builder> = {
  record,
  client: (draw, id, companyId, status) => {
    const p = person(draw, id)
    return {
      ...p,
      company_id: companyId,
      email: `${p.name.toLowerCase()}.${id}@example.com`,
      sex_id: draw.int(0, 2),
      birth_date: day(new Date(Date.UTC(draw.int(1960, 2005), draw.int(0, 11), draw.int(1, 28)))),
      discount: draw.pick([0, 0, 5, 10]),
      spent: draw.int(0, 500) * 100,
      visits_count: draw.int(0, 40),
      categories: [],
      comment: '',
      deleted: status === 'delete',
    }
  },
  staff: (draw, id, companyId) => staff(draw, id, companyId),
  company: (draw, id) => ({
    id,
    title: `${draw.pick(['Bloom', 'Velvet', 'Aurora', 'Luna'])} Beauty`,
    country: 'Cyprus',
    city: 'Limassol',
    address: `${draw.int(1, 200)} Makariou Ave`,
    phone: draw.phone(),
    timezone: 2,
    currency_short_title: 'EUR',
    active: 1,
  }),
  service: (draw, id) => service(draw, id),
  service_category: (draw, id) => ({
    id,
    title: draw.pick(CATEGORIES),
    api_id: '',
    weight: draw.int(0, 10),
    staff: [],
  }),
  good: (draw, id, companyId) => good(draw, id, companyId),
  goods_operations_sale: goodsOperation(1, 'Sale'),
  goods_operations_receipt: goodsOperation(3, 'Arrival'),
  goods_operations_consumable: goodsOperation(4, 'Consumable write-off'),
  goods_operations_stolen: goodsOperation(5, 'Product write-off'),
  goods_operations_move: goodsOperation(6, 'Move'),
  finances_operation: (draw, id, companyId) => ({
    id,
    document_id: draw.id(),
    company_id: companyId,
    date: plain(draw.moment()),
    type_id: draw.int(1, 10),
    expense: {
      id: draw.int(1, 10),
      title: draw.pick(['Service provision', 'Product sales', 'Rent']),
    },
    amount: draw.int(1, 300) * 100,
    comment: '',
    account: { id: draw.id(), title: draw.pick(['Cash', 'Card']) },
    supplier_id: 0,
    client_id: draw.id(),
    record_id: 0,
    deleted: false,
  }),
  loyalty_card: (draw, id, companyId) => ({
    id,
    number: String(draw.int(10_000_000, 99_999_999)),
    balance: draw.int(0, 500),
    points: draw.int(0, 2000),
    type_id: draw.int(1, 10),
    type: { id: draw.int(1, 10), title: 'Club card' },
    salon_group_id: companyId,
  }),
}

/**
 * A realistic entity for an event without `data`, shaped like what the API
 * returns for that resource. Its id is the event's resource_id, its
 * company_id the location; the rest is drawn from `seed` and the event's
 * identity, so the same seed gives the same entity in every run.
 */
export function oldEntityFor(
  seed: number,
  event: { locationId: number; resource: Resource; resourceId: number; status: EventStatus },
): unknown {
  if (event.resource === 'schedule') return []
  const draw = new Draw(hash(`${seed}:${event.locationId}:${event.resource}:${event.resourceId}`))
  const build = BUILDERS[event.resource]
  return build(draw, event.resourceId, event.locationId, event.status)
}
