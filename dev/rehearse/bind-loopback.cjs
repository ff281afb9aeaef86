// Preloaded (`node --require`) into every process the deploy rehearsal starts: a server that
// listens without naming a host (functions-framework's `server.listen(port)`, as on Cloud Run)
// binds 127.0.0.1 instead of every interface, so nothing the rehearsal starts is reachable from
// outside this machine. The code under rehearsal runs unchanged.
'use strict';
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first, second] = args;
  const portOnly =
    (typeof first === 'number' || typeof first === 'string') && (args.length === 1 || typeof second === 'function');
  if (portOnly) args.splice(1, 0, '127.0.0.1');
  else if (first !== null && typeof first === 'object' && !('path' in first) && first.host === undefined)
    args[0] = { ...first, host: '127.0.0.1' };
  return listen.apply(this, args);
};
