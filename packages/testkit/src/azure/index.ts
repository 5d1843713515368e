export * from './azurite.ts';
export * from './identity-fake.ts';
export * from './keyvault-fake.ts';
export * from './tls.ts';
