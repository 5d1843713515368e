import { metrics } from '@opentelemetry/api';
import { resetMetricInstruments } from './metrics.ts';

/**
 * Turns on the OTLP/HTTP metrics exporter when the standard variables ask for it
 * (OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/metrics); otherwise a no-op.
 * The SDK is imported only then, so a deployment without it pays nothing at start-up.
 * Short-lived runtimes (Functions, Lambda, the Action) call `flush()` before they return.
 */
export interface Telemetry {
  readonly enabled: boolean;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const NOOP: Telemetry = { enabled: false, flush: async () => {}, shutdown: async () => {} };

export function metricsEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const specific = env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT?.trim();
  if (specific) return specific;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!base) return undefined;
  return `${base.replace(/\/+$/, '')}/v1/metrics`;
}

export async function startTelemetry(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Telemetry> {
  const url = metricsEndpoint(env);
  if (!url || env.OTEL_SDK_DISABLED === 'true') return NOOP;
  const [
    { MeterProvider, PeriodicExportingMetricReader },
    { OTLPMetricExporter },
    { resourceFromAttributes },
  ] = await Promise.all([
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/exporter-metrics-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const reader = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({ url }),
    exportIntervalMillis: 60_000,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || serviceName }),
    readers: [reader],
  });
  metrics.setGlobalMeterProvider(provider);
  resetMetricInstruments();
  return {
    enabled: true,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      metrics.disable();
      resetMetricInstruments();
    },
  };
}
