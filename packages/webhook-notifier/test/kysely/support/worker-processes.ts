import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const workerScript = fileURLToPath(new URL('./notifier-worker.mjs', import.meta.url));
const builtPackage = fileURLToPath(new URL('../../../dist/kysely.js', import.meta.url));

/** The worker processes load the built package: fail early, and say how, when it is missing. */
export function assertPackageBuilt(): void {
  if (!existsSync(builtPackage)) {
    throw new Error(
      'the multi-process tests run the built package: `pnpm --filter @dramarelay/webhook-notifier build` first',
    );
  }
}

export interface WorkerProcess {
  child: ChildProcess;
  workerId: string;
  /** Errors the worker's notifier reported (it survives them; tests show them on failure). */
  errors: string[];
  /** The same, with what the worker was doing (`settle`, `claim`, `pool`, ...). */
  errorEvents: { during: string; message: string }[];
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string | null>;
  ready: Promise<void>;
  /** Graceful stop; resolves with how many deliveries this worker completed. */
  stop(): Promise<number>;
  /** `kill -9`: no cleanup, leases left behind. */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();

export function startWorker(
  connectionString: string,
  workerId: string,
  options: {
    leaseMs?: number;
    timeoutMs?: number;
    retryMs?: number;
    pollIntervalMs?: number;
    perEndpointConcurrency?: number;
  } = {},
): WorkerProcess {
  const child = fork(workerScript, [], {
    env: {
      ...process.env,
      WORKER_DATABASE_URL: connectionString,
      WORKER_ID: workerId,
      WORKER_LEASE_MS: String(options.leaseMs ?? 60_000),
      WORKER_TIMEOUT_MS: String(options.timeoutMs ?? 15_000),
      ...(options.retryMs === undefined ? {} : { WORKER_RETRY_MS: String(options.retryMs) }),
      WORKER_POLL_MS: String(options.pollIntervalMs ?? 200),
      WORKER_PER_ENDPOINT: String(options.perEndpointConcurrency ?? 16),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  void exited.then(() => running.delete(child));
  const errors: string[] = [];
  const errorEvents: { during: string; message: string }[] = [];
  let stopped: (delivered: number) => void = () => {};
  const stoppedMessage = new Promise<number>((resolve) => {
    stopped = resolve;
  });
  const ready = new Promise<void>((resolve, reject) => {
    type Message = { type: string; message?: string; during?: string; delivered?: number };
    child.on('message', (message: Message) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'error') {
        errors.push(message.message ?? '');
        errorEvents.push({ during: message.during ?? '', message: message.message ?? '' });
      }
      if (message.type === 'stopped') stopped(message.delivered ?? 0);
    });
    void exited.then(() => reject(new Error(`worker ${workerId} exited before it was ready`)));
  });
  return {
    child,
    workerId,
    errors,
    errorEvents,
    exited,
    ready,
    async stop() {
      child.send({ type: 'stop' });
      const delivered = await stoppedMessage;
      await exited;
      return delivered;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** For `afterEach`: no worker outlives its test, whatever happened in it. */
export async function killAllWorkers(): Promise<void> {
  const exits = [...running].map(
    (child) => new Promise<void>((resolve) => child.once('exit', () => resolve())),
  );
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(exits);
}
