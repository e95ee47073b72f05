/** CLI help text and exit codes (documented here and in docs). */
export const EXIT = { ok: 0, usage: 2, internal: 3 } as const;

export const USAGE = `Usage:
  vigil-service start [--data-dir DIR] [--host H] [--port N] [--json]
                      [--server-name NAME]... [--tls-cert FILE --tls-key FILE [--tls-ca FILE]]
                      [--issuer URI] [--audience URI] [--log-level LEVEL]
                      [--caep-receiver URL=AUDIENCE]... [--caep-receiver-ca FILE]
                      [--db URL] [--db-pool-size N] [--drain-seconds N] [--key-publish-ahead DURATION]
                      [--max-in-flight N] [--max-event-loop-delay MS] [--tls-session-timeout DURATION]
                      [--appraisal-threads N]
  vigil-service token create --enroll [--ttl 1h] [--uses 1] [--device-id ID] [--data-dir DIR] [--json]
  vigil-service token create --enroll --code [--personal] [--server-url URL] [--tls-ca FILE]
                             [--ttl 1h] [--uses 1] [--data-dir DIR] [--json]
  vigil-service token create --admin [--label TEXT] [--data-dir DIR] [--json]
  vigil-service token create --gateway [--label TEXT] [--data-dir DIR] [--json]
  vigil-service --help | --version

Data directory: --data-dir, else $VIGIL_SERVICE_DATA_DIR, else ./.vigil-dev/service.
First start creates the device CA, a server certificate and the result-signing key there
(directory 0700, files 0600). Serves HTTPS only; default 127.0.0.1:8443.

--caep-receiver registers a gateway's CAEP push endpoint (its /caep/events URL) and the
audience it accepts SETs for; repeat it for several gateways. --caep-receiver-ca pins the CA
(PEM) of the receivers' TLS certificates (default: the system roots).
A --gateway token lets a gateway fetch attestation results in background-check mode.

--db (else $VIGIL_DB) puts the data in PostgreSQL (postgres://USER:PASSWORD@HOST/DB), which
several replicas share, CA and result keys included; default: SQLite in the data directory.
Every command takes it. --db-pool-size (else $VIGIL_DB_POOL_SIZE, default 10): connections per
process. On SIGTERM/SIGINT, /readyz turns 503 and the listener stays open --drain-seconds (else
$VIGIL_SERVICE_DRAIN_SECONDS, default 0) before in-flight requests are finished and the process
exits. --key-publish-ahead (e.g. 5m): how long a rotated result key is published before it signs
(default 0 on SQLite, 330s on PostgreSQL).

Overload: past --max-in-flight requests at once (else $VIGIL_SERVICE_MAX_IN_FLIGHT, default
256) or an event loop --max-event-loop-delay ms behind (else $VIGIL_SERVICE_MAX_EVENT_LOOP_DELAY_MS,
default 200), requests get 503 + Retry-After. --tls-session-timeout (else
$VIGIL_SERVICE_TLS_SESSION_TIMEOUT, default 2h): how long agents may resume a TLS session
instead of a full mTLS handshake; keep it longer than the report interval.
--appraisal-threads (else $VIGIL_SERVICE_APPRAISAL_THREADS, default one per core beyond the
first, at most 4): worker threads that verify and appraise reports and sign results; 0 keeps
that work on the event loop.

--code prints an enrollment code (vigil1.…) for \`vigil enroll --code\`: the token, the service
URL (--server-url, else $VIGIL_SERVICE_URL; https) and the SHA-256 of the CA agents pin (the
data directory's CA, or --tls-ca when the service runs with an operator TLS certificate).
--personal makes it a code for personal (BYOD) devices, which ask the employee's consent first.

Exit codes: 0 success, 2 usage error, 3 internal error.
`;

export class UsageError extends Error {
  override name = 'UsageError';
}
