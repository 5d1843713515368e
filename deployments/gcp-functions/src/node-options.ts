/**
 * The NODE_OPTIONS both functions run with: terraform/gcp sets it (test/gcp-terraform.test.ts checks the
 * value), and the bench runs the bundle with it, as deployed.
 *
 * A 4 MiB young-generation semi-space: the functions framework and the Secret Manager client (gRPC,
 * protobufjs, the service's proto JSON) already peak at ≈115 MiB without keyroll, and V8's default young
 * generation took one rotation to ≈131–135 MiB, over the 128 MiB budget (bench/). With 4 MiB it peaks at
 * ≈119 MiB; a rotation allocates little, so the extra scavenges cost little. V8 reads the flag only at
 * start-up, so it cannot be set from the code; Node allows it in NODE_OPTIONS.
 */
export const GCP_NODE_OPTIONS = '--max-semi-space-size=4';
