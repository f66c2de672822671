// A Node app keeping two data files, saved the two ways apps do: ledger.json rewritten in place
// (fs.writeFileSync), catalog.json written to a temp file and renamed over the old one. Every record
// carries `ver`, raised on each update, so Postgres can count how often each version was applied.
// It saves every ~20 ms until DIR/stop exists, then finishes the save in progress and exits 0: the
// files always end complete. Usage: node w.js DIR SEED
const fs = require('fs');
const path = require('path');
const [dir, seed] = [process.argv[2], Number(process.argv[3] || 1)];
let s = seed;
const rnd = (n) => { s = (s * 1103515245 + 12345) % 2147483648; return s % n; };
const load = (f) => { try { return JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')); } catch (e) { return []; } };
const files = { 'ledger.json': load('ledger.json'), 'catalog.json': load('catalog.json') };
let nextId = Math.max(0, ...Object.values(files).flat().map((r) => r.id)) + 1;
let saves = 0;

function save(f, records) {
  if (f === 'ledger.json') {
    fs.writeFileSync(path.join(dir, f), JSON.stringify(records, null, 1));
  } else {
    const tmp = path.join(dir, '.' + f + '.' + process.pid + '.tmp');
    fs.writeFileSync(tmp, JSON.stringify(records));
    fs.renameSync(tmp, path.join(dir, f));
  }
}

function change(records) {
  const id = nextId++;
  records.push({ id, ver: 1, name: `item ${id} ü`, price: rnd(100000) / 100, qty: rnd(50), tags: ['t' + rnd(4)] });
  for (let i = 0; i < 2; i++) {
    const r = records[rnd(records.length)];
    r.ver++;
    r.price = rnd(100000) / 100;
    r.qty = rnd(50);
    r.note = rnd(3) === 0 ? null : 'n' + rnd(1000);
  }
  // One delete in ten saves keeps each change far below the mass-delete guard's half of the records.
  if (records.length > 40 && rnd(10) === 0) records.splice(rnd(records.length), 1);
}

function round() {
  if (fs.existsSync(path.join(dir, 'stop'))) {
    console.log(`stopped after ${saves} saves`);
    return;
  }
  const f = rnd(2) === 0 ? 'ledger.json' : 'catalog.json';
  change(files[f]);
  save(f, files[f]);
  saves++;
  setTimeout(round, 20);
}

for (const [f, records] of Object.entries(files)) {
  while (records.length < 30) change(records);
  save(f, records);
}
if (process.argv[4] === 'seed-only') {
  console.log('seeded');
} else {
  round();
}
