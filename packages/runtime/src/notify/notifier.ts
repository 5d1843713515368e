import { ConfigError, type Logger, type RotationResult } from '@keyroll/core';
import {
  type CloudEvent,
  type EscalationData,
  escalationEvent,
  eventForResult,
  type RotationEventData,
} from './events.ts';
import { formatFor, type WebhookKind } from './formats.ts';

/**
 * Tells people (Slack, Teams, any JSON endpoint) and consumers (CloudEvents `keyroll.rotated`) what happened.
 * Webhook URLs are secrets: they come from the environment or the platform's secret store and are never
 * logged (a log line names a webhook by kind and position). A webhook that fails never changes the
 * rotation's outcome: it is logged and counted.
 */
export const NOTIFY_SETTINGS = {
  /** People: `slack=https://…,teams=https://…,json=https://…` (comma or newline separated). */
  webhooks: 'KEYROLL_NOTIFY_WEBHOOKS',
  /** `true` also tells people about every successful rotation (default: failures and escalations only). */
  onSuccess: 'KEYROLL_NOTIFY_ON_SUCCESS',
  /** Consumers: endpoints that receive the `keyroll.rotated` CloudEvent to reload (comma or newline separated). */
  eventWebhooks: 'KEYROLL_EVENT_WEBHOOKS',
} as const;

export interface Webhook {
  kind: WebhookKind;
  url: URL;
}

export interface NotifierConfig {
  people: Webhook[];
  consumers: Webhook[];
  notifyOnSuccess: boolean;
  /** CloudEvents `source`, e.g. `//keyroll/azure-functions/<app>`. */
  source: string;
  timeoutMs?: number;
}

export interface NotifyStats {
  sent: number;
  failed: number;
}

const KINDS: readonly WebhookKind[] = ['json', 'slack', 'teams'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function parseWebhook(
  entry: string,
  setting: string,
  position: number,
  kinds: readonly WebhookKind[],
): Webhook {
  const at = entry.indexOf('=');
  const named = at > 0 && !entry.slice(0, at).includes(':');
  const kind = (named ? entry.slice(0, at).trim().toLowerCase() : 'json') as WebhookKind;
  const raw = named ? entry.slice(at + 1).trim() : entry.trim();
  if (!kinds.includes(kind)) {
    throw new ConfigError(
      'invalid_setting',
      `${setting} entry ${position}: kind must be one of ${kinds.join(', ')}`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Never quote the value: a webhook URL carries its own credential.
    throw new ConfigError('invalid_setting', `${setting} entry ${position} is not a URL`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!secure) {
    throw new ConfigError('invalid_setting', `${setting} entry ${position} must be an https URL`);
  }
  return { kind, url };
}

function parseList(raw: string | undefined, setting: string, kinds: readonly WebhookKind[]): Webhook[] {
  return (raw ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry, i) => parseWebhook(entry, setting, i + 1, kinds));
}

/**
 * keyroll.yaml's `notify` section: each entry names the environment variable that holds a URL. A variable
 * that is unset is a configuration error naming the variable (never a value).
 */
export function webhooksFromConfig(
  notify: {
    onSuccess: boolean;
    webhooks: ReadonlyArray<{ kind: WebhookKind; urlFromEnv: string }>;
    events: ReadonlyArray<{ urlFromEnv: string }>;
  },
  env: NodeJS.ProcessEnv,
  where = 'keyroll.yaml notify',
): Pick<NotifierConfig, 'people' | 'consumers' | 'notifyOnSuccess'> {
  const read = (name: string, at: string) => {
    const value = env[name]?.trim();
    if (!value)
      throw new ConfigError('invalid_config', `${where}.${at}: environment variable ${name} is not set`);
    return value;
  };
  return {
    people: notify.webhooks.map((w, i) =>
      parseWebhook(`${w.kind}=${read(w.urlFromEnv, `webhooks[${i}]`)}`, `${where}.webhooks`, i + 1, KINDS),
    ),
    consumers: notify.events.map((e, i) =>
      parseWebhook(`json=${read(e.urlFromEnv, `events[${i}]`)}`, `${where}.events`, i + 1, ['json']),
    ),
    notifyOnSuccess: notify.onSuccess,
  };
}

/** Reads the notifier's settings (validated at start, like every other setting). */
export function notifierConfigFromSettings(
  get: (name: string) => string | undefined,
  source: string,
): NotifierConfig {
  const onSuccess = get(NOTIFY_SETTINGS.onSuccess)?.trim().toLowerCase();
  if (onSuccess && onSuccess !== 'true' && onSuccess !== 'false') {
    throw new ConfigError('invalid_setting', `${NOTIFY_SETTINGS.onSuccess} must be true or false`);
  }
  return {
    people: parseList(get(NOTIFY_SETTINGS.webhooks), NOTIFY_SETTINGS.webhooks, KINDS),
    consumers: parseList(get(NOTIFY_SETTINGS.eventWebhooks), NOTIFY_SETTINGS.eventWebhooks, ['json']),
    notifyOnSuccess: onSuccess === 'true',
    source,
  };
}

export class Notifier {
  readonly stats: NotifyStats = { sent: 0, failed: 0 };

  constructor(
    private readonly config: NotifierConfig,
    private readonly logger: Logger,
  ) {
    // A webhook URL carries its own credential (Slack and Teams put a bearer token in the path).
    for (const w of [...config.people, ...config.consumers]) logger.redactor.add(w.url.href);
  }

  /** After a rotation: people hear of failures (and of successes if opted in), consumers of `keyroll.rotated`. */
  async rotationFinished(result: RotationResult): Promise<NotifyStats> {
    const event = eventForResult(result, this.config.source);
    if (!event) return { sent: 0, failed: 0 };
    const tellPeople = event.type !== 'keyroll.rotated' || this.config.notifyOnSuccess;
    const sends = [
      ...(tellPeople ? this.config.people.map((w, i) => this.send(w, i, 'people', event)) : []),
      ...(event.type === 'keyroll.rotated'
        ? this.config.consumers.map((w, i) => this.send(w, i, 'consumer', event))
        : []),
    ];
    return this.tally(await Promise.all(sends));
  }

  async escalation(data: EscalationData): Promise<NotifyStats> {
    const event = escalationEvent(data, this.config.source);
    return this.tally(await Promise.all(this.config.people.map((w, i) => this.send(w, i, 'people', event))));
  }

  private tally(outcomes: boolean[]): NotifyStats {
    const round = { sent: outcomes.filter(Boolean).length, failed: outcomes.filter((ok) => !ok).length };
    this.stats.sent += round.sent;
    this.stats.failed += round.failed;
    return round;
  }

  private async send(
    webhook: Webhook,
    index: number,
    audience: 'people' | 'consumer',
    event: CloudEvent<RotationEventData> | CloudEvent<EscalationData>,
  ): Promise<boolean> {
    const name = `${audience} webhook ${index + 1} (${webhook.kind})`;
    const body = this.logger.redactor.redactString(JSON.stringify(formatFor(webhook.kind, event)));
    const contentType = webhook.kind === 'json' ? 'application/cloudevents+json' : 'application/json';
    try {
      const res = await fetch(webhook.url, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
      await res.body?.cancel();
      if (res.ok) return true;
      this.logger.warn(`${name} answered HTTP ${res.status}; the rotation's outcome stands`, {
        event: event.type,
      });
    } catch (err) {
      const why = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
      this.logger.warn(`${name} ${why}; the rotation's outcome stands`, { event: event.type });
    }
    return false;
  }
}
