'use strict';
// Radar's partial plotly.js bundle: core + scatterpolar + barpolar, the way plotly.js's own partial bundles
// (lib/index-basic.js and tasks/custom_bundle) are assembled.
var Plotly = require('plotly.js/lib/core');
Plotly.register([require('plotly.js/lib/scatterpolar'), require('plotly.js/lib/barpolar')]);
module.exports = Plotly;
