// The header (overall state), the "agent not running" panel, the privacy panel and the footer.

function renderHeader(view: HealthView): void {
  const header = byId('summary');
  header.dataset.state = view.state;
  byId<HTMLImageElement>('state-icon').src = view.icons[view.state];
  byId('headline').textContent = view.headline;
  byId('state-badge').replaceChildren(badge(view.state, view.stateLabel, view.icons[view.state]));
  byId('summary-text').textContent = view.summary;
  setOptionalText('freshness', view.freshness);
  setOptionalText('deadline', view.deadline ?? null);
  byId<HTMLButtonElement>('check-now').disabled = !view.canCheckNow;
  document.title = `Vigil: ${view.headline}`;
}

function setOptionalText(id: string, text: string | null): void {
  const node = byId(id);
  node.textContent = text ?? '';
  node.hidden = !text;
}

function renderAgentDown(view: HealthView): void {
  const section = byId('agent-down');
  const down = view.agentDown;
  section.hidden = !down;
  byId('checks-section').hidden = Boolean(down);
  if (!down) return;
  byId('agent-down-title').textContent = down.title;
  byId('agent-down-detail').textContent = down.detail;
  byId('agent-down-technical').textContent = `Details for IT: ${down.technical}`;
  byId('agent-down-steps').replaceChildren(
    ...down.steps.map((step) =>
      el('li', {}, el('span', { class: 'step-label' }, `${step.label}:`), ' ', el('code', {}, step.command)),
    ),
  );
}

function renderPrivacy(view: HealthView): void {
  const { privacy } = view;
  byId('privacy-intro').textContent = privacy.intro;
  byId('privacy-collected').replaceChildren(
    ...privacy.collected.flatMap((group) => [el('h4', {}, group.title), list(group.items)]),
  );
  byId('privacy-leaves').replaceChildren(list(privacy.leavesDevice));
  byId('privacy-never').replaceChildren(list(privacy.neverCollected));
  byId('footer').textContent = view.footer;
}

function announce(message: string): void {
  byId('action-result').textContent = message;
}
