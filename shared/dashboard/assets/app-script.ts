/**
 * The dashboard's one script, served at /static/app.js (CSP forbids inline script). It runs after
 * /static/lightweight-charts.js (both `defer`), reads only the JSON API, and renders every provider
 * string with textContent / DOM APIs, never as HTML.
 */
import { CHART_SCRIPT } from './script-chart';
import { CORE_SCRIPT } from './script-core';
import { MAIN_SCRIPT } from './script-main';
import { PANELS_SCRIPT } from './script-panels';

/** The whole script: the four parts in one strict-mode IIFE, so nothing leaks to window but `__dashboard`. */
export function appScript(): string {
  return ['(() => {', "  'use strict';", CORE_SCRIPT, CHART_SCRIPT, PANELS_SCRIPT, MAIN_SCRIPT, '})();', ''].join('\n');
}
