import { worldOf } from '../../deliveries/entities/world.js'

// STAND-IN until src/api/shared/clients.ts lands on main (LocationClients,
// control.clients); delete this file at that merge.

export interface LocationClient {
  id: number
  name: string
  phone: string
  email: string
}

const digits = (phone: string) => phone.replace(/\D/g, '')

/** The clients a location's webhooks carry, as the shared LocationClients will give them. */
export class LocationClients {
  constructor(readonly seed: number) {}

  list(locationId: number): LocationClient[] {
    const world = worldOf(this.seed, locationId)
    return world.clientIds.map((id) => {
      const client = world.client(id)
      return { id, name: client.name, phone: client.phone, email: client.email }
    })
  }

  match(locationId: number, phone: string): LocationClient | undefined {
    const wanted = digits(phone)
    if (wanted === '') return undefined
    return this.list(locationId).find((client) => digits(client.phone) === wanted)
  }
}
