// A JSON-file app as real ones are written: whole-file rewrites, in place or write-temp-then-rename.
// Usage: node json-writer.js <dataDir> init|reorder|churn <n>
const fs = require('fs');
const path = require('path');
const [dir, mode, nArg] = process.argv.slice(2);
const people = path.join(dir, 'people.json');
const prefs = path.join(dir, 'prefs.json');

function replace(file, value) {
  const tmp = file + '.tmp';
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2));
  fs.renameSync(tmp, file);
}

function reversedKeys(v) {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).reverse()) out[k] = reversedKeys(v[k]);
    return out;
  }
  return v;
}

if (mode === 'init') {
  const rows = [];
  for (let i = 1; i <= 50; i++) {
    rows.push({ id: i, name: 'person ' + i, email: i % 5 === 0 ? '' : 'p' + i + '@example.com', score: i + 0.25,
      active: i % 2 === 0, profile: { city: 'c' + (i % 7), tags: ['t' + i, 'u'], depth: { level: i } }, note: null });
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(people, JSON.stringify(rows));
  const p = {};
  for (let i = 1; i <= 20; i++) p['user-' + i] = { theme: i % 2 ? 'dark' : 'light', size: i };
  replace(prefs, p);
} else if (mode === 'reorder') {
  // The same data with every object's keys in reverse order: not a difference.
  replace(people, reversedKeys(JSON.parse(fs.readFileSync(people, 'utf8'))));
  replace(prefs, reversedKeys(JSON.parse(fs.readFileSync(prefs, 'utf8'))));
} else if (mode === 'churn') {
  const n = parseInt(nArg, 10);
  for (let k = 0; k < n; k++) {
    const rows = JSON.parse(fs.readFileSync(people, 'utf8'));
    const r = rows[k % rows.length];
    r.score = r.score + 1;
    r.profile.city = 'moved-' + k;
    if (k % 2) fs.writeFileSync(people, JSON.stringify(rows)); else replace(people, rows);
  }
}
console.log('done ' + mode);
