// The privacy report: the last report exactly as sent (readable, and the raw JSON behind a
// disclosure) and the activity log. Fetched from the main process when it may have changed.

let privacyReportShown: PrivacyReportView | undefined;

function renderPrivacyReport(report: PrivacyReportView): void {
  privacyReportShown = report;
  const problem = byId('privacy-problem');
  problem.textContent = report.problem ?? '';
  problem.hidden = report.problem === null;

  const last = report.lastReport;
  byId('last-report-sent').textContent = last ? last.sent : report.lastReportNote;
  byId('last-report-facts').replaceChildren(
    ...(last?.facts ?? []).flatMap((fact) => [el('dt', {}, fact.label), el('dd', {}, fact.value)]),
  );
  byId('last-report-checks').replaceChildren(
    ...(last?.checks ?? []).map((check) =>
      el(
        'li',
        { class: 'reported__check' },
        el('h4', {}, `${check.title}: ${check.outcome}`),
        list(check.lines, 'reported__values'),
        check.evidence.length > 0 && list(check.evidence, 'reported__evidence muted small'),
      ),
    ),
  );
  const rawBox = byId<HTMLDetailsElement>('last-report-raw-box');
  rawBox.hidden = !last;
  byId('last-report-raw').textContent = last?.raw ?? '';

  byId('activity-empty').hidden = report.activity.length > 0;
  byId('activity').hidden = report.activity.length === 0;
  byId('activity-rows').replaceChildren(
    ...report.activity.map((row) =>
      el(
        'tr',
        {},
        el('td', {}, row.when),
        el('td', {}, row.what),
        el('td', {}, row.requester),
        el('td', {}, row.outcome),
      ),
    ),
  );
}
