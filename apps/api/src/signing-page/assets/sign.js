/* global document */
// kyso signing page: the leader's browser asks the kyso server to prepare a signature, has the local
// token agent sign the prepared bytes with the USB token, and hands the signature back to the server.
// The PIN goes only to the agent on 127.0.0.1; it is never sent to the kyso server and never stored.
(function () {
  'use strict';

  var AGENT_ERRORS_TO_RETRY = [
    'PIN_REQUIRED',
    'PIN_INCORRECT',
    'NO_TOKEN',
    'TOKEN_NOT_FOUND',
    'TOKEN_REMOVED',
  ];
  var PIN_ERRORS = ['PIN_REQUIRED', 'PIN_INCORRECT', 'PIN_LOCKED'];

  function byId(id) {
    return document.getElementById(id);
  }

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute('content') : '';
  }

  var documentId = meta('kyso-document-id');
  var agentUrl = meta('kyso-agent-url').replace(/\/$/, '');
  var ui = {
    status: byId('status'),
    error: byId('error'),
    agentMissing: byId('agent-missing'),
    retryAgent: byId('retry-agent'),
    form: byId('sign-form'),
    list: byId('certificate-list'),
    reload: byId('reload-certificates'),
    pin: byId('pin'),
    signButton: byId('sign-button'),
    result: byId('result'),
    resultTitle: byId('result-title'),
    resultMessage: byId('result-message'),
    resultDetails: byId('result-details'),
  };

  var certificates = [];
  /** The last prepared signing session, reused after a PIN or token problem while it is still valid. */
  var pending = null;

  /** An error whose Vietnamese text can be shown as it is. */
  function UserFacingError(messageVi, code, source, body) {
    this.messageVi = messageVi;
    this.code = code;
    this.source = source;
    this.body = body || null;
  }

  function setStatus(text) {
    ui.status.textContent = text;
  }

  function showError(text, focus) {
    ui.error.textContent = text || '';
    ui.error.hidden = !text;
    if (text && focus !== false) ui.error.focus();
  }

  function setBusy(busy) {
    ui.signButton.disabled = busy;
    ui.reload.disabled = busy;
    ui.form.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  function jwt() {
    try {
      return sessionStorage.getItem('kyso.token');
    } catch {
      return null;
    }
  }

  function agentCall(path, body) {
    var init = { method: body ? 'POST' : 'GET', mode: 'cors', credentials: 'omit', cache: 'no-store' };
    if (body) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    return fetch(agentUrl + path, init).then(
      function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (json) {
            if (response.ok && json) return json;
            var error = json && json.error ? json.error : null;
            throw new UserFacingError(
              error && error.messageVi
                ? error.messageVi
                : 'Phần mềm ký số báo lỗi (HTTP ' + response.status + ').',
              error ? error.code : 'HTTP_' + response.status,
              'agent',
              error,
            );
          });
      },
      function () {
        throw new UserFacingError(
          'Không kết nối được với phần mềm ký số kyso trên máy tính này.',
          'AGENT_UNAVAILABLE',
          'agent',
        );
      },
    );
  }

  function apiCall(path, body) {
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + jwt() },
      body: JSON.stringify(body),
    }).then(
      function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (json) {
            if (response.ok && json) return json;
            var error = json && json.error ? json.error : null;
            var text =
              response.status === 401
                ? 'Phiên đăng nhập kyso đã hết hạn. Hãy đăng nhập lại rồi mở lại trang ký.'
                : error && error.messageVi
                  ? error.messageVi
                  : 'Máy chủ kyso báo lỗi (HTTP ' + response.status + ').';
            throw new UserFacingError(text, error ? error.code : 'HTTP_' + response.status, 'server', error);
          });
      },
      function () {
        throw new UserFacingError(
          'Không kết nối được với máy chủ kyso. Hãy kiểm tra mạng.',
          'SERVER_UNAVAILABLE',
          'server',
        );
      },
    );
  }

  /** Claims of the request token, only to show the leader what is being signed (the agent verifies it). */
  function requestClaims(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      while (part.length % 4) part += '=';
      var bytes = Uint8Array.from(atob(part), function (c) {
        return c.charCodeAt(0);
      });
      return JSON.parse(new TextDecoder('utf-8').decode(bytes));
    } catch {
      return null;
    }
  }

  function describeDocument(claims) {
    if (!claims || !claims.doc) return 'văn bản';
    var text = '“' + claims.doc.title + '”';
    if (claims.doc.numberSymbol) text += ' (' + claims.doc.numberSymbol + ')';
    return text;
  }

  function formatDate(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
  }

  function commonName(dn) {
    var match = /(?:^|,\s*)CN=([^,]+)/.exec(dn || '');
    return match ? match[1] : dn;
  }

  function renderCertificates() {
    ui.list.textContent = '';
    var now = Date.now();
    certificates.forEach(function (cert, index) {
      var id = 'cert-' + index;
      var expired = new Date(cert.notAfter).getTime() < now;
      var row = document.createElement('div');
      row.className = 'certificate' + (expired ? ' expired' : '');
      var input = document.createElement('input');
      input.type = 'radio';
      input.name = 'certificate';
      input.id = id;
      input.value = String(index);
      input.setAttribute('aria-describedby', id + '-details');
      if (index === 0) input.checked = true;
      var label = document.createElement('label');
      label.htmlFor = id;
      var name = document.createElement('strong');
      name.textContent = commonName(cert.subject);
      var details = document.createElement('small');
      details.id = id + '-details';
      details.textContent =
        'Cấp bởi: ' +
        commonName(cert.issuer) +
        ' · ' +
        (expired ? 'Đã hết hạn ngày ' : 'Hiệu lực đến ') +
        formatDate(cert.notAfter) +
        ' · Token: ' +
        cert.tokenLabel;
      label.appendChild(name);
      label.appendChild(details);
      row.appendChild(input);
      row.appendChild(label);
      ui.list.appendChild(row);
    });
  }

  function selectedCertificate() {
    var checked = ui.list.querySelector('input[name="certificate"]:checked');
    return checked ? certificates[Number(checked.value)] : null;
  }

  function loadCertificates() {
    setStatus('Đang đọc chứng thư số trên USB token…');
    return agentCall('/v1/certificates').then(function (inventory) {
      certificates = inventory.certificates || [];
      renderCertificates();
      ui.form.hidden = false;
      if (certificates.length === 0) {
        setStatus('');
        showError(
          inventory.tokens && inventory.tokens.length
            ? 'USB token không có chứng thư số nào để ký.'
            : 'Không tìm thấy USB token. Hãy cắm USB token vào máy tính rồi bấm “Tải lại danh sách chứng thư số”.',
        );
        ui.signButton.disabled = true;
      } else {
        showError('', false);
        ui.signButton.disabled = false;
        setStatus('Hãy chọn chứng thư số, nhập mã PIN và bấm “Ký văn bản”.');
      }
    });
  }

  function detectAgent() {
    ui.agentMissing.hidden = true;
    showError('', false);
    setStatus('Đang kiểm tra phần mềm ký số trên máy tính…');
    return agentCall('/v1/status')
      .then(function (status) {
        if (!status || status.agent !== 'kyso-token-agent') {
          throw new UserFacingError(
            'Chương trình trả lời không phải phần mềm ký số kyso.',
            'AGENT_UNAVAILABLE',
            'agent',
          );
        }
        return loadCertificates();
      })
      .catch(function (error) {
        if (error instanceof UserFacingError && error.code === 'AGENT_UNAVAILABLE') {
          ui.form.hidden = true;
          ui.agentMissing.hidden = false;
          setStatus('');
          showError(error.messageVi + ' Hãy tải và cài đặt phần mềm ký số kyso.');
          return;
        }
        reportError(error);
      });
  }

  function prepareSession(cert) {
    var reusable =
      pending && pending.cert === cert && new Date(pending.session.expiresAt).getTime() - Date.now() > 10000;
    if (reusable) return Promise.resolve(pending.session);
    pending = null;
    setStatus('Đang chuẩn bị văn bản để ký…');
    var chain = [cert.certificateDer].concat(cert.chain || []);
    return apiCall('/api/v1/documents/' + encodeURIComponent(documentId) + '/signing-sessions', {
      certificateChain: chain,
      appearance: { kind: 'leader' },
    }).then(function (session) {
      pending = { cert: cert, session: session };
      return session;
    });
  }

  function showResult(summary) {
    ui.form.hidden = true;
    ui.result.hidden = false;
    ui.resultMessage.textContent =
      summary && typeof summary.messageVi === 'string'
        ? summary.messageVi
        : 'Chữ ký đã được gắn vào văn bản và được máy chủ kiểm tra.';
    ui.resultDetails.textContent = '';
    var labels = {
      status: 'Kết quả kiểm tra',
      indication: 'Kết luận',
      signer: 'Người ký',
      signedAt: 'Thời điểm ký',
      documentVersion: 'Phiên bản văn bản',
    };
    Object.keys(summary || {}).forEach(function (key) {
      var value = summary[key];
      if (
        key === 'messageVi' ||
        (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      ) {
        return;
      }
      var dt = document.createElement('dt');
      dt.textContent = labels[key] || key;
      var dd = document.createElement('dd');
      dd.textContent = String(value);
      ui.resultDetails.appendChild(dt);
      ui.resultDetails.appendChild(dd);
    });
    setStatus('Đã ký xong.');
    ui.resultTitle.focus();
  }

  function reportError(error) {
    var text =
      error instanceof UserFacingError
        ? error.messageVi
        : 'Đã có lỗi không mong muốn. Hãy tải lại trang và thử lại.';
    setStatus('');
    showError(text);
    if (
      error instanceof UserFacingError &&
      PIN_ERRORS.indexOf(error.code) >= 0 &&
      error.code !== 'PIN_LOCKED'
    ) {
      ui.pin.focus();
    }
    if (
      !(error instanceof UserFacingError) ||
      error.source !== 'agent' ||
      AGENT_ERRORS_TO_RETRY.indexOf(error.code) < 0
    ) {
      // The server session cannot be used again (expired, replayed, refused): prepare a new one next time.
      pending = null;
    }
  }

  function sign(event) {
    event.preventDefault();
    var cert = selectedCertificate();
    if (!cert) {
      showError('Hãy chọn một chứng thư số.');
      return;
    }
    var pin = ui.pin.value;
    // The PIN leaves the page's DOM at once; it lives only in this function until the agent has it.
    ui.pin.value = '';
    showError('', false);
    setBusy(true);
    prepareSession(cert)
      .then(function (session) {
        setStatus('Đang ký ' + describeDocument(requestClaims(session.requestToken)) + ' bằng USB token…');
        var request = {
          requestToken: session.requestToken,
          toBeSigned: session.toBeSigned,
          certId: cert.certId,
          tokenSerial: cert.tokenSerial,
        };
        if (pin) request.pin = pin;
        pin = '';
        return agentCall('/v1/sign', request).then(function (signed) {
          pending = null;
          setStatus('Đang gửi chữ ký lên máy chủ kyso để kiểm tra…');
          return apiCall('/api/v1/signing-sessions/' + encodeURIComponent(session.sessionId) + '/complete', {
            signature: signed.signature,
            signatureAlgorithm: signed.signatureAlgorithm,
          });
        });
      })
      .then(showResult, reportError)
      .then(function () {
        pin = '';
        setBusy(false);
      });
  }

  function start() {
    ui.form.addEventListener('submit', sign);
    ui.retryAgent.addEventListener('click', detectAgent);
    ui.reload.addEventListener('click', function () {
      loadCertificates().catch(reportError);
    });
    if (!jwt()) {
      setStatus('');
      showError('Bạn chưa đăng nhập kyso. Hãy đăng nhập rồi mở lại trang ký.');
      return;
    }
    detectAgent();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
