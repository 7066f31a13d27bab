// Runs Material's search worker under Node as a browser runs it: the worker script, the lunr
// language files it imports, one site's search_index.json; prints the pages each query finds.
// node search_worker.js <worker.js> <lunr folder> <search_index.json> <query>...
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [workerFile, lunrFolder, indexFile, ...queries] = process.argv.slice(2);
const listeners = [];
const replies = [];
const context = { console, URL, TextEncoder, TextDecoder, setTimeout, clearTimeout };
context.self = context;
context.addEventListener = (type, listener) => listeners.push(listener);
context.postMessage = (message) => replies.push(message);
context.importScripts = (...urls) => {
  for (const url of urls) {  // "../lunr/min/lunr.vi.min.js", relative to the worker
    const file = path.join(lunrFolder, url.replace(/^\.\.\/lunr\//, ""));
    vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  }
};
vm.createContext(context);
vm.runInContext(fs.readFileSync(workerFile, "utf8"), context, { filename: workerFile });

async function send(message) {
  const before = replies.length;
  for (const listener of listeners) await listener({ data: message });
  while (replies.length === before) await new Promise((done) => setTimeout(done, 1));
  return replies[replies.length - 1];
}

(async () => {
  const { config, docs } = JSON.parse(fs.readFileSync(indexFile, "utf8"));
  const ready = await send({ type: 0, data: { config, docs, options: { suggest: false } } });
  if (ready.type !== 1) throw new Error("search index not ready");
  const found = {};
  for (const query of queries) {
    const result = await send({ type: 2, data: query });
    found[query] = result.data.items.flat().map((item) => ({ location: item.location, title: item.title }));
  }
  console.log(JSON.stringify(found));
})();
