import * as functions from '@google-cloud/functions-framework';
import { answerFrameworkErrorsWithJson } from './framework-errors.ts';
import { createHandlers, type Handlers } from './handlers.ts';
import type { GcpRuntime } from './runtime.ts';

/** The entry points deployed (`gcloud functions deploy --entry-point`, Terraform `entry_point`). */
export const ENTRY_POINTS = {
  /** CloudEvent function for google.cloud.pubsub.topic.v1.messagePublished (Eventarc, with retry). */
  event: 'keyrollRotateOnEvent',
  /** HTTP function, deployed without public access (IAM invoker only). */
  http: 'keyrollRotateHttp',
} as const;

/** Registers both functions with the functions-framework. */
export function registerFunctions(
  runtime: GcpRuntime,
  names: { event: string; http: string } = ENTRY_POINTS,
): Handlers {
  answerFrameworkErrorsWithJson(runtime.logger);
  const handlers = createHandlers(runtime);
  functions.cloudEvent(names.event, handlers.onEvent);
  functions.http(names.http, handlers.onHttp);
  return handlers;
}
