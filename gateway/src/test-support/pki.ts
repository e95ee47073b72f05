/**
 * Test PKI built with the `openssl` CLI. This module only writes files and argv lists; the
 * process runner is passed in by the e2e test that uses it (only `*.e2e.test.ts` files may start
 * processes), so nothing here spawns anything by itself.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pemToDer, x5tS256 } from '../cert/thumbprint.js';

export type RunOpenssl = (args: readonly string[]) => void;

export interface Issued {
  cert: string;
  key: string;
  certPem: string;
  keyPem: string;
  /** `x5t#S256` of the certificate. */
  x5t: string;
}

export class TestPki {
  constructor(
    private readonly dir: string,
    private readonly openssl: RunOpenssl,
  ) {}

  /** A self-signed CA. */
  ca(name: string): Issued {
    const files = this.paths(name);
    this.openssl([
      'req',
      '-x509',
      ...EC,
      '-nodes',
      '-keyout',
      files.key,
      '-out',
      files.cert,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return this.read(files);
  }

  /** A TLS server certificate for 127.0.0.1 / localhost. */
  server(name: string, ca: Issued): Issued {
    return this.leaf(name, ca, ['subjectAltName=DNS:localhost,IP:127.0.0.1', 'extendedKeyUsage=serverAuth']);
  }

  /** A device client certificate as the Vigil CA profile issues it. */
  device(name: string, ca: Issued, deviceId: string): Issued {
    return this.leaf(name, ca, [`subjectAltName=URI:urn:vigil:device:${deviceId}`, 'extendedKeyUsage=clientAuth']);
  }

  private leaf(name: string, ca: Issued, extensions: string[]): Issued {
    const files = this.paths(name);
    const csr = join(this.dir, `${name}.csr`);
    const ext = join(this.dir, `${name}.ext`);
    writeFileSync(
      ext,
      [...extensions, 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature'].join('\n'),
    );
    this.openssl(['req', '-new', ...EC, '-nodes', '-keyout', files.key, '-out', csr, '-subj', `/CN=${name}`]);
    this.openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-CAcreateserial',
      '-out',
      files.cert,
      '-days',
      '1',
      '-extfile',
      ext,
    ]);
    return this.read(files);
  }

  private paths(name: string) {
    return { cert: join(this.dir, `${name}.pem`), key: join(this.dir, `${name}.key`) };
  }

  private read(files: { cert: string; key: string }): Issued {
    const certPem = readFileSync(files.cert, 'utf8');
    const der = pemToDer(certPem);
    if (!der) throw new Error(`openssl wrote no certificate to ${files.cert}`);
    return { ...files, certPem, keyPem: readFileSync(files.key, 'utf8'), x5t: x5tS256(der) };
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
