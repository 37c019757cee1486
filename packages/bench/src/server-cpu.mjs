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
      const ticks = new Map([[postmaster, cpuTicks(stat(postmaster))]]);
      for (const pid of readdirSync('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        try {
          const process = stat(pid);
          if (process.ppid === postmaster) ticks.set(pid, cpuTicks(process));
        } catch {
          // It exited between the listing and the read.
        }
      }
      return ticks;
    };
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * CPU ms the server's processes used between two snapshots: processes alive at both count
 * their difference, new ones all of their time. A process that exited in between is left
 * out (the worker's own connections stay open throughout a measured window).
 */
export function serverCpuBetween(before, after) {
  let ticks = 0;
  for (const [pid, now] of after) ticks += now - (before.get(pid) ?? 0);
  return ticks * MS_PER_TICK;
}

function cpuTicks({ utime, stime }) {
  return utime + stime;
}

function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]) };
}
