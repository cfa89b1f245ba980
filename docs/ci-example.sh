#!/usr/bin/env bash
# Gate a build on the Track events its tests send, with Track Debugger and curl.
#
#   1. start Track Debugger headless (capture server + automation API);
#   2. open a verification session with the expected events;
#   3. run the app's tests with their Track SDK pointed at the capture URL;
#   4. stop the session, save JUnit + HTML reports, fail the build on any unmet expectation.
#
# Settings (environment variables, all optional):
#   APP_TEST_COMMAND   the app's tests; they get TRACK_API_ENDPOINT (default: npm test)
#   EXPECTATIONS_FILE  JSON body for POST /automation/v1/sessions (default: the example below)
#   TRACK_DEBUGGER     how to run the CLI (default: npx --yes track-debugger)
#   CAPTURE_PORT       capture port, 0 = any free one (default 8787)
#   UI_PORT            UI / automation API port, 0 = any free one (default 8788)
#   REPORT_DIR         where the reports go (default: track-reports)
#   TRACK_DEBUGGER_TOKEN  token for the automation API (default: a random one for this run)
#
# Exit status: the app's tests' status if they failed, 1 if an expectation was not met, else 0.
set -euo pipefail

TRACK_DEBUGGER=${TRACK_DEBUGGER:-npx --yes track-debugger}
APP_TEST_COMMAND=${APP_TEST_COMMAND:-npm test}
CAPTURE_PORT=${CAPTURE_PORT:-8787}
UI_PORT=${UI_PORT:-8788}
REPORT_DIR=${REPORT_DIR:-track-reports}
SESSION_NAME=${SESSION_NAME:-"CI ${GITHUB_REPOSITORY:-build} ${GITHUB_SHA:-$(date -u +%Y%m%dT%H%M%SZ)}"}
TRACK_DEBUGGER_TOKEN=${TRACK_DEBUGGER_TOKEN:-"ci-$(date +%s)-$RANDOM$RANDOM$RANDOM$RANDOM"}
export TRACK_DEBUGGER_TOKEN

WORK_DIR=$(mktemp -d)
SERVER_LOG="$WORK_DIR/server.log"

# shellcheck disable=SC2086 # TRACK_DEBUGGER may hold a command with arguments.
$TRACK_DEBUGGER serve --capture-port "$CAPTURE_PORT" --ui-port "$UI_PORT" \
  --data-dir "$WORK_DIR/data" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
cleanup() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT

# Wait for the server to print its URLs (it does once both ports listen).
for _ in $(seq 1 300); do
  grep -q '^  UI:' "$SERVER_LOG" && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "Track Debugger did not start:" >&2
    cat "$SERVER_LOG" >&2
    exit 1
  fi
  sleep 0.1
done
CAPTURE_URL=$(sed -n 's/^  Capture: *\([^ ]*\).*/\1/p' "$SERVER_LOG" | head -n 1)
UI_BASE=$(sed -n 's#^  UI: *\(http://[^/]*\).*#\1#p' "$SERVER_LOG" | head -n 1)
if [ -z "$CAPTURE_URL" ] || [ -z "$UI_BASE" ]; then
  echo "Could not read the capture and UI URLs:" >&2
  cat "$SERVER_LOG" >&2
  exit 1
fi
API="$UI_BASE/automation/v1"

api() {
  curl --silent --show-error --fail-with-body \
    -H "Authorization: Bearer $TRACK_DEBUGGER_TOKEN" "$@"
}

api "$API/health" >/dev/null
api -X POST "$API/reset" >/dev/null

if [ -n "${EXPECTATIONS_FILE:-}" ]; then
  SESSION_BODY=$(cat "$EXPECTATIONS_FILE")
else
  # The example checklist: edit it, or pass EXPECTATIONS_FILE.
  SESSION_BODY='{
    "expectations": [
      { "id": "signup", "eventName": "signed_up",
        "conditions": [
          { "path": "properties.plan", "op": "matches", "value": "^(free|pro|team)$" },
          { "path": "properties.email", "op": "type", "value": "string" }
        ] },
      { "id": "checkout", "eventName": "checkout_completed", "count": { "mode": "exactly", "n": 1 } }
    ]
  }'
fi
# The session name goes in front of whatever the file holds.
SAFE_NAME=${SESSION_NAME//[\"\\]/}
SESSION_BODY="{\"name\": \"$SAFE_NAME\", ${SESSION_BODY#*\{}"
SESSION_JSON=$(api -X POST -H 'Content-Type: application/json' --data "$SESSION_BODY" "$API/sessions")
SESSION_ID=$(printf '%s' "$SESSION_JSON" | grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2)
echo "Track Debugger: session $SESSION_ID open; capture URL $CAPTURE_URL"

# Run the app's tests with the SDK pointed at the debugger (apiEndpoint = TRACK_API_ENDPOINT).
set +e
TRACK_API_ENDPOINT="$CAPTURE_URL" bash -c "$APP_TEST_COMMAND"
TESTS_STATUS=$?
set -e

api -X POST "$API/sessions/$SESSION_ID/stop" >/dev/null
mkdir -p "$REPORT_DIR"
api "$API/sessions/$SESSION_ID/report?format=junit" -o "$REPORT_DIR/track-expectations.xml"
api "$API/sessions/$SESSION_ID/report?format=html" -o "$REPORT_DIR/track-report.html"
echo "Track Debugger: reports in $REPORT_DIR/ (track-expectations.xml, track-report.html)"

if [ "$TESTS_STATUS" -ne 0 ]; then
  echo "The app's tests failed (exit $TESTS_STATUS)." >&2
  exit "$TESTS_STATUS"
fi
# 200 when every expectation was met, 422 (and the unmet ones) otherwise.
if ! VERDICT=$(api "$API/sessions/$SESSION_ID/assert"); then
  echo "Track expectations not met: $VERDICT" >&2
  exit 1
fi
echo "Track expectations met: $VERDICT"
