import { rule, type TOptional, Type } from '../typebox.js'

/** The entity flags of the contract's settings table (section 2), in its order. */
export const FLAG_NAMES = [
  'salon',
  'service_category',
  'service',
  'good',
  'master',
  'client',
  'record',
  'goods_operations_sale',
  'goods_operations_receipt',
  'goods_operations_consumable',
  'goods_operations_stolen',
  'goods_operations_move',
  'finances_operation',
  'loyalty_card',
  'schedule',
  'self_sending',
] as const
export type FlagName = (typeof FLAG_NAMES)[number]
export type Flags = Record<FlagName, number>

/** Flags an older backend leaves out of its GET (HUB: its client treats them as possibly missing). */
export const LEGACY_MISSING_FLAGS: readonly FlagName[] = ['good', 'schedule', 'self_sending']

const FLAG_DESCRIPTIONS: Record<FlagName, string> = {
  salon: 'The location itself (events arrive as resource "company").',
  service_category: 'Service categories.',
  service: 'Services.',
  good: 'Products.',
  master: 'Team members (events arrive as resource "staff").',
  client: 'Clients.',
  record: 'Appointments.',
  goods_operations_sale: 'Product sales.',
  goods_operations_receipt: 'Product arrivals.',
  goods_operations_consumable: 'Consumable write-offs.',
  goods_operations_stolen: 'Product write-offs.',
  goods_operations_move: 'Product moves.',
  finances_operation: 'Financial transactions.',
  loyalty_card: 'Loyalty cards.',
  schedule: 'Team member schedules.',
  self_sending: '1 = also deliver events caused by the caller itself.',
}

/** Every flag is an integer: 1 = on, 0 = off. */
export const Bit = (description: string) =>
  Type.Integer({
    minimum: 0,
    maximum: 1,
    description: `${description} 1 = on, 0 = off.`,
    ...rule('must be the integer 0 or 1 (1 = on, 0 = off)'),
  })
type BitSchema = ReturnType<typeof Bit>

export const Active = Bit('Master switch: nothing is sent while it is 0.')

export function flagProperties(): { [K in FlagName]: BitSchema } {
  return Object.fromEntries(FLAG_NAMES.map((name) => [name, Bit(FLAG_DESCRIPTIONS[name])])) as {
    [K in FlagName]: BitSchema
  }
}

export function optionalFlagProperties(): { [K in FlagName]: TOptional<BitSchema> } {
  return Object.fromEntries(
    FLAG_NAMES.map((name) => [name, Type.Optional(Bit(FLAG_DESCRIPTIONS[name]))]),
  ) as { [K in FlagName]: TOptional<BitSchema> }
}
