/**
 * One Function instance in its own Node process, for the cross-process lock test: loads the app the way
 * the worker does (settings from the environment, blob lock from AzureWebJobsStorage, managed identity
 * from IDENTITY_ENDPOINT), waits for "go" on stdin so every instance starts at once, runs the Event Grid
 * handler on the event in KEYROLL_TEST_EVENT and prints the outcomes as one JSON line.
 * The only test seam is the Key Vault transport (loopback + the fake's CA), as in the in-process tests.
 */
import functions from '@azure/functions';
import { loopbackAgent } from '@keyroll/testkit';
import { configureRuntime, getRuntime, handleKeyVaultEvent } from '../src/index.ts';

// @azure/functions is CommonJS: Node's ESM loader does not see its named exports.
const { InvocationContext } = functions;
const event = JSON.parse(process.env.KEYROLL_TEST_EVENT ?? 'null') as unknown;
configureRuntime({
  keyVaultClientOptions: {
    agent: loopbackAgent(process.env.KEYROLL_TEST_CA ?? ''),
    retryOptions: { maxRetries: 0 },
  },
});
const logs: string[] = [];
const context = new InvocationContext({
  invocationId: `child-${process.pid}`,
  functionName: 'keyrollKeyVaultEvent',
  logHandler: (_level, ...args) => {
    logs.push(args.map(String).join(' '));
  },
});
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
try {
  const outcomes = await handleKeyVaultEvent(event, context, getRuntime);
  process.stdout.write(`${JSON.stringify({ outcomes, logs })}\n`);
} catch (err) {
  process.stdout.write(`${JSON.stringify({ error: (err as Error).message, logs })}\n`);
}
process.exit(0);
