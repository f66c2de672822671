// Deletes are rare (1 in 20 saves) and random, as in an app whose users mostly add and edit: between
// two reads of a file (at most ~500 ms apart while it keeps changing) they stay well under half of its
// records. More would rightly be held by the mass-delete guard (JsonCaptureIT covers that).
// A Node app that keeps its state in data/*.json and rewrites the files on every save, the two ways
// real apps do: fs.writeFileSync over the file, and write-temp-then-rename. Usage: node w.js DIR ROUNDS SEED
const fs = require('fs');
const path = require('path');
const [dir, rounds, seed] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4] || 1)];
let s = seed;
const rnd = (n) => { s = (s * 1103515245 + 12345) % 2147483648; return s % n; };
const load = (f, empty) => { try { return JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')); } catch (e) { return empty; } };

const users = load('users.json', []);          // root array, children: onboarding (1:1), devices (1:n)
const contracts = load('contracts.json', {});  // root object keyed by id
const threads = load('chat-threads.json', { version: 1, data: { threads: [] } }); // records at /data/threads
let nextId = users.reduce((m, u) => Math.max(m, u.id), 0) + 1;

function writeInPlace(f, v) { fs.writeFileSync(path.join(dir, f), JSON.stringify(v, null, 2)); }
function writeAtomically(f, v) {
  const tmp = path.join(dir, '.' + f + '.' + process.pid + '.tmp');
  fs.writeFileSync(tmp, JSON.stringify(v));
  fs.renameSync(tmp, path.join(dir, f));
}

for (let r = 0; r < rounds; r++) {
  // users: add, update, sometimes delete one (never a mass delete)
  const id = nextId++;
  users.push({ id, email: `u${id}@example.com`, name: `User ${id} ü`, score: rnd(10000) / 100, active: rnd(2) === 0,
    tags: ['t' + rnd(5)], onboarding: { step: rnd(4), done: false },
    devices: [{ device_id: 'd' + id + 'a', os: 'ios' }] });
  const u = users[rnd(users.length)];
  u.score = rnd(10000) / 100;
  u.nickname = rnd(3) === 0 ? null : 'n' + rnd(100);
  if (u.onboarding) { u.onboarding.step++; u.onboarding.done = u.onboarding.step > 3; }
  if (rnd(2) === 0) u.devices.push({ device_id: 'd' + u.id + '-' + seed + '-' + r, os: rnd(2) ? 'android' : 'ios' });
  else if (u.devices.length > 0) u.devices.shift();
  if (users.length > 20 && rnd(20) === 0) users.splice(rnd(users.length), 1);
  (r % 2 === 0 ? writeAtomically : writeInPlace)('users.json', users);

  // contracts: keyed object, whole-file rewrite in place
  const cid = 'c' + rnd(200);
  contracts[cid] = { party: 'p' + rnd(9), amount: rnd(1000000) / 100, signed: rnd(2) === 1, terms: { months: rnd(36) } };
  if (Object.keys(contracts).length > 100 && rnd(20) === 0) delete contracts[Object.keys(contracts)[0]];
  writeInPlace('contracts.json', contracts);

  // chat threads: nested under /data/threads, temp-then-rename
  const list = threads.data.threads;
  list.push({ thread_id: 'th' + seed + '-' + r, title: 'Thread ' + r, messages: [{ from: 'a', text: 'hi ' + r }] });
  if (list.length > 100 && rnd(20) === 0) list.splice(rnd(list.length), 1);
  threads.version++;
  writeAtomically('chat-threads.json', threads);
}
