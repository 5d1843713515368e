import { describe, expect, it } from 'vitest';
import { learnProject, parseSecretName, regionalEndpoint, sameSecret, sameVersion } from '../src/index.ts';

const OURS = { id: 'acme-prod', number: '123456789012' };

describe('Secret Manager names are compared exactly', () => {
  it('never takes another project for ours, whatever the form', () => {
    const listed = 'projects/acme-prod/secrets/prisma-sa';
    for (const other of ['projects/999', 'projects/424242', 'projects/evil-proj', 'projects/123456789013']) {
      expect(sameSecret(listed, `${other}/secrets/prisma-sa`, OURS), other).toBe(false);
      expect(sameSecret(listed, `${other}/secrets/prisma-sa`), other).toBe(false);
    }
  });

  it('takes the id and the number of one known project as the same project, and nothing else', () => {
    const byNumber = 'projects/123456789012/secrets/prisma-sa';
    expect(sameSecret('projects/acme-prod/secrets/prisma-sa', byNumber, OURS)).toBe(true);
    expect(sameSecret(byNumber, 'projects/acme-prod/secrets/prisma-sa', OURS)).toBe(true);
    // Unknown project: an id and a number are not known to be one project.
    expect(sameSecret('projects/acme-prod/secrets/prisma-sa', byNumber)).toBe(false);
    expect(sameSecret('projects/acme-prod/secrets/prisma-sa', 'projects/acme-prod/secrets/other', OURS)).toBe(
      false,
    );
    expect(
      sameSecret(
        'projects/acme-prod/locations/europe-west1/secrets/s',
        'projects/acme-prod/locations/europe-west4/secrets/s',
        OURS,
      ),
    ).toBe(false);
    expect(
      sameVersion(`${byNumber}/versions/2`, 'projects/acme-prod/secrets/prisma-sa/versions/2', OURS),
    ).toBe(true);
    expect(sameVersion(`${byNumber}/versions/2`, 'projects/999/secrets/prisma-sa/versions/2', OURS)).toBe(
      false,
    );
  });

  it("learns a project's number only from the service's answer about the secret it was asked for", () => {
    const asked = 'projects/acme-prod/secrets/prisma-sa';
    expect(learnProject(asked, 'projects/123456789012/secrets/prisma-sa')).toEqual(OURS);
    expect(learnProject(asked, 'projects/123456789012/secrets/other')).toBeUndefined();
    expect(learnProject('projects/1/secrets/s', 'projects/1/secrets/s')).toBeUndefined();
    expect(learnProject(asked, undefined)).toBeUndefined();
  });

  it('routes regional secrets to their regional endpoint', () => {
    expect(regionalEndpoint(parseSecretName('projects/p/locations/europe-west1/secrets/s'))).toBe(
      'secretmanager.europe-west1.rep.googleapis.com',
    );
    expect(regionalEndpoint(parseSecretName('projects/p/secrets/s'))).toBeUndefined();
  });
});
