import type { RotationResult } from '@keyroll/core';
import { metrics } from '@opentelemetry/api';

/**
 * Metrics through the OpenTelemetry API: a no-op until a deployment installs a meter provider
 * (startTelemetry, when OTEL_EXPORTER_OTLP_ENDPOINT is set). Attributes name the service account and the
 * outcome — never a value.
 */
const meter = () => metrics.getMeter('keyroll');

let instruments: ReturnType<typeof create> | undefined;
function create() {
  const m = meter();
  return {
    rotations: m.createCounter('keyroll.rotations', { description: 'Rotation attempts by outcome' }),
    duration: m.createHistogram('keyroll.rotation.duration', { description: 'Rotation duration', unit: 's' }),
    keyAge: m.createGauge('keyroll.key.age', { description: 'Age of the current key', unit: 'd' }),
    daysToExpiry: m.createGauge('keyroll.key.days_to_expiry', {
      description: 'Days until the current key expires',
      unit: 'd',
    }),
    consecutiveFailures: m.createGauge('keyroll.rotation.consecutive_failures', {
      description: 'Failed rotations in a row (0 after a success)',
    }),
    notifyFailures: m.createCounter('keyroll.notify.failures', {
      description: 'Webhook deliveries that failed',
    }),
  };
}

/** Instruments are created against whichever provider is global at first use (after startTelemetry). */
function get() {
  instruments ??= create();
  return instruments;
}

export interface KeyFacts {
  keyAgeDays?: number;
  daysToExpiry?: number;
  consecutiveFailures?: number;
}

export function recordRotation(result: RotationResult, facts: KeyFacts = {}): void {
  const i = get();
  const attrs = {
    outcome: result.outcome,
    reason: result.reason ?? '',
    service_account: result.serviceAccount ?? '',
    dry_run: result.dryRun,
  };
  i.rotations.add(1, attrs);
  const seconds = (Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000;
  if (Number.isFinite(seconds)) i.duration.record(Math.max(0, seconds), { outcome: result.outcome });
  const who = { service_account: result.serviceAccount ?? '' };
  if (facts.keyAgeDays !== undefined) i.keyAge.record(facts.keyAgeDays, who);
  if (facts.daysToExpiry !== undefined) i.daysToExpiry.record(facts.daysToExpiry, who);
  if (facts.consecutiveFailures !== undefined) i.consecutiveFailures.record(facts.consecutiveFailures, who);
}

export function recordNotifyFailures(count: number): void {
  if (count > 0) get().notifyFailures.add(count);
}

/** For tests and for a process that replaces its provider: instruments are made again on next use. */
export function resetMetricInstruments(): void {
  instruments = undefined;
}
