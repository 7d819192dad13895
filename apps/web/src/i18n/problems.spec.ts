import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGS, messages } from './messages';
import { fieldMessage } from './problems';

const docs = path.resolve(__dirname, '../../../../docs');
/** Every problem code the HTTP contract names with its status (docs/api.md and the services' pages). */
function documentedCodes(): string[] {
  const codes = new Set<string>();
  // configuration variables (docs/operations.md) are named beside statuses too, but are no codes
  const settings = new Set([...readFileSync(path.join(docs, 'operations.md'), 'utf8').matchAll(/^\| `([A-Z0-9_]+)`/gm)].map((m) => m[1]));
  for (const file of ['api.md', 'registration.md', 'forms.md', 'callbacks.md', 'scoring.md']) {
    for (const line of readFileSync(path.join(docs, file), 'utf8').split('\n')) {
      if (!/\b[45]\d\d\b/.test(line)) continue;
      for (const m of line.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})`/g)) codes.add(m[1]);
    }
  }
  return [...codes].filter((c) => !settings.has(c)).sort();
}

describe('refusals in the reader language', () => {
  it('everyDocumentedProblemCode_hasItsTextInEveryLanguage', () => {
    const codes = documentedCodes();
    expect(codes).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'WRONG_VERIFICATION_CODE', 'TOO_LARGE', 'FILING_LOCKED']));
    for (const lang of LANGS) {
      const dictionary = messages[lang] as Record<string, string>;
      expect({ lang, missing: codes.filter((c) => !dictionary[`problem.${c}`]) }).toEqual({ lang, missing: [] });
    }
  });

  it('theServersFieldMessages_readInTheChosenLanguage', () => {
    expect(fieldMessage('required', 'zh-Hant')).toBe(messages['zh-Hant']['validation.required']);
    expect(fieldMessage('at most 300 characters', 'zh-Hans')).toBe(messages['zh-Hans']['validation.tooLong'].replace('{n}', '300'));
    expect(fieldMessage('digits only, 7 to 15 of them', 'en')).toBe(messages.en['validation.phone']);
    // one we do not know stays as the server wrote it
    expect(fieldMessage('give either advanceDays or now (an ISO date-time), not both', 'zh-Hant')).toBe(
      'give either advanceDays or now (an ISO date-time), not both',
    );
  });
});
