import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook endpoint on 127.0.0.1 that records what it receives (Slack, Teams, CloudEvents consumers).
 * Paths starting with /fail answer 500; everything else 200.
 */
export interface ReceivedWebhook {
  path: string;
  contentType: string | undefined;
  text: string;
  body: unknown;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    received.push({ path: req.url ?? '', contentType: req.headers['content-type'], text, body });
    res.statusCode = req.url?.startsWith('/fail') ? 500 : 200;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
