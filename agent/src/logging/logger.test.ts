import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../test-support/fixtures.js';

describe('logger', () => {
  it('redacts tokens, keys, authorization headers and attestation results centrally', () => {
    const { log, lines } = recordingLogger();
    log.info(
      {
        token: 'vgl_enr_secret',
        request: { headers: { authorization: 'Bearer x' } },
        device: { key: 'PEM' },
        ear: 'eyJ...',
      },
      'enroll sent',
    );
    expect(JSON.stringify(lines[0])).not.toMatch(/vgl_enr_secret|Bearer x|PEM|eyJ/);
    expect(lines[0]).toMatchObject({ token: '[redacted]', ear: '[redacted]', msg: 'enroll sent' });
  });
});
