import {
  type CreateKeyRequest,
  type Credential,
  type IssuerSession,
  type KeyIssuer,
  type NewKey,
  Redactor,
} from '@keyroll/core';

/**
 * Runner masking (`::add-mask::`) must happen before a secret can appear in the log. Two hooks make sure
 * it does for secrets that only exist mid-run:
 * - the issuer is wrapped so a new key's secret is masked the moment createKey returns, before the engine
 *   (or anything else) sees it;
 * - the engine logger's redactor masks every secret the engine registers with it.
 */
export type Mask = (secret: string) => void;

/** A Redactor that also tells the runner to mask whatever is registered. */
export class MaskingRedactor extends Redactor {
  constructor(private readonly mask: Mask) {
    super();
  }

  override add(secret: string | undefined): void {
    if (secret) this.mask(secret);
    super.add(secret);
  }
}

export function maskingIssuer(issuer: KeyIssuer, mask: Mask): KeyIssuer {
  return {
    login: async (credential: Credential) => {
      mask(credential.secretKey);
      return maskingSession(await issuer.login(credential), mask);
    },
  };
}

function maskingSession(session: IssuerSession, mask: Mask): IssuerSession {
  return {
    identity: () => session.identity(),
    listKeys: (owner: string) => session.listKeys(owner),
    createKey: async (request: CreateKeyRequest): Promise<NewKey> => {
      const created = await session.createKey(request);
      mask(created.secretKey);
      return created;
    },
    deactivateKey: (id: string) => session.deactivateKey(id),
    deleteKey: (id: string) => session.deleteKey(id),
    close: () => session.close(),
  };
}
