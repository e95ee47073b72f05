// One card per check: badge, evidence, deadline, and the fix for this OS.

const OS_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

function renderCards(view: HealthView, api: VigilTrayApi | undefined): void {
  const cards = byId<HTMLUListElement>('checks');
  cards.replaceChildren(...view.checks.map((check) => card(check, view, api)));
  byId('checks-empty').hidden = view.checks.length > 0 || view.unknownReason === 'agent-unreachable';
}

function card(check: CheckCardView, view: HealthView, api: VigilTrayApi | undefined): HTMLLIElement {
  const badgeView = view.badges[check.badge];
  const fix =
    check.steps.length > 0 &&
    el(
      'div',
      { class: 'card__fix' },
      el('h4', {}, `How to fix on ${OS_NAMES[view.platform] ?? view.platform}`),
      el('ol', { class: 'steps' }, ...check.steps.map((step) => el('li', {}, step))),
      check.links.length > 0 &&
        el('div', { class: 'card__links' }, ...check.links.map((link) => linkButton(link.label, link.url, api))),
    );
  return el(
    'li',
    { class: 'card', id: `check-${check.id}`, 'data-badge': check.badge },
    el(
      'div',
      { class: 'card__head' },
      el('h3', { class: 'card__title', tabindex: '-1' }, check.title),
      badge(check.badge, badgeView.label, badgeView.icon),
    ),
    el('p', { class: 'card__evidence' }, check.evidence),
    check.deadline && el('p', { class: 'card__deadline' }, check.deadline),
    fix,
  );
}

/** Links are buttons that ask the main process: the page itself never navigates. */
function linkButton(label: string, url: string, api: VigilTrayApi | undefined): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'link-button', 'data-url': url }, label);
  button.addEventListener('click', () => {
    void api?.openLink(url).then((result) => {
      if (!result.ok || !result.value.opened) announce('That link could not be opened.');
    });
  });
  return button;
}
