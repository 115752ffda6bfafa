/**
 * Where the real-server layer of the KurrentDB tests gets its node: KURRENTDB_CONNECTION_STRING
 * when set, else a throwaway container when testcontainers finds a runtime (looked for with a
 * short bound, so a machine with a docker CLI but no engine neither hangs nor fails), else none.
 */
export const KURRENTDB_IMAGE = 'docker.kurrent.io/kurrent-latest/kurrentdb';
const RUNTIME_PROBE_TIMEOUT_MS = 5_000;
const CONTAINER_STARTUP_TIMEOUT_MS = 120_000;

export type RealServer =
  | { readonly kind: 'connection_string'; readonly connectionString: string }
  | { readonly kind: 'container' }
  | { readonly kind: 'none'; readonly reason: string };

export async function findRealServer(): Promise<RealServer> {
  const connectionString = process.env['KURRENTDB_CONNECTION_STRING']?.trim();
  if (connectionString) return { kind: 'connection_string', connectionString };
  const runtime = await probeContainerRuntime();
  if (runtime === 'found') return { kind: 'container' };
  return {
    kind: 'none',
    reason: `no KURRENTDB_CONNECTION_STRING and no container runtime (${runtime})`,
  };
}

async function probeContainerRuntime(): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`none within ${RUNTIME_PROBE_TIMEOUT_MS} ms`),
      RUNTIME_PROBE_TIMEOUT_MS,
    );
  });
  const probe = import('testcontainers')
    .then(({ getContainerRuntimeClient }) => getContainerRuntimeClient())
    .then(
      () => 'found',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface StartedKurrentDb {
  readonly connectionString: string;
  stop(): Promise<void>;
}

/** An insecure, in-memory single node; the caller stops it. */
export async function startKurrentDbContainer(): Promise<StartedKurrentDb> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(KURRENTDB_IMAGE)
    .withEnvironment({
      KURRENTDB_INSECURE: 'true',
      KURRENTDB_RUN_PROJECTIONS: 'None',
      KURRENTDB_MEM_DB: 'true',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .withStartupTimeout(CONTAINER_STARTUP_TIMEOUT_MS)
    .start();
  return {
    connectionString: `kurrentdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    stop: async () => {
      await container.stop();
    },
  };
}
