import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

// Linux reports CPU time in clock ticks; 100 a second on every common configuration.
const MS_PER_TICK = 10;

/**
 * Snapshots of the CPU time of the PostgreSQL server's processes (the postmaster and its
 * children), when the server runs on this machine and /proc is readable; otherwise `null`.
 * Compare two with {@link serverCpuBetween}.
 */
export async function serverCpuReader(adminUrl) {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    const { rows } = await client.query('select pg_backend_pid() as pid');
    // Read while connected: the backend is a child of the postmaster until it disconnects.
    const postmaster = stat(rows[0].pid).ppid;
    stat(postmaster);
    return () => {
      // The postmaster's own time and that of its children that have exited (it reaps them),
      // plus the children alive now: a backend's time moves from the second to the first
      // when it exits, so the total never loses it. A child reaped while the list is read
      // would be in neither (a worker's backends exit just as its run ends): read again, a
      // few times at most.
      for (let attempt = 1; ; attempt++) {
        const before = stat(postmaster);
        let ticks = 0;
        for (const pid of readdirSync('/proc')) {
          if (!/^\d+$/.test(pid)) continue;
          try {
            const process = stat(pid);
            if (process.ppid === postmaster) ticks += process.utime + process.stime;
          } catch {
            // It exited between the listing and the read: reaped, or about to be.
          }
        }
        const after = stat(postmaster);
        const reaped = after.cutime + after.cstime;
        if (reaped === before.cutime + before.cstime || attempt === 5) {
          return after.utime + after.stime + reaped + ticks;
        }
      }
    };
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

/** CPU ms the server's processes used between two snapshots. */
export function serverCpuBetween(before, after) {
  return (after - before) * MS_PER_TICK;
}

function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return { ppid: Number(fields[1]), utime, stime, cutime, cstime };
}
