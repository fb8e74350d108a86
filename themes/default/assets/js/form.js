/*
 * Parcours — the request form, improved when JavaScript runs. Without it, the form is a
 * plain POST to the form service, which sends the browser to the success page.
 *
 * - Validation on submit: an error summary (each error a link to its field) takes the
 *   focus; every field in error gets a message (tied by aria-describedby, prefixed with
 *   the word "Erreur") and aria-invalid.
 * - The commune is compared with the territory's communes (case, accents, dashes and
 *   "St"/"Saint" ignored); outside it, a kind notice with the phone number. Never blocking.
 * - Sending by fetch, urlencoded or JSON (data-encoding), the same fields as without
 *   JavaScript; the button is disabled while sending; then the in-page confirmation.
 * - A failed sending keeps everything typed and says so; the person can try again.
 * - A draft in sessionStorage (never localStorage: computers may be shared), restored on
 *   reload, removed once sent.
 * - Spam: a filled honeypot, or a form sent faster than data-min-fill-seconds, is not
 *   sent (and the robot is shown the confirmation); the time the page was opened goes with
 *   the fields as `_debut`, for the endpoint to check too.
 * The strings come from the page (data-msg-* attributes, hidden blocks): nothing to
 * translate here.
 */
(function () {
  'use strict';

  var form = document.querySelector('form[data-form]');
  if (!form || !window.fetch || !window.FormData || !document.addEventListener) return;
  var block = form.closest ? form.closest('[data-form-block]') : null;
  if (!block) return;

  var data = form.dataset;
  var panel = block.querySelector('[data-form-panel]');
  var summary = block.querySelector('[data-error-summary]');
  var summaryList = summary.querySelector('ul');
  var draftNotice = block.querySelector('[data-draft-notice]');
  var status = form.querySelector('[data-form-status]');
  var failure = form.querySelector('[data-send-failed]');
  var confirmation = block.querySelector('[data-confirmation]');
  var outsideNotice = block.querySelector('[data-outside-territory]');
  var button = form.querySelector('button[type="submit"], input[type="submit"]');
  var honeypot = data.honeypot ? form.elements.namedItem(data.honeypot) : null;
  var redirectField = data.redirectField || '';
  var minFill = (parseFloat(data.minFillSeconds) || 0) * 1000;
  var originalTitle = document.title;
  var startedAt = Date.now();
  var restored = false;
  var sending = false;
  var draftKey = 'parcours-brouillon:' + (data.form || 'form') + ':' + location.pathname;

  // The browser's own bubbles would come before our summary.
  form.noValidate = true;

  // ------------------------------------------------------------------ fields

  var fields = Array.prototype.map.call(form.querySelectorAll('[data-field]'), function (el) {
    var name = el.getAttribute('data-field');
    var kind = el.getAttribute('data-kind') || 'text';
    var controls = Array.prototype.slice.call(el.querySelectorAll('input, select, textarea'));
    return {
      el: el,
      name: name,
      kind: kind,
      label: el.getAttribute('data-label') || name,
      controls: controls,
      required: controls.some(function (c) { return c.required; }),
      // Groups (radio buttons, the three boxes of a date) describe themselves on the fieldset.
      describedEl: el.tagName === 'FIELDSET' ? el : controls[0],
      errorId: 'champ-' + name + '-erreur'
    };
  });

  function value(control) {
    return (control.value || '').trim();
  }

  var EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

  function validTel(text) {
    var digits = text.replace(/[\s.\-()\/]/g, '');
    return /^0[1-9][0-9]{8}$/.test(digits) || /^(\+|00)[1-9][0-9]{7,14}$/.test(digits);
  }

  function matchesPattern(control, text) {
    var pattern = control.getAttribute('pattern');
    if (!pattern) return true;
    try {
      return new RegExp('^(?:' + pattern + ')$', 'u').test(text);
    } catch (e) {
      return true;
    }
  }

  /** [message, the control to focus, the controls in error] or null. */
  function check(field) {
    var c = field.controls;
    switch (field.kind) {
      case 'radio':
        if (field.required && !c.some(function (r) { return r.checked; })) return [data.msgChoice, c[0], c];
        return null;
      case 'checkbox':
        if (field.required && !c[0].checked) return [data.msgCheckbox, c[0], c];
        return null;
      case 'select':
        if (field.required && !c[0].value) return [data.msgChoice, c[0], c];
        return null;
      case 'date':
        return checkDate(field);
    }
    var control = c[0];
    var text = value(control);
    if (!text) return field.required ? [data.msgRequired, control, c] : null;
    if (field.kind === 'email' && !EMAIL.test(text)) return [data.msgEmail, control, c];
    if (field.kind === 'tel' && !validTel(text)) return [data.msgTel, control, c];
    if (!matchesPattern(control, text)) return [data.msgFormat, control, c];
    if (field.kind === 'number') {
      var n = Number(text.replace(',', '.'));
      var min = control.getAttribute('min'), max = control.getAttribute('max');
      if (isNaN(n) || (min !== null && n < Number(min)) || (max !== null && n > Number(max))) {
        return [data.msgFormat, control, c];
      }
    }
    return null;
  }

  function checkDate(field) {
    var c = field.controls;
    var parts = c.map(value);
    var empty = c.filter(function (control, i) { return !parts[i]; });
    if (empty.length === c.length) return field.required ? [data.msgDateIncomplete, c[0], c] : null;
    if (empty.length) return [data.msgDateIncomplete, empty[0], empty];
    var bad = c.filter(function (control, i) { return !/^[0-9]+$/.test(parts[i]); });
    if (bad.length) return [data.msgDateInvalid, bad[0], bad];
    var day = +parts[0], month = +parts[1], year = +parts[2];
    var date = new Date(year, month - 1, day);
    var real = parts[2].length === 4 && date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
    if (!real || year < 1900 || date > new Date()) return [data.msgDateInvalid, c[0], c];
    return null;
  }

  // ------------------------------------------------------------------ errors

  function prefixed(message) {
    var p = document.createElement('p');
    p.className = 'field__error';
    var strong = document.createElement('strong');
    strong.className = 'field__error-prefix';
    strong.textContent = data.errorPrefix || '';
    p.appendChild(strong);
    p.appendChild(document.createTextNode(' ' + message));
    return p;
  }

  function describe(el, id, add) {
    var ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (x) { return x && x !== id; });
    if (add) ids.push(id);
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }

  function clearError(field) {
    var old = document.getElementById(field.errorId);
    if (old) old.parentNode.removeChild(old);
    field.el.classList.remove('field--error');
    describe(field.describedEl, field.errorId, false);
    field.controls.forEach(function (control) { control.removeAttribute('aria-invalid'); });
  }

  function showError(field, problem) {
    clearError(field);
    var p = prefixed(problem[0]);
    p.id = field.errorId;
    // After the label (or legend) and its help, before the control(s).
    var anchor = field.el.querySelector('.choices, .date-parts, .choice, .field__input');
    anchor.parentNode.insertBefore(p, anchor);
    field.el.classList.add('field--error');
    describe(field.describedEl, field.errorId, true);
    problem[2].forEach(function (control) { control.setAttribute('aria-invalid', 'true'); });
  }

  function showSummary(errors) {
    while (summaryList.firstChild) summaryList.removeChild(summaryList.firstChild);
    errors.forEach(function (error) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '#' + error.target.id;
      // "Avez-vous un médecin traitant ? : …" reads badly: the label loses its final mark.
      var label = error.field.label.replace(/[\s\u00a0]*[?.!:…]+$/, '');
      a.textContent = label + (data.labelSeparator || ': ') + error.message;
      a.addEventListener('click', function (event) {
        event.preventDefault();
        focusField(error.field, error.target);
      });
      li.appendChild(a);
      summaryList.appendChild(li);
    });
    summary.hidden = false;
    document.title = (data.errorPrefix || '') + ' ' + originalTitle;
    summary.focus();
    summary.scrollIntoView && summary.scrollIntoView({ block: 'start' });
  }

  function hideSummary() {
    summary.hidden = true;
    document.title = originalTitle;
  }

  /** Focus a control and show the question above it (label or legend) too. */
  function focusField(field, control) {
    var heading = field.el.querySelector('legend, label');
    try {
      control.focus({ preventScroll: true });
    } catch (e) {
      control.focus();
    }
    (heading || control).scrollIntoView({ block: 'start' });
  }

  function validate() {
    var errors = [];
    fields.forEach(function (field) {
      var problem = check(field);
      if (problem) {
        showError(field, problem);
        errors.push({ field: field, message: problem[0], target: problem[1] });
      } else {
        clearError(field);
      }
    });
    return errors;
  }

  // A corrected field loses its message at once; a new error waits for the next submit.
  function recheck(event) {
    var target = event.target;
    fields.forEach(function (field) {
      if (field.controls.indexOf(target) >= 0 && field.el.classList.contains('field--error') && !check(field)) {
        clearError(field);
      }
    });
  }

  // --------------------------------------------------------------- territory

  var communes = [];
  try {
    communes = JSON.parse(data.communes || '[]');
  } catch (e) {
    communes = [];
  }

  function fold(text) {
    var s = String(text).toLowerCase();
    if (s.normalize) s = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    s = s.replace(/œ/g, 'oe').replace(/æ/g, 'ae');
    s = s.replace(/[0-9]+/g, ' ').replace(/[^a-z]+/g, ' ').trim();
    return s.split(' ').map(function (w) { return w === 'st' ? 'saint' : w === 'ste' ? 'sainte' : w; }).join(' ');
  }

  var territory = {};
  communes.forEach(function (name) { territory[fold(name)] = true; });
  var communeField = null;
  fields.forEach(function (field) {
    if (field.controls[0] && field.controls[0].getAttribute('autocomplete') === 'address-level2') communeField = field;
  });
  var territoryStatus = null;

  if (communeField && communes.length && outsideNotice) {
    // A live region, present from the start, that the notice moves into when needed.
    territoryStatus = document.createElement('div');
    territoryStatus.setAttribute('role', 'status');
    territoryStatus.className = 'field__status';
    communeField.el.appendChild(territoryStatus);
    outsideNotice.id = 'champ-' + communeField.name + '-territoire';
  }

  function checkTerritory() {
    if (!territoryStatus) return;
    var control = communeField.controls[0];
    var text = fold(value(control));
    var outside = text !== '' && !territory[text];
    if (outside && outsideNotice.parentNode !== territoryStatus) territoryStatus.appendChild(outsideNotice);
    outsideNotice.hidden = !outside;
    describe(control, outsideNotice.id, outside);
  }

  // The commune is checked when the person leaves the field. That happens on the press of
  // the mouse (or finger) on the next field: a notice shown at once would move that field
  // before the press is released, and the click would be lost. So wait for the release.
  var pressing = false;
  document.addEventListener('pointerdown', function () { pressing = true; }, true);
  document.addEventListener('mousedown', function () { pressing = true; }, true);
  function afterPress(action) {
    if (!pressing) return action();
    var done = false;
    function run() {
      if (done) return;
      done = true;
      pressing = false;
      document.removeEventListener('pointerup', later, true);
      document.removeEventListener('mouseup', later, true);
      action();
    }
    function later() { setTimeout(run, 0); }
    document.addEventListener('pointerup', later, true);
    document.addEventListener('mouseup', later, true);
    setTimeout(run, 1500);
  }
  document.addEventListener('pointerup', function () { setTimeout(function () { pressing = false; }, 0); }, true);

  if (communeField) {
    communeField.controls[0].addEventListener('change', function () { afterPress(checkTerritory); });
  }

  // ------------------------------------------------------------------- draft

  function storage() {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null;
    }
  }

  function kept(control) {
    return control.name && control.type !== 'hidden' && control.type !== 'submit' && control.type !== 'button'
      && control !== honeypot && control.name !== redirectField && control.type !== 'password';
  }

  function saveDraft() {
    var store = storage();
    if (!store) return;
    var values = {};
    Array.prototype.forEach.call(form.elements, function (control) {
      if (!kept(control)) return;
      if (control.type === 'radio') {
        if (control.checked) values[control.name] = control.value;
      } else if (control.type === 'checkbox') {
        values[control.name] = control.checked;
      } else {
        values[control.name] = control.value;
      }
    });
    try {
      store.setItem(draftKey, JSON.stringify(values));
    } catch (e) { /* full or forbidden: nothing to do */ }
  }

  function restoreDraft() {
    var store = storage();
    var saved = null;
    try {
      saved = store && JSON.parse(store.getItem(draftKey) || 'null');
    } catch (e) {
      saved = null;
    }
    if (!saved || typeof saved !== 'object') return false;
    var any = false;
    Array.prototype.forEach.call(form.elements, function (control) {
      if (!kept(control) || !Object.prototype.hasOwnProperty.call(saved, control.name)) return;
      var v = saved[control.name];
      if (control.type === 'radio') {
        control.checked = control.value === v;
        any = any || control.checked;
      } else if (control.type === 'checkbox') {
        control.checked = v === true;
        any = any || control.checked;
      } else if (typeof v === 'string') {
        control.value = v;
        any = any || v !== '';
      }
    });
    return any;
  }

  function clearDraft() {
    var store = storage();
    try {
      if (store) store.removeItem(draftKey);
    } catch (e) { /* nothing to do */ }
  }

  // ----------------------------------------------------------------- sending

  function entries() {
    var list = [];
    new FormData(form).forEach(function (v, k) {
      if (typeof v === 'string') list.push([k, v]);
    });
    // When the page was opened (milliseconds): the endpoint refuses a form sent faster
    // than a person can fill it. Not sent after a restored draft (filled earlier).
    if (!restored) list.push(['_debut', String(startedAt)]);
    return list;
  }

  function body(list) {
    if (data.encoding === 'json') {
      var object = {};
      list.forEach(function (entry) {
        var k = entry[0];
        if (!Object.prototype.hasOwnProperty.call(object, k)) object[k] = entry[1];
        else if (Array.isArray(object[k])) object[k].push(entry[1]);
        else object[k] = [object[k], entry[1]];
      });
      return { type: 'application/json', text: JSON.stringify(object) };
    }
    var text = list.map(function (entry) {
      return encodeURIComponent(entry[0]) + '=' + encodeURIComponent(entry[1]);
    }).join('&').replace(/%20/g, '+');
    return { type: 'application/x-www-form-urlencoded;charset=UTF-8', text: text };
  }

  function setSending(on) {
    sending = on;
    if (button) button.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    status.textContent = on ? data.msgSending || '' : '';
  }

  function showFailure(reason) {
    Array.prototype.forEach.call(failure.querySelectorAll('[data-reason]'), function (p) {
      p.hidden = p.getAttribute('data-reason') !== reason;
    });
    failure.hidden = false;
    failure.focus();
  }

  function succeed() {
    clearDraft();
    form.reset();
    panel.hidden = true;
    confirmation.hidden = false;
    document.title = originalTitle;
    confirmation.focus();
    confirmation.scrollIntoView && confirmation.scrollIntoView({ block: 'start' });
  }

  function send() {
    var payload = body(entries());
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, 30000);
    setSending(true);
    failure.hidden = true;
    fetch(form.action, {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      cache: 'no-store',
      // A form service answers a browser with a redirect (to the success page), a
      // script with JSON when it asks for it; a redirect is a success too.
      redirect: 'manual',
      headers: { 'Content-Type': payload.type, 'Accept': 'application/json' },
      body: payload.text,
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      clearTimeout(timer);
      setSending(false);
      if (response.ok || response.type === 'opaqueredirect') succeed();
      else showFailure('server');
    }, function () {
      clearTimeout(timer);
      setSending(false);
      showFailure('network');
    });
  }

  function looksLikeARobot() {
    if (honeypot && honeypot.value) return true;
    return !restored && Date.now() - startedAt < minFill;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (sending) return;
    var errors = validate();
    checkTerritory();
    if (errors.length) {
      showSummary(errors);
      return;
    }
    hideSummary();
    if (looksLikeARobot()) {
      succeed();
      return;
    }
    send();
  });

  form.addEventListener('input', function (event) {
    recheck(event);
    saveDraft();
  });
  form.addEventListener('change', function (event) {
    recheck(event);
    saveDraft();
  });

  restored = restoreDraft();
  if (restored) {
    if (draftNotice) draftNotice.hidden = false;
    checkTerritory();
  }
})();
