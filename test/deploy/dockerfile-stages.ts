// deploy/Dockerfile read as its build stages (no Docker engine here): what the deploy specs check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Stage {
  from: string;
  name: string;
  lines: string[];
}

export const DOCKERFILE = join(__dirname, '..', '..', 'deploy', 'Dockerfile');

/** Each stage's instructions, continuation lines joined, comments dropped. */
export function stages(dockerfile = readFileSync(DOCKERFILE, 'utf8')): Stage[] {
  const found: Stage[] = [];
  const instructions = dockerfile.replace(/\\\n\s*/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  for (const line of instructions) {
    const from = /^FROM (\S+)(?: AS (\S+))?$/.exec(line);
    if (from) found.push({ from: from[1], name: from[2] ?? '', lines: [] });
    else found.at(-1)?.lines.push(line);
  }
  return found;
}

export function stageNamed(all: Stage[], name: string): Stage {
  const found = all.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name} in deploy/Dockerfile`);
  return found;
}

/** A target's instructions with those of the stages it is built FROM, first stage first. */
export function chain(all: Stage[], name: string): Stage[] {
  const stage = stageNamed(all, name);
  const parent = all.find((s) => s.name === stage.from);
  return parent ? [...chain(all, parent.name), stage] : [stage];
}
