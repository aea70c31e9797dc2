import { Type } from '../typebox.js'
import { about, EmptyList, Exact, Nullable } from './annotate.js'

const REAL = 'REAL-SVC-C REAL-SVC-PY'

/** A team member's own price for the service: YDOCS master_settings.price, MK's later model. */
const StaffPrice = Exact(
  {
    min: Type.Number(about('MK YDOCS', 'Lowest price.', 999.99)),
    max: Nullable(Type.Number(about('MK YDOCS', 'Highest price; null: no range.', null))),
  },
  about('MK YDOCS', 'The price a team member charges instead of the service price.'),
)

export const ServiceStaff = Exact(
  {
    id: Type.Integer(about(`${REAL} MK APIB DT-HOOK YDOCS`, 'Team member id.', 3743417)),
    seance_length: Type.Integer(
      about(
        `${REAL} MK APIB DT-HOOK YDOCS`,
        'Seconds; 0 (use the service duration) is seen.',
        3600,
      ),
    ),
    technological_card_id: Type.Integer(about(`${REAL} MK YDOCS`, '0: none.', 0)),
    image_url: Type.String(
      about(
        `${REAL} MK`,
        'Small photo; the no-master-sm.png placeholder when the team member has none.',
        'https://be.cdn.yclients.com/images/no-master-sm.png',
      ),
    ),
    price: Type.Union(
      [StaffPrice, Type.Null()],
      about(
        `${REAL} MK YDOCS`,
        'null in both real captures; {min, max} when the team member has their own price (MK first typed it int).',
        null,
      ),
    ),
    name: Type.String(
      about(`${REAL} MK`, 'The team member name, as the staff entity name.', 'Anna Smith'),
    ),
  },
  about(
    `${REAL} MK APIB DT-HOOK YDOCS`,
    'A team member who performs the service; APIB and DT-HOOK list only id and seance_length, the real captures all six.',
  ),
)

const ImageVersion = Exact(
  {
    id: Type.String(about('APIB MK', 'A string, unlike the group id.', '186791')),
    path: Type.String(
      about('APIB', 'Image URL.', 'https://yclients.com/path/to/image/tagret-image.jpeg'),
    ),
    width: Type.String(about('APIB MK', 'Pixels, as a string.', '372')),
    height: Type.String(about('APIB MK', 'Pixels, as a string.', '280')),
    type: Type.String(about('APIB MK', 'File type.', 'jpeg')),
    image_group_id: Type.Integer(about('APIB MK', 'Equals image_group.id.', 72234)),
    version: Type.String(about('APIB MK', 'The size name.', 'basic')),
  },
  about('APIB MK', 'One size of the image.'),
)

export const ServiceImageGroup = Type.Union(
  [
    Exact(
      {
        id: Type.Integer(about('APIB YDOCS MK', 'Image group id.', 72234)),
        entity: Type.String(about('APIB MK', 'What the image belongs to.', 'settings_service')),
        entity_id: Type.Integer(
          about('APIB MK', 'The service id; an integer in APIB, a string in MK.', 389927),
        ),
        images: Exact(
          { basic: ImageVersion },
          about('APIB MK', 'The image by size; only basic is documented.'),
        ),
      },
      about('APIB YDOCS MK DT-HOOK', 'The service image, when one is uploaded (docs only).'),
    ),
    EmptyList('No image: [] (both real captures), as PHP writes an empty map.', REAL),
  ],
  about(`${REAL} MK APIB DT-HOOK`, '[] without an image, never null or {}.', []),
)
