import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { missingRuntimeDependencies } from './runtime-deps';

// What the image runs: dist/ (tools/build/build.js) with the production dependencies only
// (`npm ci --omit=dev` in deploy/service.Dockerfile).
const root = path.resolve(__dirname, '../..');
const dist = path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const SERVICES = ['gateway', 'registration', 'forms', 'callbacks', 'scoring'];
/** Every program the image can run: each service, and the operators' commands. */
const entries = [
  ...SERVICES.map((s) => path.join(dist, 'apps', s, 'src', 'main.js')),
  path.join(dist, 'apps', 'gateway', 'src', 'cli.js'),
  path.join(dist, 'apps', 'scoring', 'src', 'rebuild.js'),
  path.join(dist, 'libs', 'platform', 'src', 'messaging', 'outbox-cli.js'),
];

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'tools', 'build', 'build.js')], { cwd: root, stdio: 'pipe' });
});

describe('the compiled services', () => {
  it('build_leavesEveryServiceAndCommandRunnableFromDist', () => {
    for (const e of entries) expect(existsSync(e)).toBe(true);
    expect(execFileSync(process.execPath, [path.join(root, 'tools', 'build', 'build.js'), '--check'], { cwd: root }).length).toBe(0);
  });

  it('needOnlyTheProductionDependencies_atRunTime', () => {
    expect(missingRuntimeDependencies(dist, entries, pkg.dependencies)).toEqual([]);
  });

  it('theDependencyCheck_namesAPackageThatOnlyDevDependenciesInstall', () => {
    const { pdfkit: _, ...withoutPdfkit } = pkg.dependencies;
    expect(missingRuntimeDependencies(dist, entries, withoutPdfkit)).toEqual(
      expect.arrayContaining([{ pkg: 'pdfkit', from: path.join('apps', 'forms', 'src', 'print-form', 'form-pdf.js') }]),
    );
  });

  it('theDependencyCheck_followsLazyRequiresAndNamesOwnCodeThatIsNotThere', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fd-deps-'));
    try {
      writeFileSync(path.join(dir, 'main.js'), `require("./lib"); require("node:fs"); require("path");`);
      writeFileSync(path.join(dir, 'lib.js'), `function later() { return require("yaml/util"); }\nrequire("./testing/helper");`);
      expect(missingRuntimeDependencies(dir, [path.join(dir, 'main.js')], { pg: '1' })).toEqual([
        { pkg: 'yaml', from: 'lib.js' },
        { pkg: './testing/helper', from: 'lib.js' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
