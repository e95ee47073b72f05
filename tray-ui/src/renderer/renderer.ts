// Entry of the Device Health window. Everything it shows comes from the main process through
// window.vigil (the preload); it fetches nothing and navigates nowhere.

let shownState: HealthView['state'] | undefined;
let currentView: HealthView | undefined;
let loadedPrivacyStamp: string | undefined;

function render(view: HealthView, api: VigilTrayApi | undefined): void {
  currentView = view;
  renderHeader(view);
  renderAgentDown(view);
  renderConsent(view, privacyReportShown);
  renderCards(view, api);
  renderPrivacy(view);
  // The privacy report is asked for only when the status says it may have changed.
  if (api && view.privacyStamp !== loadedPrivacyStamp) {
    loadedPrivacyStamp = view.privacyStamp;
    loadPrivacy(api);
  }
  // Updates arrive every poll; only a change of state is announced, and focus moves only once.
  if (shownState === undefined) focusSection();
  else if (shownState !== view.state) announce(`Status changed: ${view.headline}.`);
  shownState = view.state;
  document.body.dataset.ready = 'true';
}

function loadPrivacy(api: VigilTrayApi): void {
  void api.getPrivacy().then((result) => {
    const report: PrivacyReportView = result.ok
      ? result.value
      : {
          problem: `The privacy report could not be loaded (${result.error.code}).`,
          statement: null,
          lastReport: null,
          lastReportNote: 'The last report cannot be shown right now.',
          activity: [],
        };
    renderPrivacyReport(report);
    if (currentView) renderConsent(currentView, report);
    document.body.dataset.privacyReady = 'true';
  });
}

/** `#privacy`, `#consent` or `#disk.encryption` (from the tray menu) brings that part into view. */
function focusSection(): void {
  const section = decodeURIComponent(location.hash.slice(1)) || (currentView?.consent?.needed ? 'consent' : '');
  if (!section) return;
  const target =
    section === 'privacy' || section === 'consent'
      ? document.getElementById(`${section}-title`)
      : document.querySelector(`#check-${CSS.escape(section)} .card__title`);
  if (target instanceof HTMLElement && !target.closest('[hidden]')) {
    target.scrollIntoView({ block: 'start' });
    target.focus();
  }
}

function start(): void {
  const api = window.vigil;
  if (!api) {
    byId('headline').textContent = 'Open this window from the Vigil tray icon.';
    return;
  }
  byId('check-now').addEventListener('click', () => {
    const button = byId<HTMLButtonElement>('check-now');
    button.disabled = true;
    announce('Asking the agent to check this device…');
    void api.checkNow().then((result) => {
      announce(result.ok ? result.value.message : 'The check could not be requested.');
      button.disabled = false;
      loadPrivacy(api); // the request is in the activity log now
    });
  });
  byId('show-privacy').addEventListener('click', () => {
    const title = byId('privacy-title');
    title.scrollIntoView({ block: 'start' });
    title.focus();
  });
  wireConsent(api, () => loadPrivacy(api));
  api.onHealthChanged((view) => render(view, api));
  window.addEventListener('hashchange', focusSection);
  void api.getHealth().then((result) => {
    if (result.ok) render(result.value, api);
    else byId('headline').textContent = `Cannot show device health (${result.error.code}).`;
  });
}

start();
