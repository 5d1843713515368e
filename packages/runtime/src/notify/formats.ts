import type { CloudEvent, EscalationData, RotationEventData } from './events.ts';

/** How each webhook kind wants a message. `json` receives the CloudEvent itself. */
export type WebhookKind = 'json' | 'slack' | 'teams';

type AnyEvent = CloudEvent<RotationEventData> | CloudEvent<EscalationData>;

const TITLES: Record<AnyEvent['type'], string> = {
  'keyroll.rotated': 'Prisma Cloud key rotated',
  'keyroll.rolled_back': 'Rotation failed and was rolled back (the old key still works)',
  'keyroll.needs_attention': 'Rotation needs attention: rollback incomplete',
  'keyroll.escalation': 'keyroll escalation: rotation keeps failing or the key expires soon',
};

/** Plain facts for a person: what, who, which keys, where; the message says what to do. */
function facts(event: AnyEvent): Array<{ title: string; value: string }> {
  const d = event.data as Partial<RotationEventData & EscalationData>;
  const rows: Array<[string, string | number | undefined]> = [
    ['Service account', d.serviceAccount],
    ['Rotation', d.rotationId],
    ['Reason', d.reason ?? d.cause],
    ['Old key', d.oldKeyId],
    ['New key', d.newKeyId],
    ['Consecutive failures', d.consecutiveFailures],
    ['Key expires', d.keyExpiresOn],
    ['Targets', d.targets?.map((t) => `${t.id} (${t.status})`).join(', ')],
    ['What happened', d.message ?? d.lastFailure],
  ];
  return rows
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([title, v]) => ({ title, value: String(v) }));
}

export function formatFor(kind: WebhookKind, event: AnyEvent): unknown {
  if (kind === 'json') return event;
  const title = TITLES[event.type];
  const rows = facts(event);
  if (kind === 'slack') {
    return {
      text: `${title}${event.subject ? `: ${event.subject}` : ''}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: title } },
        {
          type: 'section',
          fields: rows.slice(0, 10).map((r) => ({ type: 'mrkdwn', text: `*${r.title}*\n${r.value}` })),
        },
      ],
    };
  }
  // Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"): an
  // Adaptive Card in a message attachment. Office 365 connector webhooks are retired.
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: title, wrap: true },
            { type: 'FactSet', facts: rows },
          ],
        },
      },
    ],
  };
}
