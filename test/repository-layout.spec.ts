/**
 * nest-cli.json describes the monorepo as the code is laid out: every Nest app under apps/ (one with
 * src/main.ts; the console is a Vite app) and every lib the path aliases name, each with an entry file
 * that exists. The build itself runs swc over apps/ and libs/ in one pass (`npm run build`); the Nest
 * CLI file keeps `nest` commands and editors' Nest tooling pointed at the same projects.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const read = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;

interface Project { type: 'application' | 'library'; root: string; sourceRoot: string; entryFile: string }

describe('nest-cli.json', () => {
  const cli = read<{ monorepo: boolean; compilerOptions: { builder: string }; projects: Record<string, Project> }>('nest-cli.json');

  it('is in monorepo mode with the swc builder the build uses', () => {
    expect(cli.monorepo).toBe(true);
    expect(cli.compilerOptions.builder).toBe('swc');
  });

  it('names every Nest app under apps/ and nothing else as an application', () => {
    const apps = readdirSync(join(root, 'apps')).filter((a) => existsSync(join(root, 'apps', a, 'src', 'main.ts'))).sort();
    const listed = Object.entries(cli.projects).filter(([, p]) => p.type === 'application').map(([name]) => name).sort();
    expect(listed).toEqual(apps);
  });

  it('names every lib of the path aliases, each with the entry file the alias points at', () => {
    const { compilerOptions } = read<{ compilerOptions: { paths: Record<string, string[]> } }>('tsconfig.json');
    const aliased = Object.values(compilerOptions.paths).map(([path]) => path.replace(/\/src$/, '')).sort();
    const libs = Object.values(cli.projects).filter((p) => p.type === 'library');
    expect(libs.map((p) => p.root).sort()).toEqual(aliased);
  });

  it('points each project at a source root and entry file that exist', () => {
    for (const project of Object.values(cli.projects)) {
      expect(existsSync(join(root, project.sourceRoot, `${project.entryFile}.ts`))).toBe(true);
      expect(project.sourceRoot).toBe(`${project.root}/src`);
    }
  });
});
