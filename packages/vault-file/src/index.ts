export { writeFileAtomic } from './atomic.ts';
export { type FileLockOptions, FileLockProvider } from './file-lock.ts';
export { FileVaultAdapter, type FileVaultOptions } from './file-vault.ts';
