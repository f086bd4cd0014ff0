import { readFileSync } from 'node:fs';

/**
 * What connects `@simplewebauthn/browser` to the pages: each `form[data-passkey]` is shown when the
 * browser has WebAuthn; submitting it runs the ceremony with the options the page embeds
 * (`#passkey-options`), puts the answer in the form's `credential` field and posts the form. A refused or
 * cancelled ceremony shows the form's `data-failed` text. Plain ES2017, no other script needed.
 */
const glue = `
(function () {
  var W = window.SimpleWebAuthnBrowser;
  var data = document.getElementById('passkey-options');
  if (!W || !data) return;
  var options = JSON.parse(data.textContent);
  var supported = W.browserSupportsWebAuthn();
  document.querySelectorAll('[data-passkey-unsupported]').forEach(function (note) { note.hidden = supported; });
  if (!supported) return;
  document.querySelectorAll('[data-passkey-or]').forEach(function (or) { or.hidden = false; });
  document.querySelectorAll('form[data-passkey]').forEach(function (form) {
    form.hidden = false;
    var status = form.querySelector('[data-passkey-status]');
    var button = form.querySelector('button[type=submit]');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      status.hidden = true;
      button.disabled = true;
      var ceremony = form.getAttribute('data-passkey') === 'register' ? W.startRegistration : W.startAuthentication;
      ceremony({ optionsJSON: options }).then(function (answer) {
        form.querySelector('input[name=credential]').value = JSON.stringify(answer);
        form.submit();
      }, function () {
        status.textContent = form.getAttribute('data-failed');
        status.hidden = false;
        button.disabled = false;
      });
    });
  });
})();
`;

/** The browser library's UMD bundle (it defines `window.SimpleWebAuthnBrowser`), read once from the installed package. */
function browserBundle(): string {
  const entry = require.resolve('@simplewebauthn/browser');
  const bundle = entry.replace(/[\\/]script[\\/]index\.js$/, '/dist/bundle/index.umd.min.js');
  return readFileSync(bundle, 'utf8');
}

let cached: string | undefined;

/** The whole script served at `/assets/passkeys.js`: the library, then the glue. */
export function passkeyScript(): string {
  cached ??= `${browserBundle()}\n${glue}`;
  return cached;
}
