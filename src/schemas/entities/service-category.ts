import { type Static, Type } from '../typebox.js'
import { about, Entity } from './annotate.js'

const DOCS = 'APIB YDOCS DT-REST DT-HOOK'
const MODELS = 'MK VM CYC-CAT'
const ALL = `${DOCS} ${MODELS}`

/** `data` of a `service_category` webhook, in the key order the three client models share. */
export const ServiceCategoryEntity = Entity(
  {
    id: Type.Integer(about(ALL, 'Equals the event resource_id.', 18565171)),
    category_id: Type.Integer(
      about(
        `${MODELS} DT-ACT`,
        'Not in any doc; its value is unseen in a category response. 1 (the root) is a guess from DT-ACT. Low confidence.',
        1,
      ),
    ),
    salon_service_id: Type.Integer(about(ALL, 'The category id within the chain.', 21029671)),
    title: Type.String(about(ALL, 'Category title.', 'Hair')),
    weight: Type.Integer(about(ALL, 'Sort order.', 10)),
    api_id: Type.String(
      about(
        `APIB DT-REST DT-HOOK ${MODELS}`,
        'A string, "" when none (the public booking API sends 0 instead).',
        '',
      ),
    ),
    staff: Type.Array(
      Type.Integer(about(ALL, 'Team member id.', 3743417)),
      about(ALL, 'Plain team member ids, unlike service.staff (objects).', [3743417, 3732061]),
    ),
    booking_title: Type.String(about(MODELS, 'Not in the docs; the title.', 'Hair')),
    price_min: Type.Number(
      about(MODELS, 'Not in the docs; presumably the lowest price of its services.', 1300),
    ),
    price_max: Type.Number(
      about(MODELS, 'Not in the docs; presumably the highest price of its services.', 1500),
    ),
    sex: Type.Integer(about(MODELS, '0 any, 1 male, 2 female. Not in the docs.', 0)),
    is_chain: Type.Boolean(about(`DT-HOOK DT-REST ${MODELS}`, 'A boolean.', false)),
  },
  {
    description:
      'A service category as GET /company/{location_id}/service_categories/{id} returns it, which DT-HOOK says a service_category webhook carries. Three client models built from live responses (MK, VM, CYC-CAT) list the same 12 fields in the same order; the docs show 6 or 7 of them.',
    citations: {
      APIB: 'Official YCLIENTS API Blueprint (Russian), copied in mkosinov/yclientsapi, docs/yclients_official/yclientsru.apib @ cafaf30d4fb92630d86602f5f8936608bbb8ad22 ("Категория услуг", "Уведомления о событиях webhooks").',
      YDOCS: 'A dump of developers.yclients.com (Redoc, Russian): public file id 47619584047.',
      'DT-REST':
        'Altegio Developer Tools b2b-v1 reference: https://developer.alteg.io/en/b2b-v1/openapi/services/get_service_category_list.',
      'DT-HOOK':
        'Altegio Developer Tools OpenAPI, webhook schema ServiceCategoryEvent: https://developer.alteg.io/en/developers/openapi.yaml (stored renderings: public file ids 62033772617, 62350444105, 62211980468).',
      'DT-ACT':
        'Altegio Developer Tools, GET .../activity/search example, a group event embedding its category with "category_id": 1: public file id 62057793928.',
      MK: 'Pydantic model (extra="forbid", tested against the live API): mkosinov/yclientsapi, src/yclientsapi/schema/service_category.py @ 018d75b09590a96cfdfa7b9d10d6c38514207e8b.',
      VM: 'Client types from live responses (asked with include=services_count&include[]=translations): VanyaMate/yclients-booster, src/action/settings/service_categories/types/settings-service_categories.types.ts @ 53cdd9ff66e217c40c1d4a787fd708b7d84cedc0.',
      'CYC-CAT':
        'Client struct parsing live category responses, macro CYC_SERVICE_CATEGORY: igkuzm/cYclients, src/structs.h @ 85010aa10fc2198a7a7ddccc6c921c20e4478276.',
    },
    notes: [
      'Delete: no real capture was found. DT-HOOK has one data schema for every status and APIB says data has the fields of the API entity; a category has no deleted field. The mock sends the full last state, unchanged (medium-low confidence).',
      'The field set is the client models (MK, VM, CYC-CAT) over the docs (APIB, YDOCS, DT-REST: id, salon_service_id, title, api_id, weight, staff; DT-HOOK adds is_chain). Left out: translations, which VM gets only because it asked include[]=translations.',
      'category_id and sex are low confidence: no source says what a category category_id holds; the mock sends 1 (DT-ACT) and sex 0.',
      'The mock derives staff, price_min and price_max from the location services in the category (the union of their team members; their lowest and highest price); a category without services sends [] and 0.',
    ],
  },
)
export type ServiceCategoryEntity = Static<typeof ServiceCategoryEntity>
