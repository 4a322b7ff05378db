// C-ECHO and C-STORE from dcmjs-dimse, an independent DIMSE implementation.
// Usage: node dcmjs_dimse_scu.js HOST PORT CALLING_AET CALLED_AET [FILE...]
// Exit status 0 when the association was accepted and every response had status 0000.
const dimse = require('dcmjs-dimse');
const { Client } = dimse;
const { CEchoRequest, CStoreRequest } = dimse.requests;
const { Status } = dimse.constants;

const [host, port, callingAet, calledAet, ...files] = process.argv.slice(2);
let failures = 0;
let responses = 0;
const client = new Client();
const check = (what) => (response) => {
  responses++;
  const status = response.getStatus();
  console.log(`${what}: status ${status.toString(16)}`);
  if (status !== Status.Success) {
    failures++;
  }
};
const echo = new CEchoRequest();
echo.on('response', check('C-ECHO'));
client.addRequest(echo);
for (const f of files) {
  const store = new CStoreRequest(f);
  store.on('response', check(`C-STORE ${f}`));
  client.addRequest(store);
}
client.on('associationRejected', (result) => {
  console.error('association rejected', JSON.stringify(result));
  process.exit(3);
});
client.on('networkError', (e) => {
  console.error('network error', e);
  process.exit(2);
});
client.on('closed', () => {
  const expected = files.length + 1;
  console.log(`${responses}/${expected} responses, ${failures} failures`);
  process.exit(failures === 0 && responses === expected ? 0 : 1);
});
client.send(host, Number(port), callingAet, calledAet);
