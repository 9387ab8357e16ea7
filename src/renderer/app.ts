/** Renderer entry: defines the station's elements; index.html places <ekyc-station-app>. */
import './components/station-app';

// CSSOM, not a <style> tag: the page's CSP allows no inline style elements.
document.documentElement.style.background = '#f3f5f9';
document.body.style.margin = '0';
