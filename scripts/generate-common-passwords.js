#!/usr/bin/env node
// Generates the identity service's password-policy word lists.
//
// Source: the dev dependency @zxcvbn-ts/language-common (MIT, https://github.com/zxcvbn-ts/zxcvbn):
//   dictionary['passwords-common'] — ~49k leaked passwords, most frequent first
//   dictionary['diceware-common']  — the 7776-word EFF diceware list
// Output (committed to the repo, read at runtime by password-policy.ts):
//   apps/identity/src/accounts/password-policy/common-passwords.txt — the 20,000 most common, lowercased, deduplicated
//   apps/identity/src/accounts/password-policy/common-words.txt     — the diceware words of 4+ characters
// Regenerate: node scripts/generate-common-passwords.js   (from the repo root or anywhere)
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { dictionary } = require('@zxcvbn-ts/language-common');

const PASSWORD_COUNT = 20000;
const MIN_WORD_LENGTH = 4;
const outDir = path.join(__dirname, '..', 'apps', 'identity', 'src', 'accounts', 'password-policy');

function firstUnique(list, limit) {
  const seen = new Set();
  for (const entry of list) {
    const value = String(entry).trim().toLowerCase();
    if (value) seen.add(value);
    if (seen.size >= limit) break;
  }
  return [...seen];
}

const passwords = firstUnique(dictionary['passwords-common'], PASSWORD_COUNT);
if (passwords.length < PASSWORD_COUNT) {
  throw new Error(`only ${passwords.length} common passwords available, expected ${PASSWORD_COUNT}`);
}
const words = firstUnique(dictionary['diceware-common'], Infinity).filter((w) => [...w].length >= MIN_WORD_LENGTH);

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'common-passwords.txt'), passwords.join('\n') + '\n');
fs.writeFileSync(path.join(outDir, 'common-words.txt'), words.join('\n') + '\n');
console.log(`wrote ${passwords.length} passwords and ${words.length} words to ${path.relative(process.cwd(), outDir) || '.'}`);
