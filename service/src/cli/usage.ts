/** CLI help text and exit codes (documented here and in docs). */
export const EXIT = { ok: 0, usage: 2, internal: 3 } as const;

export const USAGE = `Usage:
  vigil-service start [--data-dir DIR] [--host H] [--port N] [--json]
                      [--server-name NAME]... [--tls-cert FILE --tls-key FILE [--tls-ca FILE]]
                      [--issuer URI] [--audience URI] [--log-level LEVEL]
                      [--caep-receiver URL=AUDIENCE]... [--caep-receiver-ca FILE]
  vigil-service token create --enroll [--ttl 1h] [--uses 1] [--device-id ID] [--data-dir DIR] [--json]
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

Exit codes: 0 success, 2 usage error, 3 internal error.
`;

export class UsageError extends Error {
  override name = 'UsageError';
}
