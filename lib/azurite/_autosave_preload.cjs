// Loaded into Azurite's Node process with `node --require`: Azurite
// hard-codes LokiJS's autosave interval (5 s), so a SIGKILL loses up to
// 5 s of acknowledged writes and waiting for a save takes that long. This
// sets the interval to $AZURITE_AUTOSAVE_MS before Azurite's databases
// start their timers. Nothing else changes.
"use strict";
const { createRequire } = require("node:module");
const ms = Number(process.env.AZURITE_AUTOSAVE_MS);
if (Number.isInteger(ms) && ms > 0) {
  const fromAzurite = createRequire(process.argv[1]);
  const Loki = fromAzurite("lokijs");
  const enable = Loki.prototype.autosaveEnable;
  Loki.prototype.autosaveEnable = function (...args) {
    this.autosaveInterval = ms;
    return enable.apply(this, args);
  };
}
