// backtrack serve: tooltips for the timeline, and the 72 hours before a
// pain event shaded (with its run outlined) while it is hovered or focused.
// Everything works without it; it only shows more.
(function () {
  'use strict';
  var tl = document.getElementById('timeline');
  var tip = document.getElementById('tip');
  if (!tl || !tip) { return; }
  var WINDOW = 72 * 3600 * 1000;
  var rows = Array.prototype.slice.call(tl.querySelectorAll('.row'));

  function clear() {
    tl.querySelectorAll('.win.on').forEach(function (w) { w.classList.remove('on'); });
    tl.querySelectorAll('.matched').forEach(function (m) { m.classList.remove('matched'); });
    document.querySelectorAll('.card.active').forEach(function (c) { c.classList.remove('active'); });
  }

  function shade(at) {
    var from = at - WINDOW;
    rows.forEach(function (row) {
      var s = Number(row.dataset.start), e = Number(row.dataset.end);
      var a = Math.max(s, from), b = Math.min(e, at);
      var w = row.querySelector('.win');
      if (!w) { return; }
      if (b > a) {
        w.setAttribute('x', String((a - s) / (e - s) * 1000));
        w.setAttribute('width', String((b - a) / (e - s) * 1000));
        w.classList.add('on');
      }
    });
  }

  function show(ev) {
    var el = ev.currentTarget;
    clear();
    tip.textContent = el.getAttribute('data-tip');
    tip.hidden = false;
    if (el.classList.contains('pain')) {
      shade(Number(el.getAttribute('data-at')));
      var run = el.getAttribute('data-run');
      if (run && run !== '0') {
        tl.querySelectorAll('[data-session="' + run + '"]').forEach(function (r) { r.classList.add('matched'); });
      }
      var card = document.getElementById(el.getAttribute('href').slice(1));
      if (card) { card.classList.add('active'); }
    }
  }

  function hide() {
    clear();
    tip.hidden = true;
  }

  tl.querySelectorAll('.item').forEach(function (el) {
    el.addEventListener('mouseenter', show);
    el.addEventListener('focus', show);
    el.addEventListener('mouseleave', hide);
    el.addEventListener('blur', hide);
  });
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { hide(); } });
})();
