import type { LoyaltyCardEntity } from '../../schemas/entities/loyalty-card.js'
import type { EntityContext } from './context.js'

const eight = (n: number) => String(n).padStart(8, '0')

/**
 * A loyalty card as its webhook sends it (DT-WH-LC): its number made of the
 * location's chain and the card id, its phone that of a client of the location.
 */
export function loyaltyCard({ world, id, draw }: EntityContext): LoyaltyCardEntity {
  const holder = world.client(draw.pick(world.clientIds))
  // Money with cents, as APIB's 50.15; a fifth of cards are empty.
  const balance = draw.chance(0.2) ? 0 : draw.int(1, 300_000) / 100
  return {
    id,
    balance,
    number: `${eight(world.chainId)}${eight(id)}`,
    phone: holder.phone,
  }
}
