#!/bin/sh
# A telephony integration end to end, in plain HTTP: installed through the marketplace,
# then its calls. MOCK: where the mock runs; APP: the partner's server.
set -eu
M="${MOCK:-http://127.0.0.1:8080}"
APP="${APP:-http://127.0.0.1:9000}"
P='Authorization: Bearer partner-token'; V='Accept: application/vnd.api.v2+json'; J='Content-Type: application/json'
c() { curl -sS --fail-with-body "$@"; echo; }
# The first value of a JSON field in an answer.
field() { echo "$1" | tr ',' '\n' | sed -n 's/.*"'"$2"'":"\{0,1\}\([^"}]*\).*/\1/p' | head -n 1; }

c -X POST "$M/__mock/applications" -H "$J" -d '{"application_id": 9, "partner_token": "partner-token",
  "category": "telephony", "registration_redirect_url": "'"$APP"'/register"}'
# The owner connects it at location 123; the registration page activates it:
c -X POST "$M/api/v1/company/123/marketplace/applications/9/grant_access" \
  -H 'Authorization: Bearer partner-token, User owner-token' -H "$V"
c -X POST "$M/marketplace/partner/callback" -H "$P" -H "$V" -H "$J" \
  -d '{"salon_id": 123, "application_id": 9, "api_key": "key"}'
# The location's CRM token (Telephony > Integration); the partner enables telephony with it:
TOKENS=$(c "$M/__mock/voip/integrations?location_id=123"); echo "$TOKENS"
T=$(field "$TOKENS" crm_token)
c -X POST "$M/api/v1/voip/integration" -H "$P" -H "$V" -H "$J" \
  -d '{"command": "setup", "type": "enable", "crm_token": "'"$T"'"}'
# A client of the location, with a phone the test knows:
CLIENTS=$(c "$M/__mock/locations/123/clients"); C=$(field "$CLIENTS" id)
c -X PUT "$M/__mock/locations/123/clients/$C" -H "$J" -d '{"phone": "+13155550142"}'
# That client calls: the pop-up at location 123, matched to the client, waited on:
c -X POST "$M/api/v1/voip/integration" -H "$P" -H "$V" -H "$J" -d '{"command": "event",
  "type": "incoming", "crm_token": "'"$T"'", "phone": "+1 315 555 0142", "diversion": "13155550100"}'
c -X POST "$M/__mock/voip/notifications/wait" -H "$J" -d '{"location_id": 123, "timeout_ms": 5000}'
# The call is over: saved to the location's history, listed with the client's id:
c -X POST "$M/api/v1/voip/integration" -H "$P" -H "$V" -H "$J" -d '{"command": "history",
  "type": "incoming", "crm_token": "'"$T"'", "phone": "+1 315 555 0142", "diversion": "13155550100",
  "duration": 90, "status": "success", "date": "2026-05-01T09:00:00+00:00"}'
c "$M/api/v1/voip/integration/calls?salon_id=123&date_from=2026-05-01&date_to=2026-05-01" \
  -H 'Authorization: Bearer partner-token, User user-token' -H "$V"
# Disabled, the next call is refused (422, the reason in X-Mock-Warnings):
c -X POST "$M/api/v1/voip/integration" -H "$P" -H "$V" -H "$J" \
  -d '{"command": "setup", "type": "disable", "crm_token": "'"$T"'"}'
curl -sS -i -X POST "$M/api/v1/voip/integration" -H "$P" -H "$V" -H "$J" -d '{"command": "event",
  "type": "incoming", "crm_token": "'"$T"'", "phone": "+1 315 555 0142", "diversion": "13155550100"}'
echo
