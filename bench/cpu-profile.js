/*
 * bench/cpu-profile.js — preloaded (`node -r`) into the gateway and identity by bench/run.js when
 * BENCH_CPU_PROFILE=<dir> is set. Samples the process's CPU from start and, on SIGUSR2, writes the
 * profile to $BENCH_CPU_PROFILE_FILE (open it in Chrome DevTools → Performance, or speedscope).
 *
 * Why not `node --cpu-prof`: that writes only on a normal exit, and Nest's shutdown hooks end the
 * process by re-raising SIGTERM, so no profile would ever be written.
 */
'use strict';

const fs = require('node:fs');
const inspector = require('node:inspector');

const file = process.env.BENCH_CPU_PROFILE_FILE;
if (file) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
  process.on('SIGUSR2', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) console.error('cpu-profile: could not stop the profiler:', error);
      else {
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(result.profile));
        fs.renameSync(`${file}.tmp`, file);
      }
    });
  });
}
