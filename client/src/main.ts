/**
 * Entry point. The network simulator (a development switch) has to replace
 * `WebSocket` before the SDK's module runs, so everything else is loaded
 * after it, by a dynamic import.
 */
import './ui/symbols.css';
import './ui/style.css';
import './hud/hud.css';
import { installNetSim, netSimFromUrl } from './net/netSim.js';
import { applySettings } from './settings/apply.js';

applySettings();

let stored: string | null = null;
try {
  stored = localStorage.getItem('lm.netsim');
} catch {
  // Storage can be blocked; the URL switch still works.
}
const sim = netSimFromUrl(location.search, stored);
if (sim) {
  installNetSim(sim);
  console.info(`network simulator on: ${sim.rtt} ms round trip, ${(sim.loss * 100).toFixed(1)} % loss`);
}

void import('./boot.js').then((m) => m.boot());
