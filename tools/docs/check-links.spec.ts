import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(__dirname, 'check-links.mjs');

/** Runs the check on a folder (the repository by default); its exit code and every problem line. */
function check(root?: string): { ok: boolean; problems: string[]; output: string } {
  const r = spawnSync(process.execPath, [SCRIPT, ...(root ? [root] : [])], { encoding: 'utf8' });
  const problems = r.stderr.split('\n').filter((l) => /^[^\s:]+:\d+:\d+: /.test(l));
  return { ok: r.status === 0, problems, output: r.stdout + r.stderr };
}

const made: string[] = [];
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A small repository of its own, written to a temporary folder. */
function repo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'links-'));
  made.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const GOOD = {
  'README.md': '# Demo\n\nThe rules are in [the rule book](docs/rules.md#deadline), see also [the site](https://example.org/x.md).\n',
  'docs/rules.md': '# Rules\n\n## Deadline\n\nSee [the top](#rules) and `docs/rules.md`.\n',
  'src/a.ts': "// the deadline (docs/rules.md#deadline)\nexport const name = 'RULES.md is only a string here';\n",
};

describe('the link check of the repository', () => {
  it('theRepository_hasNoLinkThatLeavesIt_orFindsNothing', () => {
    const r = check();
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('aRepositoryWhoseLinksAndMentionsAllResolve_passes', () => {
    const r = check(repo(GOOD));
    expect(r.output).toContain('every link stays inside the repository');
    expect(r.ok).toBe(true);
  });

  it('aMarkdownLinkOutOfTheRepository_orAbsolute_orToAMissingFileOrHeading_fails', () => {
    const r = check(
      repo({
        ...GOOD,
        'docs/more.md': [
          '# More',
          '',
          '[outside](../../shared/domain/RULES.md)',
          '[absolute](/home/someone/notes.md)',
          '[gone](missing.md)',
          '[no heading](rules.md#no-such-heading)',
          '',
        ].join('\n'),
      }),
    );
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^docs\/more\.md:3:\d+: Link `\.\.\/\.\.\/shared\/domain\/RULES\.md` leaves the repository/),
        expect.stringMatching(/^docs\/more\.md:4:\d+: Link `\/home\/someone\/notes\.md` is an absolute path/),
        expect.stringMatching(/^docs\/more\.md:5:\d+: Cannot find file `missing\.md`/),
        expect.stringMatching(/^docs\/more\.md:6:\d+: Cannot find heading for `#no-such-heading`/),
      ]),
    );
  });

  it('aSourceCommentNamingAMissingDocOrHeading_orAPathOutside_fails', () => {
    const r = check(
      repo({
        ...GOOD,
        'src/b.ts': [
          'export const b = 1; // the rules (RULES.md step 6)',
          '/** See docs/rules.md#callbacks and the rest in /home/someone/shared/API.md. */',
          'export const c = 2;',
          '',
        ].join('\n'),
      }),
    );
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^src\/b\.ts:1:\d+: `RULES\.md`: no such file in the repository/),
        expect.stringMatching(/^src\/b\.ts:2:\d+: `docs\/rules\.md#callbacks`: Cannot find heading for `#callbacks`/),
        expect.stringMatching(/^src\/b\.ts:2:\d+: `\/home\/someone\/shared\/API\.md` is an absolute path outside the repository/),
      ]),
    );
    expect(r.problems.filter((p) => p.startsWith('src/a.ts'))).toEqual([]);
  });

  it('theProseOfADoc_namingADocThatIsNotThere_fails', () => {
    const r = check(repo({ ...GOOD, 'docs/notes.md': '# Notes\n\nWhere we differ from the models in STYLE.md.\n' }));
    expect(r.problems).toEqual([expect.stringMatching(/^docs\/notes\.md:3:\d+: `STYLE\.md`: no such file in the repository/)]);
  });
});
