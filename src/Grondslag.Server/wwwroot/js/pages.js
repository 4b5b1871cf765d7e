// Grondslag web UI: "Copy" buttons for drafts and one-time secrets. Without this file the text can be selected and copied by hand.
'use strict';
(function () {
  if (!navigator.clipboard) { return; }
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var target = document.querySelector(button.getAttribute('data-copy'));
    if (!target) { return; }
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener('click', function () {
      var text = target.value !== undefined ? target.value : target.textContent;
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = button.getAttribute('data-copied') || label;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
})();
