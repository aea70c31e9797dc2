import { type Static, Type } from '../typebox.js'
import { about, Entity } from './annotate.js'
import {
  FinanceAccount,
  FinanceClientOrEmpty,
  FinanceExpense,
  FinanceMaster,
  FinanceRecordOrEmpty,
  FinanceSupplier,
} from './finances-operation-parts.js'

const ALL = 'F20 RK WF FL'
/** "2026-03-14T10:45:00+0400": local time, no milliseconds, no colon in the offset. */
const STAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{4}$'
const int = (sources: string, note: string, example: number) =>
  Type.Integer(about(sources, note, example))
const stamp = (sources: string, note: string, example: string) =>
  Type.String({ pattern: STAMP, ...about(sources, note, example) })

/** `data` of a `finances_operation` webhook, in F20's key order with the newer fields placed. */
export const FinancesOperationEntity = Entity(
  {
    id: int(ALL, 'The finance transaction: equals the event resource_id.', 1815455301),
    document_id: int(
      ALL,
      'Its document: the visit document for a visit payment, the sale document for a product sale.',
      2011873340,
    ),
    expense: FinanceExpense,
    date: stamp(
      'F20 RK WF',
      'When it was paid, local time, offset without a colon (F20); WF allows null, no payload shows it.',
      '2026-03-14T10:45:00+0400',
    ),
    amount: Type.Number(
      about(ALL, 'Signed money: income positive, expense negative; an integer when whole.', 150),
    ),
    comment: Type.String(about(ALL, '"" when empty, never null.', '')),
    master: FinanceMaster,
    supplier: FinanceSupplier,
    account: FinanceAccount,
    client: FinanceClientOrEmpty,
    record: FinanceRecordOrEmpty,
    record_id: int(ALL, 'The appointment; 0 when none.', 1680739923),
    visit_id: int(ALL, 'The visit; 0 when none.', 1463687220),
    sold_item_id: int(
      'F20 RK WF IN',
      'The sold service line or goods transaction (a goods_operations_sale id); 0 when nothing was sold.',
      21115815,
    ),
    sold_item_type: Type.String(
      about(
        'F20 RK IN',
        '"service", "goods_transaction", or "" when nothing was sold (a string; WF says number).',
        'service',
      ),
    ),
    last_change_date: stamp(
      'RK WF',
      'As date, when it last changed; not in F20 (2020). WF allows null.',
      '2026-03-14T10:45:07+0400',
    ),
  },
  {
    description:
      'One finance transaction (a payment into or out of a cash desk or account). A real 2020 YCLIENTS payload (F20) shows 14 of the 16 fields and the order; a type written from a stored current payload (RK) and the Altegio webhook schema (WF) add record, last_change_date and the newer keys of expense, account and client.',
    citations: {
      F20: 'Real YCLIENTS finances_operation create webhook (2020-09-21, company 28103) in a PHP comment: cy322666/tl_yc, app/Models/Transaction.php @ 478b12b43882c1ad71dd21adc2f1d03567507a50, b290d8534cc63e7681970b4eec1be22948f08bee and 2f1417d9b95ef1070a60763436987259a2fc1951; public file id 47268649435.',
      RK: 'TS interface of a stored finances_operation webhook, keys in PostgreSQL JSONB order (a tRPC app sending YCLIENTS/Altegio payments to Rekassa): public file id 1232786358 (find_string "sentToRekassa"); repository not identified.',
      WF: 'Altegio Developer Tools, FinancesOperationEvent webhook schema ("default relations (expense, master, supplier, account, client) and webhook-specific includes (record, client.email)"): https://developer.alteg.io/en/developers/openapi/webhooks/webhook_finances_operation.md.',
      GAS: 'Google Apps Script doPost consuming finances_operation (data.account.is_cash, data.record.staff_id, data.record.date; only data.id on delete): public file id 42637482252 (find_string "finances_operation").',
      IN: 'Production event notes ("from the last 1000 yclients_events"): sold_item_type service / goods_transaction; one operation arrives as create and update: alex-misch/integrator, specs/integrator_dashboard_miniapp_revenue_spec.md.',
      FL: 'Altegio docs, the nested finance list format (master {id, title}): https://developer.alteg.io/en/payments/update_financial_transaction.md and "Get Transactions by Visit" (public index id 61980924870).',
      FC: 'Altegio docs, POST/GET-single flat format (account.is_cash/is_default, client.email, master {id, name}): https://developer.alteg.io/en/b2b-v1/openapi/payments/create_financial_transaction.',
      HUB: "Altegio's own delivery contract (status create/update/delete where applicable): altegio/altegio-integrations-hub-mcp, docs/webhooks.md @ f1012af3.",
    },
    notes: [
      'Delete: no real capture was found. WF has one data schema for create, update and delete and no deleted field (nor has RK); GAS reads only data.id on delete. The mock sends the last state, with last_change_date at the deletion, and adds no deleted flag. An update often follows the create of the same operation (IN).',
      'Key order: F20 (expense between document_id and date). record is not in F20; the mock puts it before record_id. RK lists keys in JSONB order, so it gives the key set, not the order.',
      'Newer than F20 and taken from RK and WF: expense.type (meaning unverified: 1 on income items, 0 on expenses in the mock), account.is_cash and is_default, client surname, patronymic and email, record, last_change_date. F20 wrote the whole client name in name; the mock splits it as current Altegio does.',
      'Empty relations (master, supplier, client) are [] (F20, RK); record is [] when none by analogy (unverified). record_id, visit_id, sold_item_id are 0 and sold_item_type "" when none.',
      'record agrees with the record webhook of record_id (staff_id, visit_id, date, attendance, paid_full, ...); on a service payment master is that team member and client that client. A product payment names the goods_operations_sale of sold_item_id, with its document, client and team member.',
      'Left out: payment_system_transaction_ids (WF: optional, per location), and the flat fields of FC (type_id, expense_id, account_id, client_id, master_id, supplier_id, company_id, ...), which no webhook shows.',
      'Payment item ids: 8 "Прочие доходы" (other income) is in F20; 5 "Provision of services" and 7 "Product sales" are the system items as the research has them (unverified); expense items get ids drawn per location.',
    ],
  },
)
export type FinancesOperationEntity = Static<typeof FinancesOperationEntity>
