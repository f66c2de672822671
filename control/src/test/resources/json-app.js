// A JSON-file app that follows GET /v1/routing: it appends orders to orders.json (write-temp-then-rename)
// while writes go to the source, holds them while writes are frozen, and stops once they go to Postgres.
// Every order it wrote is logged to the ack file after the rename: that is the app's acknowledgement.
// Usage: node json-app.js <dataDir> <routingUrl> <ackFile>
const fs = require('fs');
const path = require('path');
const [dir, routing, ackFile] = process.argv.slice(2);
const file = path.join(dir, 'orders.json');
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  let next = 1 + JSON.parse(fs.readFileSync(file, 'utf8')).reduce((m, o) => Math.max(m, o.id), 0);
  let frozenSeen = 0;
  for (;;) {
    const res = await fetch(routing);
    if (!res.ok) { await pause(20); continue; } // routing unknown (Postgres unreachable): hold writes, ask again
    const r = await res.json();
    if (r.writes === 'postgres') break;
    if (r.writes === 'frozen') { frozenSeen++; await pause(5); continue; }
    const orders = JSON.parse(fs.readFileSync(file, 'utf8'));
    orders.push({ id: next, item: 'item-' + next, qty: next % 7 });
    fs.writeFileSync(file + '.tmp', JSON.stringify(orders));
    fs.renameSync(file + '.tmp', file);
    fs.appendFileSync(ackFile, next + '\n');
    next++;
    await pause(10);
  }
  console.log('switched; frozen answers seen: ' + frozenSeen);
}
main().catch((e) => { console.error(e); process.exit(1); });
