// kaozheng review: click a claim to open it; keyboard shortcuts; comment box.
// No inline script anywhere (the Content-Security-Policy forbids it).
(function () {
  'use strict';
  function go(a) { if (a) window.location.href = a.href; }
  function submit(id) {
    var f = document.getElementById(id);
    if (f) { copyComment(); f.requestSubmit ? f.requestSubmit() : f.submit(); }
  }
  function copyComment() {
    var box = document.getElementById('comment-box');
    document.querySelectorAll('.comment-copy').forEach(function (i) { i.value = box ? box.value : ''; });
  }
  document.addEventListener('submit', copyComment, true);
  document.addEventListener('click', function (e) {
    var m = e.target.closest('mark.claim');
    if (m && !e.target.closest('a')) {
      window.location.href = '?claim=' + m.getAttribute('data-claim');
    }
  });
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    switch (e.key) {
      case 'a': submit('accept-form'); break;
      case 'r': submit('reject-form'); break;
      case 'n': case 'j': go(document.getElementById('next-claim')); break;
      case 'p': case 'k': go(document.getElementById('prev-claim')); break;
      case 'e':
        var d = document.getElementById('correct');
        if (d) { d.open = true; var v = d.querySelector('input[name=value]'); if (v) v.focus(); e.preventDefault(); }
        break;
      default: return;
    }
  });
  // Bring the selected claim into view inside the scrolling text.
  var sel = document.querySelector('#doctext mark.selected');
  if (sel) sel.scrollIntoView({ block: 'center' });
  window.scrollTo(0, 0);
})();
