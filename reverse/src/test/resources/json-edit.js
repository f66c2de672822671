// The app back on the source after a rollback: adds orders 600 and 601, renames order 1, removes order
// 10, rewriting the file whole (write-temp-then-rename).
// Usage: node json-edit.js <dataDir>
const fs = require('fs');
const path = require('path');
const [dir] = process.argv.slice(2);
const file = path.join(dir, 'orders.json');
const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
doc.data.orders = doc.data.orders.filter((o) => o.id !== 10);
doc.data.orders.find((o) => o.id === 1).item = 'renamed on the source';
doc.data.orders.push({ id: 600, item: 'node', qty: 6, paid: false, price: 6.5, meta: { n: 600 } });
doc.data.orders.push({ id: 601, item: 'node', qty: 1, paid: true, price: 0.25, meta: { n: 601 } });
fs.writeFileSync(file + '.tmp', JSON.stringify(doc, null, 2) + '\n');
fs.renameSync(file + '.tmp', file);
console.log('edited');
