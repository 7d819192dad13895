#!/usr/bin/env node
// The repository explains itself: every Markdown link, and every file a source comment or the
// prose of a doc names, must be inside the repository and exist, headings (#anchors) included.
//   node tools/docs/check-links.mjs [root]      exit 1 and one line per problem when one is found
// Markdown links are checked by remark-validate-links (files, and headings in other files);
// what it does not look at is checked here: links that leave the repository (`../..` above the
// root, absolute paths, file: URLs), and the `*.md` files (with their #anchors) that comments of
// *.ts, *.tsx, *.js, *.mjs, *.cjs, *.sh and the text of the docs mention, which are handed to the
// same checker as links of a virtual Markdown file. Web links (https:) are not fetched.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remark } from 'remark';
import remarkValidateLinks from 'remark-validate-links';
import ts from 'typescript';
import { engine } from 'unified-engine';
import { VFile } from 'vfile';

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../..'));
const SOURCE = /\.(ts|tsx|js|mjs|cjs|sh)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.cache', '.git', '.nx', 'coverage', 'tmp', 'artifacts']);
const MENTIONS = '.mentions.md';

/** The repository's files: tracked and new (not ignored) ones, or every file below root outside a git work tree. */
function listFiles() {
  if (fs.existsSync(path.join(root, '.git'))) {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, maxBuffer: 1 << 26 });
    return out
      .toString()
      .split('\0')
      .filter((f) => f && fs.existsSync(path.join(root, f)));
  }
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(rel);
      } else files.push(rel);
    }
  };
  walk('');
  return files;
}

const inside = (abs) => abs === root || abs.startsWith(root + path.sep);
const parent = path.dirname(root);
/** Absolute paths of people's and this machine's folders outside the repository; a reference must be relative. */
const OUTSIDE_PREFIXES = [
  ...new Set(['/home/', '/Users/', '/root/', '/work/', root + '/', ...(parent === '/' || parent === '/tmp' ? [] : [parent + '/'])]),
];
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ABSOLUTE = new RegExp(`(?<![\\w.~-])(?:file://)?(?:${OUTSIDE_PREFIXES.map(escapeRe).join('|')})[^\\s'"\`)\\]},;]*`, 'g');
const FILE_URL = /\bfile:\/\/\S*/g;
const WEB_URL = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
const CLIMB = /(?<![\w./-])(?:\.\.\/)+[^\s'"`)\]},;:]*/g;
const MD_MENTION = /(?<![\w./@-])((?:\.{1,2}\/)*(?:[\w@-][\w.@-]*\/)*[\w-][\w.-]*\.md)(#[\p{L}\p{N}_-]*)?(?![\w-])/gu;

/** Problems found here (not by remark-validate-links): `${file}:${line}:${column}: ${reason}`. */
const problems = [];
/** Mentions of Markdown files, per mentioning file: handed to remark-validate-links as links. */
const mentions = new Map();

function lineAndColumn(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Looks at a piece of free text (a comment, a paragraph of a doc) of `file` starting at `offset`. */
function scanText(file, text, fragment, offset) {
  const at = (index) => lineAndColumn(text, offset + index);
  const report = (index, reason) => {
    const { line, column } = at(index);
    problems.push(`${file}:${line}:${column}: ${reason}`);
  };
  const bare = (m) => m[0].replace(/[.,:;!?]+$/, ''); // the end of a sentence is not part of the path
  for (const m of fragment.matchAll(ABSOLUTE))
    report(m.index, `\`${bare(m)}\` is an absolute path outside the repository; refer to it relative to the repository`);
  for (const m of fragment.matchAll(FILE_URL))
    if (!new RegExp(ABSOLUTE.source).test(m[0]))
      report(m.index, `\`${m[0]}\` is a file: URL; refer to a file of the repository by a relative path`);
  const prose = fragment.replace(WEB_URL, (u) => ' '.repeat(u.length));
  // A relative path in prose may be relative to something else than this file (a compiled file under
  // dist/, say): it is taken as a reference when it names a document, or something that exists here.
  for (const m of prose.matchAll(CLIMB)) {
    const abs = path.resolve(root, path.dirname(file), bare(m).replace(/#.*$/, ''));
    if (!inside(abs) && (/\.md$/.test(abs) || fs.existsSync(abs))) report(m.index, `\`${bare(m)}\` leaves the repository`);
  }
  for (const m of prose.matchAll(MD_MENTION)) {
    const [, target, hash = ''] = m;
    if (/^https?:/.test(prose.slice(Math.max(0, m.index - 8), m.index))) continue;
    const fromFile = path.resolve(root, path.dirname(file), target);
    const fromRoot = path.resolve(root, target);
    const abs = target.startsWith('.') || (!fs.existsSync(fromRoot) && fs.existsSync(fromFile)) ? fromFile : fromRoot;
    if (!inside(abs)) continue; // reported as leaving the repository above
    const { line, column } = at(m.index);
    if (!mentions.has(file)) mentions.set(file, []);
    mentions.get(file).push({ line, column, text: m[0], abs, hash });
  }
}

/** Every comment of a script, with its offset (the TypeScript parser tells comments from strings and regular expressions). */
function commentsOf(file, text) {
  if (file.endsWith('.sh')) {
    const out = [];
    let offset = 0;
    for (const line of text.split('\n')) {
      const hash = line.search(/^\s*#(?!!)/) === 0 ? line.indexOf('#') : -1;
      if (hash >= 0) out.push({ text: line.slice(hash), offset: offset + hash });
      offset += line.length + 1;
    }
    return out;
  }
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const seen = new Map();
  const visit = (node) => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    if (node.kind <= ts.SyntaxKind.LastToken) {
      const ranges = [...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(text, node.end) ?? [])];
      for (const r of ranges) seen.set(r.pos, { text: text.slice(r.pos, r.end), offset: r.pos });
      return;
    }
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...seen.values()];
}

/** A remark plugin: Markdown links must stay inside the repository; the prose's mentions of files are collected. */
function stayInside(options) {
  return (tree, vfile) => {
    const abs = path.resolve(vfile.cwd, vfile.path);
    const file = path.relative(root, abs);
    // only the repository's own docs, once: not the files remark-validate-links opens to find a heading
    if (!options.scan || !markdown.includes(file)) return;
    const text = String(vfile.value);
    const visit = (node) => {
      if (node.type === 'code' || node.type === 'html') return;
      if ((node.type === 'text' || node.type === 'inlineCode') && node.position)
        scanText(file, text, node.value, node.position.start.offset + (node.type === 'inlineCode' ? 1 : 0));
      if ('url' in node && node.url) {
        const url = node.url;
        let reason;
        if (/^file:/i.test(url)) reason = 'is a file: URL';
        else if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#')) reason = undefined;
        else if (url.startsWith('/')) reason = 'is an absolute path (write it relative to this file)';
        else if (!inside(path.resolve(path.dirname(abs), decodeURIComponent(url.replace(/[#?].*$/, ''))))) reason = 'leaves the repository';
        if (reason) vfile.message(`Link \`${url}\` ${reason}`, { place: node.position, ruleId: 'stay-inside', source: 'check-links' });
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
  };
}

const files = listFiles();
const markdown = files.filter((f) => f.endsWith('.md'));
/** Whether a script has anything to look at (parsing every script would cost seconds). */
function worthParsing(file, text) {
  const has = (re) => new RegExp(re.source, re.flags.replace('g', '')).test(text);
  if (has(MD_MENTION) || has(ABSOLUTE) || has(FILE_URL)) return true;
  return [...text.matchAll(CLIMB)].some((m) => !inside(path.resolve(root, path.dirname(file), m[0])));
}
for (const file of files.filter((f) => SOURCE.test(f))) {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  if (worthParsing(file, text)) for (const c of commentsOf(file, text)) scanText(file, text, c.text, c.offset);
}

/** Runs the Markdown files, then the virtual files of the mentions, through remark-validate-links. */
function validate(filesToCheck, scan) {
  return new Promise((resolve, reject) =>
    engine(
      {
        processor: remark(),
        plugins: [
          [stayInside, { scan }],
          [remarkValidateLinks, { repository: false, root }],
        ],
        files: filesToCheck,
        cwd: root,
        extensions: ['md'],
        out: false,
        output: false,
        quiet: true,
        silent: true,
        color: false,
        streamError: { write: () => true },
      },
      (error, _code, context) => (error ? reject(error) : resolve(context.files)),
    ),
  );
}

const checked = await validate(
  markdown.map((f) => path.join(root, f)),
  true,
);
// the prose of the docs is scanned during the first run: its mentions join those of the comments
const virtual = [...mentions].map(([file, list]) => {
  const dir = path.dirname(path.join(root, file));
  const lines = list.map((m) => `[${m.text}](<${path.relative(dir, m.abs) || '.'}${m.hash}>)`);
  return new VFile({ path: path.join(root, file + MENTIONS), cwd: root, value: lines.join('\n\n') + '\n' });
});
const checkedMentions = virtual.length ? await validate(virtual, false) : [];

for (const vfile of [...checked, ...checkedMentions]) {
  const file = path.relative(root, path.resolve(vfile.cwd, vfile.path));
  for (const message of vfile.messages) {
    if (file.endsWith(MENTIONS)) {
      const source = file.slice(0, -MENTIONS.length);
      const m = mentions.get(source)[Math.floor(((message.line ?? 1) - 1) / 2)];
      const reason = /^Cannot find file/.test(message.reason)
        ? 'no such file in the repository'
        : message.reason.replace(/ in `[^`]*`/, '');
      problems.push(`${source}:${m.line}:${m.column}: \`${m.text}\`: ${reason}`);
    } else if (!file.startsWith('..') && markdown.includes(file)) {
      problems.push(`${file}:${message.line ?? 0}:${message.column ?? 0}: ${message.reason}`);
    } else {
      // a file the checker opened to look for a heading: its own links were not asked about
    }
  }
}

if (problems.length) {
  console.error([...new Set(problems)].sort().join('\n'));
  console.error(`links: ${problems.length} problem(s) in the links and references of the repository`);
  process.exit(1);
}
console.log(
  `links: ${markdown.length} Markdown files and the comments of ${files.filter((f) => SOURCE.test(f)).length} scripts checked; every link stays inside the repository and finds its target`,
);
