import type { ClientEntity } from '../../schemas/entities/client.js'
import { changeTimes, type EntityContext } from './context.js'
import { DAY, stampTime, YEAR_START } from './time.js'
import type { LocationWorld } from './world.js'

const SEX = ['unknown', 'male', 'female'] as const
const IMPORTANCE = ['No importance class', 'Bronze', 'Silver', 'Gold'] as const
// Client categories (labels) a location defines: title and colour, as DT and APIB show them.
const CATEGORY_KINDS = [
  { title: 'VIP', color: '#e8d313' },
  { title: 'Loyal', color: '#bfd4f2' },
  { title: 'Blacklist', color: '#0f0f0f' },
] as const

/** The location's client categories: the world has none, so derive them from the location. */
export function clientCategories(world: LocationWorld): ClientEntity['categories'] {
  const draw = world.draw('client-categories', world.locationId)
  return CATEGORY_KINDS.map((kind) => ({ id: draw.int(10_000, 999_999), ...kind }))
}

/**
 * A client (GET /client/{location_id}/{id} with its default includes): the
 * world's identity for its id, with its visits, money and labels drawn.
 */
export function client({ world, id, status, draw }: EntityContext): ClientEntity {
  const person = world.client(id)
  const visits = draw.int(0, 40)
  const spent = visits * draw.int(20, 90) * 100
  // A debt (negative balance) only for a client who has spent something.
  const debt = spent > 0 && draw.chance(0.15) ? Math.min(spent, draw.int(1, 20) * 100) : 0
  const paid = spent - debt
  const importanceId = draw.pick([0, 0, 0, 0, 1, 2, 3] as const)
  const categories = clientCategories(world).filter(() => draw.chance(0.2))
  const smsCheck = draw.pick([0, 1] as const)
  const smsNot = draw.chance(0.1) ? 1 : 0
  const { changedAt } = changeTimes(
    draw,
    YEAR_START + draw.int(0, 300) * DAY + draw.int(0, 86_399) * 1000,
    status,
  )
  return {
    id,
    name: person.name,
    surname: person.surname,
    patronymic: '',
    display_name: `${person.name} ${person.surname}`,
    phone: person.phone,
    email: person.email,
    card: person.card,
    birth_date: person.birthDate,
    // record.client shows '' too: the world has no comment for a client.
    comment: '',
    discount: person.discount,
    visits,
    sex_id: person.sexId,
    sex: SEX[person.sexId],
    sms_check: smsCheck,
    sms_bot: 0,
    sms_not: smsNot,
    spent,
    paid,
    // paid - spent, never -debt: a -0 would not equal 0.
    balance: paid - spent,
    importance_id: importanceId,
    importance: IMPORTANCE[importanceId],
    categories,
    last_change_date: stampTime(changedAt, world.tz),
    custom_fields: [],
  }
}
