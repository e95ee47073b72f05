// The consent view (a personal device whose owner has not accepted, or withdrew) and the
// withdraw confirmation. The decision goes to the main process, which passes it to the agent;
// the window changes when the agent's new status comes back, never on its own say-so.

/** "Not now" folds the statement away until the next time consent is asked. */
let consentDeferred = false;
let consentWasNeeded = false;
let shownStatementVersion: string | undefined;

function renderConsent(view: HealthView, report: PrivacyReportView | undefined): void {
  const consent = view.consent;
  const needed = consent?.needed === true;
  if (needed && !consentWasNeeded && consent.state === 'pending') consentDeferred = false;
  consentWasNeeded = needed;
  byId('consent').hidden = !needed;
  // Nothing is checked before consent: an empty "Checks" list would only puzzle.
  if (needed) byId('checks-section').hidden = true;
  byId('consent-body').hidden = consentDeferred;
  byId('consent-deferred').hidden = !consentDeferred;

  const statement = report?.statement ?? null;
  const box = byId('consent-statement');
  if (statement) {
    if (shownStatementVersion !== statement.version) box.replaceChildren(...statementNodes(statement.text));
    shownStatementVersion = statement.version;
  } else {
    shownStatementVersion = undefined;
    box.replaceChildren(
      el('p', {}, report ? (report.problem ?? 'The statement could not be read.') : 'Loading the statement…'),
    );
  }
  const current = statement !== null && consent !== undefined && statement.version === consent.statementVersion;
  byId('consent-version').textContent = statement
    ? `Statement version ${statement.version}${current ? '' : ' (the agent now asks about a newer version: reopen this window)'}`
    : '';
  byId<HTMLButtonElement>('consent-accept').disabled = !current;

  const privacyConsent = byId('privacy-consent');
  privacyConsent.hidden = consent === undefined;
  if (consent) {
    const state =
      consent.state === 'accepted'
        ? 'You accepted the statement: Vigil checks this device and sends the results.'
        : consent.state === 'withdrawn'
          ? 'You withdrew consent: Vigil checks nothing and sends nothing.'
          : 'You have not decided yet: Vigil checks nothing and sends nothing.';
    byId('privacy-consent-state').textContent = [state, consent.decided ?? ''].join(' ').trim();
    byId('consent-withdraw').hidden = consent.state !== 'accepted';
  }
}

function setConsentDeferred(deferred: boolean): void {
  consentDeferred = deferred;
  byId('consent-body').hidden = deferred;
  byId('consent-deferred').hidden = !deferred;
}

function sendConsentDecision(api: VigilTrayApi, decision: 'accept' | 'withdraw', onDone: () => void): void {
  const version = decision === 'accept' ? shownStatementVersion : currentView?.consent?.statementVersion;
  if (!version) return;
  const buttons = ['consent-accept', 'consent-later', 'consent-withdraw'].map((id) => byId<HTMLButtonElement>(id));
  buttons.forEach((b) => (b.disabled = true));
  announce('Recording your decision…');
  void api.decideConsent(decision, version).then((result) => {
    announce(result.ok ? result.value.message : 'Your decision could not be passed to the agent; nothing changed.');
    buttons.forEach((b) => (b.disabled = false));
    if (currentView) renderConsent(currentView, privacyReportShown);
    if (result.ok && result.value.recorded) onDone();
  });
}

function wireConsent(api: VigilTrayApi, reloadPrivacy: () => void): void {
  byId('consent-accept').addEventListener('click', () => sendConsentDecision(api, 'accept', reloadPrivacy));
  byId('consent-later').addEventListener('click', () => {
    setConsentDeferred(true);
    announce('Nothing is collected until you decide.');
    byId('consent-review').focus();
  });
  byId('consent-review').addEventListener('click', () => {
    setConsentDeferred(false);
    byId('consent-title').focus();
  });

  const dialog = byId<HTMLDialogElement>('withdraw-dialog');
  const withdraw = byId<HTMLButtonElement>('consent-withdraw');
  withdraw.addEventListener('click', () => dialog.showModal());
  byId('withdraw-cancel').addEventListener('click', () => dialog.close('cancel'));
  byId('withdraw-confirm').addEventListener('click', () => dialog.close('withdraw'));
  dialog.addEventListener('close', () => {
    if (dialog.returnValue !== 'withdraw') {
      withdraw.focus();
      return;
    }
    dialog.returnValue = '';
    // After withdrawing, the statement stays folded: the person has just read and decided.
    sendConsentDecision(api, 'withdraw', () => {
      setConsentDeferred(true);
      reloadPrivacy();
      byId('consent-title').focus();
    });
  });
}
