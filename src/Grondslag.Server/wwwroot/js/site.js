// Grondslag web UI: small progressive enhancements only; every form works without this file.
'use strict';
(function () {
  // Drag and drop onto the indicator list's drop zone, and upload progress for large files.
  document.querySelectorAll('form[data-upload]').forEach(function (form) {
    var zone = form.querySelector('[data-dropzone]');
    var input = zone ? zone.querySelector('input[type=file]') : null;
    var status = form.querySelector('[data-drop-status]');
    var progress = form.querySelector('[data-progress]');
    if (!zone || !input) { return; }
    function show(text) { if (status) { status.textContent = text; } }
    // Texts come from the page in the reader's language: data-text-* with {0}, {1} placeholders.
    function text(name, a, b) {
      var t = form.getAttribute('data-text-' + name) || '';
      return t.replace('{0}', a === undefined ? '' : a).replace('{1}', b === undefined ? '' : b);
    }
    var max = Number(form.getAttribute('data-max-bytes') || '0');
    function tooLarge() { return max > 0 && input.files.length > 0 && input.files[0].size > max; }
    function ready() {
      form.dataset.sent = '';
      if (progress) { progress.hidden = true; }
      var busy = form.querySelector('[data-busy]');
      if (busy) { busy.hidden = true; }
      form.querySelectorAll('button[type=submit]').forEach(function (b) { b.disabled = false; });
    }
    input.addEventListener('change', function () {
      if (!input.files.length) { return; }
      show(tooLarge() ? text('too-large') : text('chosen', input.files[0].name, input.files[0].size));
    });
    ['dragenter', 'dragover'].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        input.dispatchEvent(new Event('change'));
      }
    });
    form.addEventListener('submit', function (e) {
      if (form.dataset.sent === 'yes') { e.preventDefault(); return; }
      // Over the limit: say so here and keep every field, instead of sending a file the server will refuse.
      if (tooLarge()) { e.preventDefault(); e.stopImmediatePropagation(); show(text('too-large')); input.focus(); return; }
      if (!window.XMLHttpRequest || !window.FormData || !progress || !input.files.length) { return; }
      e.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.getAttribute('action') || window.location.pathname);
      progress.hidden = false;
      xhr.upload.addEventListener('progress', function (p) {
        if (p.lengthComputable) {
          progress.value = Math.round(100 * p.loaded / p.total);
          show(p.loaded < p.total ? text('uploading', progress.value) : text('processing'));
        }
      });
      xhr.upload.addEventListener('load', function () { show(text('processing')); });
      xhr.addEventListener('load', function () {
        // The server answers with the case page after its redirect (its one-time notice included), or this form
        // again with the error: show that answer's main content and address, without asking the server twice.
        var answer = new DOMParser().parseFromString(xhr.responseText, 'text/html');
        // Refused before the page ran (too large, server error): show the error page's words here and keep the form.
        if (xhr.status === 413 || xhr.status >= 500) {
          var words = answer.querySelector('main p');
          show(xhr.status === 413 ? text('too-large') : (words ? words.textContent : text('failed')));
          ready();
          return;
        }
        var fresh = answer.querySelector('main');
        if (!fresh) { window.location.assign(xhr.responseURL || window.location.href); return; }
        document.querySelector('main').replaceWith(document.importNode(fresh, true));
        document.title = answer.title;
        if (xhr.responseURL && xhr.responseURL !== window.location.href) { window.history.replaceState(null, '', xhr.responseURL); }
      });
      xhr.addEventListener('error', function () { show(text('failed')); ready(); });
      // Once the file is sent the server checks it line by line: its progress (a token of this upload) is shown until it answers.
      var token = form.querySelector('[data-progress-token]');
      var poll = null;
      if (token && form.dataset.progressUrl && window.fetch) {
        token.value = 'page-' + Math.random().toString(36).slice(2, 12);
        xhr.upload.addEventListener('load', function () {
          poll = window.setInterval(function () {
            window.fetch(form.dataset.progressUrl + token.value, { credentials: 'same-origin' })
              .then(function (r) { return r.ok ? r.json() : null; })
              .then(function (p) {
                if (!p || xhr.readyState === 4) { return; }
                if (p.stage === 'parsing' && form.dataset.checking) { show(form.dataset.checking.replace('{0}', p.lines.toLocaleString())); }
                if (p.stage === 'storing' && form.dataset.storing) { show(form.dataset.storing); }
              })
              .catch(function () { });
          }, 1000);
        });
        xhr.addEventListener('loadend', function () { if (poll) { window.clearInterval(poll); } });
      }
      xhr.send(new FormData(form));
    });
  });

  // One submission per click: a form marked data-once ignores a second submit and shows that it is busy (the server
  // also refuses to make a second case from one form: its token).
  document.querySelectorAll('form[data-once]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (form.dataset.sent === 'yes') { e.preventDefault(); return; }
      form.dataset.sent = 'yes';
      var busy = form.querySelector('[data-busy]');
      if (busy) { busy.hidden = false; }
      window.setTimeout(function () {
        form.querySelectorAll('button[type=submit]').forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });

  // The case page: a filter applies as soon as it is chosen; a country on the map opens its share.
  document.querySelectorAll('form[data-autosubmit] select').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
  document.querySelectorAll('svg [data-href]').forEach(function (shape) {
    shape.addEventListener('click', function () { window.location.assign(shape.getAttribute('data-href')); });
  });
})();
