// A JSON-file app that follows GET /v1/routing in both directions: while writes go to the source it
// appends orders to orders.json (records under /data/orders, write-temp-then-rename, indented as the
// file is); while they are frozen or on Postgres it writes nothing and asks again. Every order is
// logged to the ack file after the rename: that is the app's acknowledgement. It stops when stopFile exists.
// Usage: node json-routing-app.js <dataDir> <routingUrl> <ackFile> <stopFile> <firstId>
const fs = require('fs');
const path = require('path');
const [dir, routing, ackFile, stopFile, first] = process.argv.slice(2);
const file = path.join(dir, 'orders.json');
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  let next = Number(first);
  let written = 0;
  let seen = '';
  while (!fs.existsSync(stopFile)) {
    const res = await fetch(routing);
    const r = res.ok ? await res.json() : { writes: 'unknown (HTTP ' + res.status + ' ' + (await res.text()) + ')' };
    if (r.writes !== seen) { seen = r.writes; console.log('writes: ' + seen); }
    if (r.writes !== 'sqlite') { await pause(5); continue; }
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    doc.data.orders.push({ id: next, item: 'node-' + next, qty: next % 7, paid: next % 2 === 0, price: 1.25, meta: { by: 'node' } });
    fs.writeFileSync(file + '.tmp', JSON.stringify(doc, null, 2) + '\n');
    fs.renameSync(file + '.tmp', file);
    fs.appendFileSync(ackFile, next + '\n');
    next++;
    written++;
    await pause(15);
  }
  console.log('stopped; orders written: ' + written);
}
main().catch((e) => { console.error(e); process.exit(1); });
