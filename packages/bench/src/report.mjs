// The performance table, as Markdown, from the figures of one run.

const n = (value) => Math.round(value).toLocaleString('en-US');
const pct = (ratio) => `${Math.round(ratio * 100)} %`;
const met = (ok) => (ok ? 'met' : 'not met');
const ms = (value) => `${value.toFixed(1)} ms`;
const mib = (bytes) => `${Math.round(bytes / 2 ** 20)} MiB`;

export function renderTable(results) {
  const { plan, machine, throughput, backlog, verify, latency, enqueue } = results;
  const many = results.enqueueMany;
  const { summary } = throughput;
  const [smallSize, largeSize] = plan.backlogSizes;
  const small = backlog.sizes[smallSize];
  const large = backlog.sizes[largeSize];
  const verifyOps = (library, measure) =>
    verify.figures.find((f) => f.body === '1 KiB' && f.measure === measure && f.library === library)
      ?.ops;
  const verifyRow = (measure) =>
    ['ours', 'standardwebhooks', 'svix']
      .map((library) => n(verifyOps(library, measure)))
      .join(' / ');
  const latencyStats = latency.commitToAttemptStartedMs;
  const variant = (name) => enqueue.variants.find((v) => v.name === name);
  const floor = variant('floor');
  const afterCommit = variant('after-commit');
  const rows = [
    ['#', 'measure', 'result', 'goal'],
    [
      '1',
      `ceiling: undici alone, the same signed ${plan.bodyBytes} B body, ${plan.concurrency} in flight, receiver in its own process`,
      `${n(summary.ceiling)} POST/s`,
      '',
    ],
    [
      '2',
      `ours: Kysely store on PostgreSQL, one worker process, ${n(plan.messages)} messages bulk-loaded before it starts, attempts recorded`,
      `${n(summary.ours)} msg/s = ${pct(summary.oursOfCeiling)} of the ceiling`,
      `≥ 50 % of the ceiling: ${met(summary.oursOfCeiling >= 0.5)}`,
    ],
    [
      '',
      `floor: a bare claim → sign → POST → acknowledge loop on the same tables (raw \`pg\`, prepared statements, no library features)`,
      `${n(summary.bare)} msg/s = ${pct(summary.bareOfCeiling)} of the ceiling; ours ${pct(summary.oursOfBare)} of it`,
      '',
    ],
    [
      '3',
      `pg-boss 10.4.2: fetch ${plan.concurrency} jobs, sign, POST all, complete, repeat`,
      `${n(summary.pgBoss)} msg/s; ours ${summary.oursOverPgBoss.toFixed(1)}×`,
      `ours ≥ 3×: ${met(summary.oursOverPgBoss >= 3)}`,
    ],
    [
      '',
      `pg-boss 10.4.2 as above, ${n(plan.backlogSlice)} jobs pending (its fetch sorts every pending job)`,
      `${n(summary.pgBossSmall)} msg/s; ours with ${n(smallSize)} pending (row 4) ${(small.perSecond / summary.pgBossSmall).toFixed(1)}×`,
      '',
    ],
    [
      '',
      `pg-boss 10.4.2 \`work()\`, batch ${plan.concurrency}, 0.5 s polling (its minimum)`,
      `${n(summary.pgBossWork)} msg/s`,
      '',
    ],
    [
      '3b',
      `graphile-worker 0.17.3: one process, concurrency ${plan.concurrency}, local queue 500, batched completions (\`completeJobBatchDelay\` 0), warnings-only logger; ${n(plan.messages)} jobs added before it starts, each counted when its row is deleted`,
      `${n(summary.graphileWorker)} msg/s; ours ${summary.oursOverGraphileWorker.toFixed(1)}×`,
      `ours ≥ 1.5×: ${met(summary.oursOverGraphileWorker >= 1.5)}`,
    ],
    [
      '4',
      `backlog ${n(smallSize)} pending: claim and deliver ${n(plan.backlogSlice)}`,
      `${n(small.perSecond)} msg/s, worker peak RSS ${mib(small.peakRssBytes)}`,
      '',
    ],
    [
      '',
      `backlog ${n(largeSize)} pending (loaded in ${large.load.seconds.toFixed(0)} s): the first ${n(plan.backlogSlice * large.runs.length)}, ${n(plan.backlogSlice)} at a time`,
      `${n(large.perSecond)} msg/s = ${pct(backlog.rateRatio)}, peak RSS ${mib(large.peakRssBytes)} (${signed(backlog.rssRatio - 1)})`,
      `rate ≥ 80 %: ${met(backlog.rateRatio >= 0.8)}; RSS within 15 %: ${met(Math.abs(backlog.rssRatio - 1) <= 0.15)}`,
    ],
    [
      '5',
      'verification, 1 KiB body, with JSON parsing: receiver-verify / standardwebhooks / svix',
      `${verifyRow('with JSON parsing')} ops/s`,
      '',
    ],
    [
      '',
      'verification, 1 KiB body, signature alone: receiver-verify / standardwebhooks / svix',
      `${verifyRow('signature alone')} ops/s`,
      '',
    ],
    [
      '6',
      `enqueue commit → first attempt, idle worker, ${latency.messages} messages one at a time`,
      `p50 ${ms(latencyStats.p50)}, p99 ${ms(latencyStats.p99)}`,
      `p50 < 20 ms, p99 < 100 ms: ${met(latencyStats.p50 < 20 && latencyStats.p99 < 100)}`,
    ],
    [
      '',
      `floor: bare \`INSERT\` message + delivery, one per commit, ${enqueue.lanes} producers on one pool`,
      `${n(floor.perSecond)} msg/s`,
      '',
    ],
    [
      '',
      `enqueue(), one message per commit, ${enqueue.lanes} producers, same tables and connections`,
      `${n(afterCommit.perSecond)} msg/s; ${pct(afterCommit.ofFloor)} of the floor (median of ${enqueue.rounds} interleaved blocks' ratios)`,
      `≥ 80 % of the floor: ${met(afterCommit.ofFloor >= 0.8)}`,
    ],
    [
      '7',
      `enqueueMany(): ${n(many.messages)} messages of ${many.bodyBytes} B in one call (one statement per 2,000)`,
      `${n(many.perSecond.enqueueMany.median)} msg/s; sendMany() to one endpoint ${n(many.perSecond.sendMany.median)} msg/s; enqueue() one by one in one transaction ${n(many.perSecond.enqueueOneByOne.median)} msg/s`,
      `≥ 15,000 msg/s: ${met(many.perSecond.enqueueMany.median >= 15_000)}`,
    ],
  ];
  const cpuRows = [
    ['CPU µs per message', 'client', 'receiver', 'PostgreSQL'],
    ...[
      ['ceiling', throughput.rounds.ceiling],
      ['ours', throughput.rounds.ours],
      ['floor (bare queue)', throughput.rounds.bare],
      ['pg-boss', throughput.rounds.pgBoss],
      ['graphile-worker', throughput.rounds.graphileWorker],
    ].map(([label, runs]) => [label, ...cpuMedians(runs)]),
  ];
  const wakeRows = [
    [
      'way of waking the workers',
      'enqueue rate, % of its floor (in a transaction: the bare inserts between BEGIN and COMMIT)',
      'commit → first attempt',
    ],
    ...enqueue.variants
      .filter((v) => v.name !== 'floor' && v.name !== 'tx-floor')
      .map((v) => {
        const mode = latency.modes?.find((m) => m.name === latencyModeOf(v.name));
        const s = mode?.commitToAttemptStartedMs;
        return [
          v.label,
          `${n(v.perSecond)} msg/s, ${pct(v.ofFloor)}`,
          s === undefined ? '' : `p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`,
        ];
      }),
  ];
  return [
    markdown(rows),
    '',
    markdown(wakeRows),
    '',
    markdown(cpuRows),
    '',
    `Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres} (${machine.postgresServer}). Throughput rows: median of ${plan.rounds} alternating rounds, rate from the ${n(plan.warmup)}th message to the last.`,
  ].join('\n');
}

/** The latency mode measured for an enqueue-rate variant (none for the ones without one). */
function latencyModeOf(variantName) {
  return {
    'after-commit': 'after-commit',
    'tx-after-commit': 'in-transaction',
    'at-commit': 'at-commit',
    'no-wake': 'poll-50ms',
  }[variantName];
}

function cpuMedians(runs) {
  return ['client', 'receiver', 'postgres'].map((key) => {
    const values = runs
      .map((run) => run.cpuMicrosPerMessage?.[key])
      .filter((value) => typeof value === 'number')
      .sort((a, b) => a - b);
    return values.length === 0 ? 'n/a' : n(values[Math.floor(values.length / 2)]);
  });
}

function signed(ratio) {
  const percent = Math.round(ratio * 100);
  return `${percent >= 0 ? '+' : ''}${percent} %`;
}

function markdown(rows) {
  const [head, ...body] = rows;
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}
