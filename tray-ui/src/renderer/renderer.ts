// Entry of the Device Health window. Everything it shows comes from the main process through
// window.vigil (the preload); it fetches nothing and navigates nowhere.

let shownState: HealthView['state'] | undefined;

function render(view: HealthView, api: VigilTrayApi | undefined): void {
  renderHeader(view);
  renderAgentDown(view);
  renderCards(view, api);
  renderPrivacy(view);
  // Updates arrive every poll; only a change of state is announced, and focus moves only once.
  if (shownState === undefined) focusSection();
  else if (shownState !== view.state) announce(`Status changed: ${view.headline}.`);
  shownState = view.state;
  document.body.dataset.ready = 'true';
}

/** `#privacy` or `#disk.encryption` (from the tray menu) brings that part into view. */
function focusSection(): void {
  const section = decodeURIComponent(location.hash.slice(1));
  if (!section) return;
  const target =
    section === 'privacy'
      ? document.getElementById('privacy-title')
      : document.querySelector(`#check-${CSS.escape(section)} .card__title`);
  if (target instanceof HTMLElement) {
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
    });
  });
  byId('show-privacy').addEventListener('click', () => {
    const title = byId('privacy-title');
    title.scrollIntoView({ block: 'start' });
    title.focus();
  });
  api.onHealthChanged((view) => render(view, api));
  window.addEventListener('hashchange', focusSection);
  void api.getHealth().then((result) => {
    if (result.ok) render(result.value, api);
    else byId('headline').textContent = `Cannot show device health (${result.error.code}).`;
  });
}

start();
