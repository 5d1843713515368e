import { createLogger } from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import { cloudLoggingSink } from '../src/index.ts';

describe('Cloud Logging structured lines', () => {
  it('maps levels to severities, keeps fields and groups a rotation under its id', () => {
    const lines: string[] = [];
    const log = createLogger({
      sink: cloudLoggingSink({ write: (l: string) => lines.push(l) }),
      level: 'debug',
    });
    log.redactor.add('super-secret-value-123');
    log.warn('careful', {
      secretKey: 'x'.repeat(12),
      secretName: 'projects/acme-prod/secrets/prisma-sa',
      note: 'has super-secret-value-123 inside',
    });
    log.child({ rotationId: '20260201T000000Z-abcd' }).error('failed');
    log.debug('detail');
    const entries = lines.map((l) => JSON.parse(l));
    expect(lines.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1)).toBe(true);
    // A field that holds a secret is masked whatever it holds; a secret's *name* is not a secret.
    expect(entries[0]).toMatchObject({
      severity: 'WARNING',
      message: 'careful',
      secretKey: '[REDACTED]',
      secretName: 'projects/acme-prod/secrets/prisma-sa',
    });
    expect(entries[0].note).not.toContain('super-secret-value-123');
    expect(entries[0]).not.toHaveProperty('logging.googleapis.com/operation');
    expect(entries[1]).toMatchObject({
      severity: 'ERROR',
      rotationId: '20260201T000000Z-abcd',
      'logging.googleapis.com/operation': { id: '20260201T000000Z-abcd', producer: 'keyroll' },
      'logging.googleapis.com/labels': { rotationId: '20260201T000000Z-abcd' },
    });
    expect(entries[2].severity).toBe('DEBUG');
    expect(entries.every((e) => typeof e.time === 'string' && !('level' in e) && !('msg' in e))).toBe(true);
  });
});
