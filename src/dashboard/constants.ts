// What the dashboard's forms offer: the trigger's resources and statuses, as
// src/schemas/event.ts names them, and the fault routes of src/schemas/faults.ts (test/dashboard.test.ts keeps them equal),
// copied so that the page's bundle carries no TypeBox.
export const RESOURCES = [
  'company',
  'service_category',
  'service',
  'good',
  'staff',
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
] as const

export const STATUSES = ['create', 'update', 'delete'] as const

export const FAULT_ROUTES = [
  'hooks_settings',
  'marketplace',
  'dictionaries',
  'voip',
  'any',
] as const

/** Entries the page keeps; older ones go (the stream itself is bounded too). */
export const MAX_ENTRIES = 2000
