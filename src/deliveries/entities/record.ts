import type { RecordEntity } from '../../schemas/entities/record.js'
import { changeTimes, type EntityContext } from './context.js'
import { DAY, HOUR, isoTime, plainTime, stampTime, YEAR_START } from './time.js'

type RecordStaff = RecordEntity['staff']
type RecordClient = NonNullable<RecordEntity['client']>

/** A team member as a record shows them: the staff entity's identity, a subset of its fields. */
export function recordStaff({ world }: EntityContext, staffId: number): RecordStaff {
  const staff = world.staff(staffId)
  return {
    id: staff.id,
    api_id: null,
    name: `${staff.name} ${staff.surname}`,
    specialization: staff.specialization,
    position: { ...staff.position, services_binding_type: 0 },
    avatar: staff.avatar,
    avatar_big: staff.avatarBig,
    rating: staff.rating,
    votes_count: 0,
  }
}

/** A client as a record shows them: the client entity's identity and visit counts. */
export function recordClient({ world, draw }: EntityContext, clientId: number): RecordClient {
  const client = world.client(clientId)
  return {
    id: client.id,
    name: client.name,
    surname: client.surname,
    patronymic: '',
    display_name: `${client.name} ${client.surname}`,
    comment: '',
    phone: client.phone,
    card: client.card,
    email: client.email,
    success_visits_count: draw.int(0, 30),
    fail_visits_count: draw.int(0, 2),
    discount: client.discount,
    custom_fields: [],
    sex: client.sexId,
    birthday: client.birthDate,
    client_tags: [],
  }
}

/**
 * An appointment (GET /record/{location_id}/{record_id}): one service, one
 * team member, one client and its visit document, ids agreeing throughout.
 */
export function record(context: EntityContext): RecordEntity {
  const { world, id, status, draw } = context
  const tz = world.tz
  const staffId = draw.pick(world.staffIds)
  const service = world.service(draw.pick(world.serviceIds))
  const visitAt = YEAR_START + draw.int(0, 364) * DAY + draw.int(36, 75) * 15 * 60_000 - tz * HOUR
  const { createdAt, changedAt } = changeTimes(
    draw,
    visitAt - draw.int(1, 30) * DAY - draw.int(0, 86_399) * 1000,
    status,
  )
  const visitId = draw.id()
  const documentId = draw.id()
  const discount = draw.pick([0, 0, 10])
  const cost = Math.round((service.price * (100 - discount)) / 100)
  const attendance = draw.pick([0, 0, 1, 2, -1])
  const sold = draw.chance(0.25)
  const good = world.good(draw.pick(world.goodIds))
  const labelled = draw.chance(0.3)
  const link = `https://a5.gl/c/${draw.letters(5)}/${draw.letters(5)}/`
  return {
    id,
    company_id: world.locationId,
    staff_id: staffId,
    clients_count: 1,
    date: plainTime(visitAt, tz),
    comment: '',
    online: draw.chance(0.4),
    visit_id: visitId,
    visit_attendance: attendance,
    attendance,
    confirmed: 1,
    seance_length: service.duration,
    length: service.duration,
    sms_before: 1,
    sms_now: 1,
    sms_now_text: '',
    email_now: 1,
    notified: 0,
    master_request: draw.pick([0, 1]),
    api_id: '',
    from_url: '',
    review_requested: 0,
    created_user_id: world.adminUserId,
    deleted: status === 'delete',
    paid_full: attendance === 1 ? 1 : 0,
    prepaid: false,
    prepaid_confirmed: false,
    is_update_blocked: false,
    activity_id: 0,
    bookform_id: 0,
    record_from: '',
    is_mobile: 0,
    services: [
      {
        id: service.id,
        title: service.title,
        cost,
        cost_to_pay: cost,
        manual_cost: cost,
        cost_per_unit: service.price,
        discount,
        first_cost: service.price,
        amount: 1,
      },
    ],
    staff: recordStaff(context, staffId),
    goods_transactions: sold
      ? [
          {
            id: draw.id(),
            title: good.title,
            barcode: good.barcode,
            article: good.article,
            amount: 1,
            cost_per_unit: good.cost,
            price: good.cost,
            cost: good.cost,
            cost_to_pay: good.cost,
            manual_cost: good.cost,
            master_id: staffId,
            storage_id: world.storageIds[0] as number,
            good_id: good.id,
            discount: 0,
            loyalty_abonement_id: 0,
            loyalty_certificate_id: 0,
            good_special_number: '',
          },
        ]
      : [],
    sms_remain_hours: 1,
    email_remain_hours: 1,
    comer: null,
    comer_person_info: null,
    client: recordClient(context, draw.pick(world.clientIds)),
    datetime: isoTime(visitAt, tz),
    create_date: stampTime(createdAt, tz),
    last_change_date: stampTime(changedAt, tz),
    custom_fields: [],
    custom_color: '',
    custom_font_color: '',
    record_labels: labelled
      ? [
          {
            id: draw.int(100_000, 9_999_999),
            title: 'New client',
            color: 'dfd4f2',
            icon: 'exclamation',
            font_color: '000000',
          },
        ]
      : [],
    documents: [
      {
        id: documentId,
        type_id: 7,
        storage_id: 0,
        user_id: world.adminUserId,
        company_id: world.locationId,
        number: documentId,
        comment: '',
        date_created: plainTime(visitAt, tz),
        category_id: 0,
        visit_id: visitId,
        record_id: id,
        type_title: 'Visit',
        is_sale_bill_printed: false,
      },
    ],
    short_link: link,
    composite: [],
  }
}
