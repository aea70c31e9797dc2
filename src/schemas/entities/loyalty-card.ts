import { type Static, Type } from '../typebox.js'
import { about, Entity } from './annotate.js'

/** `data` of a `loyalty_card` webhook: the simplified payload of DT-WH-LC, in its key order. */
export const LoyaltyCardEntity = Entity(
  {
    id: Type.Integer(
      about('DT-WH-LC APIB DT-LC-REST VG', 'Equals the event resource_id.', 9210520),
    ),
    balance: Type.Number(
      about(
        'DT-WH-LC APIB DT-LC-REST VG',
        'Money, decimals allowed (APIB "decimal": 50.15, 23084.5).',
        150.5,
      ),
    ),
    number: Type.String(
      about(
        'DT-WH-LC APIB DT-LC-REST VG',
        'String: the chain id then the card id, each zero-padded to 8 digits (inferred from APIB examples); DT-LC-REST and VG show an integer, losing the zeros.',
        '0014507109210520',
      ),
    ),
    phone: Type.String(
      about(
        'DT-WH-LC',
        'Phone of the card holder, a client of the location, written as a client phone: "+" and digits.',
        '+13155550175',
      ),
    ),
  },
  {
    description:
      'A loyalty card in the "simplified payload with essential fields only" of the Altegio webhook schema (DT-WH-LC, DT-WH-INDEX): four fields. No real loyalty_card webhook was found, and the older APIB webhook section does not list loyalty cards.',
    citations: {
      'DT-WH-LC':
        'Altegio Developer Tools, "Loyalty Card Event" webhook schema: https://developer.alteg.io/en/developers/openapi/webhooks/webhook_loyalty_card.md (stored copy: public file id 62357908872, find_string "Enum: \\"loyalty_card\\"").',
      'DT-WH-INDEX':
        'Altegio Developer Tools, "Webhooks" tag page ("Uses a simplified payload with essential fields only."): public file id 62413659270 (find_string "# Loyalty Card Event").',
      'DT-LC-REST':
        'Altegio Developer Tools, GET /user/loyalty_cards/{chain_id} (public file id 61923742145) and GET /loyalty/cards/{phone}/{chain_id}/{location_id} (public file id 62165882692).',
      APIB: 'Official YCLIENTS API Blueprint (Russian), copied in mkosinov/yclientsapi, docs/yclients_official/yclientsru.apib @ 018d75b09590a96cfdfa7b9d10d6c38514207e8b ("Group Карты лояльности", "Уведомления о событиях webhooks").',
      VG: 'OpenAPI spec from the newer YCLIENTS docs: vgrish/yclients-openapi-php, Yclients.openapi.json @ 5194b3426c98ad81bfda9a3b39649295508192c9 (loyalty.card.response) and docs/Model/LoyaltyCardResponse.md.',
      HUB: 'Altegio integration notes checked against the backend: altegio/altegio-integrations-hub-mcp, docs/webhooks.md @ f6ff314d4822dc766227e72f61d656db1b6ebcde ("loyalty_card is available through location settings").',
    },
    notes: [
      'Shape: DT-WH-LC, written about this event, is followed over APIB\'s general rule that data has "the same set of fields as the API". That rule would give the full REST card (APIB, DT-LC-REST, VG): id, balance, points, paid_amount, sold_amount, visits_count, number, type_id, salon_group_id, type {id, title, salon_group_id}, salon_group {id, title}, programs[]. Neither is confirmed by a real payload.',
      'Delete: no real capture; DT-WH-LC marks all four fields required for create, update and delete alike, and the REST DELETE answers with no body. The mock sends the last state.',
      'number: auto-generated numbers in APIB are 16 digits, the chain id then the card id, each zero-padded to 8 (0014507109210520 = chain 145071, card 9210520); the mock uses the location chain. Cards issued with an explicit number (APIB: "01010101") are not generated.',
      "phone appears only in DT-WH-LC (the REST card has no phone, client_id or company_id); the mock writes the phone of one of the location's clients.",
    ],
  },
)
export type LoyaltyCardEntity = Static<typeof LoyaltyCardEntity>
