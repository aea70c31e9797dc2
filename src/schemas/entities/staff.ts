import { type Static, StringEnum, Type } from '../typebox.js'
import { about, Entity, Nullable } from './annotate.js'
import {
  StaffChain,
  StaffEmployee,
  StaffGridSettings,
  StaffPosition,
  StaffServiceLink,
  StaffUser,
} from './staff-parts.js'

// PR is the real object, MK the strict model checked against the live API.
const REAL = 'PR MK'
const int = (sources: string, note: string, example: number) =>
  Type.Integer(about(sources, note, example))
const text = (sources: string, note: string, example: string) =>
  Type.String(about(sources, note, example))
const bool = (sources: string, note: string, example: boolean) =>
  Type.Boolean(about(sources, note, example))

/** `data` of a `staff` (team member) webhook, in PR's key order. */
export const StaffEntity = Entity(
  {
    id: int(`${REAL} AW AG`, 'Equals the event resource_id.', 2717722),
    name: text(`${REAL} AW AG`, 'Full name as one string.', 'Anna Lewis'),
    company_id: int(`${REAL} AG`, 'The location: the event company_id. Not in AW.', 41120),
    specialization: text(`${REAL} AW AG`, 'Free text; may be "".', 'Hair Stylist'),
    information: text(`${REAL} AW`, 'HTML, "" when empty.', ''),
    api_id: Nullable(text(`${REAL} AW YB`, 'External id; null when unset (PR).', '42')),
    fired: int(`${REAL} AW AG`, '0/1, not a boolean: 1 = dismissed.', 0),
    is_fired: bool(REAL, 'Boolean twin of fired.', false),
    dismissal_date: Nullable(text(REAL, 'null unless fired; format not observed.', '2026-05-31')),
    dismissal_reason: Nullable(text(REAL, 'null unless fired.', 'Moved away')),
    hidden: int(`${REAL} AW AG`, '0/1: 1 = hidden from online booking.', 0),
    is_online: bool(REAL, 'Online booking on: the inverse of hidden.', true),
    status: int(`${REAL} AW AG`, '0/1: 1 = removed (soft delete), as on a delete event.', 0),
    is_deleted: bool(REAL, 'Boolean twin of status; true on a delete event.', false),
    user_id: Nullable(int(`${REAL} AW AG`, 'The linked user account; equals user.id.', 12452348)),
    rating: Type.Number(
      about(`${REAL} AW`, 'A number (legacy YB examples: a string); 0 without votes.', 4.93),
    ),
    prepaid: StringEnum(
      ['forbidden', 'allowed', 'required'],
      about(`${REAL} AW AS`, 'Prepayment rule; enum from AS.', 'forbidden'),
    ),
    is_chain: bool(REAL, 'Chain-level team member; chain is set when true.', false),
    weight: int(`${REAL} AW`, 'Sort order (legacy YB examples: a string).', 157),
    is_rating_shown: bool(REAL, 'Modern counterpart of the legacy show_rating.', true),
    is_online_random_choice_allowed: bool(REAL, 'Can be picked as "any team member".', true),
    seance_step: int(REAL, 'Seconds.', 0),
    seance_search_step: int(REAL, 'Seconds.', 900),
    seance_search_start: int(REAL, 'Seconds from midnight.', 0),
    seance_search_finish: int(REAL, 'Seconds from midnight.', 86400),
    is_timetable_off: bool('MK', 'Not in PR (2023); a 2024 addition.', false),
    is_fullness_accounting: bool('MK', 'Not in PR (2023).', true),
    google_clients: bool('MK', 'Not in PR (2023).', false),
    timetable_markup_divider_interval: Nullable(int('MK', 'Not in PR (2023).', 3600)),
    avatar: text(
      `${REAL} AW AG`,
      'Small photo (masters/sm); no-master-sm.png without a photo.',
      'https://assets.yclients.com/masters/sm/d/df/df6c4949367f1de_20230816134408.png',
    ),
    avatar_big: text(
      `${REAL} AW AG`,
      'Large photo (masters/origin in PR; legacy docs: norm); another hash, a second later.',
      'https://assets.yclients.com/masters/origin/8/88/884872ec0ad10fe_20230816134409.png',
    ),
    position: Nullable(StaffPosition),
    user: Nullable(StaffUser),
    is_bookable: bool(REAL, 'Bookable (bookable in other endpoints).', true),
    services_links: Type.Array(StaffServiceLink, about(REAL, 'Services of the location.')),
    schedule_till: Nullable(
      text(
        `${REAL} AW AS`,
        '"YYYY-MM-DD": last day with a schedule; a later MK makes it optional.',
        '2023-10-01',
      ),
    ),
    employee: Nullable(StaffEmployee),
    chain: Nullable(StaffChain),
    grid_settings: StaffGridSettings,
    domain: Nullable(text('MK', 'null in MK; not in PR (2023).', 'anna.example.com')),
    google_link: text('MK', '"" when none; not in PR (2023).', ''),
    is_paid_staff: bool('AG AW', 'Counted in the licence price; not in PR or MK.', true),
    is_included_in_payment_policy: bool(
      'AG',
      'AG: "always returned; defaults to true"; not in PR, MK or AW.',
      true,
    ),
  },
  {
    description:
      'A team member as GET /company/{location_id}/staff/{team_member_id} returns it, which AW says webhook data matches. No real staff webhook body was found: the field set and key order come from a real production answer of that endpoint (PR, 2023) and a strict model checked against the live API (MK, 2024), plus the two fields the 2026 docs add (AG).',
    citations: {
      PR: 'Real YCLIENTS production answer (company 41120, 2023-08/10), Laravel dump in a comment of App\\Http\\Controllers\\Analytics\\ShowController: public file id 32675724308, same dump in public file id 32213365331 (find_string "is_online_random_choice_allowed"); repository not identified.',
      MK: 'Strict pydantic model (extra=forbid) of GET /company/{id}/staff/{id}, integration-tested against the live API: mkosinov/yclientsapi, src/yclientsapi/schema/staff.py @ 018d75b09590a96cfdfa7b9d10d6c38514207e8b (tests/integration/src/tests/test_staff.py); a later version is public file id 30270729438.',
      AG: 'Altegio Developer Tools, "Get Team Members / Specific Team Member", GET /company/{location_id}/staff/{team_member_id}: https://developer.alteg.io/en/b2b-v1/openapi/team-members/get_team_member.md (public file id 62423332442).',
      AW: 'Altegio Developer Tools OpenAPI, webhooks.StaffEvent and components.schemas.staff: https://developer.alteg.io/_bundle/en/developers/openapi.yaml, stored copy sguioco/hiteam, docs/altegio-api/en-developers.openapi.yaml @ 6f975c4bef86b1de6f3a117777e097e6c9a7ca07.',
      AS: 'Altegio Developer Tools, "Get list of team members", GET /staff/{location_id}: https://developer.alteg.io/en/b2b-v1/openapi/team-members/get_team_member_list.md (public file id 62261431429).',
      AL: 'Altegio Developer Tools, legacy "Get a specific team member", GET /staff/{location_id}/{team_member_id}: https://developer.alteg.io/en/b2b-v1/openapi/team-members/get_team_member_by_id.md (public file id 62426037779).',
      YB: 'Official YCLIENTS API Blueprint (Russian), copied in mkosinov/yclientsapi, docs/yclients_official/yclientsru.apib @ cafaf30d4fb92630d86602f5f8936608bbb8ad22 (team members; "Уведомления о событиях webhooks").',
      AT: 'Altegio Developer Tools, online booking timeslot settings (grid_base_type enum): public file id 62273220148.',
    },
    notes: [
      'Delete: no source shows a staff delete body. AW refers to the same full schema for create, update and delete, YB says data has "the same set of fields as the API", and deletion is soft (status, is_deleted). The mock sends the full last state with status: 1 and is_deleted: true; fired, is_fired and dismissal_* stay as they were (firing is an update).',
      'Left out: show_rating, votes_count, comments_count, position_id, image_group and has_access_timetable. Only AW and the legacy endpoints (YB, AL, AS, GET /book_staff) list them; neither PR nor MK (the real output of the endpoint AW names) has them.',
      'Key order: PR for its 35 fields; the MK-only fields where MK puts them (is_timetable_off..timetable_markup_divider_interval before avatar, domain and google_link last); the AG-only is_paid_staff and is_included_in_payment_policy at the end, as AG lists them.',
      'Types follow PR and MK where the docs differ: rating is a number and weight an integer (legacy YB/AL examples: strings); fired, hidden and status are 0/1 integers; position and user are null when unset (AS shows [], AG says "null or empty array").',
      'user had 3 keys in PR (2023) and 6 in MK (2024); the mock sends the 6. grid_settings.is_enabled is in MK, not PR; the mock sends it. employee and chain are null in PR; the mock sends null.',
      'services_links[].price is int|null in MK and {min, max}|null in its later version; the mock sends null. schedule_till may be missing or null for a team member without a schedule (later MK); the mock always sends a day.',
    ],
  },
)
export type StaffEntity = Static<typeof StaffEntity>
