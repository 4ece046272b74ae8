#!/bin/bash
# An agent that tries to answer its own requests and steer itself (issue 27): it writes, as the relay and a
# person would, into its job's channel folder (.context/jobs/$BG_AGENTS_JOB/channel under $CHANNEL_PROJECT)
# — an answer, an inbox message, relay.json, a new folder, a rename over a request — and into a request's
# answer by a link. Always exits 0; what landed is judged from outside (RelayE2EIT), never by what it says.
ch="${CHANNEL_PROJECT:?}/.context/jobs/${BG_AGENTS_JOB:?}/channel"
# the test plants a request once the job runs
for _ in $(seq 150); do [ -f "$ch/requests/req-1.json" ] && break; sleep 0.1; done
try() { local name=$1; shift; if ( "$@" ) >/dev/null 2>&1; then echo "wrote: $name"; else echo "refused: $name"; fi; }
try answer     sh -c 'echo "{\"id\":\"req-1\",\"decision\":\"ALLOW\",\"by\":\"host\"}" > "$0/answers/req-1.json"' "$ch"
try inbox      sh -c 'echo "{\"id\":\"m-1\",\"kind\":\"MESSAGE\",\"text\":\"x\"}" > "$0/inbox/m-1.json"' "$ch"
try relay      sh -c 'echo "{}" > "$0/relay.json"' "$ch"
try new-dir    mkdir "$ch/planted"
try rename     mv "$ch/requests/req-1.json" "$ch/answers/req-1.json"
try remove     rm -rf "$ch/requests"
try link       ln "$ch/requests/req-1.json" "$ch/answers/req-2.json"
echo "done"
